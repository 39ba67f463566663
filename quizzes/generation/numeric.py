"""Numeric answer: the learner types a number.

Either the year of a year-precise date ("In which year did ...? Type the year.") or the number
blanked out of the fact's cited statement ("Type the missing number: ..."), with the unit left
in place as a hint.  A figure the source gives as "over N" or "approximately N" is accepted
within 5 %; exact figures, durations, years and resolution numbers only when exact.
"""

from __future__ import annotations

from lessons.facts.values import DateValue, DurationValue, NumberValue, ResolutionValue, Value
from quizzes.answer_keys import NumericKey
from quizzes.generation.blanks import Spot, digits_in, fill, locate
from quizzes.generation.drafts import BLANK, ClaimContext, QuestionDraft, quote
from quizzes.generation.phrasing import when_question
from quizzes.kinds import QuestionKind

PREFIX = "num"


def numeric(ctx: ClaimContext) -> QuestionDraft | None:
    fact, value = ctx.fact, ctx.answer.value
    if isinstance(value, DateValue):
        return _year(ctx, value)
    key = numeric_key(value)
    if key is None:
        return None
    spot = locate(fact.statement, fact.value)
    if spot is None or spot.style == "words":
        return None  # "six months": a typed number would not fit the sentence
    if spot.style == "full":  # "78 days": blank the number only, the unit stays as a hint
        digits = digits_in(fact.statement[spot.start : spot.end], spot.start)
        if digits is None:
            return None
        spot = Spot(*digits, "digits")
    prompt = f"Type the missing number: {quote(fill(fact.statement, spot, BLANK))}"
    return ctx.draft(PREFIX, QuestionKind.NUMERIC, prompt, (), key, fact.statement)


def _year(ctx: ClaimContext, value: DateValue) -> QuestionDraft | None:
    if value.granularity != "year":
        return None
    question = when_question(ctx.fact, "year")
    if question is None:
        return None
    key = NumericKey(value=value.year, tolerance=0, unit="", display=str(value.year))
    return ctx.draft(
        PREFIX, QuestionKind.NUMERIC, f"{question} Type the year.", (), key, ctx.fact.statement
    )


def numeric_key(value: Value) -> NumericKey | None:
    """The answer key of a figure, a duration or a resolution number; None for other values."""
    match value:
        case NumberValue():
            exact = value.qualifier == "exact"
            tolerance = 0.0 if exact else max(1.0, round(0.05 * value.value))
            unit, display = value.unit, value.display()
        case DurationValue():
            tolerance, unit, display = 0.0, value.unit, value.display()
        case ResolutionValue():
            tolerance, unit, display = 0.0, "", value.render("full")
        case _:
            return None
    number = value.magnitude()
    return NumericKey(
        value=int(number) if number == int(number) else number,
        tolerance=int(tolerance) if tolerance == int(tolerance) else tolerance,
        unit=unit,
        display=display,
    )
