"""Verdicts for claims: match each claim to a reference fact and compare the values.

Pure functions (no Django).  A claim is SUPPORTED only when one fact about the same subject,
with the same predicate and a comparable value, agrees with it; REFUTED when such a fact
clearly contradicts it; NOT_ENOUGH_INFO otherwise.  Precision beats recall: whenever the
subject, the predicate or the choice between facts is uncertain, the answer is
NOT_ENOUGH_INFO, because only SUPPORTED claims become answer keys.

How a claim finds its fact:

1. **Subject** - a fact's subject or alias occurs in the sentence (case-insensitive and
   word-bounded; all-caps aliases such as "KFOR" or "UN" match case-sensitively).  When the
   sentence names no subject with a usable fact but refers back ("this mission", "the
   campaign", "it"), the previous sentences (nearest first, at most three) and then the
   heading are searched.  A name after "led by"/"established by" is the agent, not the subject.
2. **Predicate** - one of the fact's cue words (or, with no cues, the predicate's words) occurs
   in the sentence; "deployed" also matches "deploy", "deploying", "deployment".
3. **Value** - the fact's value must be comparable with the claim (a date with a date, a
   number with a number of the same unit ...).  Facts with the same value type beat facts of
   a neighbouring type (a date claim against a span fact).
4. **Choice** - when several facts remain, the one whose cue is nearest the claim wins if it
   is clearly nearest; if the remaining facts would give different verdicts and none is
   clearly nearest, the verdict is NOT_ENOUGH_INFO.

Values are compared at the claim's precision: "June 1999" agrees with 12 June 1999, "12 June
1999" against a month-only fact is NOT_ENOUGH_INFO; numbers respect "over"/"about"/"up to"
on both sides and are REFUTED only when clearly outside what the fact allows; "eleven weeks"
agrees with 78 days.  Acronyms are checked against the fact that expands them, whatever the
sentence is about.  A person, organisation or title in a relation ("led by X") can be
confirmed but is never REFUTED, since such relations have several true values.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from lessons.facts.claims import Claim, extract_claims_cached, qualifier_of
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.values import (
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    ResolutionValue,
    SpanValue,
    Value,
    format_value,
)

__all__ = [
    "Check",
    "Context",
    "Verdict",
    "check_claim",
    "check_sentence",
]

Verdict = Literal["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
SUPPORTED: Verdict = "SUPPORTED"
REFUTED: Verdict = "REFUTED"
NEI: Verdict = "NOT_ENOUGH_INFO"


@dataclass(frozen=True)
class Context:
    heading: str = ""  # the lesson/section title
    previous: tuple[str, ...] = ()  # earlier sentences of the same lesson, nearest last


@dataclass(frozen=True)
class Check:
    claim: Claim
    verdict: Verdict
    fact: Fact | None  # the evidence (SUPPORTED and REFUTED only)
    correct_value: str | None  # REFUTED only: format_value(fact.value)
    reason: str


# --------------------------------------------------------------------------- text helpers

# Same-length replacements, so offsets into the normalised text are offsets into the original.
_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u00a0": " ",
    }
)


def _norm_chars(text: str) -> str:
    return text.translate(_CHAR_MAP)


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
    words = _norm_chars(phrase).split()
    parts = [re.escape(w) for w in words]
    if inflect and parts and not _is_acronym(words[-1]):
        parts[-1] = re.escape(_stem(words[-1])) + r"(?:e|s|es|d|ed|ing|ment|ments)?"
    body = r"\s+".join(parts)
    flags = 0 if _is_acronym(phrase) else re.IGNORECASE
    return re.compile(rf"(?<![\w]){body}(?![\w])", flags)


@functools.cache
def _probe(phrase: str, inflect: bool) -> str:
    """A lower-case piece every match contains: a cheap test before running the pattern."""
    words = _norm_chars(phrase).casefold().split()
    if not words:
        return ""
    if inflect and len(words) == 1:
        return _stem(words[0])
    return words[0]


@functools.lru_cache(maxsize=1024)
def _lowered(text: str) -> str:
    return text.casefold()


@functools.lru_cache(maxsize=65536)
def _find(phrase: str, inflect: bool, text: str) -> tuple[tuple[int, int], ...]:
    """Where ``phrase`` occurs in ``text`` (already passed through _norm_chars)."""
    if _probe(phrase, inflect) not in _lowered(text):
        return ()
    return tuple((m.start(), m.end()) for m in _phrase_pattern(phrase, inflect).finditer(text))


def _words_between(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> int:
    """Number of words in text[start:end], not counting words inside ``skip`` ranges."""
    if end <= start:
        return 0
    count = 0
    for m in _WORD_RE.finditer(text, start, end):
        a, b = m.start(), m.end()
        if any(s <= a and b <= e for s, e in skip):
            continue
        count += 1
    return count


_ANAPHOR_RE = re.compile(
    r"\b(?:this|that|the|its|such)\s+(?:(?:air|bombing|military|peacekeeping|nato|nato-led|"
    r"international|initial|whole|entire)\s+)?"
    r"(?:mission|operation|force|campaign|intervention|deployment|resolution|alliance|"
    r"organi[sz]ation)\b"
    r"|\b(?:it|its)\b",
    re.IGNORECASE,
)
# Words that make a date claim a bound rather than a date ("after 2011", "by 1999").
_BOUND_WORDS = frozenset(
    {
        "after",
        "before",
        "by",
        "until",
        "till",
        "since",
        "following",
        "around",
        "circa",
        "late",
        "early",
        "mid",
        "throughout",
        "within",
        "than",
        "approximately",
        "about",
        "c.",
    }
)
# "the end of 1999", "prior to 2001": the date is a bound again.
_BOUND_BEFORE_OF = frozenset(
    {
        "end",
        "beginning",
        "start",
        "middle",
        "half",
        "part",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "course",
        "prior",
    }
)
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DETERMINERS = _words("the a an its their this that these those his her our")


_FUNCTION_WORDS = _words(
    """a an the and or but of to in on at by for from with as is was were are be been has have
    had which that who this these those it its their into over under after before during
    since until while when where than then also not no so such"""
)


_WORD_RE = re.compile(r"[\w'-]+")
_UNIT_WORD_RE = re.compile(r"[a-z%]+")
_POSSESSIVE_RE = re.compile(r"'s\b")
_ISE_RE = re.compile(r"(?<=[a-z])is(?=(e|ed|es|ing|ation|ations)\b)")
_PUNCT_RE = re.compile(r"[^\w\s]")
_BOUND_WORD_RE = re.compile(r"[\w.-]+")
_PREV_WORD_RE = re.compile(r"[\w'\u2019]+")
_NEXT_WORD_RE = re.compile(r"\s+([A-Za-z][\w-]*)")
_PREDICATE_WORD_RE = re.compile(r"[A-Za-z][\w-]*")


# --------------------------------------------------------------------------- fact index


@dataclass(frozen=True)
class _Indexed:
    fact: Fact
    names: tuple[str, ...]
    cues: tuple[str, ...]


def _cue_phrases(fact: Fact) -> tuple[str, ...]:
    if fact.cues:
        return fact.cues
    words = _PREDICATE_WORD_RE.findall(fact.predicate)
    return tuple(w for w in words if w.casefold() not in _FUNCTION_WORDS and len(w) >= 4)


class _Index:
    def __init__(self, factbase: FactBase) -> None:
        self.facts = tuple(
            _Indexed(fact, fact.names, _cue_phrases(fact)) for fact in factbase.facts
        )


_INDEX_CACHE: dict[int, tuple[FactBase, _Index]] = {}


def _index(factbase: FactBase) -> _Index:
    cached = _INDEX_CACHE.get(id(factbase))
    if cached is not None and cached[0] is factbase:
        return cached[1]
    if len(_INDEX_CACHE) > 16:
        _INDEX_CACHE.clear()
    index = _Index(factbase)
    _INDEX_CACHE[id(factbase)] = (factbase, index)
    return index


def _mentions(entry: _Indexed, text: str) -> list[tuple[int, int]]:
    return [span for name in entry.names for span in _find(name, False, text)]


def _cue_hits(entry: _Indexed, text: str) -> list[tuple[int, int]]:
    return [span for cue in entry.cues for span in _find(cue, True, text)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- value comparison


@dataclass(frozen=True)
class _Outcome:
    verdict: Verdict
    why: str


def _date_outcome(claimed: DateValue, fact: DateValue) -> _Outcome:
    """Compare at the claim's granularity; a claim finer than the fact cannot be confirmed."""
    if claimed.year != fact.year:
        return _Outcome(REFUTED, "the year differs")
    if claimed.month is None:
        return _Outcome(SUPPORTED, "the year matches")
    if fact.month is None:
        return _Outcome(NEI, "the fact gives only the year")
    if claimed.month != fact.month:
        return _Outcome(REFUTED, "the month differs")
    if claimed.day is None:
        return _Outcome(SUPPORTED, "the month and year match")
    if fact.day is None:
        return _Outcome(NEI, "the fact gives only the month")
    if claimed.day != fact.day:
        return _Outcome(REFUTED, "the day differs")
    return _Outcome(SUPPORTED, "the date matches")


def _combine(*outcomes: _Outcome) -> _Outcome:
    for outcome in outcomes:
        if outcome.verdict == REFUTED:
            return outcome
    for outcome in outcomes:
        if outcome.verdict == NEI:
            return outcome
    return _Outcome(SUPPORTED, "; ".join(o.why for o in outcomes))


def _span_outcome(claimed: SpanValue, fact: SpanValue) -> _Outcome:
    start = _date_outcome(claimed.start, fact.start)
    start = _Outcome(start.verdict, f"start: {start.why}")
    if claimed.end is None:
        if fact.end is not None:
            return _combine(start, _Outcome(NEI, "the fact's period has ended"))
        return start
    if fact.end is None:
        return _combine(start, _Outcome(NEI, "the fact's period is ongoing"))
    end = _date_outcome(claimed.end, fact.end)
    both = _combine(start, _Outcome(end.verdict, f"end: {end.why}"))
    return _Outcome(SUPPORTED, "the start and the end match") if both.verdict == SUPPORTED else both


def _to_date(value: DateValue) -> dt.date | None:
    if value.day is None or value.month is None:
        return None
    return dt.date(value.year, value.month, value.day)


_DAYS_PER = {"days": 1.0, "weeks": 7.0, "months": 30.44, "years": 365.25}


def _duration_outcome(claimed: DurationValue, qualifier: str, fact_days: set[float]) -> _Outcome:
    """Compare in the claim's unit: "eleven weeks" agrees with 78 days, "77 days" is unsure."""
    per = _DAYS_PER[claimed.unit]
    verdicts = []
    for days in fact_days:
        actual = days / per
        amount = float(claimed.amount)
        if qualifier in ("over", "at least"):
            ok, bad = (
                actual > amount or (qualifier == "at least" and actual >= amount),
                (actual < amount - 1),
            )
        elif qualifier in ("under", "up to"):
            ok, bad = (
                actual < amount or (qualifier == "up to" and actual <= amount),
                (actual > amount + 1),
            )
        elif qualifier == "approximately":
            ok, bad = (
                abs(actual - amount) <= max(1.0, 0.1 * amount),
                (abs(actual - amount) > max(2.0, 0.25 * amount)),
            )
        elif claimed.unit == "days":
            ok, bad = actual == amount, abs(actual - amount) > 2
        else:
            # "eleven weeks" for 78 days (11.1 weeks) is fine; "three months" (2.6) is not.
            ok, bad = abs(actual - amount) <= 0.25, abs(actual - amount) >= 1
        verdicts.append(SUPPORTED if ok else REFUTED if bad else NEI)
    if SUPPORTED in verdicts:
        return _Outcome(SUPPORTED, "the length matches")
    if verdicts and all(v == REFUTED for v in verdicts):
        return _Outcome(REFUTED, "the length differs")
    return _Outcome(NEI, "the length is close but not the same")


_UNIT_SYNONYMS = {
    "troop": "troop",
    "soldier": "troop",
    "personnel": "troop",
    "servicemember": "troop",
    "peacekeeper": "troop",
    "sortie": "sortie",
    "mission": "sortie",
    "country": "country",
    "nation": "country",
    "state": "country",
    "bomb": "munition",
    "missile": "munition",
    "munition": "munition",
    "weapon": "munition",
    "percent": "percent",
    "%": "percent",
    "refugee": "refugee",
    "aircraft": "aircraft",
    "plane": "aircraft",
    "death": "death",
    "casualty": "death",
}
_UNIT_IGNORE = frozenset({"and", "or", "of", "the", "nato", "allied", "kfor", "isaf", "un"})


def _unit_heads(unit: str) -> set[str]:
    heads: set[str] = set()
    for word in _UNIT_WORD_RE.findall(unit.casefold()):
        if word in _UNIT_IGNORE:
            continue
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and word != "aircraft":
            word = word[:-1]
        heads.add(_UNIT_SYNONYMS.get(word, word))
    return heads


def _units_match(claimed: str, fact: str) -> bool:
    a, b = _unit_heads(claimed), _unit_heads(fact)
    if not a or not b:
        return not a and not b
    # The claim's noun must be the fact's noun: "civilian deaths" vs "deaths" fine, but
    # "troops" vs "sorties" is a different quantity.
    return bool(a & b) and (a <= b or b <= a)


_INF = float("inf")


def _interval(value: float, qualifier: str, *, tolerance: float) -> tuple[float, float]:
    match qualifier:
        case "over":
            return value * (1 + 1e-9), _INF
        case "at least":
            return value, _INF
        case "under":
            return 0.0, value * (1 - 1e-9)
        case "up to":
            return 0.0, value
        case "approximately":
            return value * (1 - 0.1 - tolerance), value * (1 + 0.1 + tolerance)
    return value * (1 - tolerance), value * (1 + tolerance)


def _number_outcome(claimed: NumberValue, fact: NumberValue) -> _Outcome:
    # What the fact allows: an exact figure is a point; "about N" is N +/- 5 %; "over N" is
    # anything above N.
    if fact.qualifier == "exact":
        f_lo, f_hi = fact.value, fact.value
    elif fact.qualifier == "approximately":
        f_lo, f_hi = fact.value * 0.95, fact.value * 1.05
    else:
        f_lo, f_hi = _interval(fact.value, fact.qualifier, tolerance=0.0)
    # The claim is supported when everything the fact allows satisfies it (a stated figure may
    # be rounded by 1 %); against "about N" the source's own figure N is what must fit, so
    # "50,000 troops" agrees with "about 50,000 troops".
    c_lo, c_hi = _interval(claimed.value, claimed.qualifier, tolerance=0.01)
    if fact.qualifier == "approximately":
        supported = c_lo <= fact.value <= c_hi
    else:
        supported = c_lo <= f_lo and f_hi <= c_hi
    if supported:
        return _Outcome(SUPPORTED, "the figure agrees")
    # Refuted only when nothing the fact allows comes within a further 5 % of the claim.
    w_lo, w_hi = _interval(claimed.value, claimed.qualifier, tolerance=0.06)
    if claimed.qualifier in ("over", "at least"):
        w_lo = claimed.value * 0.95
    if claimed.qualifier in ("under", "up to"):
        w_hi = claimed.value * 1.05
    if f_hi < w_lo or f_lo > w_hi:
        return _Outcome(REFUTED, "the figure is clearly different")
    return _Outcome(NEI, "the figure is close but the fact does not settle it")


_SPELLED_OUT = {"un": "united nations", "eu": "european union", "us": "united states"}


def _norm_name(text: str) -> str:
    """Case, articles, possessives, punctuation and -ise/-ize spellings do not matter."""
    text = _norm_chars(text).replace("U.S.", "US").replace("&", " and ")
    text = _POSSESSIVE_RE.sub("", text).casefold()
    text = _ISE_RE.sub("iz", text)
    text = _PUNCT_RE.sub(" ", text)
    words = [_SPELLED_OUT.get(w, w) for w in text.split() if w not in {"the", "a", "an"}]
    return " ".join(words)


def _squash(text: str) -> str:
    """``_norm_name`` without spaces: "Co-operation" equals "Cooperation"."""
    return "".join(_norm_name(text.replace("-", "")).split())


def _entity_names(value: EntityValue) -> set[str]:
    return {_squash(n) for n in (value.name, *value.aliases)}


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Candidate:
    entry: _Indexed
    tier: int  # 0: same value type as the claim; 1: a neighbouring type
    distance: int  # words between the nearest cue and the claim
    cues: frozenset[str]  # the fact's cue phrases found in the sentence
    outcome: _Outcome


def _compatible(claim: Claim, value: Value) -> int | None:
    """Tier of a fact value for this claim (0 best), or None when incomparable."""
    match claim.kind, value:
        case (("date" | "year"), DateValue()):
            return 0
        case (("date" | "year"), SpanValue()):
            return 1
        case "span", SpanValue():
            return 0
        case "number", NumberValue(unit=unit):
            assert isinstance(claim.value, NumberValue)
            return 0 if _units_match(claim.value.unit, unit) else None
        case "duration", DurationValue():
            return 0
        case "duration", SpanValue(start=start, end=DateValue() as end):
            return 1 if _to_date(start) and _to_date(end) else None
        case "resolution", ResolutionValue():
            return 0
        case "relation", EntityValue():
            return 0
    return None


def _role(sentence: str, claim: Claim) -> str | None:
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


def _compare(claim: Claim, sentence: str, fact: Fact) -> _Outcome:
    claimed, value = claim.value, fact.value
    if isinstance(claimed, DateValue) and isinstance(value, DateValue):
        return _date_outcome(claimed, value)
    if isinstance(claimed, DateValue) and isinstance(value, SpanValue):
        role = _role(sentence, claim)
        if role == "start":
            return _date_outcome(claimed, value.start)
        if role == "end" and value.end is not None:
            return _date_outcome(claimed, value.end)
        return _Outcome(NEI, "it is unclear whether the date is the start or the end")
    if isinstance(claimed, SpanValue) and isinstance(value, SpanValue):
        return _span_outcome(claimed, value)
    if isinstance(claimed, NumberValue) and isinstance(value, NumberValue):
        return _number_outcome(claimed, value)
    if isinstance(claimed, DurationValue):
        qualifier = qualifier_of(claim.text)
        if isinstance(value, DurationValue):
            return _duration_outcome(claimed, qualifier, {value.amount * _DAYS_PER[value.unit]})
        if isinstance(value, SpanValue) and value.end is not None:
            a, b = _to_date(value.start), _to_date(value.end)
            if a and b:
                days = float((b - a).days)
                return _duration_outcome(claimed, qualifier, {days, days + 1})
    if isinstance(claimed, ResolutionValue) and isinstance(value, ResolutionValue):
        if claimed.number != value.number:
            return _Outcome(REFUTED, "the resolution number differs")
        if claimed.year is not None and value.year is not None and claimed.year != value.year:
            return _Outcome(REFUTED, "the resolution's year differs")
        return _Outcome(SUPPORTED, "the resolution matches")
    if isinstance(claimed, EntityValue) and isinstance(value, EntityValue):
        if _entity_names(claimed) & _entity_names(value):
            return _Outcome(SUPPORTED, "the name matches")
        # Never REFUTED: a force has had many commanders and a chain of command has several
        # levels, so "led by SACEUR" does not contradict "first commanded by General Jackson".
        return _Outcome(NEI, f"the fact names {value.name}, which does not settle this")
    return _Outcome(NEI, "the values cannot be compared")


def _is_bound(sentence: str, claim: Claim) -> bool:
    """ "after 2011", "by 1999", "the late 1990s": the claim is a bound, not a value."""
    before = [w.casefold() for w in _BOUND_WORD_RE.findall(sentence, 0, claim.start)[-2:]]
    if not before:
        return False
    if before[-1] in _BOUND_WORDS:
        return True
    return len(before) == 2 and before[-1] in ("of", "to") and before[0] in _BOUND_BEFORE_OF


def _is_attributive(sentence: str, claim: Claim) -> bool:
    """ "the 1999 conflict": the year describes the next noun, whose date it is."""
    before = _PREV_WORD_RE.findall(sentence, 0, claim.start)[-1:]
    nxt = _NEXT_WORD_RE.match(sentence, claim.end)
    if not before or not nxt:
        return False
    word = nxt.group(1).casefold()
    return (
        before[0].casefold() in _DETERMINERS or before[0].casefold().endswith(("'s", "\u2019s"))
    ) and word not in _FUNCTION_WORDS


_AGENT_RE = re.compile(r"^(?:[\w-]+\s+by|under\s+the\s+\w+\s+of)\s+", re.IGNORECASE)
# "driven by NATO and the United Nations": the names after "by" are agents.
_BY_RE = re.compile(
    r"\bby\s+(?:the\s+)?(?P<agents>[A-Z][\w'-]*(?:\s+(?:and|of|the|[A-Z][\w'-]*))*)"
)


def _agent_ranges(sentence: str) -> list[tuple[int, int]]:
    """Where a "led by X"/"established by X" agent sits: X is not the sentence's subject."""
    text = _norm_chars(sentence)
    ranges = [(m.start("agents"), m.end("agents")) for m in _BY_RE.finditer(text)]
    for other in extract_claims_cached(sentence):
        if other.kind == "relation":
            by = _AGENT_RE.match(other.text)
            if by:
                ranges.append((other.start + by.end(), other.end))
    return ranges


def _subject_facts(
    index: _Index, text: str, *, exclude: list[tuple[int, int]]
) -> list[tuple[_Indexed, list[tuple[int, int]]]]:
    """Facts whose subject is named in ``text``, with where.

    A name inside a longer name of another subject does not count: "Kosovo" in "Kosovo
    Force" is KFOR, and "NATO" in "NATO bombing campaign" is the campaign.
    """
    found = []
    for entry in index.facts:
        spans = [s for s in _mentions(entry, text) if not any(_overlaps(s, x) for x in exclude)]
        if spans:
            found.append((entry, spans))
    every = {span for _, spans in found for span in spans}
    out = []
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


def _candidates(
    claim: Claim,
    sentence: str,
    text: str,
    subjects: list[tuple[_Indexed, list[tuple[int, int]]]],
    *,
    same_sentence: bool,
) -> tuple[list[_Candidate], set[str]]:
    """Candidate facts, and the subjects that had a comparable fact but no cue in the sentence."""
    out: list[_Candidate] = []
    missing_cue: set[str] = set()
    for entry, spans in subjects:
        tier = _compatible(claim, entry.fact.value)
        if tier is None:
            continue
        # A cue inside the subject's own name is not a predicate: "resolution" in
        # "Resolution 1244" says nothing about when it was adopted.
        names = _mentions(entry, text)
        hits = [h for h in _cue_hits(entry, text) if not any(_overlaps(h, n) for n in names)]
        if not hits:
            missing_cue.add(entry.fact.subject)
            continue
        matched = frozenset(
            cue
            for cue in entry.cues
            if any(not any(_overlaps(h, n) for n in names) for h in _find(cue, True, text))
        )
        skip = spans if same_sentence else []
        skip = [*skip, (claim.start, claim.end)]
        distance = min(
            _words_between(text, h[1], claim.start, skip)
            if h[1] <= claim.start
            else _words_between(text, claim.end, h[0], skip)
            if h[0] >= claim.end
            else 0
            for h in hits
        )
        out.append(
            _Candidate(entry, tier, distance, matched, _compare(claim, sentence, entry.fact))
        )
    return out, missing_cue


def _same_relation(a: Fact, b: Fact) -> bool:
    return _norm_name(a.subject) == _norm_name(b.subject) and a.predicate == b.predicate


def _choose(candidates: list[_Candidate]) -> tuple[_Candidate | None, str]:
    best_tier = min(c.tier for c in candidates)
    pool = sorted((c for c in candidates if c.tier == best_tier), key=lambda c: c.distance)
    best = pool[0]
    verdicts = {c.outcome.verdict for c in pool}
    if len(verdicts) == 1:
        return best, ""
    rivals = [c for c in pool[1:] if c.outcome.verdict != best.outcome.verdict]
    # A clearly nearer cue decides ("the launch of ISAF in 2003" is about the launch, not about
    # the sentence's "began")...
    if rivals and rivals[0].distance >= best.distance + 3 and best.distance <= 6:
        return best, ""
    # ... and so does a cue only one fact has ("initially 50,000 troops" vs "currently").
    if len(pool) >= 2:
        for winner in pool:
            others = [c for c in pool if c is not winner]
            if all(
                c.distance >= winner.distance and c.cues < winner.cues
                for c in others
                if c.outcome.verdict != winner.outcome.verdict
            ) and any(c.outcome.verdict != winner.outcome.verdict for c in others):
                return winner, ""
    # ... and so does a predicate with several true values: when every disagreeing fact has the
    # same subject and predicate as a supporting one ("enforced Resolutions 1970 and 1973"),
    # the claim matches one of the values.
    supporting = [c for c in pool if c.outcome.verdict == SUPPORTED]
    if supporting and all(
        any(_same_relation(c.entry.fact, s.entry.fact) for s in supporting)
        for c in pool
        if c.outcome.verdict != SUPPORTED
    ):
        return supporting[0], ""
    # Otherwise the facts disagree and nothing is certain.
    names = ", ".join(sorted({c.entry.fact.id for c in pool}))
    return None, f"several facts apply and they disagree ({names})"


# --------------------------------------------------------------------------- special kinds


def _check_acronym(claim: Claim, index: _Index) -> Check:
    assert isinstance(claim.value, AcronymValue)
    acronym = claim.value.acronym.replace(".", "")
    mine = _squash(claim.value.expansion)
    facts = [
        e.fact
        for e in index.facts
        if isinstance(e.fact.value, AcronymValue)
        and e.fact.value.acronym.replace(".", "") == acronym
    ]
    for fact in facts:
        assert isinstance(fact.value, AcronymValue)
        if _squash(fact.value.expansion) == mine:
            return Check(
                claim, SUPPORTED, fact, None, f"{acronym} stands for {fact.value.expansion}."
            )
    expansions = {_squash(f.value.expansion) for f in facts if isinstance(f.value, AcronymValue)}
    if len(expansions) == 1 and not any(mine in e or e in mine for e in expansions):
        fact = facts[0]
        assert isinstance(fact.value, AcronymValue)
        return Check(
            claim,
            REFUTED,
            fact,
            format_value(fact.value),
            f"{acronym} stands for {fact.value.expansion}, not {claim.value.expansion}.",
        )
    if facts:
        return Check(
            claim,
            NEI,
            None,
            None,
            f"The fact base expands {acronym} differently, but not clearly against this.",
        )
    # No acronym fact: a fact whose subject is known by both names, and whose cited
    # statement spells the long form out, still shows what the acronym means.
    for entry in index.facts:
        names = {_squash(n) for n in entry.fact.names}
        if acronym in entry.fact.names and mine in names and mine in _squash(entry.fact.statement):
            return Check(
                claim,
                SUPPORTED,
                entry.fact,
                None,
                f"The cited statement calls {acronym} the {claim.value.expansion}.",
            )
    return Check(claim, NEI, None, None, f"No fact in the fact base expands {acronym}.")


def _check_operation(claim: Claim, text: str, index: _Index) -> Check:
    assert isinstance(claim.value, EntityValue)
    name = _squash(claim.value.name)
    span = (claim.start, claim.end)
    # 1. A fact whose value is this operation's name, about a subject named in the sentence.
    namings = [
        e
        for e in index.facts
        if isinstance(e.fact.value, EntityValue) and name in _entity_names(e.fact.value)
    ]
    for entry in namings:
        if any(not _overlaps(s, span) for s in _mentions(entry, text)):
            return Check(
                claim,
                SUPPORTED,
                entry.fact,
                None,
                f"{entry.fact.subject} was named {claim.value.name}.",
            )
    # 2. The operation is a fact's subject and the sentence names it another way too
    #    ("the NATO bombing campaign, which was Operation Allied Force").
    for entry in index.facts:
        names = {_squash(n) for n in entry.fact.names}
        if name not in names or name not in _squash(entry.fact.statement):
            continue
        for raw in entry.names:
            other = _squash(raw)
            if other == name or other in name:
                continue
            if any(not _overlaps(m, span) for m in _find(raw, False, text)):
                return Check(
                    claim,
                    SUPPORTED,
                    entry.fact,
                    None,
                    f"The fact base knows {claim.value.name} as {raw}.",
                )
    # 3. A subject named just before, whose operation had another name, and a cue (outside the
    #    name itself) says so.  An operation the fact base knows under its own name is
    #    another operation, not a wrong name: "KFOR followed Operation Allied Force".
    known = any(name in {_squash(n) for n in e.fact.names} for e in index.facts) or any(
        isinstance(e.fact.value, EntityValue) and name in _entity_names(e.fact.value)
        for e in index.facts
    )
    if not known:
        for entry in index.facts:
            value = entry.fact.value
            if not isinstance(value, EntityValue) or not value.name.startswith("Operation "):
                continue
            mentioned = [
                s
                for s in _mentions(entry, text)
                if s[1] <= claim.start
                and _words_between(text, s[1], claim.start, []) <= _FOLLOW_WORDS
            ]
            cues = [h for h in _cue_hits(entry, text) if not _overlaps(h, span)]
            if mentioned and cues:
                return Check(
                    claim,
                    REFUTED,
                    entry.fact,
                    format_value(value),
                    f"{entry.fact.subject} was {value.name}, not {claim.value.name}.",
                )
    return Check(
        claim, NEI, None, None, f"No fact ties {claim.value.name} to what the sentence names."
    )


# --------------------------------------------------------------------------- entry points


_FOLLOW_WORDS = 6


def _near(text: str, claim: Claim, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that start within a few words after the claim."""
    return [
        sp
        for sp in spans
        if sp[0] >= claim.end and _words_between(text, claim.end, sp[0], []) <= _FOLLOW_WORDS
    ]


def _near_after(
    subjects: list[tuple[_Indexed, list[tuple[int, int]]]], text: str, claim: Claim, *, words: int
) -> list[tuple[_Indexed, list[tuple[int, int]]]]:
    out = []
    for entry, spans in subjects:
        kept = [
            sp
            for sp in spans
            if sp[0] >= claim.end and _words_between(text, claim.end, sp[0], []) <= words
        ]
        if kept:
            out.append((entry, kept))
    return out


def _check_titled(claim: Claim, text: str, index: _Index) -> Check:
    """ "Yugoslav President Slobodan Milošević": does the fact base give him that title?

    A title can only be confirmed: people hold several offices over time, so a title the
    fact base does not list is NOT_ENOUGH_INFO, never REFUTED.
    """
    assert isinstance(claim.value, EntityValue)
    person = claim.value.name
    person_start = claim.end - len(person)
    title = " ".join(text[claim.start : person_start].split())
    title_norm = _squash(title)
    person_names = {_squash(person)}
    for entry in index.facts:
        value = entry.fact.value
        if not isinstance(value, EntityValue):
            continue
        mentions = _mentions(entry, text)
        # The person is the subject and the fact's value is the title.
        if any(person_start <= m[0] and m[1] <= claim.end for m in mentions) and (
            title_norm in _entity_names(value)
        ):
            return Check(
                claim,
                SUPPORTED,
                entry.fact,
                None,
                f"{entry.fact.statement} (the title matches)",
            )
        # The person is the value, and the title names the subject ("NATO Secretary General").
        if (
            person_names & _entity_names(value)
            and any(claim.start <= m[0] and m[1] <= person_start for m in mentions)
            and any(claim.start <= h[0] < person_start for h in _cue_hits(entry, text))
        ):
            return Check(
                claim,
                SUPPORTED,
                entry.fact,
                None,
                f"{entry.fact.statement} (the title matches)",
            )
    return Check(claim, NEI, None, None, f"No fact gives {person} the title '{title}'.")


def check_claim(
    claim: Claim, sentence: str, factbase: FactBase, context: Context = Context()
) -> Check:
    """The verdict for one claim of ``sentence``, with the fact that decided it."""
    index = _index(factbase)
    text = _norm_chars(sentence)
    if claim.kind == "acronym":
        return _check_acronym(claim, index)
    if claim.kind == "operation":
        return _check_operation(claim, text, index)

    if claim.kind in ("date", "year") and _is_bound(sentence, claim):
        return Check(claim, NEI, None, None, f"'{claim.text}' is only a bound here, not a date.")

    if claim.kind == "relation" and not _AGENT_RE.match(claim.text):
        return _check_titled(claim, text, index)

    # The claim itself (and, for a relation, its own entity) is never its subject.
    exclude = [(claim.start, claim.end), *_agent_ranges(sentence)]
    subjects = _subject_facts(index, text, exclude=exclude)
    attributive = claim.kind == "year" and _is_attributive(sentence, claim)
    if attributive:
        # "the 1999 conflict": only a subject named right after the year can own the date.
        subjects = _near_after(subjects, text, claim, words=2)
    elif claim.kind == "relation":
        # "KFOR was established by NATO": the subject comes just before the verb.
        subjects = [
            (
                e,
                [
                    sp
                    for sp in spans
                    if sp[1] <= claim.start
                    and _words_between(text, sp[1], claim.start, []) <= _FOLLOW_WORDS
                ],
            )
            for e, spans in subjects
        ]
        subjects = [(e, spans) for e, spans in subjects if spans]
    else:
        # A subject named after the claim must follow it closely ("In June 1999, KFOR ...");
        # one named far later belongs to another clause.
        subjects = [
            (e, [sp for sp in spans if sp[1] <= claim.start or sp in _near(text, claim, spans)])
            for e, spans in subjects
        ]
        subjects = [(e, spans) for e, spans in subjects if spans]

    candidates, missing_cue = _candidates(claim, sentence, text, subjects, same_sentence=True)
    if claim.kind == "relation":
        # The predicate of a relation is its own verb ("led by"): the cue must be in it.
        candidates = [
            c
            for c in candidates
            if any(claim.start <= h[0] < claim.end for h in _cue_hits(c.entry, text))
        ]
    source = "the sentence"
    if not candidates and _ANAPHOR_RE.search(text) and claim.kind != "relation" and not attributive:
        for prev in [*reversed(context.previous[-3:]), context.heading]:
            if not prev:
                continue
            prev_subjects = _subject_facts(index, _norm_chars(prev), exclude=[])
            if not prev_subjects:
                continue
            found, missing = _candidates(claim, sentence, text, prev_subjects, same_sentence=False)
            missing_cue |= missing
            if found:
                candidates = found
                source = "an earlier sentence" if prev != context.heading else "the heading"
                break

    if not candidates:
        if missing_cue:
            names = ", ".join(sorted(missing_cue))
            return Check(
                claim,
                NEI,
                None,
                None,
                f"The fact base has facts about {names} of this kind, but no cue word in the "
                "sentence says which one this is.",
            )
        return Check(
            claim,
            NEI,
            None,
            None,
            f"No fact about anything this sentence names can confirm or contradict '{claim.text}'.",
        )

    chosen, why = _choose(candidates)
    if chosen is None:
        return Check(claim, NEI, None, None, f"Not settled: {why}.")
    fact = chosen.entry.fact
    outcome = chosen.outcome
    where = "" if source == "the sentence" else f" (subject from {source})"
    if outcome.verdict == SUPPORTED:
        return Check(
            claim,
            SUPPORTED,
            fact,
            None,
            f"{outcome.why[:1].upper()}{outcome.why[1:]}{where}: {fact.statement}",
        )
    if outcome.verdict == REFUTED and _maybe_another_occurrence(claim, sentence, chosen):
        return Check(
            claim,
            NEI,
            None,
            None,
            f"'{claim.text}' differs from {fact.id}, but may date another occurrence "
            f"(a later deployment, a continuing presence){where}.",
        )
    if outcome.verdict == REFUTED:
        correct = format_value(fact.value)
        return Check(
            claim,
            REFUTED,
            fact,
            correct,
            f"{fact.subject} {fact.predicate}: {correct}, not '{claim.text}' "
            f"({outcome.why}){where}.",
        )
    return Check(
        claim,
        NEI,
        None,
        None,
        f"The closest fact ({fact.id}) does not settle it: {outcome.why}{where}.",
    )


# Words that say an event happened again or went on: "deployed additional troops in 2011",
# "was still deployed in 2008". A date in such a sentence is not the fact's one-time event.
_RECURRENCE = re.compile(
    r"\b(?:additional|again|still|further|another|reinforc\w*|continu\w*|remain\w*|redeploy\w*)\b",
    re.IGNORECASE,
)
_DATE_KINDS = frozenset({"date", "year", "span"})
_MAX_REFUTING_DISTANCE = 10  # words between the predicate's cue and a date it contradicts


def _maybe_another_occurrence(claim: Claim, sentence: str, chosen: _Candidate) -> bool:
    """Precision over recall for dates: refute one only when it clearly dates the fact's event."""
    if claim.kind not in _DATE_KINDS:
        return False
    return bool(_RECURRENCE.search(sentence)) or chosen.distance > _MAX_REFUTING_DISTANCE


def check_sentence(sentence: str, factbase: FactBase, context: Context = Context()) -> list[Check]:
    """A check for every claim :func:`lessons.facts.claims.extract_claims` finds in ``sentence``."""
    return [
        check_claim(claim, sentence, factbase, context) for claim in extract_claims_cached(sentence)
    ]
