"""Quizzes and their questions."""

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join

from lessons.admin import ContentAdmin, VerdictFilter
from lessons.models import Claim
from quizzes.exports.admin_action import EXPORT_ACTIONS
from quizzes.kinds import QuestionKind
from quizzes.models import Question, Quiz, Response
from quizzes.services import generate_questions

from .forms import KIND_FIELDS, QuestionForm


@admin.action(description="Regenerate questions (keeps unchanged ones and their statistics)")
def regenerate(modeladmin: admin.ModelAdmin, request, queryset) -> None:
    """Questions span lessons (module tests), so the whole course is regenerated: cheap, and
    a question whose claim did not change keeps its row and its statistics."""
    counts = generate_questions()
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing changed"
    modeladmin.message_user(request, f"Regenerated: {summary}.")


class ClaimVerdictFilter(VerdictFilter):
    title = "verdict of its claim"
    parameter_name = "claim_verdict"

    def queryset(self, request, queryset):
        verdict = self.value()
        if not verdict:
            return queryset
        return queryset.filter(claim__in=Claim.objects.with_verdict(verdict))


@dataclass(frozen=True)
class AnswerStats:
    """How often a question was answered, and how often right."""

    answered: int = 0
    right: int = 0

    @property
    def right_rate(self) -> str:
        return f"{round(100 * self.right / self.answered)} %" if self.answered else "–"


def answer_stats(question_ids: Iterable[int]) -> dict[int, AnswerStats]:
    """The answer statistics of the given questions only (one query over their responses)."""
    rows = (
        Response.objects.filter(question_id__in=list(question_ids))
        .values("question_id")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    )
    return {row["question_id"]: AnswerStats(row["answered"], row["right"]) for row in rows}


class QuestionChangeList(ChangeList):
    """Counts the answers of the page's questions only, never over the whole responses table."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        page = list(self.result_list)  # fills the queryset's cache the template iterates
        stats = answer_stats(question.pk for question in page)
        for question in page:
            question.answer_stats = stats.get(question.pk, AnswerStats())


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    """Each kind's options and answer key edited through plain fields (quizzes.admin.forms)."""

    form = QuestionForm
    list_display = ["prompt_start", "kind", "lesson", "active", "answered", "right_rate"]
    list_select_related = ["lesson__module"]
    list_filter = ["kind", "active", "edited", ClaimVerdictFilter, "quiz__module", "lesson"]
    search_fields = ["prompt", "explanation", "key"]
    raw_id_fields = ["quiz", "lesson", "claim", "fact"]

    def get_deleted_objects(self, objs, request):
        """A question in an open attempt is listed as protected: deactivate it instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = Question.objects.filter(pk__in=[obj.pk for obj in objs]).in_open_attempts()
        protected = [
            *protected,
            *(f"{q} (#{q.pk}): in an open attempt, deactivate it instead" for q in in_use),
        ]
        return deleted, counts, perms_needed, protected

    readonly_fields = [
        "kind",
        "covers",
        "edited",
        "key",
        "preview",
        "answers",
        "generator_version",
        "created_at",
    ]
    actions = ["deactivate", "activate", regenerate]

    @staticmethod
    def kind_to_add(request: HttpRequest) -> str:
        """A new question's kind: ``?kind=`` of the add page (multiple choice by default)."""
        kind = request.GET.get("kind", "")
        return kind if kind in KIND_FIELDS else QuestionKind.MULTIPLE_CHOICE

    def get_fieldsets(self, request, obj: Question | None = None) -> list[tuple[str | None, dict]]:
        """Only the question's own kind's answer fields: no JSON box."""
        kind = obj.kind if obj else self.kind_to_add(request)
        fieldsets: list[tuple[str | None, dict]] = [
            (None, {"fields": ["quiz", "kind", "prompt", "active"]}),
            (f"Answer: {QuestionKind(kind).label.lower()}", {"fields": list(KIND_FIELDS[kind])}),
            ("Feedback", {"fields": ["explanation"]}),
            ("Provenance", {"fields": ["lesson", "claim", "fact", "anchor", "covers"]}),
        ]
        if obj is None:
            return fieldsets
        return [
            *fieldsets,
            ("As learners see it", {"fields": ["preview", "answers"]}),
            ("Record", {"fields": ["key", "edited", "generator_version", "created_at"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.kind_to_add = self.kind_to_add(request)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["question_kinds"] = [(k, k.label) for k in QuestionKind]
        context["kind_to_add"] = self.kind_to_add(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return QuestionChangeList

    @staticmethod
    def stats_of(obj: Question) -> AnswerStats:
        """Set on the changelist's rows; counted for this question alone elsewhere."""
        cached: AnswerStats | None = getattr(obj, "answer_stats", None)
        if cached is not None:
            return cached
        return answer_stats([obj.pk]).get(obj.pk, AnswerStats())

    @admin.display(description="answers")  # not sortable: that would count every response
    def answered(self, obj: Question) -> int:
        return self.stats_of(obj).answered

    @admin.display(description="right")
    def right_rate(self, obj: Question) -> str:
        return self.stats_of(obj).right_rate

    @admin.display(description="answers by learners")
    def answers(self, obj: Question) -> str:
        if obj.pk is None:
            return "–"
        stats = self.stats_of(obj)
        return f"{stats.answered} answers, {stats.right_rate} right"

    @admin.display(description="question")
    def prompt_start(self, obj: Question) -> str:
        return obj.prompt[:90]

    @admin.display(description="preview")
    def preview(self, obj: Question) -> str:
        options = format_html_join("", "<li>{}</li>", ((o,) for o in obj.options))
        items = format_html_join("", "<li>{}</li>", ((i,) for i in obj.prompt_items))
        return format_html(
            "<p><strong>{}</strong></p><ul>{}</ul><ul>{}</ul><p>Answer key: <code>{}</code></p>"
            "<p>{}</p>",
            obj.prompt,
            items,
            options,
            json.dumps(obj.answer, ensure_ascii=False),
            obj.explanation,
        )

    def save_model(self, request, obj: Question, form, change: bool) -> None:
        obj.edited = True  # regenerating keeps an admin's wording
        if not obj.key:
            obj.key = f"admin:{uuid.uuid4().hex}"  # a question no generator made
        super().save_model(request, obj, form, change)

    @admin.action(description="Deactivate (keep statistics; regenerating keeps it off)")
    def deactivate(self, request, queryset) -> None:
        count = queryset.update(active=False, edited=True)
        self.message_user(request, f"{count} question(s) deactivated.")

    @admin.action(description="Activate")
    def activate(self, request, queryset) -> None:
        count = queryset.update(active=True, edited=True)
        self.message_user(request, f"{count} question(s) activated.")


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["prompt", "kind", "active"]
    readonly_fields = ["prompt", "kind"]
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Quiz)
class QuizAdmin(ContentAdmin):
    list_display = ["__str__", "module", "size", "question_count"]
    list_select_related = ["module", "lesson"]
    list_filter = ["module"]
    inlines = [QuestionInline]
    actions = [regenerate, *EXPORT_ACTIONS]
    object_history_template = None  # Django's admin log: see history_view()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(question_count=Count("questions", filter=Q(questions__active=True)))
        )

    @admin.display(description="active questions", ordering="question_count")
    def question_count(self, obj: Quiz) -> int:
        return obj.question_count  # type: ignore[attr-defined]  # annotated in get_queryset()

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """A quiz keeps no history records of its own (its questions do): its history page is
        Django's admin log of it, where simple-history's view would fail with no history."""
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
