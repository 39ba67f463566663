"""The home page: the course's front page for visitors, the next step for a learner."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.mastery import Mastery
from tests.factories import UserFactory
from tests.quizzes.learners import build_course, busy_learner, card, page_for, read, take

HOME = reverse("home")


@pytest.fixture
def course(db):
    return build_course()


def primary(html: str) -> tuple[str, str]:
    """The next step's one button: (href, words)."""
    section = html[html.index('id="next-step-heading"') :]
    href, words = re.search(r'<a class="button" href="([^"]+)">([^<]+)</a>', section).groups()
    return href, words


def others(html: str) -> list[str]:
    return re.findall(r'<li class="step step-\w+"><a href="[^"]+">([^<]+)</a>', html)


def test_visitors_get_the_front_page(client, course):
    html = client.get(HOME).content.decode()
    assert "NATO in Kosovo, 1999 and after" in html
    assert "Start the course" in html
    assert "Create a free account" in html
    assert "Your next step" not in html


def test_a_new_learner_is_sent_to_the_first_lesson(client, course, student):
    html = page_for(client, student, HOME)
    assert "Welcome, sara" in html
    assert primary(html) == (course.lessons[0].get_absolute_url(), "Read: The deployment")
    assert others(html) == ["See your progress"]
    assert "How it works" in html


def test_a_half_read_lesson_comes_first(client, course, student):
    read(student, course.lessons[0])
    read(student, course.lessons[1], done=False)
    card(student, course.questions(course.quizzes[0])[0], Mastery.FAMILIAR, due_in=-timedelta(1))
    html = page_for(client, student, HOME)
    assert primary(html) == (course.lessons[1].get_absolute_url(), "Continue reading: The mandate")
    assert others(html) == [
        "Review 1 fact due",
        "Take the quiz: The deployment",
        "See your progress",
    ]


def test_facts_due_for_review_come_before_new_work(client, course, student):
    read(student, course.lessons[0])
    card(student, course.questions(course.quizzes[0])[0], Mastery.FAMILIAR, due_in=-timedelta(1))
    card(student, course.questions(course.quizzes[0])[1], Mastery.FAMILIAR, due_in=-timedelta(1))
    html = page_for(client, student, HOME)
    assert primary(html) == (reverse("review:index"), "Review 2 facts due")
    assert others(html) == [
        "Take the quiz: The deployment",
        "Read: The mandate",
        "See your progress",
    ]


def test_after_reading_a_lesson_its_quiz_is_next_then_the_next_lesson(client, course, student):
    read(student, course.lessons[0])
    take(student, course.quizzes[0], 0.5)
    html = page_for(client, student, HOME)
    assert primary(html) == (course.quizzes[0].get_absolute_url(), "Take the quiz: The deployment")
    assert "best so far 50% · in KFOR after the war" in html
    assert others(html) == ["Read: The mandate", "See your progress"]
    assert "You have read 1 of 4 lessons and passed 0 of 4 quizzes." in html
    assert "How it works" not in html


def test_a_module_read_and_its_quizzes_passed_leads_to_its_test(client, course, student):
    for lesson, quiz in zip(course.lessons[:3], course.quizzes[:3], strict=True):
        read(student, lesson)
        take(student, quiz, 1.0)
    read(student, course.lessons[3], done=False)
    html = page_for(client, student, HOME)
    assert primary(html)[1] == "Continue reading: The handover"
    assert others(html)[0] == "Take the module test: KFOR after the war"


def test_when_everything_is_done_the_progress_page_is_next(client, course, student):
    for lesson, quiz in zip(course.lessons, course.quizzes, strict=True):
        read(student, lesson)
        take(student, quiz, 1.0)
    for test in course.tests:
        take(student, test, 0.9)
    html = page_for(client, student, HOME)
    assert primary(html) == (reverse("progress:index"), "See your progress")
    assert others(html) == []


def test_another_learners_progress_never_changes_my_next_step(
    client, course, student, other_student
):
    busy_learner(other_student, course)
    html = page_for(client, student, HOME)
    assert primary(html)[1] == "Read: The deployment"
    assert others(html) == ["See your progress"]


@pytest.mark.parametrize("attempts", [1, 200])
def test_the_home_page_costs_the_same_with_one_attempt_or_two_hundred(
    client, course, student, attempts, django_assert_num_queries
):
    start = timezone.now() - timedelta(days=30)
    for n in range(attempts):
        take(student, course.quizzes[n % 4], (n % 3) / 2, at=start + timedelta(hours=n))
    read(student, course.lessons[0])
    card(student, course.questions(course.quizzes[0])[0], Mastery.FAMILIAR, due_in=-timedelta(1))
    for other in UserFactory.create_batch(3):
        take(other, course.quizzes[0], 1.0)
    client.force_login(student)
    # user, role (nav); lessons, quizzes, scores, lesson progress; resume lesson
    # (the last opened is finished: then the next one); facts due; assignments (classrooms)
    with django_assert_num_queries(10):
        html = client.get(HOME).content.decode()
    assert "Your next step" in html


def test_the_front_page_costs_visitors_no_query(client, course, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(HOME)
