"""Concept claims: a phrase a source settles, told about a subject the sentence is about.

A *concept fact* is a multi-valued entity fact tagged ``"concept"``: its value names one
concept by a few phrases that mean the same in context ("deterring renewed hostilities",
"deter renewed conflict").  A sentence states the concept when

- one of the value's phrases occurs in it (whole words, case folded), and
- the fact's subject is what the sentence is about: one of the fact's names or loose
  (``generic``) names occurs in the sentence, or in the titles above it (the article, the
  lesson, the sub-headings) while the sentence names no other concept subject.

The claim covers exactly the phrase's words.  It is SUPPORTED, or NOT_ENOUGH_INFO when its
clause denies or hedges it ("did not", "failed to", "could", "may", "future"); never REFUTED,
since a subject has concepts no fact lists.  Matching is linear in the sentence: words are
found once and each word looks up only the phrases that start with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lessons.facts.claims import Claim
from lessons.facts.factbase import Fact
from lessons.facts.values import EntityValue
from lessons.facts.verdicts import Verdict
from lessons.text.normalise import fold_accents, plain_punctuation
from lessons.text.words import word_set

__all__ = [
    "ConceptIndex",
    "ConceptMatch",
    "concept_claim",
    "concept_matches",
    "concept_verdict",
    "is_concept_fact",
]

CONCEPT_TAG = "concept"
# "NATO's" is "nato" and "s": a name and a possessive read the same everywhere.
_WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_BIG_BODIES = frozenset({"nato", "united nations", "european union"})
# A clause ends at these: a hedge or denial beyond them is another clause's.
_CLAUSE_END_RE = re.compile(
    r"[;:!?]|\s[-\u2013\u2014]\s|,?\s+(?:but|while|whereas|although|though|however)\b",
    re.IGNORECASE,
)
# Words that deny or hedge what their clause says: its concept is not confirmed.
_DOUBT = word_set(
    """not no never neither nor without failed fail fails failing cannot can couldn didn doesn
    don won wouldn isn wasn aren weren hasn haven hadn could may might should would will
    must future potential potentially possibly perhaps likely unlikely hoped hopes expected
    if unless whether lack lacked lacks absence"""
)


def is_concept_fact(fact: Fact) -> bool:
    """A multi-valued entity fact tagged "concept": its value's names are phrases to find."""
    return CONCEPT_TAG in fact.tags and not fact.single and isinstance(fact.value, EntityValue)


def _words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of every word of ``text`` (same length after folding)."""
    folded = _fold(text)
    return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(folded)]


def _fold(text: str) -> str:
    """Case, accents and curly quotes aside, keeping every character where it was."""
    out = plain_punctuation(fold_accents(text)).casefold()
    return out if len(out) == len(text) else text.casefold()


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in _words(text))


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    fact: Fact


@dataclass(frozen=True)
class ConceptMatch:
    """One phrase of one concept fact, found in a sentence at ``start:end``."""

    start: int
    end: int
    facts: tuple[Fact, ...]  # every concept fact with this phrase


class ConceptIndex:
    """The concept facts' phrases by first word, and their subjects' names."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts = tuple(f for f in facts if is_concept_fact(f))
        self._by_first: dict[str, list[_Phrase]] = {}
        for fact in self.facts:
            assert isinstance(fact.value, EntityValue)
            for name in dict.fromkeys(fact.value.names):
                words = _phrase(name)
                if words:
                    self._by_first.setdefault(words[0], []).append(_Phrase(words, fact))
        self._names = {
            fact.id: frozenset(_phrase(n) for n in (*fact.names, *fact.generic))
            for fact in self.facts
        }
        self._longest = max((len(p) for ps in self._names.values() for p in ps), default=0)
        self.subject_of = {fact.id: fact.subject.casefold() for fact in self.facts}
        self._titles: dict[str, frozenset[str]] = {}  # a lesson's titles recur per sentence

    def phrases_at(self, words: Sequence[tuple[str, int, int]], i: int) -> list[_Phrase]:
        """The phrases that start at word ``i`` of ``words``, longest first."""
        found = [
            p
            for p in self._by_first.get(words[i][0], ())
            if tuple(w for w, _, _ in words[i : i + len(p.words)]) == p.words
        ]
        return sorted(found, key=lambda p: -len(p.words))

    def named(self, words: Sequence[tuple[str, int, int]]) -> frozenset[str]:
        """The ids of the concept facts whose subject these words name (by any name)."""
        folded = tuple(w for w, _, _ in words)
        grams = {
            folded[i : i + n]
            for n in range(1, self._longest + 1)
            for i in range(len(folded) - n + 1)
        }
        return frozenset(fid for fid, names in self._names.items() if names & grams)

    def named_in_titles(self, titles: str) -> frozenset[str]:
        """:meth:`named` for the titles above a sentence, read once per lesson part."""
        found = self._titles.get(titles)
        if found is None:
            found = self._titles[titles] = self.named(_words(titles))
        return found

    def in_scope(self, fact: Fact, here: frozenset[str], titles: frozenset[str]) -> bool:
        """The sentence names the fact's subject, or the titles do and the sentence names no
        other concept subject that the titles do not (NATO, the UN, the EU aside)."""
        if fact.id in here:
            return True
        if fact.id not in titles:
            return False
        subject = self.subject_of[fact.id]
        others = {self.subject_of[o] for o in here - titles} - {subject} - _BIG_BODIES
        return not others

    def ranked(self, facts: Iterable[Fact], here: frozenset[str]) -> tuple[Fact, ...]:
        """The facts, those whose subject the sentence names first, NATO, the UN and the EU
        after more specific subjects ("operations in Libya" before "NATO")."""

        def rank(fact: Fact) -> tuple[bool, bool]:
            return fact.id not in here, self.subject_of[fact.id] in _BIG_BODIES

        return tuple(sorted(dict.fromkeys(facts), key=rank))


def concept_matches(
    sentence: str, index: ConceptIndex, topic: str, taken: Sequence[tuple[int, int]] = ()
) -> list[ConceptMatch]:
    """Every concept phrase in ``sentence`` whose subject the sentence (or its ``topic``, the
    titles above it) is about, outside the ``taken`` stretches (other claims)."""
    if not index.facts:
        return []
    words = _words(sentence)
    here, titles = index.named(words), index.named_in_titles(topic)
    out: list[ConceptMatch] = []
    i = 0
    while i < len(words):
        phrases = [p for p in index.phrases_at(words, i) if index.in_scope(p.fact, here, titles)]
        if not phrases:
            i += 1
            continue
        size = len(phrases[0].words)
        start, end = words[i][1], words[i + size - 1][2]
        if not any(start < t_end and t_start < end for t_start, t_end in taken):
            facts = index.ranked((p.fact for p in phrases if len(p.words) == size), here)
            out.append(ConceptMatch(start, end, facts))
        i += size
    return out


def concept_claim(sentence: str, match: ConceptMatch) -> Claim:
    """The claim on exactly the phrase's words; its value the phrase."""
    text = sentence[match.start : match.end]
    return Claim("concept", text, match.start, match.end, EntityValue(text))


def doubted(sentence: str, start: int, end: int) -> str:
    """A word of the claim's clause that denies or hedges it ("" when none does)."""
    clause_start, clause_end = 0, len(sentence)
    for m in _CLAUSE_END_RE.finditer(sentence):
        if m.end() <= start:
            clause_start = m.end()
        elif m.start() >= end:
            clause_end = m.start()
            break
    for word, _, _ in _words(sentence[clause_start:clause_end]):
        if word in _DOUBT:
            return word
    return ""


def concept_verdict(sentence: str, match: ConceptMatch) -> tuple[Verdict, str, Fact | None]:
    """SUPPORTED with the first matching fact, or NOT_ENOUGH_INFO when the clause doubts it."""
    fact = match.facts[0]
    word = doubted(sentence, match.start, match.end)
    if word:
        return (
            Verdict.NOT_ENOUGH_INFO,
            f"'{word}' denies or hedges this clause, so the source cannot confirm it.",
            None,
        )
    return Verdict.SUPPORTED, f"The source states this: {fact.statement}", fact
