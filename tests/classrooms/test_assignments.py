"""What a student sees of their assignments: due, late, open, done; on /, on /progress/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.classrooms.models import Assignment, AssignmentState
from quizzes.models import Attempt
from tests.factories import LessonProgressFactory, QuestionFactory, QuizFactory

from .factories import AssignmentFactory, ClassroomFactory

NOW = timezone.now()


@pytest.fixture
def classroom(teacher, student):
    return ClassroomFactory(name="Year 11 History", teachers=[teacher], students=[student])


@pytest.fixture
def four(classroom, student):
    """Four assignments, one in each state for ``student``."""
    done = AssignmentFactory(
        classroom=classroom, lesson__title="Done lesson", due_at=NOW - timedelta(days=1)
    )
    LessonProgressFactory(user=student, lesson=done.lesson, completed_at=NOW - timedelta(days=2))
    quiz = QuizFactory(lesson__title="Late quiz")
    QuestionFactory(quiz=quiz)
    late = AssignmentFactory(
        classroom=classroom, lesson=None, quiz=quiz, due_at=NOW - timedelta(hours=1)
    )
    due = AssignmentFactory(
        classroom=classroom, lesson__title="Due lesson", due_at=NOW + timedelta(days=3)
    )
    open_ = AssignmentFactory(classroom=classroom, lesson__title="Open lesson")
    return {"done": done, "late": late, "due": due, "open": open_}


def test_each_assignment_has_its_state(four, student):
    states = {s.assignment.pk: s.state for s in Assignment.objects.statuses_for(student, NOW)}
    assert states == {four[name].pk: AssignmentState(name) for name in four}


def test_a_quiz_is_done_once_an_attempt_is_finished(four, student):
    late = four["late"]
    attempt = Attempt.objects.create(user=student, quiz=late.quiz, question_ids=[])
    assert not late.is_done_by(student)  # started is not done
    attempt.finish(0.0, at=NOW)
    assert late.is_done_by(student)
    status = next(s for s in Assignment.objects.statuses_for(student, NOW) if s.assignment == late)
    assert status.state is AssignmentState.DONE
    assert status.done_late


def test_another_students_work_does_not_count(four, other_student, classroom):
    classroom.enrol(other_student)
    states = {s.assignment.pk: s.state for s in Assignment.objects.statuses_for(other_student, NOW)}
    assert states[four["done"].pk] is AssignmentState.LATE


def test_archived_classes_and_classes_left_show_nothing(four, student, classroom):
    classroom.set_archived(True)
    assert Assignment.objects.statuses_for(student, NOW) == []
    classroom.set_archived(False)
    classroom.remove_student(student.pk)
    assert Assignment.objects.statuses_for(student, NOW) == []


def test_completion_is_computed_in_two_queries_for_a_whole_class(
    four, classroom, student, other_student, django_assert_num_queries
):
    classroom.enrol(other_student)
    with django_assert_num_queries(3):  # assignments, lessons read, quizzes finished
        done = classroom.assignments.all().completion([student.pk, other_student.pk])
    assert set(done) == {(four["done"].pk, student.pk)}


@pytest.mark.parametrize("url", ["home", "progress:index"])
def test_the_student_sees_late_first_then_due_then_open_then_done(client, four, student, url):
    client.force_login(student)
    html = client.get(reverse(url)).content.decode()
    assert "Your assignments" in html
    assert "1 late" in html
    order = ["Quiz: Late quiz", "Read: Due lesson", "Read: Open lesson", "Read: Done lesson"]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    for when in ("was due", "no due date", "done "):
        assert when in html


@pytest.mark.parametrize("url", ["home", "progress:index"])
def test_without_a_class_there_is_no_assignment_section(client, student, url):
    client.force_login(student)
    assert "Your assignments" not in client.get(reverse(url)).content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_assignment_list_costs_the_same_whatever_its_length(
    rf, classroom, student, count, django_assert_num_queries
):
    from django.template import Context, Template

    for _ in range(count):
        AssignmentFactory(classroom=classroom)
    request = rf.get("/")
    request.user = student
    template = Template("{% load classroom_tags %}{% my_assignments %}")
    with django_assert_num_queries(2):  # assignments, lessons read (no quiz assigned)
        html = template.render(Context({"request": request}))
    assert html.count('class="assignment assignment-open"') == count
