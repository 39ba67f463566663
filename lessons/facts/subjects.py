"""What a sentence names, and where: the subject of a claim and the words around it.

A :class:`Reading` of a sentence is computed once per sentence (and memoised, since ingest,
re-verification and the quiz generator read the same sentences again): the text with plain
punctuation, where each fact name and cue phrase occurs, the word index that measures "within
N words", the agents of "led by X" (never the subject), and whether it refers back ("this
mission", "it").  The functions below read a claim in its sentence: which facts' subjects the
sentence names (:func:`subject_facts`), whether a date is only a bound ("after 2011"), describes
the next noun ("the 1999 conflict") or marks a beginning or an end.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from collections.abc import Sequence
from functools import cached_property
from typing import Literal

from lessons.facts.claims import Claim, extract_claims_cached
from lessons.facts.index import FUNCTION_WORDS, Entry, FactIndex
from lessons.text.normalise import fold_case, plain_punctuation
from lessons.text.words import WORD_RE, word_set

__all__ = [
    "AGENT_RE",
    "FOLLOW_WORDS",
    "Reading",
    "Role",
    "Span",
    "is_attributive",
    "is_bound",
    "overlaps",
    "reading_of",
    "role",
    "subject_facts",
    "topic_subjects",
]

Span = tuple[int, int]
Role = Literal["start", "end"]
Subjects = list[tuple[Entry, list[Span]]]

# How close a subject or a cue must be to count as the claim's own: words in between.
FOLLOW_WORDS = 6

# "led by X", "taken over by X", "handed over to X", "under the command of X": the claim's text
# starts with its verb and ends with its agent.
AGENT_RE = re.compile(
    r"^(?:[\w-]+(?:\s+(?:over|up))?\s+(?:by|to)|under\s+the\s+\w+\s+of)\s+", re.IGNORECASE
)
# "driven by NATO and the United Nations": the names after "by" are agents.
_BY_RE = re.compile(
    r"\bby\s+(?:the\s+)?(?P<agents>[A-Z][\w'-]*(?:\s+(?:and|of|the|[A-Z][\w'-]*))*)"
)
_ANAPHOR_RE = re.compile(
    r"\b(?:this|that|the|its|such)\s+(?:(?:air|bombing|military|peacekeeping|nato|nato-led|"
    r"international|initial|whole|entire)\s+)?"
    r"(?:mission|operation|force|campaign|intervention|deployment|resolution|alliance|"
    r"organi[sz]ation)\b"
    r"|\b(?:it|its)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- phrases


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 8


def _stem(word: str) -> str:
    lowered = word.casefold()
    for suffix in ("ing", "ed", "es", "s", "d"):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 4:
            return lowered[: -len(suffix)]
    return lowered


@functools.cache
def _phrase_pattern(phrase: str, inflect: bool) -> re.Pattern[str]:
    """Word-bounded pattern for a name or cue; acronyms are matched case-sensitively.

    With ``inflect`` the last word may take a simple ending: "deployed" also matches
    "deploy", "deploying" and "deployment".
    """
    words = plain_punctuation(phrase).split()
    parts = [re.escape(w) for w in words]
    if inflect and parts and not _is_acronym(words[-1]):
        parts[-1] = re.escape(_stem(words[-1])) + r"(?:e|s|es|d|ed|ing|ment|ments)?"
    body = r"\s+".join(parts)
    flags = 0 if _is_acronym(phrase) else re.IGNORECASE
    return re.compile(rf"(?<![\w]){body}(?![\w])", flags)


@functools.cache
def _probe(phrase: str, inflect: bool) -> str:
    """A lower-case piece every match contains: a cheap test before running the pattern."""
    words = plain_punctuation(phrase).casefold().split()
    if not words:
        return ""
    if inflect and len(words) == 1:
        return _stem(words[0])
    return words[0]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- a sentence


class Reading:
    """One sentence as the verifier reads it; every look-up is computed once, when needed."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._found: dict[tuple[str, bool], tuple[Span, ...]] = {}
        self._found_all: dict[tuple[tuple[str, ...], bool], list[Span]] = {}
        self._subjects: weakref.WeakKeyDictionary[FactIndex, Subjects] = weakref.WeakKeyDictionary()
        self._loose: weakref.WeakKeyDictionary[FactIndex, Subjects] = weakref.WeakKeyDictionary()

    @cached_property
    def text(self) -> str:
        """The sentence with plain punctuation; same length, so offsets stay valid."""
        return plain_punctuation(self.sentence)

    @cached_property
    def _lowered(self) -> str:
        return self.text.casefold()

    @cached_property
    def _words(self) -> tuple[list[int], list[int]]:
        """Where each word starts and ends: "within N words" is two binary searches."""
        runs = [(m.start(), m.end()) for m in WORD_RE.finditer(self.text)]
        return [start for start, _ in runs], [end for _, end in runs]

    def find(self, phrase: str, inflect: bool = False) -> tuple[Span, ...]:
        """Where a name (or, with ``inflect``, a cue) occurs in the sentence."""
        key = (phrase, inflect)
        if key not in self._found:
            found: tuple[Span, ...] = ()
            if _probe(phrase, inflect) in self._lowered:
                matches = _phrase_pattern(phrase, inflect).finditer(self.text)
                found = tuple((m.start(), m.end()) for m in matches)
            self._found[key] = found
        return self._found[key]

    def _find_all(self, phrases: tuple[str, ...], inflect: bool) -> list[Span]:
        key = (phrases, inflect)
        if key not in self._found_all:
            self._found_all[key] = [span for p in phrases for span in self.find(p, inflect)]
        return self._found_all[key]

    def mentions(self, entry: Entry) -> list[Span]:
        """Where the fact's subject is named (by any of its names)."""
        return self._find_all(entry.names, False)

    def loose_mentions(self, entry: Entry) -> list[Span]:
        """Where the fact's subject is named loosely ("the air campaign")."""
        return self._find_all(entry.loose, False)

    def loose_subjects(self, index: FactIndex) -> Subjects:
        """The facts a loose name in the sentence could be about, with where."""
        named = self._loose.get(index)
        if named is None:
            named = [(e, spans) for e in index.entries if (spans := self.loose_mentions(e))]
            self._loose[index] = named
        return named

    def cue_hits(self, entry: Entry) -> list[Span]:
        """Where one of the fact's cue phrases occurs."""
        return self._find_all(entry.cues, True)

    def subjects(self, index: FactIndex) -> Subjects:
        """The facts whose subject the sentence names, with where (once per fact base)."""
        named = self._subjects.get(index)
        if named is None:
            named = [(e, spans) for e in index.entries if (spans := self.mentions(e))]
            self._subjects[index] = named
        return named

    def words_between(self, start: int, end: int, skip: Sequence[Span] = ()) -> int:
        """Words in ``text[start:end]`` (a word cut by either end counts), except words that
        lie inside a ``skip`` range (a subject's name, the claim itself)."""
        if end <= start:
            return 0
        starts, ends = self._words
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end)
        if not skip:
            return max(0, last - first)
        count = 0
        for i in range(first, last):
            a, b = max(starts[i], start), min(ends[i], end)
            if not any(s <= a and b <= e for s, e in skip):
                count += 1
        return count

    def within(self, words: int, start: int, end: int) -> bool:
        """Whether ``end`` follows ``start`` with at most ``words`` words in between."""
        return start <= end and self.words_between(start, end) <= words

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        return extract_claims_cached(self.sentence)

    @cached_property
    def agents(self) -> tuple[Span, ...]:
        """Where a "led by X"/"established by X" agent sits: X is not the sentence's subject."""
        ranges = [(m.start("agents"), m.end("agents")) for m in _BY_RE.finditer(self.text)]
        for other in self.claims:
            by = AGENT_RE.match(other.text) if other.kind == "relation" else None
            if by:
                ranges.append((other.start + by.end(), other.end))
        return tuple(ranges)

    @cached_property
    def refers_back(self) -> bool:
        """ "this mission", "the campaign", "it": the subject may be in an earlier sentence."""
        return bool(_ANAPHOR_RE.search(self.text))


@functools.lru_cache(maxsize=4096)
def reading_of(sentence: str) -> Reading:
    """The memoised reading of a sentence (its look-ups do not depend on the fact base)."""
    return Reading(sentence)


def topic_subjects(index: FactIndex, topic: str) -> frozenset[str]:
    """The subjects (case-folded) that the article's and the lesson's titles name by a specific
    name: only these can be what a loose name ("the air campaign") means."""
    if not topic:
        return frozenset()
    return frozenset(fold_case(e.fact.subject) for e, _ in reading_of(topic).subjects(index))


def subject_facts(
    index: FactIndex,
    reading: Reading,
    *,
    exclude: Sequence[Span],
    topic: frozenset[str] = frozenset(),
) -> Subjects:
    """Facts whose subject is named in the sentence, with where (outside ``exclude``): by a
    specific name, or by a loose name when the subject is the article's ``topic``.

    A name inside a longer name of another subject does not count: "Kosovo" in "Kosovo
    Force" is KFOR, and "NATO" in "NATO bombing campaign" is the campaign.
    """
    named_here: dict[Entry, list[Span]] = {e: list(spans) for e, spans in reading.subjects(index)}
    if topic:
        for entry, spans in reading.loose_subjects(index):
            if fold_case(entry.fact.subject) in topic:
                named_here[entry] = [*named_here.get(entry, []), *spans]
    found: Subjects = []
    for entry, named in named_here.items():
        spans = [s for s in named if not any(overlaps(s, x) for x in exclude)]
        if spans:
            found.append((entry, spans))
    every = {span for _, spans in found for span in spans}
    out: Subjects = []
    for entry, spans in found:
        own = set(spans)
        kept = [
            s
            for s in spans
            if not any(o[0] <= s[0] and s[1] <= o[1] and o != s and o not in own for o in every)
        ]
        if kept:
            out.append((entry, kept))
    return out


# --------------------------------------------------------------------------- a claim in it

# Words that make a date claim a bound rather than a date ("after 2011", "by 1999").
_BOUND_WORDS = word_set(
    """after before by until till since following around circa late early mid throughout
    within than approximately about c."""
)
# "the end of 1999", "prior to 2001": the date is a bound again.
_BOUND_BEFORE_OF = word_set(
    "end beginning start middle half part spring summer autumn fall winter course prior"
)
_DETERMINERS = word_set("the a an its their this that these those his her our")
_BOUND_WORD_RE = re.compile(r"[\w.-]+")
_PREV_WORD_RE = re.compile(r"[\w'\u2019]+")
_NEXT_WORD_RE = re.compile(r"\s+([A-Za-z][\w-]*)")
_START_WORDS = re.compile(
    r"\b(?:began|begin|begins|beginning|start|started|starts|launch|launched|launching|"
    r"established|establishment|created|creation|founded|formed|inception|initiated|"
    r"commenced|deployed|deployment|from)\b",
    re.IGNORECASE,
)
_END_WORDS = re.compile(
    r"\b(?:ended|end|ends|concluded|conclusion|terminated|completed|until|withdrew|"
    r"withdrawal|handed over|closed)\b",
    re.IGNORECASE,
)


def is_bound(sentence: str, claim: Claim) -> bool:
    """ "after 2011", "by 1999", "the late 1990s": the claim is a bound, not a value."""
    before = [w.casefold() for w in _BOUND_WORD_RE.findall(sentence, 0, claim.start)[-2:]]
    if not before:
        return False
    if before[-1] in _BOUND_WORDS:
        return True
    return len(before) == 2 and before[-1] in ("of", "to") and before[0] in _BOUND_BEFORE_OF


def is_attributive(sentence: str, claim: Claim) -> bool:
    """ "the 1999 conflict": the year describes the next noun, whose date it is."""
    before = _PREV_WORD_RE.findall(sentence, 0, claim.start)[-1:]
    nxt = _NEXT_WORD_RE.match(sentence, claim.end)
    if not before or not nxt:
        return False
    word = nxt.group(1).casefold()
    return (
        before[0].casefold() in _DETERMINERS or before[0].casefold().endswith(("'s", "\u2019s"))
    ) and word not in FUNCTION_WORDS


def role(sentence: str, claim: Claim) -> Role | None:
    """Whether a date claim names a beginning or an end ("launched in 2003", "until 2014")."""
    clause_start = max(sentence.rfind(ch, 0, claim.start) for ch in ",;:")
    window = sentence[max(clause_start + 1, claim.start - 90) : claim.start]
    starts = list(_START_WORDS.finditer(window))
    ends = list(_END_WORDS.finditer(window))
    if starts and not ends:
        return "start"
    if ends and not starts:
        return "end"
    return None
