"""Typed fact values: dates with their precision, spans, numbers with unit and qualifier,
durations, entities, acronyms and UN resolutions. Pure Python, no Django.

A value knows how to show itself (``format_value``); the fact-base schema
(:mod:`lessons.facts.schema`) reads and writes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, cast, get_args

from lessons.text.numbers import format_number

Qualifier = Literal["exact", "approximately", "over", "at least", "under", "up to"]
DurationUnit = Literal["days", "weeks", "months", "years"]
Granularity = Literal["year", "month", "day"]

QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
DURATION_UNITS: tuple[str, ...] = get_args(DurationUnit)
VALUE_TYPES: tuple[str, ...] = (
    "date",
    "span",
    "number",
    "duration",
    "entity",
    "acronym",
    "resolution",
)

MONTH_NAMES = (  # index = month number
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EN_DASH = "\u2013"
# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class DateValue:
    """A calendar date; granularity is implied by which parts are set."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range")
        if self.day is not None:
            dt.date(self.year, cast(int, self.month), self.day)  # raises ValueError

    @property
    def granularity(self) -> Granularity:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def sort_key(self) -> tuple[int, int, int]:
        """Earliest possible day, for ordering events (year-only sorts to 1 January)."""
        return (self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True)
class SpanValue:
    """A period; ``end is None`` means ongoing."""

    start: DateValue
    end: DateValue | None


@dataclass(frozen=True)
class NumberValue:
    value: float
    unit: str
    qualifier: Qualifier = "exact"


@dataclass(frozen=True)
class DurationValue:
    amount: int
    unit: DurationUnit


@dataclass(frozen=True)
class EntityValue:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AcronymValue:
    acronym: str
    expansion: str


@dataclass(frozen=True)
class ResolutionValue:
    """A UN Security Council resolution."""

    number: int
    year: int | None = None


Value = (
    DateValue
    | SpanValue
    | NumberValue
    | DurationValue
    | EntityValue
    | AcronymValue
    | ResolutionValue
)


# --------------------------------------------------------------------------- formatting


def _format_date(value: DateValue) -> str:
    if value.day is not None:
        return f"{value.day} {MONTH_NAMES[cast(int, value.month)]} {value.year}"
    if value.month is not None:
        return f"{MONTH_NAMES[value.month]} {value.year}"
    return str(value.year)


_QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "approximately ",
    "over": "over ",
    "at least": "at least ",
    "under": "under ",
    "up to": "up to ",
}


def format_value(value: Value) -> str:
    """Human-readable rendering, e.g. "12 June 1999", "over 38,000 sorties", "78 days"."""
    match value:
        case DateValue():
            return _format_date(value)
        case SpanValue(start=start, end=None):
            return f"{_format_date(start)} {EN_DASH} present"
        case SpanValue(start=start, end=DateValue() as end):
            if start.granularity == "year" and end.granularity == "year":
                return f"{start.year}{EN_DASH}{end.year}"
            return f"{_format_date(start)} {EN_DASH} {_format_date(end)}"
        case NumberValue(value=number, unit=unit, qualifier=qualifier):
            text = f"{_QUALIFIER_WORDS[qualifier]}{format_number(number)}"
            return f"{text} {unit}" if unit else text
        case DurationValue(amount=amount, unit=unit):
            return f"{amount} {unit.rstrip('s') if amount == 1 else unit}"
        case EntityValue(name=name):
            return name
        case AcronymValue(acronym=acronym, expansion=expansion):
            return f"{expansion} ({acronym})"
        case ResolutionValue(number=number, year=None):
            return f"Resolution {number}"
        case ResolutionValue(number=number, year=year):
            return f"Resolution {number} ({year})"
    raise TypeError(f"not a fact value: {value!r}")
