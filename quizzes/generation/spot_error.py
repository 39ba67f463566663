"""Spot the error: the article's sentence that holds a REFUTED claim, and the learner picks the
wrong part among the sentence's checkable parts.

The parts are the sentence's claims (dates, figures, names the verifier checked) and, when the
sentence has few, the other names and figures in it; the sentence holds no unverified claim, so
every part but the wrong one is right.  The feedback gives the correction with its nuance: the
fact's statement, and when the article's wrong value is right about another event of the same
subject ("2003": NATO took command of ISAF in August 2003), that event too.
"""

from __future__ import annotations

from collections.abc import Sequence

from lessons.facts.factbase import Fact
from lessons.facts.values import DateValue
from lessons.text.normalise import fold_loose
from quizzes.answer_keys import SpotErrorKey
from quizzes.generation.drafts import ClaimInput, QuestionDraft, draft_about, quote
from quizzes.generation.pools import Pools
from quizzes.kinds import QuestionKind

MAX_PARTS = 4  # options offered: the wrong part and up to three right ones
Part = tuple[int, str]  # where a part starts in the sentence, its text


def spot_error(
    claim: ClaimInput, parts: Sequence[Part], pools: Pools, *, active: bool = True
) -> QuestionDraft | None:
    """``parts`` are the sentence's other checkable parts, right as written; None when there
    is no other part to choose from (a choice of one is no question)."""
    chosen = _right_parts(claim, parts)
    if not chosen:
        return None
    offered = tuple(text for _, text in sorted([*chosen, (claim.start, claim.text)]))
    return draft_about(
        claim,
        key=f"spot:claim:{claim.claim_id}",
        kind=QuestionKind.SPOT_ERROR,
        prompt=(
            "Spot the error. One part of this sentence from the lesson is wrong: which one? "
            f"{quote(claim.sentence.strip())}"
        ),
        options=offered,
        answer=SpotErrorKey(correct=claim.text, wrong=claim.text, accepted=[claim.text]),
        explanation=correction(claim, pools),
        active=active,
    )


def _right_parts(claim: ClaimInput, parts: Sequence[Part]) -> list[Part]:
    """Up to three parts, none overlapping the wrong part or each other, none the same text."""
    taken = [(claim.start, claim.end)]
    seen = {fold_loose(claim.text)}
    out: list[Part] = []
    for start, text in parts:
        end = start + len(text)
        if fold_loose(text) in seen or any(start < e and s < end for s, e in taken):
            continue
        seen.add(fold_loose(text))
        taken.append((start, end))
        out.append((start, text))
        if len(out) == MAX_PARTS - 1:
            break
    return out


def correction(claim: ClaimInput, pools: Pools) -> str:
    """ "“2003” is wrong: the right value is 20 December 2001. <statement> “2003” is right
    about something else: <the other fact's statement>" """
    text = f"{quote(claim.text)} is wrong: the right value is {claim.correct_text()}. "
    text += claim.fact.statement
    other = _elsewhere(claim, pools)
    if other is not None:
        text += f" {quote(claim.text)} belongs to another event: {other.statement}"
    return text


def _elsewhere(claim: ClaimInput, pools: Pools) -> Fact | None:
    """Another fact about the subject whose date is the article's wrong one."""
    said = claim.value
    if not isinstance(said, DateValue):
        return None
    matches = [
        other
        for other in pools.same_subject(claim.fact)
        if other.id != claim.fact.id
        and any(
            d.precise_to(said.granularity) and d.coarsen(said.granularity) == said
            for d in other.value.dates()
        )
    ]
    # an event dated that day, month or year first; a resolution's year last
    matches.sort(key=lambda f: not isinstance(f.value, DateValue))
    return matches[0] if matches else None
