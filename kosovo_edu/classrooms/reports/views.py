"""The class page, a student's drill-down and the CSV exports: teachers of the class (and
admins) only. Every view goes through ``teacher_required`` and ``get_classroom_for_teacher``
(a class the user does not teach is a 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from kosovo_edu.classrooms.access import get_classroom_for_teacher, teacher_required
from lessons.pagecache import changes_at, kept_for

from .analysis import MIN_RESPONSES
from .charts import render_averages_chart
from .exports import Cell, csv_text, filename, items_table, results_table
from .queries import ClassReport, student_of, version_keys
from .student import StudentReport

# The longest a class report is kept: it is rendered again as soon as the class, one of its
# students' records or the content changes (``version_keys``), or an assignment falls due.
CLASS_REPORT_TTL = timedelta(minutes=10)


@teacher_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    now = timezone.now()

    def render_report() -> str:
        report = ClassReport.load(classroom, now)
        changes_at(request, report.next_deadline(now))
        context = {
            "classroom": classroom,
            "report": report,
            "averages_chart": render_averages_chart(report.averages),
            "min_responses": MIN_RESPONSES,
        }
        return render_to_string("classrooms/class_detail.html#report", context, request=request)

    name = f"class-report:{classroom.pk}"
    report_html = kept_for(request, name, version_keys(classroom), render_report, CLASS_REPORT_TTL)
    context = {"classroom": classroom, "report_html": mark_safe(report_html)}
    return render(request, "classrooms/class_detail.html", context)


@teacher_required
def class_student(request: HttpRequest, pk: int, student_pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    student = student_of(classroom, student_pk)
    if student is None:
        raise Http404("No such student in this class.")
    report = StudentReport.load(classroom, student, timezone.now())
    return render(
        request, "classrooms/class_student.html", {"classroom": classroom, "report": report}
    )


Table = Callable[[ClassReport], tuple[list[str], list[list[Cell]]]]


def _csv(request: HttpRequest, pk: int, what: str, table: Table) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    now = timezone.now()
    header, rows = table(ClassReport.load(classroom, now))
    name = filename(classroom.name, what, timezone.localdate(now))
    # UTF-8 with a byte-order mark: Excel then reads accented names right
    response = HttpResponse(
        "\ufeff" + csv_text(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@teacher_required
def export_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A row per student and quiz, with mastery per module."""
    return _csv(request, pk, "results", results_table)


@teacher_required
def export_items(request: HttpRequest, pk: int) -> HttpResponse:
    """The item analysis."""
    return _csv(request, pk, "items", items_table)
