"""Attempts, answers and review cards: learners' records, read-only."""

from django.contrib import admin
from django.http import HttpRequest

from lessons.admin import RecordAdmin, admin_link, percent_label
from lessons.models import Fact
from quizzes.models import Attempt, Question, Quiz, Response, ReviewCard


class ResponseInline(admin.TabularInline):
    """A learner's answers: read-only, as the attempt is."""

    model = Response
    fields = readonly_fields = (
        "question_link",
        "answer",
        "correct",
        "points_percent",
        "answered_at",
    )
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("question")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="question")
    def question_link(self, obj: Response) -> str:
        return admin_link(Question, obj.question_id, obj.question)

    @admin.display(description="points")
    def points_percent(self, obj: Response) -> str:
        return percent_label(obj.points)


@admin.register(Attempt)
class AttemptAdmin(RecordAdmin):
    list_display = [
        "__str__",
        "learner",
        "kind",
        "quiz_link",
        "started_at",
        "finished_at",
        "score_percent",
    ]
    list_select_related = ["user", "quiz__module", "quiz__lesson"]
    list_filter = ["kind", "quiz__module"]
    search_fields = ["user__username"]
    fields = readonly_fields = (
        "learner",
        "kind",
        "quiz_link",
        "question_ids",
        "started_at",
        "finished_at",
        "score_percent",
    )
    inlines = [ResponseInline]

    @admin.display(description="quiz", ordering="quiz")
    def quiz_link(self, obj: Attempt) -> str:
        return admin_link(Quiz, obj.quiz_id, obj.quiz) if obj.quiz_id else "– (review)"

    @admin.display(description="score", ordering="score")
    def score_percent(self, obj: Attempt) -> str:
        return percent_label(obj.score)


@admin.register(ReviewCard)
class ReviewCardAdmin(RecordAdmin):
    """Learners' memory of facts: read-only records (answers change them, `recompute_progress`
    rebuilds them), never content to edit."""

    list_display = [
        "__str__",
        "learner",
        "fact_link",
        "level",
        "due",
        "last_review",
        "reviews",
        "lapses",
    ]
    list_select_related = ["user", "fact"]
    list_filter = ["level", "state"]
    search_fields = ["user__username", "fact__key"]
    fields = readonly_fields = (
        "learner",
        "fact_link",
        "level",
        "state",
        "due",
        "last_review",
        "reviews",
        "lapses",
    )

    @admin.display(description="fact", ordering="fact__key")
    def fact_link(self, obj: ReviewCard) -> str:
        return admin_link(Fact, obj.fact_id, obj.fact.key)
