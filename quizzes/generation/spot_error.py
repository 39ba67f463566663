"""Spot the error: a REFUTED claim's sentence, its wrong part named, and the correct value to
pick among three wrong ones.

The options are wrong at the article's precision: when the article got the year wrong
("2003" for 20 December 2001), every wrong option has a wrong year too, and the article's own
mistake at the fact's precision ("20 December 2003") is one of them.
"""

from __future__ import annotations

import random

from lessons.facts.values import AcronymValue, DateValue, Value
from lessons.text.normalise import fold_loose
from quizzes.answer_keys import SpotErrorKey
from quizzes.generation.distractors import (
    acronym_distractors,
    date_distractors,
    distractor_values,
)
from quizzes.generation.drafts import (
    OPTION_COUNT,
    ClaimInput,
    QuestionDraft,
    dedupe,
    draft_about,
    options,
    quote,
    rng_for,
)
from quizzes.generation.phrasing import when_question
from quizzes.generation.pools import Pools
from quizzes.kinds import QuestionKind

_Choice = tuple[str, list[str], str]  # the right option, the wrong ones, the question


def spot_error(claim: ClaimInput, pools: Pools, seed: int) -> QuestionDraft | None:
    key = f"spot:claim:{claim.claim_id}"
    rng = rng_for(seed, key)
    choice = _choice(claim, pools, rng)
    if choice is None:
        return None
    right, distractors, question = choice
    folded = {fold_loose(d) for d in distractors} | {fold_loose(right)}
    if fold_loose(right) == fold_loose(claim.text) or len(folded) != OPTION_COUNT:
        return None
    fact, correct = claim.fact, claim.correct_text()
    return draft_about(
        claim,
        key=key,
        kind=QuestionKind.SPOT_ERROR,
        prompt=(
            f"Spot the error. The lesson {quote(claim.lesson_title)} says: "
            f"{quote(claim.sentence)} The part {quote(claim.text)} is wrong. {question}"
        ),
        options=options(right, distractors, rng),
        answer=SpotErrorKey(
            correct=right,
            wrong=claim.text,
            accepted=dedupe([right, correct, fact.value.display()]),
        ),
        explanation=(
            f"The article says {quote(claim.text)}, but the correct value is {correct}. "
            f"{fact.statement}"
        ),
    )


def _choice(claim: ClaimInput, pools: Pools, rng: random.Random) -> _Choice | None:
    fact, value = claim.fact, claim.fact.value
    if isinstance(value, AcronymValue):
        distractors = acronym_distractors(value, pools, rng, reverse=False)
        if distractors is None:
            return None
        return value.expansion, distractors, f"What does {value.acronym} stand for?"
    if isinstance(value, DateValue) and isinstance(claim.value, DateValue):
        values = _wrong_dates(value, claim.value, claim, pools, rng)
    else:
        values = distractor_values(value, fact, pools, rng)
    if values is None:
        return None
    question = when_question(fact, value.granularity) if isinstance(value, DateValue) else None
    wrong = [v.render("full") for v in values]
    return value.render("full"), wrong, question or "What is the correct value?"


def _wrong_dates(
    value: DateValue, claimed: DateValue, claim: ClaimInput, pools: Pools, rng: random.Random
) -> list[Value] | None:
    """The error is at the article's precision ("2003"), so every wrong option is wrong there
    too, and the article's own mistake is one of them ("20 December 2003")."""
    differ_at = None if claimed.precise_to(value.granularity) else claimed.granularity
    try:
        echo: DateValue | None = (
            DateValue(claimed.year, claimed.month or value.month, claimed.day or value.day)
            if value.month is not None
            else DateValue(claimed.year)
        ).coarsen(value.granularity)
    except ValueError:  # pragma: no cover - a day that does not exist in that month
        echo = None
    also = [echo] if echo is not None and echo != value else []
    dates = date_distractors(value, claim.fact, pools, rng, differ_at=differ_at, also=also)
    return list(dates) if dates else None
