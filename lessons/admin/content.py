"""Modules and lessons, with the coverage report and the queue of unchecked sentences.

Besides the model pages: a per-lesson coverage report (``lessons/lesson/coverage/``) and the
queue of unchecked sentences (``lessons/lesson/unchecked/``), each sentence with its likely
subject and an "add a fact" link that opens the typed fact form prefilled from the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.safestring import mark_safe

from lessons.facts import factbase as fb
from lessons.facts.index import index_of
from lessons.facts.subjects import reading_of, subject_facts
from lessons.forms import suggested_value_type
from lessons.models import Lesson, Module
from lessons.services import factbase_from_db, refresh_content
from lessons.services.coverage import claims_by_lesson, coverage_by_module, percent, total_coverage
from lessons.text.render import render_body
from lessons.text.sentences import Sentence, body_sentences

from .base import AvailabilityFilter, ContentAdmin, availability_label


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["order", "title", "slug", "published", "publish_at", "edited", "source_changed"]
    readonly_fields = ["edited", "source_changed"]
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(ContentAdmin):
    list_display = ["title", "order", "slug", "published", "availability", "lesson_count"]
    list_editable = ["order", "published"]
    search_fields = ["title", "summary"]
    list_filter = [AvailabilityFilter]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_stats()

    @admin.display(description="learners see it", ordering="publish_at")
    def availability(self, obj: Module) -> str:
        return availability_label(obj)

    @admin.display(description="lessons", ordering="lesson_count")
    def lesson_count(self, obj: Module) -> int:
        return obj.lesson_count  # type: ignore[attr-defined]  # annotated by with_stats()


@admin.register(Lesson)
class LessonAdmin(ContentAdmin):
    list_display = [
        "title",
        "module",
        "order",
        "published",
        "availability",
        "edited",
        "source_changed",
    ]
    list_select_related = ["module"]
    list_filter = ["module", AvailabilityFilter, "edited", "source_changed"]
    search_fields = ["title", "body", "source_text"]
    readonly_fields = ["source_text", "edited", "reading_minutes"]
    autocomplete_fields = ["key_facts"]
    fields = [
        "module",
        "order",
        "title",
        "slug",
        "published",
        "publish_at",
        "body",
        "key_facts",
        "source_changed",
        "edited",
        "reading_minutes",
        "source_text",
    ]
    actions = ["mark_reviewed"]

    @admin.display(description="learners see it", ordering="publish_at")
    def availability(self, obj: Lesson) -> str:
        return availability_label(obj)

    def save_model(self, request, obj: Lesson, form, change: bool) -> None:
        if "body" in form.changed_data or not change:
            obj.edit_body(form.cleaned_data["body"])
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        """Re-verify once the key facts are saved too: questions draw on them."""
        super().save_related(request, form, formsets, change)
        refresh_content(lessons=[form.instance])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """*Preview* posts the form as *Save* does, but nothing is saved: the page comes back
        with the text as typed and the body rendered as learners see it."""
        if request.method == "POST" and "_preview" in request.POST:
            return self.preview_view(request, object_id, form_url)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def preview_view(
        self, request: HttpRequest, object_id: str | None, form_url: str
    ) -> HttpResponse:
        """The change form bound to what was posted, with the body rendered (and sanitised) by
        the lesson page's own renderer; the form is not saved."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            raise Http404
        if not (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        ):
            raise PermissionDenied
        fieldsets = self.get_fieldsets(request, obj)
        fields = flatten_fieldsets(fieldsets)
        form = self.get_form(request, obj, change=obj is not None, fields=fields)(
            request.POST, request.FILES, instance=obj
        )
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            {} if obj else self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{'Change' if obj else 'Add'} lesson",
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "preview": mark_safe(render_body(request.POST.get("body", ""))),  # nh3-sanitised
        }
        return self.render_change_form(
            request, context, add=obj is None, change=obj is not None, obj=obj, form_url=form_url
        )

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
