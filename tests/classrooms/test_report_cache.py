"""The class report is rendered once for a state of the class and served again until that state
or the content changes: every change a teacher could see shows on the next view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.classrooms.models import Assignment, Membership
from lessons.models import LessonProgress
from lessons.pagecache import content_changed
from quizzes.grading import model_answer
from quizzes.models import Attempt, Question
from quizzes.services import answer_question, start_attempt
from tests.factories import UserFactory

from .test_reports_fixtures import build_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(client):
    built = build_class(3, questions=4)
    client.force_login(built.teacher)
    return built


def page(client, big) -> str:
    response = client.get(reverse("teach:class", args=[big.classroom.pk]))
    assert response.status_code == 200
    return response.content.decode()


def stat(html: str, label: str) -> str:
    """The figure before ``label`` in the class summary."""
    head, _, _ = html.partition(f"</span> {label}")
    return head.rsplit('<span class="stat-value">', 1)[1]


def row(html: str, student) -> str:
    """A student's row of the heatmap, as text."""
    start = html.index(f">{student.first_name} {student.last_name} (")
    return html[start : html.index("</tr>", start)]


def test_a_student_joining_shows_at_once(client, big):
    assert stat(page(client, big), "students") == "3"
    Membership.objects.create(classroom=big.classroom, student=UserFactory())
    assert stat(page(client, big), "students") == "4"


def test_a_student_leaving_shows_at_once(client, big):
    page(client, big)
    Membership.objects.filter(classroom=big.classroom, student=big.students[0]).delete()
    html = page(client, big)
    assert stat(html, "students") == "2"
    assert big.students[0].last_name not in html


def test_an_answer_shows_at_once(client, big):
    newcomer = UserFactory(first_name="Nadia", last_name="Newcomer")
    Membership.objects.create(classroom=big.classroom, student=newcomer)
    assert "score –" in row(page(client, big), newcomer)
    attempt = start_attempt(user=newcomer, quiz=big.quiz)
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        right = model_answer(question.kind, question.answer, question.options)
        answer_question(attempt=attempt, question_id=question.pk, submitted=right)
    assert Attempt.objects.filter(user=newcomer).finished().exists()
    shown = row(page(client, big), newcomer)
    assert "score 100%" in shown
    assert "1 of 1 taken" in shown


def test_a_lesson_completed_shows_at_once(client, big):
    student, unread = big.students[2], big.lessons[3]  # has read the first three
    assert "read 3/4" in row(page(client, big), student)
    LessonProgress.objects.record_opening(user=student, lesson=unread).complete()
    assert "read 4/4" in row(page(client, big), student)


def test_an_assignment_falling_due_shows_at_once(client, big, monkeypatch):
    Membership.objects.create(classroom=big.classroom, student=UserFactory())  # has done nothing
    Assignment.objects.filter(classroom=big.classroom).update(
        due_at=timezone.now() + timedelta(minutes=5)
    )
    assert '<td class="late">' not in page(client, big)
    later = timezone.now() + timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert '<td class="late">' in page(client, big)  # who has not done it yet is late now


def test_a_content_edit_shows_at_once(client, big, django_capture_on_commit_callbacks):
    question = big.questions[1]
    page(client, big)
    Question.objects.filter(pk=question.pk).update(prompt="Which day did the campaign start?")
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert "Which day did the campaign start?" in page(client, big)


def test_an_assignment_set_in_a_class_without_students_shows_at_once(client, db):
    built = build_class(0, questions=2)
    Assignment.objects.filter(classroom=built.classroom).delete()
    client.force_login(built.teacher)
    assert "No assignments yet." in page(client, built)
    Assignment.objects.create(classroom=built.classroom, quiz=built.quiz)
    assert "No assignments yet." not in page(client, built)


def test_a_students_new_name_shows_at_once(client, big):
    student = big.students[1]
    page(client, big)
    student.last_name = "Renamed"
    student.save()
    assert "Renamed" in page(client, big)
