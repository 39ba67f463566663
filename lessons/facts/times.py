"""When a claim holds: the time its sentence gives it, and whether a fact is of that time.

A fact with ``as_of`` (KFOR's strength in June 1999, or today) is compared only with a claim of
the same time: "about 50,000 troops in June 1999" is never measured against today's strength.

- :func:`sentence_times` - the dates a sentence gives (every date, year or span claim but the
  claim itself), and whether it speaks of the present ("today", "currently");
- :func:`time_fit` - whether a fact's time is the claim's: ``"same"`` (it may support or
  refute), ``"open"`` (the sentence gives no time: it may support, never refute) or
  ``"other"`` (never compared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from lessons.facts.claims import Claim
from lessons.facts.compare import units_match
from lessons.facts.factbase import Fact
from lessons.facts.values import DateValue, NumberValue, SpanValue

__all__ = ["SentenceTimes", "TimeFit", "sentence_times", "time_fit"]

TimeFit = Literal["same", "open", "other"]

_PRESENT_RE = re.compile(
    r"\b(?:today|currently|current|now|nowadays|presently|at\s+present|as\s+of\s+today)\b",
    re.IGNORECASE,
)
_DATED_KINDS = frozenset({"date", "year", "span"})
# Quantities that change over time: a strength told for one date is not another date's.
_STRENGTH_UNITS = ("troops",)


@dataclass(frozen=True)
class SentenceTimes:
    dates: tuple[DateValue | SpanValue, ...]
    present: bool


def sentence_times(sentence: str, claims: tuple[Claim, ...], claim: Claim) -> SentenceTimes:
    """The times the sentence gives the claim: its other date claims, and "today"-like words."""
    dates = tuple(
        other.value
        for other in claims
        if other.kind in _DATED_KINDS
        and other is not claim
        and isinstance(other.value, DateValue | SpanValue)
    )
    return SentenceTimes(dates, bool(_PRESENT_RE.search(sentence)))


def _agrees(when: DateValue | SpanValue, as_of: DateValue) -> bool:
    """ "June 1999" and "1999" are the time of a 1999-06 value; "2008" is not."""
    if isinstance(when, SpanValue):
        end = when.end.year if when.end else 9999
        return when.start.year <= as_of.year <= end
    if when.year != as_of.year:
        return False
    return when.month is None or as_of.month is None or when.month == as_of.month


def _is_strength(claim: Claim) -> bool:
    value = claim.value
    if not isinstance(value, NumberValue):
        return False
    return any(units_match(value.unit, unit) for unit in _STRENGTH_UNITS)


def time_fit(claim: Claim, fact: Fact, times: SentenceTimes, *, latest: bool) -> TimeFit:
    """Whether ``fact`` is of the claim's time; ``latest``: no fact of the same relation is of
    a later time (so the fact is what "today" means)."""
    as_of = fact.as_of
    if as_of is None:
        # A strength told for a date, against a fact that gives none: the times may differ.
        if times.dates and _is_strength(claim):
            return "open"
        return "same"
    if times.dates:
        return "same" if any(_agrees(when, as_of) for when in times.dates) else "other"
    if times.present:
        return "same" if latest else "other"
    return "open"
