"""A review session in Chromium: axe-clean at 1280 and 360 px with DEBUG on and off, answered
with the keyboard alone, feedback that says when each fact comes back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz, ReviewCard

from .reviewing import take
from .test_browser_quiz import answer_with_the_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_by_keys(page, question) -> None:
    """Answer with keys only; a matching or ordering question gets a different choice in each
    of its selects (the n-th select's n-th choice), as a grader accepts."""
    if question.kind not in ("matching", "ordering"):
        answer_with_the_keyboard(page, question)
        return
    parts = question.prompt_items if question.kind == "matching" else question.options
    for n in range(len(parts)):
        for _ in range(n + 1):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")


@pytest.fixture
def due(course, student) -> int:
    """sara took a lesson quiz four days ago, a third of it wrong: its facts are due now."""
    quiz = Quiz.objects.get(lesson__slug="notable-nato-peace-enforcement-missions")
    take(student, quiz, at=timezone.now() - timedelta(days=4), is_right=lambda q: q.pk % 3 > 0)
    return ReviewCard.objects.for_learner(student).due(timezone.now()).count()


@pytest.fixture(
    params=[(1280, True), (1280, False), (360, True), (360, False)],
    ids=["desktop-debug", "desktop-production", "phone-debug", "phone-production"],
)
def screen(request, page, settings, axe):
    """A desktop or phone screen, with DEBUG on or off (htmx error handling differs)."""
    width, settings.DEBUG = request.param
    page.set_viewport_size({"width": width, "height": 900})

    def check(page) -> None:  # axe-clean and nothing wider than the screen
        axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url

    return check


def test_a_review_session_with_the_keyboard_on_desktop_and_phone(
    page, live_server, login, student, due, screen
):
    login(student)
    page.goto(f"{live_server.url}/review/")
    page.get_by_role("heading", level=1, name="Review").wait_for()
    assert page.get_by_text(f"{due} facts due now.").is_visible()
    screen(page)

    page.get_by_role("button", name="Review them").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Check answer").wait_for()
    screen(page)
    session = Attempt.objects.reviews().get(user=student)
    for number, question_id in enumerate(session.question_ids, start=1):
        page.get_by_text(f"Question {number} of {due}").wait_for()
        page.locator("#question-card form :focus").wait_for()
        answer_by_keys(page, Question.objects.get(pk=question_id))
        page.locator("#feedback-heading:focus").wait_for()
        assert page.get_by_text("This fact:").is_visible()
        if number == 1:
            screen(page)
        next_step = page.get_by_role("link", name="Next question").or_(
            page.get_by_role("link", name="See how the session went")
        )
        next_step.focus()
        page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Review: how it went").wait_for()
    assert page.locator(".review").count() == due
    screen(page)
    session.refresh_from_db()
    assert session.is_finished
