"""A learner's pages keep their own parts per version of the learner's records
(`lessons.pagecache.learner_changed`): whatever changes those records moves it on."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models.signals import m2m_changed, post_delete, post_save

from lessons.models import LessonProgress
from lessons.pagecache import learner_changed


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(own_record_changed, sender=LessonProgress)
        signal.connect(_user_changed, sender=User)
    m2m_changed.connect(_groups_changed, sender=User.groups.through)


def own_record_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """A record with a ``user`` (progress here; quizzes connects its attempts and answers)."""
    learner_changed(instance.user_id)


def _user_changed(sender: type, instance: User, **kwargs: Any) -> None:
    learner_changed(instance.pk)


def _groups_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Someone joined or left a group (a teacher's navigation differs): from the user's side
    ``instance`` is the user; from the group's, ``pk_set`` holds the users (or, for a clear,
    the group's members before they go)."""
    if reverse and action == "pre_clear":
        users = list(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        users = list(pk_set or ()) if reverse else [instance.pk]
    else:
        return
    for user_id in users:
        learner_changed(user_id)
