"""What every content and record admin shares."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from lessons.models import Verdict
from lessons.pagecache import content_changed


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
