"""The learner's home and /progress/ in Chromium: axe-clean at 1280 and 360 px with DEBUG on
and off, no sideways scrolling on a phone, and every step works without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lessons.models import Lesson
from quizzes.mastery import Mastery
from quizzes.models import Quiz
from tests.factories import PASSWORD

from .learners import card, read, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(course, student) -> list[Lesson]:
    """sara read the first two lessons of the course, opened the third, took their quizzes over
    a week (not all passed), and has facts due for review."""
    lessons = list(Lesson.objects.published().order_by("module__order", "order")[:3])
    start = timezone.now() - timedelta(days=6)
    for n, lesson in enumerate(lessons):
        read(student, lesson, at=start + timedelta(days=n), done=n < 2)
    for n, score in enumerate([0.4, 0.6, 1.0, 0.75, 0.9]):
        quiz = Quiz.objects.get(lesson=lessons[n % 2])
        take(student, quiz, score, at=start + timedelta(days=n, hours=2))
    questions = Quiz.objects.get(lesson=lessons[0]).questions.filter(fact__isnull=False)
    for question, level in zip(questions[:2], [Mastery.FAMILIAR, Mastery.MASTERED], strict=False):
        card(student, question, level, due_in=-timedelta(hours=1))
    return lessons


def no_sideways_scrolling(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("width", [1280, 360])
def test_home_and_progress_are_axe_clean_on_desktop_and_phone(
    page, live_server, login, student, history, axe, settings, debug, width
):
    settings.DEBUG = debug
    page.set_viewport_size({"width": width, "height": 900})
    login(student)
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Your next step").wait_for()
    axe(page)
    no_sideways_scrolling(page, width)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.get_by_role("heading", level=1, name="Your progress").wait_for()
    assert page.get_by_role("img", name="Your quiz scores").is_visible()
    assert page.get_by_role("table", name="Your attempts, newest first").is_visible()
    axe(page)
    no_sideways_scrolling(page, width)


def test_without_javascript_a_learner_follows_their_next_steps(browser, live_server, history):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("sara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    # The half-read third lesson is the one clear next step.
    third = history[2]
    page.get_by_role("link", name=f"Continue reading: {third.title}").click()
    page.get_by_role("heading", level=1, name=third.title).wait_for()

    page.goto(f"{live_server.url}/progress/")
    rows = page.get_by_role("table", name="Your attempts, newest first").get_by_role("row")
    assert rows.count() == 1 + 5  # the header and five attempts
    page.get_by_role("link", name="Results of attempt 5").click()
    page.get_by_role("heading", name="Up next").wait_for()
    assert "/results/" in page.url
    # 90 % passed the second lesson's quiz: up next is the next step on the course path.
    page.locator(".up-next a.button").click()
    assert page.get_by_role("heading", level=1).count() == 1
    context.close()
