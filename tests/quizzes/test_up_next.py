"""The results page ends with "up next": the next lesson or its quiz, the module test, the
lesson again after a fail, and the facts due for review."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from quizzes.mastery import Mastery

from .learners import build_course, card, read, take


@pytest.fixture
def course(db):
    return build_course()


def up_next(client, user, attempt) -> list[tuple[str, str]]:
    """The (href, words) of the steps under "Up next", the primary one first."""
    client.force_login(user)
    html = client.get(reverse("quizzes:results", args=[attempt.pk])).content.decode()
    section = html[html.index('id="up-next-heading"') :]
    return re.findall(r'<a (?:class="button" )?href="([^"]+)">([^<]+)</a>', section)


def test_a_passed_quiz_leads_to_the_next_lesson(client, course, student):
    read(student, course.lessons[0])
    attempt = take(student, course.quizzes[0], 1.0)
    steps = up_next(client, student, attempt)
    assert steps[0] == (course.lessons[1].get_absolute_url(), "Read: The mandate")
    assert steps[-1] == (reverse("progress:index"), "See your progress")


def test_a_passed_quiz_leads_to_the_next_lessons_quiz_when_that_lesson_is_read(
    client, course, student
):
    read(student, course.lessons[0])
    read(student, course.lessons[1])
    attempt = take(student, course.quizzes[0], 0.8)  # exactly the pass mark
    steps = up_next(client, student, attempt)
    assert steps[0] == (course.quizzes[1].get_absolute_url(), "Take the quiz: The mandate")


def test_the_last_lesson_quiz_of_a_module_leads_to_its_test(client, course, student):
    for lesson, quiz in zip(course.lessons[:2], course.quizzes[:2], strict=True):
        read(student, lesson)
        take(student, quiz, 1.0)
    read(student, course.lessons[2])
    attempt = take(student, course.quizzes[2], 1.0)
    test_url = course.tests[0].get_absolute_url()
    assert up_next(client, student, attempt)[0] == (
        test_url,
        "Take the module test: KFOR after the war",
    )


def test_a_passed_module_test_leads_to_the_next_module(client, course, student):
    for lesson, quiz in zip(course.lessons[:3], course.quizzes[:3], strict=True):
        read(student, lesson)
        take(student, quiz, 1.0)
    attempt = take(student, course.tests[0], 0.9)
    steps = up_next(client, student, attempt)
    assert steps[0] == (course.lessons[3].get_absolute_url(), "Read: The handover")


def test_a_quiz_not_passed_sends_the_learner_back_to_the_lesson_first(client, course, student):
    read(student, course.lessons[0])
    attempt = take(student, course.quizzes[0], 0.5)
    steps = up_next(client, student, attempt)
    again = (course.lessons[0].get_absolute_url(), "Read the lesson again: The deployment")
    assert steps[0] == again
    assert (course.lessons[1].get_absolute_url(), "Read: The mandate") in steps
    client.force_login(student)
    html = client.get(reverse("quizzes:results", args=[attempt.pk])).content.decode()
    assert "A quiz is passed with 80% or more: read the lesson again, then take it again." in html


def test_a_module_test_not_passed_sends_the_learner_back_to_its_lessons(client, course, student):
    attempt = take(student, course.tests[0], 0.5)
    steps = up_next(client, student, attempt)
    assert steps[0] == (course.kfor.get_absolute_url(), "Go over the lessons: KFOR after the war")


def test_facts_due_for_review_are_offered_too(client, course, student):
    read(student, course.lessons[0])
    attempt = take(student, course.quizzes[0], 1.0)
    card(student, course.questions(course.quizzes[0])[0], Mastery.FAMILIAR, due_in=-timedelta(1))
    steps = up_next(client, student, attempt)
    assert steps[1] == (reverse("review:index"), "Review 1 fact due")


def test_another_learners_progress_does_not_change_up_next(client, course, student, other_student):
    read(other_student, course.lessons[1])
    take(other_student, course.quizzes[1], 0.0)
    attempt = take(student, course.quizzes[0], 1.0)
    steps = up_next(client, student, attempt)
    assert steps[0] == (course.lessons[1].get_absolute_url(), "Read: The mandate")


@pytest.mark.parametrize("attempts", [1, 40])
def test_the_results_page_costs_the_same_however_many_attempts(
    client, course, student, attempts, django_assert_num_queries
):
    for n in range(attempts):
        take(student, course.quizzes[n % 4], 0.5)
    attempt = take(student, course.quizzes[0], 1.0)
    client.force_login(student)
    # user, role (nav), attempt, responses; lessons, quizzes, scores, lesson
    # progress; facts due. Once per content version in each process: the quizzes learners
    # see, and the soonest scheduled lesson or module (how long that holds).
    with django_assert_num_queries(11):
        client.get(reverse("quizzes:results", args=[attempt.pk]))
