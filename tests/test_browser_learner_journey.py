"""The learner's loop in Chromium: a wrong answer in a quiz, time moves on, the fact comes back
in /review/, a right answer there, and its mastery rises on /progress/."""

from datetime import timedelta

import pytest
from django.db.models import F

from quizzes.models import Attempt, Question, Response, ReviewCard
from tests.factories import FactFactory, QuestionFactory, QuizFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RIGHT = "12 June 1999"
WRONG = "24 March 1999"


@pytest.fixture
def quiz():
    """A lesson quiz of one multiple-choice question on one fact."""
    quiz = QuizFactory(lesson__title="KFOR arrives", lesson__slug="kfor-arrives")
    QuestionFactory(quiz=quiz, fact=FactFactory(), prompt="When did KFOR enter Kosovo?")
    return quiz


def answer(page, option: str) -> None:
    page.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Check answer").click()


def two_days_pass(user) -> None:
    """Move the learner's history two days into the past: the same as time moving on."""
    shift = timedelta(days=2)
    Response.objects.filter(attempt__user=user).update(answered_at=F("answered_at") - shift)
    Attempt.objects.filter(user=user).update(
        started_at=F("started_at") - shift, finished_at=F("finished_at") - shift
    )
    ReviewCard.objects.filter(user=user).update(
        due=F("due") - shift, last_review=F("last_review") - shift
    )


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_wrong_answer_comes_back_for_review_and_mastery_rises(
    page, live_server, login, student, quiz, axe, settings, debug
):
    settings.DEBUG = debug
    login(student)
    page.goto(f"{live_server.url}{quiz.get_absolute_url()}")
    page.get_by_role("button", name="Start the quiz").click()
    answer(page, WRONG)
    page.get_by_role("link", name="See your results").wait_for()  # the answer is recorded
    assert RIGHT in page.locator("#feedback-answer, .feedback").first.inner_text()
    fact = Question.objects.get(quiz=quiz).fact
    card = ReviewCard.objects.get(user=student, fact=fact)
    assert card.get_level_display() == "Attempted"

    two_days_pass(student)
    page.goto(f"{live_server.url}/review/")
    page.get_by_text("1 fact due now.").wait_for()
    axe(page)
    page.get_by_role("button", name="Review it").click()
    answer(page, RIGHT)
    page.get_by_role("link", name="See how the session went").wait_for()

    page.goto(f"{live_server.url}/progress/")
    page.get_by_role("heading", level=1).wait_for()
    assert "Familiar · 0/1 facts mastered" in page.locator("main").inner_text()  # was Attempted
    axe(page)
    card.refresh_from_db()
    assert card.get_level_display() == "Familiar"
