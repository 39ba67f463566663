"""CSV exports of a class report: the same numbers the page shows, safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be
read as a formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP): a student
can choose their own name. Such a cell gets a leading apostrophe, which spreadsheets show as
text. Numbers are written as numbers (a negative discrimination stays a number).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.utils.text import slugify

if TYPE_CHECKING:
    from .queries import ClassReport

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Cell) -> Cell:
    """The cell as a spreadsheet must read it: text never starts a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """One header row, then the rows, every text cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(name) for name in header])
    for row in rows:
        writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


def filename(class_name: str, what: str, day: date) -> str:
    """``year-9b-results-2026-12-01.csv``: the class, what, the day (ASCII, no quotes)."""
    return f"{slugify(class_name) or 'class'}-{what}-{day.isoformat()}.csv"


# --- the two exports ------------------------------------------------------------------------

RESULTS_HEADER = (
    "student",
    "username",
    "module",
    "quiz",
    "attempts",
    "best %",
    "last %",
    "passed",
)


def results_table(report: ClassReport) -> tuple[list[str], list[list[Cell]]]:
    """A row per student and quiz (every quiz of the course, taken or not), then the student's
    mastery in each module as the last columns (the same on each of the student's rows)."""
    header = [*RESULTS_HEADER, *(f"mastery: {column.title}" for column in report.columns)]
    rows: list[list[Cell]] = []
    for row in report.rows:
        mastery = [cell.mastery.label for cell in row.cells]
        for column in report.columns:
            for quiz in column.quizzes:
                scores = row.scores.get(quiz.pk)
                rows.append(
                    [
                        row.student.name,
                        row.student.username,
                        column.title,
                        quiz.title,
                        scores.taken if scores else 0,
                        round(100 * scores.best) if scores else None,
                        round(100 * scores.last) if scores else None,
                        ("yes" if scores.passed else "no") if scores else None,
                        *mastery,
                    ]
                )
    return header, rows


ITEMS_HEADER = (
    "quiz",
    "question id",
    "kind",
    "question",
    "first attempts (n)",
    "facility %",
    "discrimination",
    "flags",
)


def items_table(report: ClassReport) -> tuple[list[str], list[list[Cell]]]:
    """The item analysis table, a row per quiz and question."""
    rows: list[list[Cell]] = [
        [
            item.quiz_title,
            item.stats.question_id,
            item.kind_label,
            item.prompt,
            item.stats.n,
            item.stats.facility_percent,
            None if item.stats.discrimination is None else round(item.stats.discrimination, 2),
            item.stats.flag_text,
        ]
        for item in report.items
    ]
    return list(ITEMS_HEADER), rows
