"""Each learner's reading progress: opened, finished, and where to continue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils import timezone

from lessons.models.content import Lesson, Module

if TYPE_CHECKING:
    from django.contrib.auth.models import User


OPENING_RESOLUTION = timedelta(minutes=1)
"""How fine "last opened" is kept: reading a page is not a write per view."""


class LessonProgressQuerySet(models.QuerySet["LessonProgress"]):
    def for_learner(self, user: User) -> LessonProgressQuerySet:
        return self.filter(user=user)

    def completed(self) -> LessonProgressQuerySet:
        return self.filter(completed_at__isnull=False)

    def in_module(self, module: Module) -> LessonProgressQuerySet:
        """The rows of the module's lessons learners see now."""
        return self.filter(Lesson.objects.visible_q("lesson__"), lesson__module=module)

    def record_opening(self, *, user: User, lesson: Lesson) -> LessonProgress:
        """The learner's row for the lesson, created when first opened; "last opened" moves
        only when it is older than OPENING_RESOLUTION, so most page views write nothing."""
        now = timezone.now()
        progress, created = self.get_or_create(
            user=user, lesson=lesson, defaults={"first_opened": now, "last_opened": now}
        )
        if not created:
            self._touch(progress, now)
        return progress

    def open_in_module(
        self, *, user: User, lesson: Lesson, module_lessons: Sequence[int]
    ) -> tuple[LessonProgress, int]:
        """``record_opening``, and how many of ``module_lessons`` the learner completed: one
        query when the lesson was opened lately, as on most page views."""
        rows: dict[int, LessonProgress] = {
            row.lesson_id: row for row in self.filter(user=user, lesson__in=module_lessons)
        }
        progress = rows.get(lesson.pk)
        if progress is None:  # first opened, or a lesson learners do not see yet (a preview)
            progress = self.record_opening(user=user, lesson=lesson)
        else:
            self._touch(progress, timezone.now())
        return progress, sum(row.completed_at is not None for row in rows.values())

    def _touch(self, progress: LessonProgress, now: datetime) -> None:
        if now - progress.last_opened > OPENING_RESOLUTION:
            progress.last_opened = now
            progress.save(update_fields=["last_opened"])  # signalled: /progress/ resumes here

    def resume_lesson(self) -> Lesson | None:
        """For one learner's rows: the lesson to continue. That is the last one opened if
        unfinished, else the next unfinished published one after it in course order."""
        last = (
            self.filter(Lesson.objects.visible_q("lesson__"))
            .select_related("lesson__module")
            .order_by("-last_opened", "-pk")
            .first()
        )
        if last is None:
            return None
        if not last.is_complete:
            return last.lesson
        return (
            Lesson.objects.published()
            .after(last.lesson)
            .exclude(pk__in=self.completed().values("lesson"))
            .select_related("module")
            .order_by("module__order", "order")
            .first()
        )

    def per_module(self) -> dict[int, int]:
        """{module id: lessons completed}, in one query."""
        rows = (
            self.completed()
            .filter(Lesson.objects.visible_q("lesson__"))
            .values("lesson__module")
            .annotate(done=Count("pk"))
        )
        return {row["lesson__module"]: row["done"] for row in rows}


class LessonProgress(models.Model):
    """One row per learner and lesson: when they first opened it and when they finished it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    # PROTECT: learner progress is never deleted with content; unpublish a lesson instead.
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="progress")
    first_opened = models.DateTimeField(default=timezone.now)
    last_opened = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_learner")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def complete(self) -> None:
        """Mark the lesson finished; finishing it again keeps the first completion time."""
        if self.completed_at is None:
            self.completed_at = timezone.now()
            self.save(update_fields=["completed_at"])
