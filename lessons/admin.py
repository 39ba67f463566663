from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from lessons.facts.schema import FactBaseError, parse_value

from .models import Claim, Document, Fact, Lesson, LessonProgress, Module, Reference, Verdict
from .pagecache import content_changed
from .services import refresh_content, regenerate


class ContentAdmin(SimpleHistoryAdmin):
    """Admin for what learners see: every change invalidates visitors' cached pages."""

    def save_model(self, request, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        content_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        content_changed()

    def response_action(self, request, queryset, **kwargs):
        response = super().response_action(request, queryset, **kwargs)
        content_changed()
        return response


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["source_name", "title", "ingested_at", "short_sha"]
    search_fields = ["source_name", "title"]
    readonly_fields = ["source_name", "sha256", "ingested_at"]

    @admin.display(description="sha256")
    def short_sha(self, obj: Document) -> str:
        return obj.sha256[:12]


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["order", "title", "slug", "published", "edited", "source_changed"]
    readonly_fields = ["edited", "source_changed"]
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(ContentAdmin):
    list_display = ["title", "order", "slug", "published", "lesson_count"]
    list_editable = ["order", "published"]
    search_fields = ["title", "summary"]
    list_filter = ["published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_stats()

    @admin.display(description="lessons", ordering="lesson_count")
    def lesson_count(self, obj: Module) -> int:
        return obj.lesson_count  # type: ignore[attr-defined]  # annotated by with_stats()


@admin.register(Lesson)
class LessonAdmin(ContentAdmin):
    list_display = ["title", "module", "order", "published", "edited", "source_changed"]
    list_select_related = ["module"]
    list_filter = ["module", "published", "edited", "source_changed"]
    search_fields = ["title", "body", "source_text"]
    readonly_fields = ["source_text", "edited", "reading_minutes"]
    fields = [
        "module",
        "order",
        "title",
        "slug",
        "published",
        "body",
        "source_changed",
        "edited",
        "reading_minutes",
        "source_text",
    ]
    actions = ["mark_reviewed"]

    def save_model(self, request, obj: Lesson, form, change: bool) -> None:
        if "body" in form.changed_data or not change:
            obj.edit_body(form.cleaned_data["body"])
        super().save_model(request, obj, form, change)
        refresh_content(lessons=[obj])

    @admin.action(description="Mark source changes as reviewed")
    def mark_reviewed(self, request, queryset) -> None:
        updated = queryset.update(source_changed=False)
        self.message_user(request, f"{updated} lesson(s) marked as reviewed.")


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "first_opened", "completed_at"]
    list_select_related = ["user", "lesson__module"]
    list_filter = ["lesson__module"]
    search_fields = ["user__username", "lesson__title"]
    raw_id_fields = ["user", "lesson"]


@admin.register(Reference)
class ReferenceAdmin(ContentAdmin):
    list_display = ["title", "publisher", "url", "accessed", "fact_count"]
    search_fields = ["title", "publisher", "url"]
    list_filter = ["publisher", "edited"]
    readonly_fields = ["edited"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(fact_count=Count("facts"))

    def save_model(self, request, obj: Reference, form, change: bool) -> None:
        obj.edited = True  # re-ingesting the seeds keeps this edit
        super().save_model(request, obj, form, change)

    @admin.display(description="facts", ordering="fact_count")
    def fact_count(self, obj: Reference) -> int:
        return obj.fact_count  # type: ignore[attr-defined]  # annotated in get_queryset()


class FactForm(forms.ModelForm):
    class Meta:
        model = Fact
        fields = [
            "key",
            "subject",
            "aliases",
            "predicate",
            "cues",
            "value",
            "statement",
            "reference",
            "tags",
        ]

    def clean_value(self) -> dict:
        """The value in the fact base's own shape, e.g. {"type": "date", "date": "1999-06-12"}."""
        raw = self.cleaned_data["value"]
        try:
            self.parsed_value = parse_value(raw, where=self.instance.key or "this fact")
        except FactBaseError as error:
            raise ValidationError(str(error)) from error
        return raw


@admin.register(Fact)
class FactAdmin(ContentAdmin):
    form = FactForm
    list_display = ["key", "subject", "predicate", "value_display", "reference", "edited"]
    list_select_related = ["reference"]
    list_filter = ["edited", "reference__publisher"]
    search_fields = ["key", "subject", "aliases", "statement"]
    readonly_fields = ["value_display", "sort_date", "edited"]
    actions = ["reverify"]

    def save_model(self, request, obj: Fact, form: FactForm, change: bool) -> None:
        obj.set_value(form.parsed_value)
        obj.edited = True
        super().save_model(request, obj, form, change)
        refresh_content()

    @admin.action(description="Re-verify every lesson against the facts")
    def reverify(self, request, queryset) -> None:
        counts = refresh_content()
        self.message_user(request, f"Re-verified {counts['claims']} claims.")


class VerdictFilter(admin.SimpleListFilter):
    title = "effective verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return Verdict.choices()

    def queryset(self, request, queryset):
        return queryset.with_verdict(self.value()) if self.value() else queryset


class ClaimForm(forms.ModelForm):
    """An override needs a note saying why."""

    class Meta:
        model = Claim
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override_verdict") and not (data.get("override_note") or "").strip():
            self.add_error("override_note", "Say why you override the automatic verdict.")
        return data


@admin.register(Claim)
class ClaimAdmin(ContentAdmin):
    """The review queue: NOT_ENOUGH_INFO first, then REFUTED, then SUPPORTED."""

    form = ClaimForm
    list_display = [
        "text",
        "kind",
        "auto_verdict",
        "override_verdict",
        "reviewed",
        "lesson",
        "fact",
    ]
    list_select_related = ["lesson__module", "fact"]
    list_filter = [VerdictFilter, "auto_verdict", "reviewed", "kind", "lesson__module"]
    search_fields = ["text", "sentence", "lesson__title"]
    raw_id_fields = ["lesson", "fact"]
    fields = [
        "lesson",
        "sentence",
        "text",
        "kind",
        "auto_verdict",
        "fact",
        "correct_value",
        "reason",
        "override_verdict",
        "override_note",
        "override_reference",
        "reviewed",
        "overridden_by",
        "overridden_at",
        "checked_at",
    ]
    # What verification decides is read-only; an admin overrides it with a note instead.
    readonly_fields = [
        "anchor",
        *(name for name in fields if not name.startswith("override_") and name != "reviewed"),
    ]
    actions = ["confirm"]

    # Unreviewed first; the verdict names sort NOT_ENOUGH_INFO < REFUTED < SUPPORTED.
    ordering = ["reviewed", "auto_verdict", "pk"]

    def has_add_permission(self, request) -> bool:
        return False  # claims come from lesson text, not by hand

    def save_model(self, request, obj: Claim, form, change: bool) -> None:
        if obj.override_verdict:  # the form has already required a note
            obj.override(
                obj.override_verdict,
                by=request.user,
                note=obj.override_note,
                reference=obj.override_reference,
            )
        super().save_model(request, obj, form, change)
        regenerate()  # an override can add or remove quiz questions

    @admin.action(description="Confirm the automatic verdict")
    def confirm(self, request, queryset) -> None:
        for claim in queryset:
            claim.confirm(by=request.user)
            claim.save(update_fields=["reviewed", "overridden_by", "overridden_at"])
        self.message_user(request, f"{queryset.count()} claim(s) confirmed.")
