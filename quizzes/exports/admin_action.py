"""Admin actions: the selected quizzes' exportable questions as a GIFT, Moodle XML or QTI
download (the same selection as ``manage.py export_quiz``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from quizzes.exports.formats import ExportFormat
from quizzes.exports.selection import exportable, records
from quizzes.models import Quiz


def export_selected(
    modeladmin: Any,
    request: HttpRequest,
    queryset: QuerySet[Quiz],
    fmt: ExportFormat = ExportFormat.GIFT,
) -> HttpResponse | None:
    """The selected quizzes exported in ``fmt`` as an attachment; what the format skipped is
    shown as a message.  Nothing selected is published: a warning, no file."""
    questions = records(exportable(quizzes=queryset))
    if not questions:
        modeladmin.message_user(
            request,
            "None of the selected quizzes has a published, active question.",
            messages.WARNING,
        )
        return None
    export = fmt.render(questions)
    if export.skipped:
        modeladmin.message_user(request, "; ".join(export.report_lines()), messages.INFO)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@admin.action(description="Export as GIFT (Moodle)")
def export_gift(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Quiz]
) -> HttpResponse | None:
    return export_selected(modeladmin, request, queryset, ExportFormat.GIFT)


@admin.action(description="Export as Moodle XML")
def export_moodle_xml(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Quiz]
) -> HttpResponse | None:
    return export_selected(modeladmin, request, queryset, ExportFormat.MOODLE_XML)


@admin.action(description="Export as IMS QTI 2.1 package")
def export_qti(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Quiz]
) -> HttpResponse | None:
    return export_selected(modeladmin, request, queryset, ExportFormat.QTI)


EXPORT_ACTIONS = [export_gift, export_moodle_xml, export_qti]
