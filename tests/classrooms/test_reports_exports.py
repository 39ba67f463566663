"""The CSV exports: one header row, the numbers the page shows, safe in a spreadsheet, named
by class and date."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from kosovo_edu.classrooms.reports.exports import csv_text, filename, spreadsheet_safe

from .test_reports_fixtures import build_class, build_scene


@pytest.fixture
def scene(db, teacher, student, other_student):
    return build_scene(teacher, student, other_student)


def download(client, user, name, pk) -> tuple[list[list[str]], str]:
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8-sig")  # the BOM tells Excel it is UTF-8
    return list(csv.reader(io.StringIO(body))), response["Content-Disposition"]


def test_the_results_have_one_header_row_and_a_row_per_student_and_quiz(client, scene, teacher):
    classroom, _ = scene
    rows, disposition = download(client, teacher, "teach:export_results", classroom.pk)
    today = timezone.localdate().isoformat()
    assert disposition == f'attachment; filename="year-9-b-results-{today}.csv"'
    header, *data = rows
    assert header == [
        "student", "username", "module", "quiz", "attempts", "best %", "last %", "passed",
        "mastery: KFOR after the war", "mastery: Later years",
    ]  # fmt: skip
    assert not any(row[0] == "student" for row in data)  # one header row only
    quizzes = 3 + 1 + 1 + 1  # KFOR's three lessons' quizzes and test, Later's quiz and test
    assert len(data) == 2 * quizzes
    sara = {row[3]: row for row in data if row[1] == "sara"}
    assert sara["The deployment"][4:8] == ["2", "100", "50", "yes"]
    assert sara["The mandate"][4:8] == ["1", "50", "50", "no"]
    assert sara["The handover"][4:8] == ["0", "", "", ""]
    assert sara["The deployment"][8:] == ["Not started", "Not started"]


def test_the_results_are_the_numbers_the_students_page_shows(client, scene, teacher, student):
    classroom, _ = scene
    rows, _ = download(client, teacher, "teach:export_results", classroom.pk)
    client.force_login(teacher)
    page = html.fromstring(
        client.get(reverse("teach:student", args=[classroom.pk, student.pk])).content.decode()
    )
    shown = {}
    for tr in page.xpath(
        '//table[caption[starts-with(normalize-space(),"Lessons read")]]//tbody/tr[not(@class)]'
    ):
        lesson, _read, quiz, _mastery = [
            " ".join(c.text_content().split()) for c in tr.xpath("./th|./td")
        ]
        shown[lesson] = quiz
    for row in rows[1:]:
        if row[1] == "sara" and row[5]:
            assert shown[row[3]].startswith(f"{row[5]}% ({row[6]}%)")


def test_the_item_analysis_csv_matches_the_page_row_for_row(client, db):
    big = build_class(30, questions=6)
    rows, disposition = download(client, big.teacher, "teach:export_items", big.classroom.pk)
    assert "class-of-30-items-" in disposition
    header, *data = rows
    assert header == [
        "quiz", "question id", "kind", "question", "first attempts (n)", "facility %",
        "discrimination", "flags",
    ]  # fmt: skip
    page = html.fromstring(
        client.get(reverse("teach:class", args=[big.classroom.pk])).content.decode()
    )
    table = page.xpath('//table[contains(@class,"items-table")]//tbody/tr')
    assert len(table) == len(data) == 6
    for tr, row in zip(table, data, strict=True):
        quiz, _prompt, kind, n, facility, discrimination, flag = [
            " ".join(c.text_content().split()) for c in tr.xpath("./td|./th")
        ]
        assert (quiz, kind, n) == (row[0], row[2], row[4])
        assert n == "30"  # first attempts only: half the class took the quiz twice
        assert facility == f"{row[5]}%"
        assert discrimination == (f"{float(row[6]):.2f}" if row[6] else "–")
        assert flag == (row[7] or "ok")


def test_cells_that_would_start_a_formula_are_escaped(client, db):
    big = build_class(3, questions=4)
    evil = big.students[0]
    evil.first_name, evil.last_name = '=HYPERLINK("http://evil.example","x")', ""
    evil.save()
    rows, _ = download(client, big.teacher, "teach:export_results", big.classroom.pk)
    names = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_spreadsheet_safe_escapes_text_but_not_numbers():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("+44 20") == "'+44 20"
    assert spreadsheet_safe("-x") == "'-x"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("\t=1") == "'\t=1"
    assert spreadsheet_safe("Sara") == "Sara"
    assert spreadsheet_safe(-0.25) == -0.25
    assert csv_text(["a", "b"], [[-0.25, None]]) == "a,b\r\n-0.25,\r\n"


def test_a_file_is_named_by_class_and_day():
    from datetime import date

    assert filename("Year 9 B / History", "results", date(2026, 12, 1)) == (
        "year-9-b-history-results-2026-12-01.csv"
    )
    assert filename("!!!", "items", date(2026, 12, 1)) == "class-items-2026-12-01.csv"


def test_another_teacher_cannot_download(client, scene, other_teacher):
    classroom, _ = scene
    client.force_login(other_teacher)
    assert client.get(reverse("teach:export_items", args=[classroom.pk])).status_code == 404
