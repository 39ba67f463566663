"""Typed fact values carry their behaviour: showing, rendering in a style, coarsening, shifting."""

from __future__ import annotations

import datetime as dt

import pytest

from lessons.facts import values as fv
from lessons.facts.values import DateValue, format_value

DAY = DateValue(1999, 6, 12)
MONTH = DateValue(1999, 6)
YEAR = DateValue(1999)
CAMPAIGN = fv.SpanValue(DateValue(1999, 3, 24), DateValue(1999, 6, 10))
SORTIES = fv.NumberValue(38000, "sorties", "over")
BOMBING = fv.DurationValue(78, "days")
KFOR = fv.AcronymValue("KFOR", "Kosovo Force")
UNSCR = fv.ResolutionValue(1244, 1999)
OPERATION = fv.EntityValue("Operation Joint Guardian", ("Joint Guardian",))


# --------------------------------------------------------------------------- dates


def test_a_date_coarsens_to_a_less_precise_one():
    assert [DAY.coarsen(g) for g in ("day", "month", "year")] == [DAY, MONTH, YEAR]
    assert MONTH.coarsen("year") == YEAR
    assert YEAR.coarsen("year") == YEAR


def test_a_date_knows_how_precise_it_is():
    assert DAY.precise_to("day")
    assert DAY.precise_to("year")
    assert MONTH.precise_to("month")
    assert not MONTH.precise_to("day")
    assert not YEAR.precise_to("month")


def test_a_date_is_the_interval_of_days_it_can_mean():
    assert YEAR.interval() == (dt.date(1999, 1, 1), dt.date(1999, 12, 31))
    assert DateValue(2000, 2).interval() == (dt.date(2000, 2, 1), dt.date(2000, 2, 29))
    assert DAY.interval() == (dt.date(1999, 6, 12), dt.date(1999, 6, 12))


def test_distance_is_measured_between_the_middles_of_the_periods():
    assert DAY.distance(DateValue(1999, 6, 19)) == 7
    assert YEAR.distance(DateValue(2000)) == 366
    assert MONTH.distance(DAY) == DAY.distance(MONTH)
    assert YEAR.ordinal() < DateValue(1999, 12, 31).ordinal() < DateValue(2000).ordinal()


def test_a_date_shifts_at_its_own_precision():
    assert DAY.shift_days(-40) == DateValue(1999, 5, 3)
    assert MONTH.shift_months(7) == DateValue(2000, 1)
    assert YEAR.shift_months(12) == DateValue(2000)
    assert DAY.shift_years(-3) == DateValue(1996, 6, 12)
    assert DAY.step(23) == DateValue(1999, 7, 5)
    assert MONTH.step(-12) == DateValue(1998, 6)
    assert YEAR.step(2) == DateValue(2001)


def test_a_day_that_does_not_exist_after_the_shift_is_none():
    assert DateValue(2000, 1, 31).shift_months(1) is None
    assert DateValue(2000, 2, 29).shift_years(1) is None


def test_a_date_is_spelled_the_usual_ways():
    assert DAY.spellings() == [
        "12 June 1999",
        "June 12, 1999",
        "12th June 1999",
        "12 Jun 1999",
    ]
    assert MONTH.spellings() == ["June 1999", "Jun 1999", "June of 1999"]
    assert YEAR.spellings() == ["1999"]
    assert DateValue(2001, 12, 22).spellings()[2] == "22nd December 2001"
    assert DateValue(2001, 12, 13).spellings()[2] == "13th December 2001"


def test_sort_key_puts_a_year_at_its_start():
    assert sorted([DAY, YEAR, MONTH], key=DateValue.sort_key) == [YEAR, MONTH, DAY]


# --------------------------------------------------------------------------- every value


@pytest.mark.parametrize(
    ("value", "dates"),
    [
        (DAY, (DAY,)),
        (CAMPAIGN, (CAMPAIGN.start, CAMPAIGN.end)),
        (fv.SpanValue(YEAR, None), (YEAR,)),
        (UNSCR, (DateValue(1999),)),
        (fv.ResolutionValue(1031), ()),
        (SORTIES, ()),
        (BOMBING, ()),
        (KFOR, ()),
        (OPERATION, ()),
    ],
)
def test_every_value_says_which_dates_it_holds(value, dates):
    assert value.dates() == dates


@pytest.mark.parametrize(
    ("value", "noun", "magnitude"),
    [
        (DAY, "date", None),
        (MONTH, "month", None),
        (YEAR, "year", None),
        (CAMPAIGN, "period", None),
        (SORTIES, "figure", 38000),
        (BOMBING, "length of time", 78),
        (UNSCR, "resolution number", 1244),
        (OPERATION, "operation", None),
        (fv.EntityValue("Slobodan Milošević"), "name", None),
        (KFOR, "name", None),
    ],
)
def test_every_value_names_its_kind_and_the_number_it_counts(value, noun, magnitude):
    assert value.noun() == noun
    assert value.magnitude() == magnitude


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (DAY, "date", "12 June 1999"),
        (CAMPAIGN, "from", "from 24 March to 10 June 1999"),
        (CAMPAIGN, "between", "between 24 March and 10 June 1999"),
        (
            fv.SpanValue(DateValue(1999, 6, 1), DateValue(1999, 6, 10)),
            "from",
            "from 1 to 10 June 1999",
        ),
        (fv.SpanValue(DateValue(2001), DateValue(2014)), "from", "from 2001 to 2014"),
        (fv.SpanValue(YEAR, None), "since", "since 1999"),
        (fv.SpanValue(YEAR, None), "plain", "1999 – present"),
        (CAMPAIGN, "full", "24 March 1999 – 10 June 1999"),
        (SORTIES, "digits", "38,000"),
        (SORTIES, "full", "about 38,000 sorties"),
        (fv.NumberValue(45, "killed"), "full", "45 killed"),
        (BOMBING, "digits", "78"),
        (BOMBING, "full", "78 days"),
        (fv.DurationValue(6, "months"), "words", "six months"),
        (fv.DurationValue(1, "years"), "words", "one year"),
        (fv.DurationValue(120, "days"), "words", "120 days"),
        (UNSCR, "digits", "1244"),
        (UNSCR, "full", "Resolution 1244"),
        (KFOR, "name", "Kosovo Force"),
        (OPERATION, "name", "Operation Joint Guardian"),
    ],
)
def test_a_value_renders_to_fit_a_gap_of_a_style(value, style, expected):
    assert value.render(style) == expected


@pytest.mark.parametrize("value", [DAY, CAMPAIGN, SORTIES, BOMBING, KFOR, UNSCR, OPERATION])
def test_format_value_is_the_values_own_display(value):
    assert format_value(value) == value.display()


def test_an_entity_lists_its_names():
    assert OPERATION.names == ("Operation Joint Guardian", "Joint Guardian")


def test_an_entity_knows_when_it_is_an_operation():
    assert OPERATION.is_operation
    assert not fv.EntityValue("Slobodan Milošević").is_operation
