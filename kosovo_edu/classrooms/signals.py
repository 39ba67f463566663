"""A student's /progress/ page lists their assignments and is kept per version of their records
(lessons.pagecache): joining or leaving a class, an assignment set, changed or removed, and a
class renamed or archived move its students' versions on."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from kosovo_edu.classrooms.models import Assignment, Classroom, Membership
from lessons.pagecache import learner_changed


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_membership_changed, sender=Membership)
        signal.connect(_assignment_changed, sender=Assignment)
        signal.connect(_classroom_changed, sender=Classroom)
    m2m_changed.connect(_students_changed, sender=Classroom.students.through)


def _students_of(classroom_id: int) -> list[int]:
    return list(
        Membership.objects.filter(classroom_id=classroom_id).values_list("student_id", flat=True)
    )


def _membership_changed(sender: type, instance: Membership, **kwargs: Any) -> None:
    learner_changed(instance.student_id)


def _assignment_changed(sender: type, instance: Assignment, **kwargs: Any) -> None:
    learner_changed(*_students_of(instance.classroom_id))


def _classroom_changed(sender: type, instance: Classroom, **kwargs: Any) -> None:
    learner_changed(*_students_of(instance.pk))


def _students_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Students added or removed with the class's ``students`` (no Membership signal then):
    from the class's side ``pk_set`` holds them (or, for a clear, the students before they go);
    from a student's side ``instance`` is the student."""
    if action == "pre_clear" and not reverse:
        users = _students_of(instance.pk)
    elif action in ("post_add", "post_remove", "post_clear"):
        users = [instance.pk] if reverse else list(pk_set or ())
    else:
        return
    learner_changed(*users)
