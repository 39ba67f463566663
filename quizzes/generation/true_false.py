"""True or false: a fact's cited statement, or the same statement with its value changed to a
clearly wrong one of the same type (by the key's hash, half of them), and a REFUTED claim as
a plain *false* statement.

A false statement changes only the value, so the one thing to judge is the value: a date moved
by three or four years (never to another date of the same subject), a figure halved or doubled,
another real resolution or operation, the closest look-alike expansion of an acronym.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Collection

from lessons.facts import values as fv
from lessons.facts.factbase import Fact
from lessons.facts.keyfacts import years_in
from quizzes.answer_keys import TrueFalseKey
from quizzes.generation.blanks import fill, statement_spot
from quizzes.generation.distractors import (
    acronym_distractors,
    entity_distractors,
    nice,
    numbers_apart,
    operation_distractors,
    resolution_distractors,
    subject_dates,
)
from quizzes.generation.drafts import (
    ClaimContext,
    ClaimInput,
    QuestionDraft,
    draft_about,
    quote,
    stable,
)
from quizzes.generation.phrasing import event_text
from quizzes.generation.pools import Pools
from quizzes.kinds import QuestionKind

PREFIX = "tf"
_OPTIONS = ("True", "False")


def true_false(ctx: ClaimContext) -> QuestionDraft | None:
    fact = ctx.fact
    if ctx.claim.kind == "operation":
        return None  # the fact is about the operation's date, not about the claimed name
    want_false = stable(ctx.key(PREFIX)) % 2 == 1
    false = falsify(fact, ctx.pools, ctx.rng(PREFIX)) if want_false else None
    if want_false and fact.false_statement:
        statement, truth = fact.false_statement, False
        explanation = f"False. {fact.statement}"
    elif false is not None:
        statement, wrong, right = false
        explanation = f"False: it is {right}, not {wrong}. {fact.statement}"
        truth = False
    elif isinstance(fact.value, fv.AcronymValue):
        # the same shape as a false one, so the wording gives nothing away
        statement = f"{fact.value.acronym} stands for {fact.value.expansion}."
        explanation, truth = fact.statement, True
    else:
        statement, explanation, truth = fact.statement, fact.statement, True
    return ctx.draft(
        PREFIX,
        QuestionKind.TRUE_FALSE,
        f"True or false? {statement}",
        _OPTIONS,
        TrueFalseKey(correct=truth),
        explanation,
    )


def falsify(fact: Fact, pools: Pools, rng: random.Random) -> tuple[str, str, str] | None:
    """The fact's statement with its value changed to a clearly wrong one of the same type.

    Returns (false statement, wrong value text, right value text)."""
    value = fact.value
    if isinstance(value, fv.AcronymValue):
        # the closest look-alike: "KFOR stands for Kosovo Security Force", not "... for NATO"
        others = acronym_distractors(value, pools, rng, reverse=False, count=1, among=1)
        if not others:
            return None
        return f"{value.acronym} stands for {others[0]}.", others[0], value.expansion
    found = statement_spot(fact.statement, value)
    if found is None:
        return None
    statement, spot = found
    around = years_in(statement[: spot.start] + " " + statement[spot.end :])
    wrong_value = _wrong_value(fact, pools, rng, around)
    if wrong_value is None:
        return None
    wrong_text = wrong_value.render(spot.style)
    return fill(statement, spot, wrong_text), wrong_text, value.render(spot.style)


def _same_side(moved: fv.DateValue, value: fv.DateValue, years: Collection[int]) -> bool:
    """The wrong date keeps the order with the other years of the statement: "began in 1998,
    ended in 1995" would give itself away."""
    return all((moved.year > y) == (value.year > y) for y in years if y != value.year)


def _wrong_value(
    fact: Fact, pools: Pools, rng: random.Random, around: Collection[int]
) -> fv.Value | None:
    """A clearly wrong value of the same type as the fact's, a date in the same order with
    the ``around`` years of its statement; None when there is none."""
    match value := fact.value:
        case fv.DateValue():
            excluded = subject_dates(fact, pools, value.granularity)
            moved = (value.shift_years(years) for years in rng.sample([-3, 3, -4, 4], 4))
            return next(
                (
                    d
                    for d in moved
                    if d is not None and d not in excluded and _same_side(d, value, around)
                ),
                None,
            )
        case fv.SpanValue() if value.end is not None:
            years = rng.choice([-3, 3])
            start, end = value.start.shift_years(years), value.end.shift_years(years)
            return fv.SpanValue(start, end) if start is not None and end is not None else None
        case fv.NumberValue() if value.qualifier in ("exact", "approximately", "over"):
            return _wrong_number(value, rng)
        case fv.DurationValue():
            amount = value.amount * 2 if value.amount > 2 else value.amount + 3
            return fv.DurationValue(amount, value.unit)
        case fv.ResolutionValue():
            numbers = resolution_distractors(value, fact, pools, rng, count=1)
            return fv.ResolutionValue(numbers[0]) if numbers else None
        case fv.EntityValue() if value.is_operation:
            names = operation_distractors(value.name, pools, rng, count=1)
            return fv.EntityValue(names[0]) if names else None
        case fv.EntityValue() if fact.single:
            # one right answer, so another body (person, post) of the same kind is false
            others = entity_distractors(value, fact, pools, rng, count=1)
            return others[0] if others else None
    return None


def _wrong_number(value: fv.NumberValue, rng: random.Random) -> fv.NumberValue | None:
    """Halved or doubled ("over N" only halved: "over 2N" might still be true)."""
    factor = rng.choice([0.5, 2.0]) if value.qualifier != "over" else 0.5
    if value.value > 30:
        changed = nice(value.value * factor, value.value)
    else:
        changed = round(value.value * 0.5) if value.value >= 8 else value.value + 3
    if changed and numbers_apart(changed, value.value, exact=False):
        return dataclasses.replace(value, value=changed)
    return None


# --------------------------------------------------------------------------- REFUTED claims


def refuted_true_false(claim: ClaimInput, *, quote_sentence: bool = True) -> QuestionDraft | None:
    """The article's wrong value as a statement to judge false, with the correction; active
    only once an admin confirmed the refutation.  The article's whole sentence is used only
    when ``quote_sentence`` (it holds no unverified claim)."""
    statement = _refuted_statement(claim)
    if statement is None and not quote_sentence:
        return None
    return draft_about(
        claim,
        key=f"{PREFIX}:claim:{claim.claim_id}",
        kind=QuestionKind.TRUE_FALSE,
        prompt=f"True or false? {statement or claim.sentence}",
        options=_OPTIONS,
        answer=TrueFalseKey(correct=False),
        explanation=(
            f"False: the article says {quote(claim.text)}, but the correct value is "
            f"{claim.correct_text()}. {claim.fact.statement}"
        ),
        active=claim.confirmed,
    )


def _refuted_statement(claim: ClaimInput) -> str | None:
    """The article's wrong value in a plain statement about the fact ("ISAF was established by
    the UN Security Council in 2003."), so the one thing to judge is the value; the article's
    whole sentence (None here) when no such statement can be built safely."""
    event = event_text(claim.fact)
    if event and isinstance(claim.fact.value, fv.DateValue) and claim.kind in ("date", "year"):
        preposition = "on" if re.match(r"\d{1,2} ", claim.text) else "in"
        return f"{event} {preposition} {claim.text}."
    return None
