"""A learner's pages are kept per version of their records (lessons/signals.py): their best
scores show on lesson pages, their answers say which question comes next, their review cards
and problem reports show on /progress/."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from lessons.pagecache import learner_changed
from lessons.signals import own_record_changed
from quizzes.models import Attempt, ProblemReport, Response, ReviewCard


def connect() -> None:
    for signal in (post_save, post_delete):
        for record in (Attempt, ReviewCard, ProblemReport):
            signal.connect(own_record_changed, sender=record)
    # An answer goes only with its attempt (whose deletion is signalled) or its learner.
    post_save.connect(_answer_changed, sender=Response)


def _answer_changed(sender: type, instance: Response, **kwargs: Any) -> None:
    learner_changed(instance.attempt.user_id)
