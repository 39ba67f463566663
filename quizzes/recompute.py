"""Rebuild what the stored answers imply, and say what differed.

Review cards (FSRS memory and mastery level) are replayed from every response in answer order
with the same scheduler the answers went through; attempt scores are summed again. Lesson
progress records reading, which no answer implies: it is only checked for consistency and
never changed (learner progress is never deleted).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum

from lessons.models import LessonProgress
from lessons.pagecache import content_changed

from .models import MEMORY_FIELDS, Attempt, Response, ReviewCard

Key = tuple[int, int]  # (user id, fact id)


@dataclass
class CardChanges:
    """One learner's cards: what a rebuild adds, changes and removes."""

    added: list[ReviewCard] = field(default_factory=list)
    changed: list[ReviewCard] = field(default_factory=list)
    removed: list[ReviewCard] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


@dataclass
class Recomputed:
    learners: int  # learners with answers or cards
    cards: dict[str, CardChanges]  # username -> changes, only learners with a difference
    attempts: list[Attempt]  # rescored or finished
    progress: list[str]  # inconsistent lesson progress, described
    dry_run: bool

    @property
    def clean(self) -> bool:
        return not (self.cards or self.attempts or self.progress)

    def lines(self) -> list[str]:
        """The report: one line a learner with different cards, a rescored attempt and an
        inconsistent progress row, then a one-line summary."""
        lines = [f"{name}: cards {changes}" for name, changes in sorted(self.cards.items())]
        lines += [f"attempt {a.pk} of {a.user}: score {a.percent}%" for a in self.attempts]
        lines += [f"lesson progress: {problem}" for problem in self.progress]
        verb = "would change" if self.dry_run else "changed"
        lines.append(
            f"recompute_progress: {self.learners} learners; cards of {len(self.cards)} {verb}, "
            f"{len(self.attempts)} attempts {verb}, {len(self.progress)} inconsistent lesson "
            f"progress rows (reported, never changed)"
            + ("; dry run, nothing written" if self.dry_run else "")
        )
        return lines


def replay_cards() -> dict[Key, ReviewCard]:
    """Every learner's cards as their answers make them, replayed in answer order."""
    cards: dict[Key, ReviewCard] = {}
    answers = (
        Response.objects.filter(question__fact__isnull=False)
        .order_by("answered_at", "pk")
        .values_list("attempt__user_id", "question__fact_id", "correct", "answered_at")
    )
    for user_id, fact_id, correct, at in answers.iterator(chunk_size=2000):
        card = cards.get((user_id, fact_id))
        if card is None:
            card = cards[user_id, fact_id] = ReviewCard.fresh(
                user_id=user_id, fact_id=fact_id, at=at
            )
        card.record_answer(correct=correct, at=at)
    return cards


def card_changes() -> tuple[dict[int, CardChanges], int]:
    """{user id: changes} for the learners whose stored cards differ from the replay, and how
    many learners have cards or answers."""
    expected = replay_cards()
    stored = {(card.user_id, card.fact_id): card for card in ReviewCard.objects.all()}
    learners = len({user for user, _fact in [*expected, *stored]})
    changes: dict[int, CardChanges] = defaultdict(CardChanges)
    for key, card in expected.items():
        old = stored.pop(key, None)
        if old is None:
            changes[key[0]].added.append(card)
        elif old.differs_from(card):
            card.pk = old.pk
            changes[key[0]].changed.append(card)
    for (user_id, _fact), card in stored.items():
        changes[user_id].removed.append(card)
    return dict(changes), learners


def attempts_to_fix() -> list[Attempt]:
    """Attempts with every question answered whose end or score does not follow from their
    responses, with both set as they should be (not saved)."""
    fixes: list[Attempt] = []
    for attempt in Attempt.objects.select_related("user", "quiz").annotate(
        answered=Count("responses"),
        points=Sum("responses__points"),
        last=Max("responses__answered_at"),
    ):
        total = len(attempt.question_ids)
        if not total or attempt.answered < total:
            continue
        score = (attempt.points or 0.0) / total
        if attempt.finished_at and attempt.score is not None and math.isclose(attempt.score, score):
            continue
        attempt.score = score
        attempt.finished_at = attempt.finished_at or attempt.last
        fixes.append(attempt)
    return fixes


def progress_problems() -> list[str]:
    """Lesson progress rows whose times contradict each other."""
    rows = LessonProgress.objects.filter(
        Q(last_opened__lt=F("first_opened")) | Q(completed_at__lt=F("first_opened"))
    ).select_related("user", "lesson")
    return [f"{row.user} · {row.lesson}: times out of order" for row in rows]


@transaction.atomic
def recompute_progress(*, dry_run: bool = False) -> Recomputed:
    """Compare what the responses imply with what is stored; unless ``dry_run``, make the
    stored cards and attempts what the responses imply. One transaction."""
    changes, learners = card_changes()
    attempts = attempts_to_fix()
    if not dry_run:
        for learner in changes.values():
            ReviewCard.objects.bulk_create(learner.added)
            ReviewCard.objects.bulk_update(learner.changed, MEMORY_FIELDS)
            ReviewCard.objects.filter(pk__in=[card.pk for card in learner.removed]).delete()
        Attempt.objects.bulk_update(attempts, ["score", "finished_at"])
        content_changed()  # cached pages and class reports showing the old scores
    names = dict(get_user_model().objects.filter(pk__in=changes).values_list("pk", "username"))
    return Recomputed(
        learners=learners,
        cards={names[pk]: learner for pk, learner in changes.items()},
        attempts=attempts,
        progress=progress_problems(),
        dry_run=dry_run,
    )
