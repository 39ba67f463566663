"""The content admin: documents, modules, lessons, references, facts and claims.

Besides the model pages: a per-lesson coverage report (``lessons/lesson/coverage/``) and the
queue of unchecked sentences (``lessons/lesson/unchecked/``), each sentence with its likely
subject and an "add a fact" link that opens the typed fact form prefilled from the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from lessons.facts import factbase as fb
from lessons.facts.index import index_of
from lessons.facts.subjects import reading_of, subject_facts
from lessons.text.sentences import Sentence, body_sentences

from .forms import TYPE_FIELDS, VALUE_TYPES, FactForm, suggested_value_type
from .models import Claim, Document, Fact, Lesson, LessonProgress, Module, Reference, Verdict
from .pagecache import content_changed
from .services import factbase_from_db, refresh_content, regenerate
from .services.coverage import claims_by_lesson, coverage_by_module, percent, total_coverage


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
    autocomplete_fields = ["key_facts"]
    fields = [
        "module",
        "order",
        "title",
        "slug",
        "published",
        "body",
        "key_facts",
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

    def save_related(self, request, form, formsets, change: bool) -> None:
        """Re-verify once the key facts are saved too: questions draw on them."""
        super().save_related(request, form, formsets, change)
        refresh_content(lessons=[form.instance])

    @admin.action(description="Mark source changes as reviewed")
    def mark_reviewed(self, request, queryset) -> None:
        updated = queryset.update(source_changed=False)
        self.message_user(request, f"{updated} lesson(s) marked as reviewed.")

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("coverage/", view(self.coverage_view), name="lessons_lesson_coverage"),
            path("unchecked/", view(self.unchecked_view), name="lessons_lesson_unchecked"),
            *super().get_urls(),
        ]

    def coverage_view(self, request: HttpRequest) -> TemplateResponse:
        """Per module and lesson: sentences checked of all, per verdict (two queries)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        modules = coverage_by_module(Lesson.objects.in_reading_order())
        total = total_coverage(m.total for m in modules)
        context = {
            **self.admin_site.each_context(request),
            "title": "Fact-check coverage per lesson",
            "opts": self.model._meta,
            "modules": modules,
            "total": total,
            "total_percent": percent(total.checked, total.sentences),
        }
        return TemplateResponse(request, "admin/lessons/lesson/coverage.html", context)

    def unchecked_view(self, request: HttpRequest) -> TemplateResponse:
        """Content sentences with no claim, with their likely subject (three queries)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        chosen = request.GET.get("lesson", "")
        query = Lesson.objects.in_reading_order()
        lessons = list(query.filter(pk=chosen) if chosen.isdigit() else query)
        context = {
            **self.admin_site.each_context(request),
            "title": "Unchecked sentences",
            "opts": self.model._meta,
            "rows": unchecked_sentences(lessons, factbase_from_db()),
            "lesson": lessons[0] if chosen.isdigit() and lessons else None,
        }
        return TemplateResponse(request, "admin/lessons/lesson/unchecked.html", context)


# --------------------------------------------------------------------------- unchecked queue


@dataclass(frozen=True)
class UncheckedSentence:
    """A lesson sentence no claim was found in, and what an admin needs to add a fact for it."""

    lesson: Lesson
    sentence: Sentence
    subjects: tuple[str, ...]
    value_type: str

    @property
    def page_url(self) -> str:
        return f"{self.lesson.get_absolute_url()}#{self.sentence.anchor}"

    @property
    def add_fact_url(self) -> str:
        prefill = {
            "subject": self.subjects[0] if self.subjects else "",
            "statement": self.sentence.text,
            "value_type": self.value_type,
        }
        return reverse("admin:lessons_fact_add") + "?" + urlencode(prefill)


def likely_subjects(sentence: str, base: fb.FactBase) -> tuple[str, ...]:
    """The fact-base subjects the sentence names, in reading order, each once."""
    named = subject_facts(index_of(base), reading_of(sentence), exclude=())
    ordered = sorted(named, key=lambda found: min(span[0] for span in found[1]))
    return tuple(dict.fromkeys(entry.fact.subject for entry, _ in ordered))


def unchecked_sentences(lessons: Iterable[Lesson], base: fb.FactBase) -> list[UncheckedSentence]:
    """Every sentence of the lessons without a claim, in reading order (two queries)."""
    lessons = list(lessons)
    claims = claims_by_lesson(lessons)
    rows = []
    for lesson in lessons:
        checked = {claim.anchor for claim in claims[lesson.pk]}
        for sentence in body_sentences(lesson.body):
            if sentence.anchor not in checked:
                rows.append(
                    UncheckedSentence(
                        lesson,
                        sentence,
                        likely_subjects(sentence.text, base),
                        suggested_value_type(sentence.text),
                    )
                )
    return rows


def percent_label(fraction: float | None) -> str:
    """A 0–1 score as learners see it: "63 %" ("–" for none yet)."""
    return "–" if fraction is None else f"{round(100 * fraction)} %"


def admin_link(model: type[Model], pk: object, label: object) -> str:
    """A link to an object's admin change page."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    return format_html('<a href="{}">{}</a>', url, label)


class RecordAdmin(admin.ModelAdmin):
    """Learners' records (attempts, answers, progress, memberships) are not content: nobody adds
    or edits them in the admin; only a superuser may delete one (a learner's erasure request or
    a test record), and deleting is logged in the admin history."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_superuser)

    @admin.display(description="learner", ordering="user__username")
    def learner(self, obj: Any) -> str:
        return admin_link(get_user_model(), obj.user_id, obj.user)


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


@admin.register(Fact)
class FactAdmin(ContentAdmin):
    """Facts edited through a form per value type; saving re-verifies every lesson."""

    form = FactForm
    list_display = ["key", "subject", "predicate", "value_display", "reference", "edited"]
    list_select_related = ["reference"]
    list_filter = ["edited", "reference__publisher"]
    search_fields = ["key", "subject", "aliases", "statement"]
    readonly_fields = ["value_display", "sort_date", "edited"]
    actions = ["reverify"]

    def get_fieldsets(self, request, obj: Fact | None = None) -> list[tuple[str | None, dict]]:
        """The chosen value type's fields open, the other types' folded away."""
        chosen = obj.value.get("type") if obj else request.GET.get("value_type", "date")
        typed = [
            (
                f"Value: {VALUE_TYPES[kind].split(' (')[0].lower()}",
                {
                    "fields": list(fields.values()),
                    "classes": [] if kind == chosen else ["collapse"],
                },
            )
            for kind, fields in TYPE_FIELDS.items()
        ]
        return [
            (None, {"fields": ["key", "subject", "aliases", "generic", "predicate", "cues"]}),
            ("Value", {"fields": ["value_type", "value_display", "single", "as_of"]}),
            *typed,
            ("For learners", {"fields": ["statement", "question", "false_statement"]}),
            ("Source and review", {"fields": ["reference", "tags", "confirmed_errors"]}),
            ("Record", {"fields": ["sort_date", "edited"]}),
        ]

    def save_model(self, request, obj: Fact, form: FactForm, change: bool) -> None:
        obj.edited = True  # re-ingesting the seeds keeps this edit
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
