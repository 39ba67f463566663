import json

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from lessons.admin import ContentAdmin, VerdictFilter
from lessons.models import Claim

from .models import Attempt, Question, Quiz, Response, ReviewCard
from .services import generate_questions


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


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    list_display = ["prompt_start", "kind", "lesson", "active", "answered", "right_rate"]
    list_select_related = ["lesson__module"]
    list_filter = ["kind", "active", "edited", ClaimVerdictFilter, "quiz__module", "lesson"]
    search_fields = ["prompt", "explanation", "key"]
    raw_id_fields = ["quiz", "lesson", "claim", "fact"]
    readonly_fields = ["key", "preview", "generator_version", "created_at"]
    actions = ["deactivate", "activate", regenerate]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                answered=Count("responses"),
                right=Count("responses", filter=Q(responses__correct=True)),
            )
        )

    @admin.display(description="question")
    def prompt_start(self, obj: Question) -> str:
        return obj.prompt[:90]

    @admin.display(description="answers", ordering="answered")
    def answered(self, obj: Question) -> int:
        return obj.answered  # type: ignore[attr-defined]  # annotated in get_queryset()

    @admin.display(description="right")
    def right_rate(self, obj: Question) -> str:
        answered, right = obj.answered, obj.right  # type: ignore[attr-defined]  # annotated
        return f"{round(100 * right / answered)}%" if answered else "–"

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
    actions = [regenerate]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(question_count=Count("questions", filter=Q(questions__active=True)))
        )

    @admin.display(description="active questions", ordering="question_count")
    def question_count(self, obj: Quiz) -> int:
        return obj.question_count  # type: ignore[attr-defined]  # annotated in get_queryset()


RESPONSE_FIELDS = ("question", "answer", "correct", "points", "answered_at")


class ResponseInline(admin.TabularInline):
    model = Response
    fields = readonly_fields = RESPONSE_FIELDS
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "quiz", "started_at", "finished_at", "score"]
    list_select_related = ["user", "quiz__module", "quiz__lesson"]
    list_filter = ["kind", "quiz__module"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "kind", "quiz", "question_ids", "started_at", "finished_at", "score"]
    inlines = [ResponseInline]


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    """Learners' memory of facts: read-only records (answers change them, `recompute_progress`
    rebuilds them), never content to edit."""

    list_display = ["user", "fact", "level", "due", "last_review", "reviews", "lapses"]
    list_select_related = ["user", "fact"]
    list_filter = ["level", "state"]
    search_fields = ["user__username", "fact__key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
