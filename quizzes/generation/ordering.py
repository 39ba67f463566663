"""Timeline ordering: three to five dated events, told without their dates, to put in order.

Events come from the SUPPORTED claims' day-, month- or year-dated facts.  Only events whose
dates cannot overlap ("1999" and "June 1999" cannot be ordered) and that lie weeks apart are
used: putting 16 and 17 February 2008 in order is trivia, not history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lessons.facts.factbase import Fact
from lessons.facts.values import DateValue
from lessons.text.normalise import fold_loose
from quizzes.answer_keys import OrderingKey
from quizzes.generation.drafts import ClaimInput, QuestionDraft, draft_about, rng_for, scrambled
from quizzes.generation.groups import first_claims, groups, lead_claim
from quizzes.generation.phrasing import event_text
from quizzes.kinds import QuestionKind

MIN_ORDERING_GAP_DAYS = 28  # events to put in order are at least this far apart
PROMPT = "Put these events in the order they happened, earliest first."


@dataclass(frozen=True)
class _Event:
    date: DateValue
    text: str  # what happened, without the date
    fact: Fact


def ordering_questions(supported: Sequence[ClaimInput], seed: int) -> list[QuestionDraft]:
    """Ordering questions over the dated facts of the claims (the first claim of each fact
    stands for it)."""
    first = first_claims(supported)
    out = []
    for group in groups(_far_apart(_events(first.values()))):
        ids = [event.fact.id for event in group]
        key = "order:facts:" + "+".join(ids)
        order = [event.text for event in group]
        explanation = "; ".join(f"{e.text}: {e.date.display()}" for e in group) + "."
        out.append(
            draft_about(
                lead_claim(first, ids),
                key=key,
                kind=QuestionKind.ORDERING,
                prompt=PROMPT,
                options=scrambled(order, rng_for(seed, key)),
                answer=OrderingKey(order=order),
                explanation=explanation,
                fact_ids=tuple(ids),
            )
        )
    return out


def _events(claims: Iterable[ClaimInput]) -> list[_Event]:
    """The dated events the facts tell, earliest first."""
    events = []
    for claim in claims:
        fact = claim.fact
        if isinstance(fact.value, DateValue):
            text = event_text(fact)
            if text:
                events.append(_Event(fact.value, text, fact))
    return sorted(events, key=lambda e: (e.date.interval()[0], e.fact.id))


def _far_apart(events: list[_Event]) -> list[_Event]:
    """Events that cannot overlap and lie weeks apart, each told once."""
    kept: list[_Event] = []
    texts: set[str] = set()
    for event in events:
        if kept:
            gap = event.date.interval()[0] - kept[-1].date.interval()[1]
            if gap.days < MIN_ORDERING_GAP_DAYS:
                continue
        if fold_loose(event.text) in texts:
            continue
        texts.add(fold_loose(event.text))
        kept.append(event)
    return kept
