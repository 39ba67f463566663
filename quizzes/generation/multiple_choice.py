"""Multiple choice: one right answer among three distractors of the same type.

The question is, in order of preference:

* for an acronym, "What does the abbreviation KFOR stand for?" (or the reverse, by the key's
  hash, so a course has both);
* for an operation named in the lesson, the lesson's own sentence with the name blanked out;
* for a date, a teacher-style question asked at the lesson's precision ("In which month and
  year did KFOR enter Kosovo?");
* otherwise the fact's cited statement with its value blanked out ("Which figure completes
  this statement?").
"""

from __future__ import annotations

import random

from lessons.facts.values import AcronymValue, DateValue, Value
from quizzes.answer_keys import ChoiceKey
from quizzes.generation.blanks import fill, statement_spot
from quizzes.generation.distractors import acronym_distractors, distractor_values
from quizzes.generation.drafts import BLANK, ClaimContext, QuestionDraft, options, quote, stable
from quizzes.generation.phrasing import when_question
from quizzes.kinds import QuestionKind

PREFIX = "mc"


def multiple_choice(ctx: ClaimContext) -> QuestionDraft | None:
    rng = ctx.rng(PREFIX)
    value = ctx.answer.value
    if isinstance(value, AcronymValue):
        return _acronym(ctx, value, rng)
    distractors = distractor_values(value, ctx.fact, ctx.pools, rng)
    if distractors is None:
        return None
    if ctx.claim.kind == "operation":
        return _operation_gap(ctx, distractors, rng)
    if isinstance(value, DateValue):
        question = when_question(ctx.fact, value.granularity)
        if question is not None:
            wrong = [d.display() for d in distractors]
            return _choice(ctx, question, value.display(), options(value.display(), wrong, rng))
    return _completion(ctx, value, distractors, rng)


def _choice(ctx: ClaimContext, prompt: str, right: str, offered: tuple[str, ...]) -> QuestionDraft:
    return ctx.draft(
        PREFIX,
        QuestionKind.MULTIPLE_CHOICE,
        prompt,
        offered,
        ChoiceKey(correct=right),
        ctx.fact.statement,
    )


def _acronym(ctx: ClaimContext, value: AcronymValue, rng: random.Random) -> QuestionDraft | None:
    reverse = stable(ctx.key(PREFIX)) % 2 == 1
    distractors = acronym_distractors(value, ctx.pools, rng, reverse=reverse)
    if distractors is None:
        return None
    if reverse:
        prompt = f"Which abbreviation stands for the {value.expansion}?"
        right = value.acronym
    else:
        prompt = f"What does the abbreviation {value.acronym} stand for?"
        right = value.expansion
    return _choice(ctx, prompt, right, options(right, distractors, rng))


def _operation_gap(
    ctx: ClaimContext, distractors: list[Value], rng: random.Random
) -> QuestionDraft | None:
    """ "Which operation fills the gap in this sentence from the lesson ...?"."""
    if not ctx.sentence_usable():
        return None
    claim = ctx.claim
    prompt = (
        "Which operation fills the gap in this sentence from the lesson? "
        f"{quote(ctx.gapped(claim.start, claim.end))}"
    )
    wrong = [d.render("name") for d in distractors]
    return _choice(ctx, prompt, claim.text, options(claim.text, wrong, rng))


def _completion(
    ctx: ClaimContext, value: Value, distractors: list[Value], rng: random.Random
) -> QuestionDraft | None:
    """The fact's statement with the value blanked out; a date is asked at the lesson's
    precision, and "on"/"in" before the blank follows it."""
    found = statement_spot(ctx.fact.statement, ctx.fact.value)
    if found is None:
        return None
    statement, spot = found
    granularity = value.granularity if isinstance(value, DateValue) else None
    gapped = fill(statement, spot, BLANK, granularity)
    right = value.render(spot.style)
    offered = options(right, [d.render(spot.style) for d in distractors], rng)
    if len(set(offered)) != len(offered):
        return None
    return _choice(
        ctx, f"Which {value.noun()} completes this statement? {quote(gapped)}", right, offered
    )
