"""Learners' reading progress (a record, not content)."""

from __future__ import annotations

from django.contrib import admin

from lessons.models import Lesson, LessonProgress

from .base import RecordAdmin, admin_link


@admin.register(LessonProgress)
class LessonProgressAdmin(RecordAdmin):
    list_display = ["__str__", "learner", "lesson_link", "first_opened", "completed_at"]
    list_select_related = ["user", "lesson__module"]
    list_filter = ["lesson__module"]
    search_fields = ["user__username", "lesson__title"]
    fields = readonly_fields = (
        "learner",
        "lesson_link",
        "first_opened",
        "last_opened",
        "completed_at",
    )

    @admin.display(description="lesson", ordering="lesson__title")
    def lesson_link(self, obj: LessonProgress) -> str:
        return admin_link(Lesson, obj.lesson_id, obj.lesson)
