"""Spaced review: every answer updates the learner's card for the question's fact, and review
sessions ask about the facts that are due (or the questions last answered wrong).

A question has one fact: a matching or ordering question, which draws on several, updates the
card of its own ``fact`` (the lead one) as a whole, right or wrong. Per-part updates would need
every part's fact stored on the question; one card per answer also keeps one answer from
counting as several reviews.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.template.defaultfilters import pluralize
from django.utils import dateformat, timezone

from .models import (
    Attempt,
    AttemptKind,
    Question,
    QuestionQuerySet,
    Response,
    ReviewCard,
)

SESSION_SIZE = 10  # questions in one review session


def update_card(
    *, user_id: int, fact_id: int | None, correct: bool, at: datetime
) -> ReviewCard | None:
    """Record one answer on the learner's card for the fact and save it. Call it inside the
    transaction that records the answer: the card is locked until that transaction ends, so
    answers on one fact from two tabs are applied one after the other."""
    if fact_id is None:
        return None
    mine = ReviewCard.objects.select_for_update().filter(user_id=user_id, fact_id=fact_id)
    card = mine.first()
    if card is None:  # the fact's first answer: the new card is written once, answered
        card = ReviewCard.fresh(user_id=user_id, fact_id=fact_id, at=at)
        card.record_answer(correct=correct, at=at)
        try:
            with transaction.atomic():
                card.save(force_insert=True)
            return card
        except IntegrityError:  # another tab's answer on the fact made it first
            card = mine.get()
    card.record_answer(correct=correct, at=at)
    card.save()
    return card


# --- sessions -------------------------------------------------------------------------------


class _Candidate(NamedTuple):
    pk: int
    fact_id: int
    kind: str


def due_question_ids(*, user: Any, now: datetime, rng: random.Random) -> list[int]:
    """One question per due fact, the longest overdue first, in varied kinds: for each fact a
    question of the kind asked least so far in the session, and not the one the learner last
    answered on that fact when there is another."""
    due = list(
        ReviewCard.objects.for_learner(user)
        .reviewable()
        .due(now)
        .order_by("due", "pk")
        .values_list("fact_id", flat=True)[:SESSION_SIZE]
    )
    by_fact: dict[int, list[_Candidate]] = {}
    for row in (
        Question.objects.active()
        .published()
        .filter(fact_id__in=due)
        .order_by("pk")
        .values_list("pk", "fact_id", "kind")
    ):
        by_fact.setdefault(row[1], []).append(_Candidate(*row))
    last_asked = dict(
        Response.objects.filter(attempt__user=user, question__fact_id__in=due)
        .order_by("answered_at", "pk")
        .values_list("question__fact_id", "question_id")
    )  # later answers overwrite earlier ones
    asked: Counter[str] = Counter()
    chosen = []
    for fact_id in due:
        options = by_fact.get(fact_id, [])
        if not options:  # its last question was retired a moment ago
            continue
        options = [c for c in options if c.pk != last_asked.get(fact_id)] or options
        rng.shuffle(options)
        pick = min(options, key=lambda c: asked[c.kind])  # min is stable: ties stay shuffled
        asked[pick.kind] += 1
        chosen.append(pick.pk)
    return chosen


def mistakes(user: Any) -> QuestionQuerySet:
    """The active questions of published quizzes whose last answer by the learner was wrong
    (answered wrong, and not answered right since); the latest mistake first."""
    last = Response.objects.filter(attempt__user=user, question=OuterRef("pk")).order_by(
        "-answered_at", "-pk"
    )
    return (
        Question.objects.active()
        .published()
        .annotate(
            last_correct=Subquery(last.values("correct")[:1]),
            last_answered=Subquery(last.values("answered_at")[:1]),
        )
        .filter(last_correct=False)
        .order_by("-last_answered", "pk")
    )


def start_review(
    *,
    user: Any,
    kind: AttemptKind,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt | None:
    """A review session of the facts due at ``now`` or of the learner's mistakes; None when
    there is nothing to ask. It is an Attempt without a quiz: answered and marked like one,
    never counted as a quiz score."""
    now = now or timezone.now()
    if kind == AttemptKind.REVIEW:
        ids = due_question_ids(user=user, now=now, rng=rng or random.Random())
    elif kind == AttemptKind.MISTAKES:
        ids = list(mistakes(user).values_list("pk", flat=True)[:SESSION_SIZE])
    else:
        raise ValueError(f"not a review session: {kind}")
    if not ids:
        return None
    return Attempt.objects.create(user=user, kind=kind, quiz=None, question_ids=ids, started_at=now)


def when(due: datetime, now: datetime) -> str:
    """When a review is due, as a person says it: "now", "in 10 minutes", "in 3 hours",
    "tomorrow (Wednesday 2 December)", "on Friday 11 December" (with the year when it is
    another)."""
    wait = due - now
    if wait <= timedelta(0):
        return "now"
    if wait < timedelta(hours=1):
        minutes = max(1, round(wait.total_seconds() / 60))
        return f"in {minutes} minute{pluralize(minutes)}"
    day, today = timezone.localtime(due), timezone.localtime(now)
    days = (day.date() - today.date()).days
    if days == 0:
        hours = round(wait.total_seconds() / 3600)
        return f"in {hours} hour{pluralize(hours)}"
    date = dateformat.format(day, "l j F" if day.year == today.year else "l j F Y")
    return f"tomorrow ({date})" if days == 1 else f"on {date}"
