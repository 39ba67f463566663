"""Verified claims -> quiz questions.  Pure (no Django) and deterministic for a seed.

Every answer key comes from a reference :class:`~lessons.facts.factbase.Fact` that a SUPPORTED claim
agrees with.  A REFUTED claim is only ever asked about as a *false* true/false statement (the
article's own sentence) or as a "spot the error" item keyed on the correct value.
NOT_ENOUGH_INFO claims are refused.

One question per SUPPORTED claim; its kind is chosen from the kinds that fit the claim
(``claim_id`` rotates through them, so repeated claims about the same fact get different
kinds) and never depends on the seed, so a question's ``key`` is the same for every seed.  The
seed only shuffles options and picks among plausible distractors.  Every question draws from
its own ``random.Random(f"{seed}|{key}")``: adding or removing one claim never reshuffles the
others.

Where the prompt comes from:

* a teacher-style question built from the fact's subject and predicate ("When did KFOR enter
  Kosovo?"), asked at the precision the lesson used ("June 1999", not "12 June 1999");
* or the fact's own cited statement with the value blanked out;
* cloze: the lesson's own sentence with the claim blanked out (never a sentence that also
  holds a REFUTED claim, so no error is shown as context).

Distractors are values of the same type - real dates, resolutions, acronyms and operations
from the fact base first, then nearby numbers and dates - and never equal or equivalent to
the answer at the answer's granularity, nor a value another fact about the same subject gives
(which could make the prompt true as well).  Numbers reported as "over N" are taken as "just
over N" (the fact base records the precision the source gives): options say "about".
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import itertools
import random
import re
import zlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from lessons.facts.claims import extract_claims_cached
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.values import (
    MONTH_NAMES,
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    ResolutionValue,
    SpanValue,
    Value,
    format_number,
    format_value,
)
from lessons.text.normalise import fold_loose

__all__ = [
    "GENERATOR_VERSION",
    "ClaimInput",
    "QuestionDraft",
    "QuestionKind",
    "questions_for_claims",
]

QuestionKind = Literal[
    "multiple_choice", "true_false", "numeric", "cloze", "matching", "ordering", "spot_error"
]
GENERATOR_VERSION = 1

BLANK = "_____"
OPTION_COUNT = 4
GROUP_MIN, GROUP_MAX = 3, 5  # items in one matching or ordering question
MIN_ORDERING_GAP_DAYS = 28  # events to put in order are at least this far apart


@dataclass(frozen=True)
class ClaimInput:
    """One verified claim, as the database has it."""

    claim_id: int
    lesson_id: int
    lesson_title: str
    anchor: str  # sentence anchor on the lesson page
    sentence: str  # the lesson's own sentence
    start: int
    end: int  # claim offsets in the sentence
    text: str  # == sentence[start:end]
    kind: str  # claim kind from lessons.facts.claims
    verdict: Literal["SUPPORTED", "REFUTED"]
    fact: Fact  # the evidence
    correct_value: str  # REFUTED: the correct value as text ("20 December 2001")


@dataclass(frozen=True)
class QuestionDraft:
    key: str  # stable identity across regenerations and seeds
    kind: QuestionKind
    prompt: str
    options: tuple[str, ...]  # what the learner chooses from; () for numeric and cloze
    answer: dict  # JSON-serialisable answer key (see quizzes.grading)
    explanation: str
    claim_id: int | None
    fact_id: str
    lesson_id: int | None
    anchor: str
    prompt_items: tuple[str, ...] = ()  # matching: the left-hand items in order
    fact_ids: tuple[str, ...] = ()  # matching and ordering: every contributing fact (in order)


# =========================================================================== small helpers


def _stable(text: str) -> int:
    """A hash that is the same in every process (``hash()`` of a str is salted)."""
    return zlib.crc32(text.encode("utf-8"))


def _rng(seed: int, key: str) -> random.Random:
    return random.Random(f"{seed}|{key}")


def _wordlist(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _shuffled(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    out = list(items)
    rng.shuffle(out)
    return tuple(out)


_SMALL_WORDS = _wordlist(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen
    """
)
_TENS_WORDS = _wordlist(
    """
    _ _ twenty thirty forty fifty sixty seventy eighty ninety
    """
)


def _number_words(n: int) -> list[str]:
    """English spellings of 0..99 ("seventy-eight", "seventy eight")."""
    if not 0 <= n < 100:
        return []
    if n < 20:
        return [_SMALL_WORDS[n]]
    tens, units = divmod(n, 10)
    if units == 0:
        return [_TENS_WORDS[tens]]
    return [
        f"{_TENS_WORDS[tens]}-{_SMALL_WORDS[units]}",
        f"{_TENS_WORDS[tens]} {_SMALL_WORDS[units]}",
    ]


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# =========================================================================== dates


def _coarsen(value: DateValue, granularity: str) -> DateValue:
    if granularity == "year":
        return DateValue(value.year)
    if granularity == "month":
        return DateValue(value.year, value.month)
    return value


_RANK = {"year": 0, "month": 1, "day": 2}


def _finer_or_equal(value: DateValue, granularity: str) -> bool:
    return _RANK[value.granularity] >= _RANK[granularity]


def _date_ordinal(value: DateValue) -> int:
    """Days since year 0, at the middle of the period (for "how far apart")."""
    year, month, day = value.year, value.month or 7, value.day or 1
    return year * 366 + (month - 1) * 31 + day


def _shift_months(value: DateValue, months: int) -> DateValue | None:
    total = value.year * 12 + (value.month or 1) - 1 + months
    year, month = divmod(total, 12)
    month += 1
    if value.month is None:
        return DateValue(year)
    if value.day is None:
        return DateValue(year, month)
    if value.day > calendar.monthrange(year, month)[1]:
        return None
    return DateValue(year, month, value.day)


def _shift_days(value: DateValue, days: int) -> DateValue:
    assert value.month is not None
    assert value.day is not None
    moved = dt.date(value.year, value.month, value.day) + dt.timedelta(days=days)
    return DateValue(moved.year, moved.month, moved.day)


def _date_interval(value: DateValue) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Earliest and latest day a date can mean ("1999" = 1 January to 31 December 1999)."""
    if value.month is None:
        return (value.year, 1, 1), (value.year, 12, 31)
    if value.day is None:
        last = calendar.monthrange(value.year, value.month)[1]
        return (value.year, value.month, 1), (value.year, value.month, last)
    day = (value.year, value.month, value.day)
    return day, day


def _dates_of(value: Value) -> list[DateValue]:
    if isinstance(value, DateValue):
        return [value]
    if isinstance(value, SpanValue):
        return [value.start] + ([value.end] if value.end is not None else [])
    if isinstance(value, ResolutionValue) and value.year is not None:
        return [DateValue(value.year)]
    return []


# =========================================================================== the fact base


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


@dataclass(frozen=True)
class _Pools:
    """Everything distractors are drawn from, built once per call."""

    dates: tuple[DateValue, ...]
    resolutions: tuple[int, ...]
    acronyms: tuple[tuple[str, str], ...]  # (acronym, expansion)
    operations: tuple[frozenset[str], ...]  # each: the names of one operation
    factbase: FactBase

    def same_subject(self, fact: Fact) -> list[Fact]:
        names = {fold_loose(n) for n in fact.names}
        return [f for f in self.factbase.facts if names & {fold_loose(n) for n in f.names}]


_RESOLUTION_IN_TEXT = re.compile(r"\bResolutions?\s+((?:\d{3,4}(?:\s*(?:,|and|or)\s*)?)+)")


def _resolution_numbers(text: str) -> set[int]:
    out: set[int] = set()
    for match in _RESOLUTION_IN_TEXT.finditer(text):
        out |= {int(n) for n in re.findall(r"\d{3,4}", match.group(1))}
    return out


def _pools(factbase: FactBase) -> _Pools:
    dates: dict[str, DateValue] = {}
    resolutions: set[int] = set()
    acronyms: dict[str, str] = {}
    groups: list[set[str]] = []
    for fact in factbase.facts:
        value = fact.value
        for date in _dates_of(value):
            dates.setdefault(date.iso(), date)
        if isinstance(value, ResolutionValue):
            resolutions.add(value.number)
        resolutions |= _resolution_numbers(fact.statement)
        for name in fact.names:
            resolutions |= _resolution_numbers(name)
        if isinstance(value, AcronymValue):
            acronyms.setdefault(value.acronym, value.expansion)
    # Acronyms spelled out by a subject's (or an entity value's) other names: KPC, FRY, RSM ...
    # and the names of operations: a subject's "Operation ..." names, or an entity value
    # ("Operation Joint Guardian") with all its aliases ("Joint Guardian").
    for fact in factbase.facts:
        name_sets = [fact.names]
        if isinstance(fact.value, EntityValue):
            name_sets.append((fact.value.name, *fact.value.aliases))
        for names in name_sets:
            for short in names:
                if not re.fullmatch(r"[A-Z]{2,6}", short) or short in acronyms:
                    continue
                for long in names:
                    if long != short and _initials(long) == short and len(long.split()) >= 2:
                        acronyms[short] = long
                        break
        operations = {n for n in fact.names if n.startswith("Operation ")}
        if operations:
            groups.append(operations)
        value = fact.value
        if isinstance(value, EntityValue) and value.name.startswith("Operation "):
            groups.append({value.name, *value.aliases})
    # Merge operation groups that share a name.
    merged_groups: list[set[str]] = []
    for group in groups:
        keys = {fold_loose(n) for n in group}
        for existing in merged_groups:
            if keys & {fold_loose(n) for n in existing}:
                existing |= group
                break
        else:
            merged_groups.append(set(group))
    return _Pools(
        dates=tuple(sorted(dates.values(), key=lambda d: d.iso())),
        resolutions=tuple(sorted(resolutions)),
        acronyms=tuple(sorted(acronyms.items())),
        operations=tuple(frozenset(g) for g in merged_groups),
        factbase=factbase,
    )


# =========================================================================== phrasing

_ARTICLE_NOUNS = frozenset(
    _wordlist(
        """
        massacre conference agreement force mission corps embargo treaty council tribunal
        talks campaign police constitution protocol accords accord summit bombing war crisis
        """
    )
)


def _subject_np(fact: Fact) -> str:
    """The subject as it reads inside a sentence: "the Račak massacre", "KFOR", "NATO"."""
    subject = fact.subject
    words = subject.split()
    if (
        words[0] == "Operation"
        or words[0].endswith(("'s", "\u2019s"))
        or words[-1].isdigit()
        or (len(words) == 1 and not words[0].islower())
    ):
        return subject
    if any(w.casefold() in _ARTICLE_NOUNS for w in words):
        return f"the {subject}"
    return subject


# Past tense -> base form, for "When did X <verb> ...?".
_BASE_FORMS = {
    "began": "begin",
    "took": "take",
    "came": "come",
    "ran": "run",
    "held": "hold",
    "had": "have",
    "led": "lead",
    "became": "become",
    "went": "go",
    "fell": "fall",
    "won": "win",
    "made": "make",
    "left": "leave",
    "met": "meet",
    "sent": "send",
    "broke": "break",
    "gave": "give",
    "rose": "rise",
    "built": "build",
    "fought": "fight",
    "struck": "strike",
    "withdrew": "withdraw",
    "drew": "draw",
    "split": "split",
    "bombed": "bomb",
    "entered": "enter",
    "declared": "declare",
    "ceased": "cease",
    "completed": "complete",
    "signed": "sign",
    "arrived": "arrive",
    "reconvened": "reconvene",
    "ended": "end",
    "started": "start",
    "launched": "launch",
    "joined": "join",
    "agreed": "agree",
    "deployed": "deploy",
    "stopped": "stop",
    "opened": "open",
    "closed": "close",
    "expired": "expire",
    "lasted": "last",
    "attacked": "attack",
    "invaded": "invade",
    "occupied": "occupy",
    "adopted": "adopt",
    "approved": "approve",
    "collapsed": "collapse",
    "surrendered": "surrender",
    "resigned": "resign",
    "died": "die",
    "voted": "vote",
    "passed": "pass",
    "expanded": "expand",
    "returned": "return",
    "reached": "reach",
    "concluded": "conclude",
    "announced": "announce",
    "assumed": "assume",
    "handed": "hand",
    "moved": "move",
    "captured": "capture",
    "liberated": "liberate",
    "dissolved": "dissolve",
    "disbanded": "disband",
    "merged": "merge",
    "ratified": "ratify",
    "visited": "visit",
    "replaced": "replace",
    "succeeded": "succeed",
    "transformed": "transform",
    "demilitarised": "demilitarise",
    "demilitarized": "demilitarize",
}
_HEAD_NOUNS = frozenset(["mission", "operation", "campaign", "deployment", "presence"])


def _clause(fact: Fact) -> tuple[str, str] | None:
    """("did", "KFOR enter Kosovo") or ("was", "Resolution 1244 adopted"); None if unsure."""
    predicate = re.sub(r"\s*\([^)]*\)", "", fact.predicate).strip()
    words = predicate.split()
    subject = _subject_np(fact)
    if len(words) >= 2 and words[0] in _HEAD_NOUNS:
        subject = f"the {fact.subject} {words.pop(0)}"
    adverbs = []
    while words and words[0].endswith("ly") and words[0].islower():
        adverbs.append(words.pop(0))
    if not words or not words[0].islower():
        return None
    first, rest = words[0], words[1:]
    if any(a == "and" and b in _BASE_FORMS for a, b in itertools.pairwise(rest)):
        return None  # "was established and entered Kosovo": two verbs, no clean question
    if first in ("was", "were"):
        return first, " ".join([subject, *adverbs, *rest])
    base = _BASE_FORMS.get(first)
    if base is None:
        return None
    return "did", " ".join([subject, *adverbs, base, *rest])


_WHEN = {"day": "On what date", "month": "In which month and year", "year": "In which year"}


def _when_question(fact: Fact, granularity: str) -> str | None:
    clause = _clause(fact)
    if clause is None:
        return None
    aux, rest = clause
    return f"{_WHEN[granularity]} {aux} {rest}?"


_PREDICATE_VERB_OK = frozenset(["was", "were", *_BASE_FORMS])


def _event_text(fact: Fact) -> str | None:
    """A short description of a dated event without its date ("KFOR entered Kosovo")."""
    predicate = re.sub(r"\s*\([^)]*\)", "", fact.predicate).strip()
    words = predicate.split()
    if words and (words[0] in _HEAD_NOUNS and len(words) > 1):
        return _capitalise(f"the {fact.subject} {predicate}")
    adverb_free = [w for w in words if not (w.endswith("ly") and w.islower())]
    if adverb_free and adverb_free[0] in _PREDICATE_VERB_OK:
        return _capitalise(f"{_subject_np(fact)} {predicate}")
    # Fall back to the statement with its date taken out ("On 12 June 2008 NATO agreed ...").
    spot = _locate(fact.statement, fact.value)
    if spot is None:
        return None
    start, end = spot.start, spot.end
    before = fact.statement[:start]
    prep = re.search(r"\b(?:on|in|by|from)\s+$", before, re.IGNORECASE)
    if prep:
        start = prep.start()
    text = (fact.statement[:start].rstrip(" ,") + " " + fact.statement[end:].lstrip(" ,")).strip()
    text = re.split(r";|\s[\u2013\u2014-]\s", text)[0]  # the main clause is enough
    text = re.sub(r"\s+([,.;])", r"\1", text).rstrip(".;, ")
    return _capitalise(text) if len(text.split()) >= 3 else None


# =========================================================================== locating values


@dataclass(frozen=True)
class _Spot:
    """Where a value sits in a text: ``start:end`` is the stretch to blank out."""

    start: int
    end: int
    style: str  # how options must be written to fit: "date", "digits", "full", "from", ...


_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _digits_in(text: str, offset: int) -> tuple[int, int] | None:
    match = _DIGITS_RE.search(text)
    if not match:
        return None
    return offset + match.start(), offset + match.end()


def _locate(text: str, value: Value) -> _Spot | None:
    """Find ``value`` in ``text`` (a fact's statement) with the claim extractor."""
    if isinstance(value, EntityValue | AcronymValue):
        names = (
            [value.expansion] if isinstance(value, AcronymValue) else [value.name, *value.aliases]
        )
        for name in sorted(names, key=len, reverse=True):
            match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
            if match:
                return _Spot(match.start(), match.end(), "name")
        return None
    for claim in extract_claims_cached(text):
        found = claim.value
        if isinstance(value, DateValue) and found == value:
            return _Spot(claim.start, claim.end, "date")
        if isinstance(value, SpanValue) and found == value:
            lead = claim.text.split()[0].casefold()
            style = lead if lead in ("from", "between", "since") else "plain"
            return _Spot(claim.start, claim.end, style)
        if isinstance(found, NumberValue) and isinstance(value, NumberValue):
            digits = _digits_in(claim.text, claim.start)
            if found.value == value.value and digits:
                return _Spot(*digits, "digits")
        if isinstance(value, DurationValue) and found == value:
            if re.fullmatch(r"\d+ [a-z]+", claim.text):
                return _Spot(claim.start, claim.end, "full")
            digits = _digits_in(claim.text, claim.start)
            if digits:
                return _Spot(*digits, "digits")
            if re.fullmatch(r"[a-z]+(?:-[a-z]+)? [a-z]+", claim.text):  # "six months"
                return _Spot(claim.start, claim.end, "words")
        if isinstance(found, ResolutionValue) and isinstance(value, ResolutionValue):
            match = re.search(rf"\b{value.number}\b", claim.text)
            if found.number == value.number and match:
                return _Spot(claim.start + match.start(), claim.start + match.end(), "digits")
    return None


def _replace(text: str, spot: _Spot, filler: str, granularity: str | None = None) -> str:
    """``text`` with the spot replaced; "on"/"in" before a date follows the new granularity."""
    before, after = text[: spot.start], text[spot.end :]
    if granularity is not None:
        prep = re.search(r"\b(on|in|On|In)\s+$", before)
        if prep:
            word = "on" if granularity == "day" else "in"
            if prep.group(1)[0].isupper():
                word = word.capitalize()
            before = before[: prep.start(1)] + word + before[prep.end(1) :]
    return before + filler + after


# =========================================================================== answers and options


@dataclass(frozen=True)
class _Answer:
    """What a question about a claim asks for: the verified value at the lesson's precision."""

    value: Value
    consistent: bool  # the claim's own text agrees with it (so the lesson sentence can be used)


def _claim_value(claim: ClaimInput) -> Value | None:
    for found in extract_claims_cached(claim.sentence):
        if found.start == claim.start and found.end == claim.end:
            return found.value
    found = extract_claims_cached(claim.text)
    if len(found) == 1 and found[0].text == claim.text:
        return found[0].value
    return None


def _answer_for(claim: ClaimInput) -> _Answer | None:
    fact_value = claim.fact.value
    claimed = _claim_value(claim)
    if isinstance(claimed, DateValue):
        candidates = _dates_of(fact_value) if isinstance(fact_value, DateValue | SpanValue) else []
        for date in candidates:
            if _finer_or_equal(date, claimed.granularity):
                coarse = _coarsen(date, claimed.granularity)
                if coarse == claimed:
                    return _Answer(coarse, True)
        if isinstance(fact_value, DateValue):
            if _finer_or_equal(fact_value, claimed.granularity):
                return _Answer(_coarsen(fact_value, claimed.granularity), False)
            return _Answer(fact_value, False)
        return None
    if isinstance(claimed, SpanValue) and isinstance(fact_value, SpanValue):
        if fact_value.end is None or claimed.end is None:
            return _Answer(fact_value, claimed == fact_value)
        g_start, g_end = claimed.start.granularity, claimed.end.granularity
        if _finer_or_equal(fact_value.start, g_start) and _finer_or_equal(fact_value.end, g_end):
            coarse = SpanValue(_coarsen(fact_value.start, g_start), _coarsen(fact_value.end, g_end))
            return _Answer(coarse, coarse == claimed)
        return _Answer(fact_value, False)
    if claim.kind == "operation":
        name = claim.text
        return _Answer(EntityValue(name), True)
    if isinstance(fact_value, AcronymValue):
        ok = isinstance(claimed, AcronymValue) and claimed.acronym == fact_value.acronym
        return _Answer(fact_value, ok)
    if isinstance(fact_value, NumberValue):
        ok = isinstance(claimed, NumberValue) and abs(claimed.value - fact_value.value) <= max(
            1.0, 0.01 * fact_value.value
        )
        return _Answer(fact_value, ok)
    if isinstance(fact_value, DurationValue):
        return _Answer(fact_value, claimed == fact_value)
    if isinstance(fact_value, ResolutionValue):
        ok = isinstance(claimed, ResolutionValue) and claimed.number == fact_value.number
        return _Answer(fact_value, ok)
    if isinstance(fact_value, EntityValue):
        return _Answer(fact_value, claim.kind == "relation")
    if isinstance(fact_value, DateValue | SpanValue):
        return _Answer(fact_value, False)
    return None


def _excluded_dates(fact: Fact, pools: _Pools, granularity: str) -> set[DateValue]:
    """Dates other facts about the same subject give at this precision: they could make the
    prompt true as well ("When did the campaign end?": suspended 10 June, terminated 20 June)."""
    out: set[DateValue] = set()
    for other in pools.same_subject(fact):
        for date in _dates_of(other.value):
            if _finer_or_equal(date, granularity):
                out.add(_coarsen(date, granularity))
    return out


def _min_gap_days(granularity: str) -> int:
    return {"day": 7, "month": 28, "year": 300}[granularity]


def _date_distractors(
    answer: DateValue,
    fact: Fact,
    pools: _Pools,
    rng: random.Random,
    count: int = 3,
    *,
    differ_at: str | None = None,
    also: Sequence[DateValue] = (),
) -> list[DateValue] | None:
    """Dates of the answer's precision near it: real dates of the period from the fact base
    (preferred) and shifted ones.  With ``differ_at`` every distractor also differs from the
    answer at that coarser precision (a wrong *year* for an error in the year).  ``also`` are
    candidates to consider first (the article's wrong year, for spot-the-error)."""
    g = answer.granularity
    excluded = _excluded_dates(fact, pools, g) | {answer}

    def usable(date: DateValue, chosen: Sequence[DateValue]) -> bool:
        if differ_at and _coarsen(date, differ_at) == _coarsen(answer, differ_at):
            return False
        return (
            date not in excluded
            and _min_gap_days(g) <= _date_distance(answer, date) <= 4 * 366
            and all(_date_distance(date, c) >= _min_gap_days(g) for c in chosen)
        )

    real = {_coarsen(d, g) for d in pools.dates if _finer_or_equal(d, g)}
    if g == "year":
        shifts = [DateValue(answer.year + d) for d in (-1, 1, -2, 2, -3, 3)]
    elif g == "month":
        shifts = [_shift_months(answer, d) for d in (-3, 2, -5, 4, 12, -12)]
    else:
        shifts = [_shift_days(answer, d) for d in (-40, 23, -75, 61, 100, -130)]
    if differ_at:
        shifts += [_shift_years(answer, d) for d in (-1, 1, -2, 2, 3)]
    synthetic = {d for d in shifts if d is not None} - real
    # Real dates count as nearer: they are the plausible ones.
    ranked = sorted(
        real | synthetic,
        key=lambda d: (_date_distance(answer, d) * (0.6 if d in real else 1.0), d.iso()),
    )
    chosen: list[DateValue] = []
    for date in [*also, *ranked]:
        if len(chosen) >= count + 3:
            break
        if usable(date, chosen):
            chosen.append(date)
    first = [d for d in chosen if d in also]
    if len(chosen) < count:
        return None
    rest = [d for d in chosen if d not in first]
    return [*first, *rng.sample(rest, count - len(first))] if len(first) < count else first


def _date_distance(a: DateValue, b: DateValue) -> int:
    return abs(_date_ordinal(a) - _date_ordinal(b))


def _span_text(value: SpanValue, style: str) -> str:
    if value.end is None:
        return f"since {format_value(value.start)}" if style == "since" else format_value(value)
    start, end = value.start, value.end
    if style in ("from", "between"):
        joint = "to" if style == "from" else "and"
        if start.granularity == end.granularity == "day" and start.year == end.year:
            if start.month == end.month:
                first = str(start.day)
            else:
                first = f"{start.day} {MONTH_NAMES[start.month or 1]}"
            return f"{style} {first} {joint} {format_value(end)}"
        return f"{style} {format_value(start)} {joint} {format_value(end)}"
    return format_value(value)


def _shift_years(value: DateValue, years: int) -> DateValue | None:
    return _shift_months(value, 12 * years)


def _span_distractors(
    answer: SpanValue, fact: Fact, pools: _Pools, rng: random.Random, count: int = 3
) -> list[SpanValue] | None:
    """Shifted periods of about the same length: years for "2001-2014", months for a
    three-week campaign.  No start or end another fact about the subject gives."""
    if answer.end is None:
        return None
    coarse = (
        "year"
        if answer.start.granularity == "year" or answer.end.granularity == "year"
        else "month"
    )
    excluded: set[DateValue] = set()
    for other in pools.same_subject(fact):
        if other.id != fact.id:
            excluded |= {
                _coarsen(d, coarse) for d in _dates_of(other.value) if _finer_or_equal(d, coarse)
            }
    step = 12 if coarse == "year" else 1
    out: list[SpanValue] = []
    for ds, de in ((-2, 0), (0, 2), (2, 2), (0, -2), (-1, 1), (1, 3), (-3, -1), (3, 5)):
        start = _shift_months(answer.start, ds * step)
        end = _shift_months(answer.end, de * step)
        if start is None or end is None or start.sort_key() >= end.sort_key():
            continue
        if (ds and _coarsen(start, coarse) in excluded) or (
            de and _coarsen(end, coarse) in excluded
        ):
            continue
        span = SpanValue(start, end)
        if span != answer and span not in out:
            out.append(span)
    if len(out) < count:
        return None
    return rng.sample(out[:6], count)


def _nice(value: float, like: float) -> float:
    """Round ``value`` to the precision ``like`` shows (38,000 -> thousands; 10,484 -> units)."""
    if like != int(like) or like == 0:
        return round(value, 1)
    zeros = len(str(int(abs(like)))) - len(str(int(abs(like))).rstrip("0"))
    step = 10 ** min(zeros, max(len(str(int(abs(value)))) - 1, 0))
    return float(round(value / step) * step)


def _number_candidates(value: float) -> list[float]:
    if value <= 12 and value == int(value):
        raw = [value + d for d in (-3, -2, -1, 1, 2, 3, 5)]
    elif value <= 30 and value == int(value):
        raw = [value + d for d in (-4, 3, -6, 6, 9, -9)]
    else:
        raw = [value * f for f in (0.5, 0.6, 1.5, 1.75, 2.0, 0.4, 2.5, 3.0)]
    out: list[float] = []
    for item in raw:
        item = _nice(item, value) if value > 30 else item
        if item > 0 and item not in out:
            out.append(item)
    return out


def _numbers_apart(a: float, b: float, exact: bool) -> bool:
    """Not equivalent: small counts must differ; others by a clear margin (rounding, "about")."""
    if exact and max(a, b) <= 12:
        return a != b
    ratio = 0.1 if exact else 0.3
    return abs(a - b) > ratio * max(abs(a), abs(b))


def _number_distractors(
    answer: float, rng: random.Random, *, exact: bool, count: int = 3
) -> list[float] | None:
    chosen: list[float] = []
    for item in _number_candidates(answer):
        if _numbers_apart(item, answer, exact) and all(
            _numbers_apart(item, c, exact) for c in chosen
        ):
            chosen.append(item)
    if len(chosen) < count:
        return None
    return rng.sample(chosen[:6], count)


def _duration_distractors(
    answer: DurationValue, rng: random.Random, count: int = 3
) -> list[DurationValue] | None:
    amount = answer.amount
    if amount <= 12:
        raw = [amount + d for d in (-2, -1, 1, 2, 3, 6)]
    else:
        raw = [round(amount * f) for f in (0.8, 0.9, 1.1, 1.2, 1.3, 0.6)]
    out = _dedupe_ints(a for a in raw if a > 0 and abs(a - amount) >= max(1, 0.05 * amount))
    if len(out) < count:
        return None
    return [DurationValue(a, answer.unit) for a in rng.sample(out[:6], count)]


def _dedupe_ints(items: Iterable[int]) -> list[int]:
    out: list[int] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _resolution_distractors(
    answer: ResolutionValue, fact: Fact, pools: _Pools, rng: random.Random, count: int = 3
) -> list[int] | None:
    excluded = {answer.number}
    for other in pools.same_subject(fact):
        if isinstance(other.value, ResolutionValue):
            excluded.add(other.value.number)
        excluded |= _resolution_numbers(other.statement)
        for name in other.names:
            excluded |= _resolution_numbers(name)
    out = [n for n in pools.resolutions if n not in excluded]
    if len(out) < count:
        return None
    out.sort(key=lambda n: (abs(n - answer.number), n))
    return rng.sample(out[:6], count)


def _words(text: str) -> set[str]:
    return set(fold_loose(text).split()) - {"of", "the", "for", "in", "and"}


def _acronym_group(fact: Fact, pools: _Pools) -> set[str]:
    """Every name that means the same as the acronym's answer (normalised)."""
    assert isinstance(fact.value, AcronymValue)
    names = {fold_loose(fact.value.acronym), fold_loose(fact.value.expansion)}
    for other in pools.factbase.facts:
        other_names = {fold_loose(n) for n in other.names}
        if names & other_names:
            names |= other_names
    return names | {n.replace(" ", "") for n in names}


def _acronym_distractors(
    fact: Fact,
    pools: _Pools,
    rng: random.Random,
    *,
    reverse: bool,
    count: int = 3,
    among: int = 6,
) -> list[str] | None:
    assert isinstance(fact.value, AcronymValue)
    group = _acronym_group(fact, pools)
    target = fact.value.acronym if reverse else fact.value.expansion
    scored = []
    for acronym, expansion in pools.acronyms:
        if fold_loose(acronym) in group or fold_loose(expansion) in group:
            continue
        if fold_loose(expansion).replace(" ", "") in group:
            continue
        text = acronym if reverse else expansion
        if reverse:
            score = (acronym[0] == target[0]) + (acronym[-1] == target[-1])
        else:
            score = len(_words(expansion) & _words(target))
            score += expansion[:1].casefold() == fact.value.acronym[:1].casefold()
        scored.append((-score, text))
    scored.sort()
    pool = _dedupe(text for _, text in scored)
    if len(pool) < count:
        return None
    return rng.sample(pool[: max(among, count)], count)


def _operation_distractors(
    answer: str, pools: _Pools, rng: random.Random, count: int = 3
) -> list[str] | None:
    key = fold_loose(answer)
    bare = fold_loose(answer.removeprefix("Operation "))
    others = []
    for group in pools.operations:
        keys = {fold_loose(n) for n in group} | {
            fold_loose(n.removeprefix("Operation ")) for n in group
        }
        if key in keys or bare in keys:
            continue
        names = sorted(n for n in group if n.startswith("Operation "))
        if names:
            others.append(names[0])
    others = sorted(set(others))
    if len(others) < count:
        return None
    return rng.sample(others, count)


# =========================================================================== option text


def _render(value: Value, style: str) -> str:
    """A value as an option that fits a blank of ``style``."""
    match value:
        case DateValue():
            return format_value(value)
        case SpanValue():
            return _span_text(value, style)
        case NumberValue():
            return format_number(value.value)
        case DurationValue():
            if style == "digits":
                return str(value.amount)
            if style == "words" and _number_words(value.amount):
                unit = value.unit.rstrip("s") if value.amount == 1 else value.unit
                return f"{_number_words(value.amount)[0]} {unit}"
            return format_value(value)
        case ResolutionValue():
            return str(value.number) if style == "digits" else f"Resolution {value.number}"
        case EntityValue():
            return value.name
        case AcronymValue():
            return value.expansion
    raise TypeError(value)


def _distractor_values(
    answer: Value, fact: Fact, pools: _Pools, rng: random.Random
) -> list[Value] | None:
    """Three values of the answer's type, none equivalent to it."""
    match answer:
        case DateValue():
            return list(_date_distractors(answer, fact, pools, rng) or []) or None
        case SpanValue():
            return list(_span_distractors(answer, fact, pools, rng) or []) or None
        case NumberValue():
            if answer.qualifier not in ("exact", "approximately", "over"):
                return None  # "up to 1,000": "up to 500" would not be false
            exact = answer.qualifier == "exact"
            numbers = _number_distractors(answer.value, rng, exact=exact)
            if numbers is None:
                return None
            return [dataclasses.replace(answer, value=n) for n in numbers]
        case DurationValue():
            return list(_duration_distractors(answer, rng) or []) or None
        case ResolutionValue():
            numbers = _resolution_distractors(answer, fact, pools, rng)
            return [ResolutionValue(n) for n in numbers] if numbers else None
        case EntityValue() if answer.name.startswith("Operation "):
            names = _operation_distractors(answer.name, pools, rng)
            return [EntityValue(n) for n in names] if names else None
    return None


def _options(answer_text: str, distractors: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    return _shuffled([answer_text, *distractors], rng)


# =========================================================================== question builders


@dataclass(frozen=True)
class _Ctx:
    claim: ClaimInput
    answer: _Answer
    pools: _Pools
    seed: int
    clean_sentence: bool  # no REFUTED claim in the same sentence

    @property
    def fact(self) -> Fact:
        return self.claim.fact

    def key(self, prefix: str) -> str:
        return f"{prefix}:claim:{self.claim.claim_id}"

    def draft(
        self,
        prefix: str,
        kind: QuestionKind,
        prompt: str,
        options: tuple[str, ...],
        answer: dict,
        explanation: str,
    ) -> QuestionDraft:
        return QuestionDraft(
            key=self.key(prefix),
            kind=kind,
            prompt=prompt,
            options=options,
            answer=answer,
            explanation=explanation,
            claim_id=self.claim.claim_id,
            fact_id=self.fact.id,
            lesson_id=self.claim.lesson_id,
            anchor=self.claim.anchor,
        )


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _sentence_usable(ctx: _Ctx) -> bool:
    sentence = ctx.claim.sentence.strip()
    return (
        ctx.clean_sentence
        and ctx.answer.consistent
        and sentence[-1:] in ".!?\u201d\"'"
        and len(sentence.split()) >= 6
    )


def _multiple_choice(ctx: _Ctx) -> QuestionDraft | None:
    key = ctx.key("mc")
    rng = _rng(ctx.seed, key)
    fact, value = ctx.fact, ctx.answer.value

    if isinstance(value, AcronymValue):
        reverse = _stable(key) % 2 == 1
        distractors = _acronym_distractors(fact, ctx.pools, rng, reverse=reverse)
        if distractors is None:
            return None
        if reverse:
            prompt = f"Which abbreviation stands for the {value.expansion}?"
            right = value.acronym
        else:
            prompt = f"What does the abbreviation {value.acronym} stand for?"
            right = value.expansion
        return ctx.draft(
            "mc",
            "multiple_choice",
            prompt,
            _options(right, distractors, rng),
            {"correct": right},
            fact.statement,
        )

    distractors = _distractor_values(value, fact, ctx.pools, rng)
    if distractors is None:
        return None

    if ctx.claim.kind == "operation":
        if not _sentence_usable(ctx):
            return None
        claim = ctx.claim
        gapped = claim.sentence[: claim.start] + BLANK + claim.sentence[claim.end :]
        prompt = (
            f"Which operation fills the gap in this sentence from the lesson "
            f"{_quote(claim.lesson_title)}? {_quote(gapped)}"
        )
        right = claim.text
        return ctx.draft(
            "mc",
            "multiple_choice",
            prompt,
            _options(right, [_render(d, "name") for d in distractors], rng),
            {"correct": right},
            f"{fact.statement}",
        )

    if isinstance(value, DateValue):
        question = _when_question(fact, value.granularity)
        if question is not None:
            right = format_value(value)
            options = _options(right, [format_value(d) for d in distractors], rng)
            return ctx.draft(
                "mc", "multiple_choice", question, options, {"correct": right}, fact.statement
            )

    spot = _locate(fact.statement, fact.value)
    if spot is None:
        return None
    # A date is asked at the lesson's precision; "on"/"in" before the blank follows it.
    granularity = value.granularity if isinstance(value, DateValue) else None
    statement = fact.statement
    if isinstance(value, NumberValue) and value.qualifier == "over":
        statement, spot = _as_about(statement, spot)
    gapped = _replace(statement, spot, BLANK, granularity)
    right = _render(value, spot.style)
    options = _options(right, [_render(d, spot.style) for d in distractors], rng)
    if len(set(options)) != len(options):
        return None
    what = _what(value)
    prompt = f"Which {what} completes this statement? {_quote(gapped)}"
    return ctx.draft("mc", "multiple_choice", prompt, options, {"correct": right}, fact.statement)


def _what(value: Value) -> str:
    match value:
        case DateValue():
            return {"day": "date", "month": "month", "year": "year"}[value.granularity]
        case SpanValue():
            return "period"
        case NumberValue():
            return "figure"
        case DurationValue():
            return "length of time"
        case ResolutionValue():
            return "resolution number"
        case EntityValue() if value.name.startswith("Operation "):
            return "operation"
    return "name"


_OVER_RE = re.compile(r"(?:\bjust\s+)?\b(?:over|more than|in excess of|upwards of)\s+$", re.I)


def _as_about(statement: str, spot: _Spot) -> tuple[str, _Spot]:
    """ "just over 38,000" -> "about 38,000": options on both sides must be false."""
    before = statement[: spot.start]
    match = _OVER_RE.search(before)
    if not match:
        return statement, spot
    new_before = before[: match.start()] + "about "
    shift = len(new_before) - len(before)
    return new_before + statement[spot.start :], _Spot(
        spot.start + shift, spot.end + shift, spot.style
    )


def _numeric(ctx: _Ctx) -> QuestionDraft | None:
    fact, value = ctx.fact, ctx.answer.value
    if isinstance(value, DateValue):
        if value.granularity != "year":
            return None
        question = _when_question(fact, "year")
        if question is None:
            return None
        return ctx.draft(
            "num",
            "numeric",
            f"{question} Type the year.",
            (),
            {"value": value.year, "tolerance": 0, "unit": "", "display": str(value.year)},
            fact.statement,
        )
    if not isinstance(value, NumberValue | DurationValue | ResolutionValue):
        return None
    spot = _locate(fact.statement, fact.value)
    if spot is None:
        return None
    if spot.style == "words":
        return None  # "six months": a typed number would not fit the sentence
    if spot.style == "full":  # "78 days": blank the number only, the unit stays as a hint
        digits = _digits_in(fact.statement[spot.start : spot.end], spot.start)
        if digits is None:
            return None
        spot = _Spot(*digits, "digits")
    gapped = _replace(fact.statement, spot, BLANK)
    if isinstance(value, NumberValue):
        tolerance = 0.0 if value.qualifier == "exact" else max(1.0, round(0.05 * value.value))
        number: float = value.value
        unit = value.unit
        display = format_value(value)
    elif isinstance(value, DurationValue):
        tolerance, number, unit, display = 0.0, value.amount, value.unit, format_value(value)
    else:
        tolerance, number, unit = 0.0, value.number, ""
        display = f"Resolution {value.number}"
    answer = {
        "value": int(number) if number == int(number) else number,
        "tolerance": int(tolerance) if tolerance == int(tolerance) else tolerance,
        "unit": unit,
        "display": display,
    }
    prompt = f"Type the missing number: {_quote(gapped)}"
    return ctx.draft("num", "numeric", prompt, (), answer, fact.statement)


_ACRONYM_CLAIM = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]+)\)$")


def _cloze(ctx: _Ctx) -> QuestionDraft | None:
    if not _sentence_usable(ctx):
        return None
    claim, fact, value = ctx.claim, ctx.fact, ctx.answer.value
    start, end = claim.start, claim.end
    accepted: list[str]
    if isinstance(value, AcronymValue):
        match = _ACRONYM_CLAIM.match(claim.text)
        if not match:
            return None
        if match.group("short").strip() == value.acronym:  # "Kosovo Force (KFOR)"
            end = start + len(match.group("long"))
        else:  # "KFOR (Kosovo Force)"
            start = start + match.start("short")
            end = claim.start + match.end("short")
        written = claim.sentence[start:end]
        expansion = fold_loose(value.expansion)
        accepted = [
            value.expansion,
            written,
            *(
                n
                for n in fact.names
                if fold_loose(n).endswith(expansion) or _initials(n) == value.acronym
            ),
        ]
    elif claim.kind == "operation":
        names = [claim.text]
        for group in ctx.pools.operations:
            if fold_loose(claim.text) in {fold_loose(n) for n in group}:
                names += sorted(n for n in group if n.startswith("Operation "))
        accepted = [*names, *(n.removeprefix("Operation ") for n in names)]
    elif isinstance(value, DateValue):
        accepted = _date_forms(value)
    elif isinstance(value, NumberValue | DurationValue | ResolutionValue):
        digits = _digits_in(claim.text, claim.start)
        if digits is None:
            word = re.match(r"[a-z]+(?:-[a-z]+)?", claim.text)
            if not isinstance(value, DurationValue) or word is None:
                return None
            digits = (claim.start, claim.start + word.end())
        start, end = digits
        written = claim.sentence[start:end]
        number = (
            value.value
            if isinstance(value, NumberValue)
            else value.amount
            if isinstance(value, DurationValue)
            else value.number
        )
        if isinstance(value, NumberValue) and abs(float(written.replace(",", "")) - number) > 0:
            return None  # "about 50,000" written for a fact of 49,800: not the same figure
        if not written[:1].isdigit() and fold_loose(written) not in _number_words(int(number)):
            return None
        accepted = [
            written,
            format_number(number),
            str(int(number)) if number == int(number) else "",
        ]
        if number == int(number):
            accepted += _number_words(int(number))
    elif isinstance(value, EntityValue) and claim.kind == "relation":
        names = [value.name, *value.aliases]
        subject_names = list(fact.names)
        text_norm = fold_loose(claim.text)
        # "Yugoslav President Slobodan Milošević": blank the person, who is the subject here
        person = next(
            (n for n in sorted(subject_names, key=len, reverse=True) if fold_loose(n) in text_norm),
            None,
        )
        if person is not None:
            index = claim.text.find(person)
            if index < 0:
                return None
            start, end = claim.start + index, claim.start + index + len(person)
            accepted = [person, *subject_names]
        else:
            hit = next((n for n in sorted(names, key=len, reverse=True) if n in claim.text), None)
            if hit is None:
                return None
            index = claim.text.find(hit)
            start, end = claim.start + index, claim.start + index + len(hit)
            accepted = [hit, *names]
    else:
        return None
    accepted += [_abbreviated(a) for a in accepted]
    gapped = claim.sentence[:start] + BLANK + claim.sentence[end:]
    prompt = (
        f"Fill in the blank in this sentence from the lesson {_quote(claim.lesson_title)}: "
        f"{_quote(gapped)}"
    )
    return ctx.draft("cloze", "cloze", prompt, (), {"accepted": _dedupe(accepted)}, fact.statement)


_SHORT_FORMS = (("United Nations", "UN"), ("European Union", "EU"), ("United States", "US"))


def _abbreviated(text: str) -> str:
    """ "United Nations Interim ..." -> "UN Interim ...": people write both."""
    for long, short in _SHORT_FORMS:
        text = text.replace(long, short)
    return text


def _date_forms(value: DateValue) -> list[str]:
    forms = [format_value(value)]
    if value.month is not None:
        month = MONTH_NAMES[value.month]
        short = month[:3]
        if value.day is None:
            forms += [f"{short} {value.year}", f"{month} of {value.year}"]
        else:
            forms += [
                f"{month} {value.day}, {value.year}",
                f"{value.day}{_ordinal_suffix(value.day)} {month} {value.year}",
                f"{value.day} {short} {value.year}",
            ]
    return forms


def _ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _falsify(fact: Fact, pools: _Pools, rng: random.Random) -> tuple[str, str, str] | None:
    """The fact's statement with its value changed to a clearly wrong one of the same type.

    Returns (false statement, wrong value text, right value text)."""
    value = fact.value
    if isinstance(value, AcronymValue):
        # the closest look-alike: "KFOR stands for Kosovo Security Force", not "... for NATO"
        others = _acronym_distractors(fact, pools, rng, reverse=False, count=1, among=1)
        if not others:
            return None
        wrong = others[0]
        return f"{value.acronym} stands for {wrong}.", wrong, value.expansion
    spot = _locate(fact.statement, value)
    if spot is None:
        return None
    wrong_value: Value | None = None
    match value:
        case DateValue():
            excluded = _excluded_dates(fact, pools, value.granularity)
            for years in rng.sample([-3, 3, -4, 4], 4):
                moved = _shift_years(value, years)
                if moved is not None and moved not in excluded:
                    wrong_value = moved
                    break
        case SpanValue() if value.end is not None:
            years = rng.choice([-3, 3])
            start, end = _shift_years(value.start, years), _shift_years(value.end, years)
            if start is not None and end is not None:
                wrong_value = SpanValue(start, end)
        case NumberValue() if value.qualifier in ("exact", "approximately", "over"):
            factor = rng.choice([0.5, 2.0]) if value.qualifier != "over" else 0.5
            changed = _nice(value.value * factor, value.value) if value.value > 30 else None
            if value.value <= 30:
                changed = round(value.value * 0.5) if value.value >= 8 else value.value + 3
            if changed and _numbers_apart(changed, value.value, exact=False):
                wrong_value = dataclasses.replace(value, value=changed)
        case DurationValue():
            amount = value.amount * 2 if value.amount > 2 else value.amount + 3
            wrong_value = DurationValue(amount, value.unit)
        case ResolutionValue():
            numbers = _resolution_distractors(value, fact, pools, rng, count=1)
            if numbers:
                wrong_value = ResolutionValue(numbers[0])
        case EntityValue() if value.name.startswith("Operation "):
            names = _operation_distractors(value.name, pools, rng, count=1)
            if names:
                wrong_value = EntityValue(names[0])
    if wrong_value is None:
        return None
    statement = fact.statement
    if isinstance(value, NumberValue) and value.qualifier == "over":
        statement, spot = _as_about(statement, spot)
    wrong_text = _render(wrong_value, spot.style)
    right_text = _render(value, spot.style)
    return _replace(statement, spot, wrong_text), wrong_text, right_text


def _true_false(ctx: _Ctx) -> QuestionDraft | None:
    key = ctx.key("tf")
    rng = _rng(ctx.seed, key)
    fact = ctx.fact
    if ctx.claim.kind == "operation":
        return None  # the fact is about the operation's date, not about the claimed name
    want_false = _stable(key) % 2 == 1
    false = _falsify(fact, ctx.pools, rng) if want_false else None
    if false is not None:
        statement, wrong, right = false
        explanation = f"False: it is {right}, not {wrong}. {fact.statement}"
        truth = False
    elif isinstance(fact.value, AcronymValue):
        # the same shape as a false one, so the wording gives nothing away
        statement = f"{fact.value.acronym} stands for {fact.value.expansion}."
        explanation, truth = fact.statement, True
    else:
        statement, explanation, truth = fact.statement, fact.statement, True
    return ctx.draft(
        "tf",
        "true_false",
        f"True or false? {statement}",
        ("True", "False"),
        {"correct": truth},
        explanation,
    )


_BUILDERS = {
    "multiple_choice": _multiple_choice,
    "true_false": _true_false,
    "numeric": _numeric,
    "cloze": _cloze,
}
_PLANS: dict[str, tuple[str, ...]] = {
    "acronym": ("multiple_choice", "cloze", "true_false"),
    "date": ("multiple_choice", "cloze", "true_false"),
    "year": ("multiple_choice", "numeric", "cloze", "true_false"),
    "span": ("multiple_choice", "true_false"),
    "number": ("multiple_choice", "numeric", "cloze", "true_false"),
    "duration": ("numeric", "multiple_choice", "cloze", "true_false"),
    "resolution": ("multiple_choice", "numeric", "cloze", "true_false"),
    "operation": ("multiple_choice", "cloze"),
    "relation": ("cloze", "multiple_choice", "true_false"),
}


def _supported_questions(ctx: _Ctx, variants: int, asked: set[str]) -> list[QuestionDraft]:
    """Up to `variants` questions of different kinds on one claim (a small lesson or a module
    test needs more than one per claim); the first kind rotates with the claim id. A question
    already `asked` (the same acronym claimed in two sentences) is asked again only when the
    claim has no other."""
    plan = _PLANS.get(ctx.claim.kind, ("multiple_choice", "true_false", "cloze"))
    first = ctx.claim.claim_id % len(plan)
    drafts: list[QuestionDraft] = []
    repeats: list[QuestionDraft] = []
    for kind in (*plan[first:], *plan[:first]):
        draft = _BUILDERS[kind](ctx)
        if draft is not None and fold_loose(draft.prompt) in asked:
            repeats.append(draft)
        elif draft is not None:
            asked.add(fold_loose(draft.prompt))
            drafts.append(draft)
            if len(drafts) == variants:
                break
    # Every claim keeps a question, even when the only ones possible were asked already.
    return drafts or repeats[:1]


# --------------------------------------------------------------------------- REFUTED claims


def _correct_value(claim: ClaimInput) -> str:
    return claim.correct_value.strip() or format_value(claim.fact.value)


def _refuted_statement(claim: ClaimInput) -> str:
    """The article's wrong value in a plain statement about the fact ("ISAF was established by
    the UN Security Council in 2003."), so the one thing to judge is the value; the article's
    whole sentence when no such statement can be built safely."""
    event = _event_text(claim.fact)
    if event and isinstance(claim.fact.value, DateValue) and claim.kind in ("date", "year"):
        preposition = "on" if re.match(r"\d{1,2} ", claim.text) else "in"
        return f"{event} {preposition} {claim.text}."
    return claim.sentence


def _refuted_true_false(claim: ClaimInput) -> QuestionDraft:
    correct = _correct_value(claim)
    return QuestionDraft(
        key=f"tf:claim:{claim.claim_id}",
        kind="true_false",
        prompt=f"True or false? {_refuted_statement(claim)}",
        options=("True", "False"),
        answer={"correct": False},
        explanation=(
            f"False: the article says {_quote(claim.text)}, but the correct value is "
            f"{correct}. {claim.fact.statement}"
        ),
        claim_id=claim.claim_id,
        fact_id=claim.fact.id,
        lesson_id=claim.lesson_id,
        anchor=claim.anchor,
    )


def _spot_error(claim: ClaimInput, pools: _Pools, seed: int) -> QuestionDraft | None:
    key = f"spot:claim:{claim.claim_id}"
    rng = _rng(seed, key)
    fact, value = claim.fact, claim.fact.value
    correct_value = _correct_value(claim)
    if isinstance(value, AcronymValue):
        distractors = _acronym_distractors(fact, pools, rng, reverse=False)
        right = value.expansion
        question = f"What does {value.acronym} stand for?"
    else:
        claimed = _claim_value(claim)
        if isinstance(value, DateValue) and isinstance(claimed, DateValue):
            values = _spot_dates(value, claimed, fact, pools, rng)
        else:
            values = _distractor_values(value, fact, pools, rng)
        if values is None:
            return None
        style = "from" if isinstance(value, SpanValue) else "full"
        distractors = [_spot_text(v, style) for v in values]
        right = _spot_text(value, style)
        question = (
            _when_question(fact, value.granularity) if isinstance(value, DateValue) else None
        ) or "What is the correct value?"
    if distractors is None:
        return None
    wrong_norm = fold_loose(claim.text)
    if (
        fold_loose(right) == wrong_norm
        or len({fold_loose(d) for d in distractors} | {fold_loose(right)}) != OPTION_COUNT
    ):
        return None
    prompt = (
        f"Spot the error. The lesson {_quote(claim.lesson_title)} says: {_quote(claim.sentence)} "
        f"The part {_quote(claim.text)} is wrong. {question}"
    )
    return QuestionDraft(
        key=key,
        kind="spot_error",
        prompt=prompt,
        options=_options(right, distractors, rng),
        answer={
            "correct": right,
            "wrong": claim.text,
            "accepted": _dedupe([right, correct_value, format_value(value)]),
        },
        explanation=(
            f"The article says {_quote(claim.text)}, but the correct value is {correct_value}. "
            f"{fact.statement}"
        ),
        claim_id=claim.claim_id,
        fact_id=fact.id,
        lesson_id=claim.lesson_id,
        anchor=claim.anchor,
    )


def _spot_dates(
    value: DateValue, claimed: DateValue, fact: Fact, pools: _Pools, rng: random.Random
) -> list[Value] | None:
    """The error is at the article's precision ("2003"), so every wrong option is wrong there
    too, and the article's own mistake is one of them ("20 December 2003")."""
    differ_at = (
        claimed.granularity if _RANK[claimed.granularity] < _RANK[value.granularity] else None
    )
    echo = (
        DateValue(
            claimed.year,
            claimed.month if claimed.month is not None else value.month,
            claimed.day if claimed.day is not None else value.day,
        )
        if value.month is not None
        else DateValue(claimed.year)
    )
    try:
        echo = _coarsen(echo, value.granularity)
    except ValueError:  # pragma: no cover - a day that does not exist in that month
        echo = None
    also = [echo] if echo is not None and echo != value else []
    dates = _date_distractors(value, fact, pools, rng, differ_at=differ_at, also=also)
    return list(dates) if dates else None


def _spot_text(value: Value, style: str) -> str:
    if isinstance(value, NumberValue):
        about = "about " if value.qualifier != "exact" else ""
        return f"{about}{format_number(value.value)} {value.unit}".strip()
    if isinstance(value, SpanValue):
        return format_value(value)
    return _render(value, style)


# --------------------------------------------------------------------------- groups


def _groups(items: Sequence, minimum: int = GROUP_MIN, maximum: int = GROUP_MAX) -> list[list]:
    """Split into as few groups of minimum..maximum items as possible, sizes as even as can be."""
    n = len(items)
    if n < minimum:
        return []
    count = -(-n // maximum)
    while count > 1 and n // count < minimum:
        count -= 1
    size, extra = divmod(n, count)
    out, at = [], 0
    for index in range(count):
        take = size + (1 if index < extra else 0)
        out.append(list(items[at : at + take]))
        at += take
    return out


def _first_claims(claims: Sequence[ClaimInput]) -> dict[str, ClaimInput]:
    first: dict[str, ClaimInput] = {}
    for claim in claims:
        first.setdefault(claim.fact.id, claim)
    return first


def _matching(supported: Sequence[ClaimInput], seed: int) -> list[QuestionDraft]:
    first = _first_claims(supported)
    out: list[QuestionDraft] = []
    # Acronym <-> expansion.
    acronym_facts = sorted(
        (c.fact for c in first.values() if isinstance(c.fact.value, AcronymValue)),
        key=lambda f: f.id,
    )
    seen: set[str] = set()
    unique = []
    for fact in acronym_facts:
        assert isinstance(fact.value, AcronymValue)
        if fact.value.acronym not in seen and fold_loose(fact.value.expansion) not in seen:
            seen |= {fact.value.acronym, fold_loose(fact.value.expansion)}
            unique.append(fact)
    for group in _groups(unique):
        pairs = {f.value.acronym: f.value.expansion for f in group}
        out.append(
            _matching_draft(
                group,
                pairs,
                "Match each abbreviation with what it stands for.",
                "; ".join(f"{a} stands for {e}" for a, e in pairs.items()) + ".",
                first,
                seed,
            )
        )
    # Operation <-> the year it began (a period's start, or a "began"/"launched" date).
    by_operation: dict[str, Fact] = {}
    for claim in first.values():
        fact = claim.fact
        name = next((n for n in fact.names if n.startswith("Operation ")), None)
        began = isinstance(fact.value, SpanValue) or (
            isinstance(fact.value, DateValue) and _START_RE.search(fact.predicate) is not None
        )
        if name and began and name not in by_operation:
            by_operation[name] = fact
    facts = sorted(by_operation.items(), key=lambda item: item[1].id)
    years: set[int] = set()
    distinct = []
    for name, fact in facts:
        year = _dates_of(fact.value)[0].year
        if year not in years:
            years.add(year)
            distinct.append((name, fact))
    for group in _groups(distinct):
        pairs = {name: str(_dates_of(fact.value)[0].year) for name, fact in group}
        out.append(
            _matching_draft(
                [fact for _, fact in group],
                pairs,
                "Match each operation with the year it began.",
                " ".join(fact.statement for _, fact in group),
                first,
                seed,
            )
        )
    return out


_START_RE = re.compile(
    r"\b(?:began|launched|activated|arrived|entered|deployed|established|started|"
    r"came under|took (?:command|control|the lead))\b"
)


def _matching_draft(
    facts: Sequence[Fact],
    pairs: dict[str, str],
    prompt: str,
    explanation: str,
    first: dict[str, ClaimInput],
    seed: int,
) -> QuestionDraft:
    ids = sorted(f.id for f in facts)
    key = "match:facts:" + "+".join(ids)
    rng = _rng(seed, key)
    lead = min((first[i] for i in ids), key=lambda c: list(first).index(c.fact.id))
    items = _shuffled(list(pairs), rng)
    in_order = tuple(pairs[item] for item in items)
    options = _shuffled(in_order, rng)
    while options == in_order:  # never already matched up
        options = _shuffled(in_order, rng)
    return QuestionDraft(
        key=key,
        kind="matching",
        prompt=prompt,
        options=options,
        answer={"pairs": {item: pairs[item] for item in items}, "items": list(items)},
        explanation=explanation,
        claim_id=lead.claim_id,
        fact_id=lead.fact.id,
        lesson_id=lead.lesson_id,
        anchor=lead.anchor,
        prompt_items=items,
    )


def _ordering(supported: Sequence[ClaimInput], seed: int) -> list[QuestionDraft]:
    first = _first_claims(supported)
    events: list[tuple[DateValue, str, Fact]] = []
    for claim in first.values():
        fact = claim.fact
        if not isinstance(fact.value, DateValue):
            continue
        text = _event_text(fact)
        if text:
            events.append((fact.value, text, fact))
    events.sort(key=lambda e: (_date_interval(e[0])[0], e[2].id))
    # Keep events whose dates cannot overlap ("1999" and "June 1999" cannot be ordered) and
    # that lie weeks apart: putting 16 and 17 February 2008 in order is trivia, not history.
    kept: list[tuple[DateValue, str, Fact]] = []
    texts: set[str] = set()
    for event in events:
        if kept:
            gap = dt.date(*_date_interval(event[0])[0]) - dt.date(*_date_interval(kept[-1][0])[1])
            if gap.days < MIN_ORDERING_GAP_DAYS:
                continue
        if fold_loose(event[1]) in texts:
            continue
        texts.add(fold_loose(event[1]))
        kept.append(event)
    out = []
    for group in _groups(kept):
        ids = [fact.id for _, _, fact in group]
        key = "order:facts:" + "+".join(ids)
        rng = _rng(seed, key)
        order = [text for _, text, _ in group]
        lead = min((first[i] for i in ids), key=lambda c: list(first).index(c.fact.id))
        explanation = "; ".join(f"{text}: {format_value(date)}" for date, text, _ in group) + "."
        options = _shuffled(order, rng)
        while options == tuple(order) and len(order) > 1:
            options = _shuffled(order, rng)
        out.append(
            QuestionDraft(
                key=key,
                kind="ordering",
                prompt="Put these events in the order they happened, earliest first.",
                options=options,
                answer={"order": order},
                explanation=explanation,
                claim_id=lead.claim_id,
                fact_id=lead.fact.id,
                lesson_id=lead.lesson_id,
                anchor=lead.anchor,
                fact_ids=tuple(ids),
            )
        )
    return out


# =========================================================================== entry point


def _validate(claims: Sequence[ClaimInput]) -> None:
    ids: set[int] = set()
    for claim in claims:
        if claim.verdict not in ("SUPPORTED", "REFUTED"):
            raise ValueError(
                f"claim {claim.claim_id}: only SUPPORTED or REFUTED claims can be quizzed, "
                f"not {claim.verdict}"
            )
        if not isinstance(claim.fact, Fact):
            raise ValueError(f"claim {claim.claim_id}: a verified claim needs its fact")
        if claim.sentence[claim.start : claim.end] != claim.text:
            raise ValueError(f"claim {claim.claim_id}: text does not match the sentence offsets")
        if claim.claim_id in ids:
            raise ValueError(f"claim {claim.claim_id} is given twice")
        ids.add(claim.claim_id)


def questions_for_claims(
    claims: Sequence[ClaimInput],
    factbase: FactBase,
    *,
    seed: int,
    variants: int = 1,
    unverified: Collection[tuple[int, str]] = (),
) -> list[QuestionDraft]:
    """Questions for the given verified claims: one per SUPPORTED claim (when one can be built
    honestly), a false true/false and a spot-the-error item per REFUTED claim, then matching
    and timeline-ordering questions over the SUPPORTED claims' facts.

    `unverified` holds the (lesson id, anchor) of sentences with a NOT_ENOUGH_INFO claim: like
    sentences with a refuted claim, they are never quoted as a question's context."""
    _validate(claims)
    pools = _pools(factbase)
    refuted = {(c.lesson_id, c.anchor) for c in claims if c.verdict == "REFUTED"}
    doubtful = refuted | set(unverified)
    asked: set[str] = set()
    out: list[QuestionDraft] = []
    for claim in claims:
        if claim.verdict == "REFUTED":
            out.append(_refuted_true_false(claim))
            spot = _spot_error(claim, pools, seed)
            if spot is not None:
                out.append(spot)
            continue
        answer = _answer_for(claim)
        if answer is None:
            continue
        ctx = _Ctx(
            claim=claim,
            answer=answer,
            pools=pools,
            seed=seed,
            clean_sentence=(claim.lesson_id, claim.anchor) not in doubtful,
        )
        out.extend(_supported_questions(ctx, variants, asked))
    supported = [c for c in claims if c.verdict == "SUPPORTED"]
    out += _matching(supported, seed)
    out += _ordering(supported, seed)
    return out
