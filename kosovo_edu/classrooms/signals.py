"""A student's /progress/ page lists their assignments and is kept per version of their records,
and a class page per version of the class's own record and of its students' (lessons.pagecache):
joining or leaving a class, an assignment set, changed or removed, and a class renamed or
archived move them on."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from kosovo_edu.classrooms.models import Assignment, Classroom, Membership
from lessons.pagecache import learner_changed, records_changed


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
    records_changed(Classroom.version_key(instance.classroom_id))


def _assignment_changed(sender: type, instance: Assignment, **kwargs: Any) -> None:
    _class_changed(instance.classroom_id)


def _classroom_changed(sender: type, instance: Classroom, **kwargs: Any) -> None:
    _class_changed(instance.pk)


def _class_changed(classroom_id: int) -> None:
    learner_changed(*_students_of(classroom_id))
    records_changed(Classroom.version_key(classroom_id))


def _students_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Students added or removed with the class's ``students`` (no Membership signal then):
    from the class's side ``pk_set`` holds them (or, for a clear, the students before they go);
    from a student's side ``instance`` is the student and ``pk_set`` the classes."""
    if action == "pre_clear" and not reverse:
        users, classes = _students_of(instance.pk), [instance.pk]
    elif action == "pre_clear":
        users = [instance.pk]
        joined = Membership.objects.filter(student=instance)
        classes = list(joined.values_list("classroom_id", flat=True))
    elif action in ("post_add", "post_remove"):
        users = [instance.pk] if reverse else list(pk_set or ())
        classes = list(pk_set or ()) if reverse else [instance.pk]
    else:
        return
    learner_changed(*users)
    records_changed(*(Classroom.version_key(pk) for pk in classes))
