"""How a claimed value is compared with a fact's value: functions over values, no sentence.

- **Dates** are compared at the claim's granularity: "June 1999" agrees with 12 June 1999;
  "12 June 1999" against a month-only fact is NOT_ENOUGH_INFO (the claim is finer than the
  source).  A date against a span fact is compared with its start or its end, when the sentence
  says which (:func:`lessons.facts.subjects.role`).
- **Spans** compare start and end; an ongoing span and an ended one do not settle each other.
- **Numbers** respect "over"/"about"/"up to" on both sides, allow a stated figure to be rounded
  by 1 %, and are REFUTED only when clearly outside what the fact allows.  Units must name the
  same thing ("soldiers" are "troops"; "troops" are not "sorties").
- **Durations** are compared in the claim's unit: "eleven weeks" agrees with 78 days, "77 days"
  is too close to call; a span fact with day dates has a length too.
- **Resolutions** by number and (when both give it) year; **yes/no** values by equality.
- **Names** agree when one name is shared; two *bodies* (organisations: NATO, the EU, the UN)
  disagree; anything else (a person against a body, a name the fact's value mentions) stays open.
  Whether a disagreement may REFUTE is the verifier's call: only a single-valued fact may.

:func:`tier` says which fact values a claim can be compared with at all (0 = same kind).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from lessons.facts.names import entity_names, is_body, mentions_name
from lessons.facts.subjects import Role
from lessons.facts.values import (
    BooleanValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    Qualifier,
    ResolutionValue,
    SpanValue,
    Value,
)
from lessons.facts.verdicts import Verdict

__all__ = ["Outcome", "compare", "tier"]

SUPPORTED, REFUTED, NEI = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.NOT_ENOUGH_INFO


class Outcome(NamedTuple):
    verdict: Verdict
    why: str


# --------------------------------------------------------------------------- dates and spans


_DATE_PARTS = ("year", "month", "day")
_AGREES_TO = ("the year matches", "the month and year match")
_FACT_ONLY_TO = ("the fact gives only the year", "the fact gives only the month")


def compare_dates(claimed: DateValue, fact: DateValue) -> Outcome:
    """Compare at the claim's granularity; a claim finer than the fact cannot be confirmed."""
    mine, theirs = (claimed.year, claimed.month, claimed.day), (fact.year, fact.month, fact.day)
    for level, part in enumerate(_DATE_PARTS):
        if mine[level] is None:
            return Outcome(SUPPORTED, _AGREES_TO[level - 1])
        if theirs[level] is None:
            return Outcome(NEI, _FACT_ONLY_TO[level - 1])
        if mine[level] != theirs[level]:
            return Outcome(REFUTED, f"the {part} differs")
    return Outcome(SUPPORTED, "the date matches")


def _combine(*outcomes: Outcome) -> Outcome:
    """A refutation wins, then a doubt; otherwise every reason holds."""
    for wanted in (REFUTED, NEI):
        for outcome in outcomes:
            if outcome.verdict == wanted:
                return outcome
    return Outcome(SUPPORTED, "; ".join(o.why for o in outcomes))


def compare_spans(claimed: SpanValue, fact: SpanValue) -> Outcome:
    start = compare_dates(claimed.start, fact.start)
    start = Outcome(start.verdict, f"start: {start.why}")
    if claimed.end is None:
        if fact.end is not None:
            return _combine(start, Outcome(NEI, "the fact's period has ended"))
        return start
    if fact.end is None:
        return _combine(start, Outcome(NEI, "the fact's period is ongoing"))
    end = compare_dates(claimed.end, fact.end)
    both = _combine(start, Outcome(end.verdict, f"end: {end.why}"))
    return Outcome(SUPPORTED, "the start and the end match") if both.verdict == SUPPORTED else both


def _date_in_span(claimed: DateValue, fact: SpanValue, role: Role | None) -> Outcome:
    if role == "start":
        return compare_dates(claimed, fact.start)
    if role == "end" and fact.end is not None:
        return compare_dates(claimed, fact.end)
    return Outcome(NEI, "it is unclear whether the date is the start or the end")


def _to_date(value: DateValue) -> dt.date | None:
    if value.day is None or value.month is None:
        return None
    return dt.date(value.year, value.month, value.day)


def _span_days(span: SpanValue) -> float | None:
    """The length of a span given to the day; None when it is open or coarser."""
    start, end = _to_date(span.start), _to_date(span.end) if span.end else None
    return float((end - start).days) if start and end else None


# --------------------------------------------------------------------------- durations

_DAYS_PER = {"days": 1.0, "weeks": 7.0, "months": 30.44, "years": 365.25}


def _length_verdict(actual: float, amount: float, qualifier: Qualifier, unit: str) -> Verdict:
    """One length of the fact (``actual``, in the claim's unit) against the claimed amount."""
    if qualifier in ("over", "at least"):
        ok = actual > amount or (qualifier == "at least" and actual >= amount)
        bad = actual < amount - 1
    elif qualifier in ("under", "up to"):
        ok = actual < amount or (qualifier == "up to" and actual <= amount)
        bad = actual > amount + 1
    elif qualifier == "approximately":
        ok = abs(actual - amount) <= max(1.0, 0.1 * amount)
        bad = abs(actual - amount) > max(2.0, 0.25 * amount)
    elif unit == "days":
        ok, bad = actual == amount, abs(actual - amount) > 2
    else:
        # "eleven weeks" for 78 days (11.1 weeks) is fine; "three months" (2.6) is not.
        ok, bad = abs(actual - amount) <= 0.25, abs(actual - amount) >= 1
    return SUPPORTED if ok else REFUTED if bad else NEI


def compare_lengths(claimed: DurationValue, qualifier: Qualifier, fact_days: set[float]) -> Outcome:
    """Compare in the claim's unit: "eleven weeks" agrees with 78 days, "77 days" is unsure."""
    per = _DAYS_PER[claimed.unit]
    verdicts = [
        _length_verdict(days / per, float(claimed.amount), qualifier, claimed.unit)
        for days in fact_days
    ]
    if SUPPORTED in verdicts:
        return Outcome(SUPPORTED, "the length matches")
    if verdicts and all(v == REFUTED for v in verdicts):
        return Outcome(REFUTED, "the length differs")
    return Outcome(NEI, "the length is close but not the same")


# --------------------------------------------------------------------------- numbers

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
_UNIT_WORD_RE = re.compile(r"[a-z%]+")
_INF = float("inf")


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


def units_match(claimed: str, fact: str) -> bool:
    a, b = _unit_heads(claimed), _unit_heads(fact)
    if not a or not b:
        return not a and not b
    # The claim's noun must be the fact's noun: "civilian deaths" vs "deaths" fine, but
    # "troops" vs "sorties" is a different quantity.
    return bool(a & b) and (a <= b or b <= a)


def _interval(value: float, qualifier: Qualifier, *, tolerance: float) -> tuple[float, float]:
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


def _allowed(fact: NumberValue) -> tuple[float, float]:
    """What the fact allows: an exact figure is a point, "about N" is N +/- 5 %, "over N"
    anything above N."""
    if fact.qualifier == "exact":
        return fact.value, fact.value
    if fact.qualifier == "approximately":
        return fact.value * 0.95, fact.value * 1.05
    return _interval(fact.value, fact.qualifier, tolerance=0.0)


def compare_numbers(claimed: NumberValue, fact: NumberValue) -> Outcome:
    f_lo, f_hi = _allowed(fact)
    # The claim is supported when everything the fact allows satisfies it (a stated figure may
    # be rounded by 1 %); against "about N" the source's own figure N is what must fit, so
    # "50,000 troops" agrees with "about 50,000 troops".
    c_lo, c_hi = _interval(claimed.value, claimed.qualifier, tolerance=0.01)
    if fact.qualifier == "approximately":
        supported = c_lo <= fact.value <= c_hi
    else:
        supported = c_lo <= f_lo and f_hi <= c_hi
    if supported:
        return Outcome(SUPPORTED, "the figure agrees")
    # Refuted only when nothing the fact allows comes within a further 5 % of the claim.
    w_lo, w_hi = _interval(claimed.value, claimed.qualifier, tolerance=0.06)
    if claimed.qualifier in ("over", "at least"):
        w_lo = claimed.value * 0.95
    if claimed.qualifier in ("under", "up to"):
        w_hi = claimed.value * 1.05
    if f_hi < w_lo or f_lo > w_hi:
        return Outcome(REFUTED, "the figure is clearly different")
    return Outcome(NEI, "the figure is close but the fact does not settle it")


# --------------------------------------------------------------------------- any two values


def compare_resolutions(claimed: ResolutionValue, fact: ResolutionValue) -> Outcome:
    if claimed.number != fact.number:
        return Outcome(REFUTED, "the resolution number differs")
    if claimed.year is not None and fact.year is not None and claimed.year != fact.year:
        return Outcome(REFUTED, "the resolution's year differs")
    return Outcome(SUPPORTED, "the resolution matches")


def compare_names(claimed: EntityValue, fact: EntityValue) -> Outcome:
    if entity_names(claimed) & entity_names(fact):
        return Outcome(SUPPORTED, "the name matches")
    # A person against a body settles nothing: a chain of command has several levels, so "led
    # by SACEUR" does not contradict "led by NATO"; nor does a name the fact's value mentions
    # ("NATO" in "... with substantial NATO participation").
    if is_body(claimed) and is_body(fact) and not mentions_name(fact, claimed):
        return Outcome(REFUTED, f"the fact names {fact.name}, another body")
    return Outcome(NEI, f"the fact names {fact.name}, which does not settle this")


def compare_booleans(claimed: BooleanValue, fact: BooleanValue) -> Outcome:
    if claimed.holds == fact.holds:
        return Outcome(SUPPORTED, "the answer matches")
    return Outcome(REFUTED, f"the answer is {fact.display()}")


def compare(
    claimed: Value, fact: Value, *, role: Role | None = None, qualifier: Qualifier = "exact"
) -> Outcome:
    """The verdict of ``fact`` on ``claimed``.

    ``role`` says whether a date claim is a start or an end; ``qualifier`` is a duration
    claim's ("over 78 days"), since a duration value has none of its own.
    """
    match claimed, fact:
        case DateValue(), DateValue():
            return compare_dates(claimed, fact)
        case DateValue(), SpanValue():
            return _date_in_span(claimed, fact, role)
        case SpanValue(), SpanValue():
            return compare_spans(claimed, fact)
        case NumberValue(), NumberValue():
            return compare_numbers(claimed, fact)
        case DurationValue(), DurationValue(amount=amount, unit=unit):
            return compare_lengths(claimed, qualifier, {amount * _DAYS_PER[unit]})
        case DurationValue(), SpanValue() if (days := _span_days(fact)) is not None:
            return compare_lengths(claimed, qualifier, {days, days + 1})
        case ResolutionValue(), ResolutionValue():
            return compare_resolutions(claimed, fact)
        case EntityValue(), EntityValue():
            return compare_names(claimed, fact)
        case BooleanValue(), BooleanValue():
            return compare_booleans(claimed, fact)
    return Outcome(NEI, "the values cannot be compared")


def tier(claimed: Value, fact: Value) -> int | None:
    """How comparable a fact's value is with a claimed one: 0 the same kind of value, 1 a
    neighbouring kind (a date against a span, a duration against a dated span), None never."""
    match claimed, fact:
        case DateValue(), DateValue():
            return 0
        case DateValue(), SpanValue():
            return 1
        case NumberValue(unit=claimed_unit), NumberValue(unit=fact_unit):
            return 0 if units_match(claimed_unit, fact_unit) else None
        case DurationValue(), SpanValue():
            return 1 if _span_days(fact) is not None else None
        case (SpanValue(), SpanValue()) | (DurationValue(), DurationValue()):
            return 0
        case (ResolutionValue(), ResolutionValue()) | (EntityValue(), EntityValue()):
            return 0
        case BooleanValue(), BooleanValue():
            return 0
    return None
