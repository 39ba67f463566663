"""Typed fact values: dates with their precision, spans, numbers with unit and qualifier,
durations, entities, acronyms and UN resolutions. Pure Python, no Django.

A value carries its own behaviour, so callers never switch on its type:

- ``display()`` - how it reads on its own ("12 June 1999", "over 38,000 sorties");
  ``format_value(value)`` is the same as a function;
- ``render(style)`` - how it is written to fit a gap in a sentence (a :data:`Style`: just the
  digits, "from ... to ...", the name ...), for quiz options;
- ``dates()``, ``magnitude()``, ``noun()`` - the dates it holds, the number it counts, and what
  it is called in a question ("Which *figure* completes ...?");
- a :class:`DateValue` also coarsens, shifts, measures and spells itself.

The fact-base schema (:mod:`lessons.facts.schema`) reads and writes them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal, cast, get_args

from lessons.text.numbers import format_number, spell_number

Qualifier = Literal["exact", "approximately", "over", "at least", "under", "up to"]
DurationUnit = Literal["days", "weeks", "months", "years"]
Granularity = Literal["year", "month", "day"]
# How a value must be written to fit where it stands in a sentence: "date" / "full" (as it
# reads on its own), "digits" (the bare number), "words" ("six months"), "name", "plain",
# and the span forms "from X to Y", "between X and Y", "since X".
Style = Literal["date", "digits", "full", "from", "between", "since", "plain", "name", "words"]

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
    "boolean",
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
_RANK: dict[str, int] = {"year": 0, "month": 1, "day": 2}
_DATE_NOUNS: dict[str, str] = {"day": "date", "month": "month", "year": "year"}
# --------------------------------------------------------------------------- values


class BaseValue:
    """What every value can do; a class overrides only what differs from these defaults."""

    __slots__ = ()

    def display(self) -> str:
        """How the value reads on its own: "12 June 1999", "over 38,000 sorties"."""
        raise NotImplementedError

    def render(self, style: Style) -> str:
        """The value written to fit a gap of ``style`` in a sentence (default: as displayed)."""
        return self.display()

    def dates(self) -> tuple[DateValue, ...]:
        """The dates the value holds (a span's start and end, a resolution's year)."""
        return ()

    def magnitude(self) -> float | None:
        """The number a learner would type for it (a figure, an amount, a resolution number)."""
        return None

    def noun(self) -> str:
        """What a question calls it: "Which *figure* completes this statement?"."""
        return "name"


@dataclass(frozen=True)
class DateValue(BaseValue):
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

    def display(self) -> str:
        if self.day is not None:
            return f"{self.day} {MONTH_NAMES[cast(int, self.month)]} {self.year}"
        if self.month is not None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return str(self.year)

    def dates(self) -> tuple[DateValue, ...]:
        return (self,)

    def noun(self) -> str:
        return _DATE_NOUNS[self.granularity]

    # ----------------------------------------------------------------- precision

    def precise_to(self, granularity: str) -> bool:
        """Known at least to ``granularity`` ("12 June 1999" is precise to the month)."""
        return _RANK[self.granularity] >= _RANK[granularity]

    def coarsen(self, granularity: str) -> DateValue:
        """The same date told less precisely: "12 June 1999" at "month" is "June 1999"."""
        if granularity == "year":
            return DateValue(self.year)
        if granularity == "month":
            return DateValue(self.year, self.month)
        return self

    # ----------------------------------------------------------------- time line

    def interval(self) -> tuple[dt.date, dt.date]:
        """Earliest and latest day the date can mean ("1999" = 1 January to 31 December)."""
        if self.month is None:
            return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        if self.day is None:
            last = calendar.monthrange(self.year, self.month)[1]
            return dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last)
        day = dt.date(self.year, self.month, self.day)
        return day, day

    def ordinal(self) -> int:
        """A day count at the middle of the period, for "how far apart" (not a calendar)."""
        return self.year * 366 + ((self.month or 7) - 1) * 31 + (self.day or 1)

    def distance(self, other: DateValue) -> int:
        """Roughly how many days lie between the two dates' middles."""
        return abs(self.ordinal() - other.ordinal())

    def shift_days(self, days: int) -> DateValue:
        """A day date moved by ``days`` (only for dates precise to the day)."""
        moved = dt.date(self.year, cast(int, self.month), cast(int, self.day))
        moved += dt.timedelta(days=days)
        return DateValue(moved.year, moved.month, moved.day)

    def shift_months(self, months: int) -> DateValue | None:
        """The date ``months`` later at the same precision; None when that day does not exist
        (31 January + 1 month)."""
        year, month = divmod(self.year * 12 + (self.month or 1) - 1 + months, 12)
        month += 1
        if self.month is None:
            return DateValue(year)
        if self.day is None:
            return DateValue(year, month)
        if self.day > calendar.monthrange(year, month)[1]:
            return None
        return DateValue(year, month, self.day)

    def shift_years(self, years: int) -> DateValue | None:
        return self.shift_months(12 * years)

    def step(self, count: int) -> DateValue | None:
        """Moved by ``count`` of its own units: days, months or years."""
        if self.day is not None:
            return self.shift_days(count)
        if self.month is not None:
            return self.shift_months(count)
        return self.shift_years(count)

    # ----------------------------------------------------------------- writing

    def spellings(self) -> list[str]:
        """Every usual way to write the date, the displayed one first ("June 12, 1999" ...)."""
        forms = [self.display()]
        if self.month is None:
            return forms
        month = MONTH_NAMES[self.month]
        short = month[:3]
        if self.day is None:
            return [*forms, f"{short} {self.year}", f"{month} of {self.year}"]
        return [
            *forms,
            f"{month} {self.day}, {self.year}",
            f"{self.day}{_ordinal_suffix(self.day)} {month} {self.year}",
            f"{self.day} {short} {self.year}",
        ]


def _ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@dataclass(frozen=True)
class SpanValue(BaseValue):
    """A period; ``end is None`` means ongoing."""

    start: DateValue
    end: DateValue | None

    def display(self) -> str:
        if self.end is None:
            return f"{self.start.display()} {EN_DASH} present"
        if self.start.granularity == "year" and self.end.granularity == "year":
            return f"{self.start.year}{EN_DASH}{self.end.year}"
        return f"{self.start.display()} {EN_DASH} {self.end.display()}"

    def render(self, style: Style) -> str:
        """ "from 24 March to 10 June 1999", "between ... and ...", "since ...", or as shown."""
        start, end = self.start, self.end
        if end is None:
            return f"since {start.display()}" if style == "since" else self.display()
        if style not in ("from", "between"):
            return self.display()
        joint = "to" if style == "from" else "and"
        first = start.display()
        if start.granularity == end.granularity == "day" and start.year == end.year:
            # "from 24 March to 10 June 1999": the year once; the month once if shared
            first = str(start.day) if start.month == end.month else first.rsplit(" ", 1)[0]
        return f"{style} {first} {joint} {end.display()}"

    def dates(self) -> tuple[DateValue, ...]:
        return (self.start,) if self.end is None else (self.start, self.end)

    def noun(self) -> str:
        return "period"


_QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "approximately ",
    "over": "over ",
    "at least": "at least ",
    "under": "under ",
    "up to": "up to ",
}


@dataclass(frozen=True)
class NumberValue(BaseValue):
    value: float
    unit: str
    qualifier: Qualifier = "exact"

    def display(self) -> str:
        text = f"{_QUALIFIER_WORDS[self.qualifier]}{format_number(self.value)}"
        return f"{text} {self.unit}" if self.unit else text

    def render(self, style: Style) -> str:
        """The digits in a gap; on its own "about 38,000 sorties" (an option that says "over"
        would be true of the distractors above it)."""
        if style == "digits":
            return format_number(self.value)
        about = "about " if self.qualifier != "exact" else ""
        return f"{about}{format_number(self.value)} {self.unit}".strip()

    def magnitude(self) -> float:
        return self.value

    def noun(self) -> str:
        return "figure"


@dataclass(frozen=True)
class DurationValue(BaseValue):
    amount: int
    unit: DurationUnit

    def display(self) -> str:
        return f"{self.amount} {self._unit()}"

    def _unit(self) -> str:
        return self.unit.rstrip("s") if self.amount == 1 else self.unit

    def render(self, style: Style) -> str:
        """ "78" for digits, "six months" for words (when it can be spelled), else "78 days"."""
        if style == "digits":
            return str(self.amount)
        spelled = spell_number(self.amount)
        if style == "words" and spelled:
            return f"{spelled[0]} {self._unit()}"
        return self.display()

    def magnitude(self) -> float:
        return self.amount

    def noun(self) -> str:
        return "length of time"


@dataclass(frozen=True)
class EntityValue(BaseValue):
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by its aliases."""
        return (self.name, *self.aliases)

    def display(self) -> str:
        return self.name

    @property
    def is_operation(self) -> bool:
        """A military operation ("Operation Joint Guardian"), not a person or a body."""
        return self.name.startswith("Operation ")

    def noun(self) -> str:
        return "operation" if self.is_operation else "name"


@dataclass(frozen=True)
class AcronymValue(BaseValue):
    acronym: str
    expansion: str

    def display(self) -> str:
        return f"{self.expansion} ({self.acronym})"

    def render(self, style: Style) -> str:
        return self.expansion


@dataclass(frozen=True)
class ResolutionValue(BaseValue):
    """A UN Security Council resolution."""

    number: int
    year: int | None = None

    def display(self) -> str:
        if self.year is None:
            return f"Resolution {self.number}"
        return f"Resolution {self.number} ({self.year})"

    def render(self, style: Style) -> str:
        return str(self.number) if style == "digits" else f"Resolution {self.number}"

    def dates(self) -> tuple[DateValue, ...]:
        return () if self.year is None else (DateValue(self.year),)

    def magnitude(self) -> float:
        return self.number

    def noun(self) -> str:
        return "resolution number"


@dataclass(frozen=True)
class BooleanValue(BaseValue):
    """Whether the fact's predicate holds ("had UN Security Council authorisation": no)."""

    holds: bool

    def display(self) -> str:
        return "yes" if self.holds else "no"

    def noun(self) -> str:
        return "answer"


Value = (
    DateValue
    | SpanValue
    | NumberValue
    | DurationValue
    | EntityValue
    | AcronymValue
    | ResolutionValue
    | BooleanValue
)


# --------------------------------------------------------------------------- formatting


def format_value(value: Value) -> str:
    """Human-readable rendering, e.g. "12 June 1999", "over 38,000 sorties", "78 days"."""
    if not isinstance(value, BaseValue):
        raise TypeError(f"not a fact value: {value!r}")
    return value.display()
