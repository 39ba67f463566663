"""What every content and record admin shares."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from lessons.models import Lesson, Module, Verdict
from lessons.pagecache import content_changed

LONG_TEXT = 100
"""Values longer than this (or of several lines) show in the history as a line diff."""


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: "added", "removed", "same" or "skip" (the place of a new hunk)."""

    kind: str
    text: str


def line_diff(old: object, new: object) -> list[DiffLine]:
    """The changed lines of a long text, with a line of context each side (empty for a short
    value or a non-text one, which the history shows as old -> new)."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return []
    if max(len(old), len(new)) <= LONG_TEXT and "\n" not in old + new:
        return []
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    kinds = {"+": "added", "-": "removed", " ": "same", "@": "skip"}
    return [
        DiffLine(kinds[line[:1]], line[1:] if line[:1] != "@" else "…")
        for line in lines
        if line and not line.startswith(("---", "+++"))
    ]


class DiffContextHelper(HistoricalRecordContextHelper):
    """Each change of a version as old -> new, a long text also as a line diff ("diff")."""

    def context_for_delta_changes(self, delta: ModelDelta) -> list[dict[str, Any]]:
        rows = super().context_for_delta_changes(delta)
        for row, change in zip(rows, delta.changes, strict=True):
            row["diff"] = line_diff(change.old, change.new)
        return rows


class ContentAdmin(SimpleHistoryAdmin):
    """Admin for what learners see: every change invalidates visitors' cached pages. Its
    history shows who changed what, with a line diff of long texts; reverting to a version is
    an edit like any other (the same checks run)."""

    object_history_list_template = "simple_history/object_history_list_diff.html"

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        return DiffContextHelper(self.model, historical_record)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        """Reverting posts the old version's values: saved through the change form, they go
        through save_model and save_related as an admin's edit does, so whatever an edit
        re-runs (a lesson's claims and questions) runs again. A page with inlines (whose old
        rows are not in the form) reverts the object's own fields the stock way."""
        if request.method != "POST" or self.get_inline_instances(request):
            return super().history_form_view(request, object_id, version_id, extra_context)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        versions = history.filter(**{self.model._meta.pk.attname: object_id})
        version = get_object_or_404(versions, history_id=version_id)
        if not self.has_change_history_permission(request, version.instance):
            raise PermissionDenied
        response = self.changeform_view(request, object_id, extra_context=extra_context)
        if response.status_code == 302:  # saved: say so in the history
            saved = versions.latest("history_date")
            when = timezone.localtime(version.history_date)
            saved.history_change_reason = f"Reverted to the version of {when:%Y-%m-%d %H:%M}"
            saved.save(update_fields=["history_change_reason"])
        return response

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


class AvailabilityFilter(admin.SimpleListFilter):
    """Modules or lessons by what learners see: visible now, scheduled for later, unpublished."""

    title = "availability"
    parameter_name = "availability"

    def lookups(self, request, model_admin):
        return [("visible", "Visible now"), ("scheduled", "Scheduled"), ("hidden", "Unpublished")]

    def queryset(self, request, queryset):
        if self.value() == "visible":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "hidden":
            return queryset.filter(published=False)
        return queryset


def availability_label(obj: Module | Lesson) -> str:
    """ "Unpublished", "Scheduled: <local time>" or "Published" (its own flag and time only)."""
    if not obj.published:
        return "Unpublished"
    if obj.publish_at is not None and obj.publish_at > timezone.now():
        return f"Scheduled: {timezone.localtime(obj.publish_at):%Y-%m-%d %H:%M}"
    return "Published"


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


class VerdictFilter(admin.SimpleListFilter):
    title = "effective verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return Verdict.choices()

    def queryset(self, request, queryset):
        return queryset.with_verdict(self.value()) if self.value() else queryset
