"""The truth: references, facts and claims."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count
from django.http import HttpRequest

from lessons.forms import HAND_CLAIM_FIELDS, TYPE_FIELDS, VALUE_TYPES, FactForm, HandClaimForm
from lessons.models import Claim, Fact, Lesson, Reference
from lessons.services import refresh_content, regenerate
from lessons.text.sentences import body_sentences

from .base import ContentAdmin, VerdictFilter


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


def sentence_anchors(lesson: Lesson) -> set[str]:
    """The anchors of the lesson's sentences as its body reads now."""
    return {sentence.anchor for sentence in body_sentences(lesson.body)}


class ClaimChangeList(ChangeList):
    """Reads each lesson's sentences once for the page (its bodies came with the rows)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        anchors: dict[int, set[str]] = {}
        for claim in self.result_list:
            if claim.lesson_id not in anchors:
                anchors[claim.lesson_id] = sentence_anchors(claim.lesson)
            claim.lesson_anchors = anchors[claim.lesson_id]


@admin.register(Claim)
class ClaimAdmin(ContentAdmin):
    """The review queue: NOT_ENOUGH_INFO first, then REFUTED, then SUPPORTED. Claims added by
    hand are edited through their own form; one whose sentence left the lesson is flagged."""

    form = ClaimForm
    list_display = [
        "text",
        "kind",
        "auto_verdict",
        "override_verdict",
        "reviewed",
        "by_hand",
        "in_lesson",
        "lesson",
        "fact",
    ]
    list_select_related = ["lesson__module", "fact"]
    list_filter = [VerdictFilter, "auto_verdict", "reviewed", "by_hand", "kind", "lesson__module"]
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

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return ClaimChangeList

    @admin.display(description="sentence in the lesson", boolean=True)
    def in_lesson(self, obj: Claim) -> bool:
        anchors = getattr(obj, "lesson_anchors", None)  # set on the changelist's rows
        return obj.anchor in (anchors if anchors is not None else sentence_anchors(obj.lesson))

    @staticmethod
    def is_by_hand(obj: Claim | None) -> bool:
        return obj is None or obj.by_hand

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.is_by_hand(obj):
            kwargs["form"] = HandClaimForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return HAND_CLAIM_FIELDS
        if obj.by_hand:
            return [*HAND_CLAIM_FIELDS, "in_lesson", "anchor", "overridden_by", "overridden_at"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.by_hand:
            return ["in_lesson", "anchor", "overridden_by", "overridden_at"]
        return self.readonly_fields

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
