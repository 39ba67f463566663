"""In Chromium: an answer the server sends back is said next to the question and keeps what the
learner gave, with DEBUG on and off; without JavaScript a reload of the feedback shows it again;
at 360 px "Next" is in view after every answer."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, Quiz, Response
from quizzes.services import answer_question
from tests.factories import PASSWORD, QuestionFactory
from tests.quizzes.answering import days_quiz
from tests.quizzes.answering import ordering_quiz as ordering_quiz_of_three

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DAYS_78 = {"value": ["78"]}
# Chromium logs every 4xx response as a console error; here the server sends answers back
# on purpose, so that line (and only that line) is expected.
SENT_BACK = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d\b")


def watch(page) -> list[str]:
    """The console errors of ``page`` (CSP violations show up there), as conftest's page."""
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not SENT_BACK.match(msg.text)
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(10_000)
    return errors


@pytest.fixture
def page(context, live_server) -> Iterator:
    page = context.new_page()
    errors = watch(page)
    yield page
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def no_js_page(new_context, live_server) -> Iterator:
    page = new_context(java_script_enabled=False).new_page()
    errors = watch(page)
    yield page
    assert not errors, f"browser console errors: {errors}"


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/**")


@pytest.fixture
def typed_quiz(db) -> Quiz:
    return days_quiz()


@pytest.fixture
def ordering_quiz(db) -> Quiz:
    return ordering_quiz_of_three()


def start(page, live_server, quiz) -> Attempt:
    page.goto(f"{live_server.url}{quiz.get_absolute_url()}")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Check answer").wait_for()
    return Attempt.objects.latest("pk")


def in_view(locator) -> bool:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; }"
    )


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_an_invalid_answer_is_said_next_to_the_question_and_keeps_the_typed_value(
    page, live_server, student, typed_quiz, settings, axe, debug, width
):
    settings.DEBUG = debug
    page.set_viewport_size({"width": width, "height": 640})
    log_in(page, live_server, student)
    attempt = start(page, live_server, typed_quiz)
    field = page.get_by_label("Your answer (in days)")
    field.fill("seventy-eight weeks")
    page.get_by_role("button", name="Check answer").click()
    alert = page.get_by_role("alert")
    alert.get_by_text("Type just the number in days, for example 78.").wait_for()
    assert page.locator("#question-card form #answer-error").count() == 1  # next to it
    assert field.input_value() == "seventy-eight weeks"  # nothing the learner typed is lost
    assert page.get_by_role("heading", level=1, name="The air campaign").is_visible()
    assert page.locator("link[rel=stylesheet]").count() == 1  # the page, not a bare fragment
    assert page.get_by_role("button", name="Check answer").is_enabled()
    for shown in (alert, field, page.get_by_role("button", name="Check answer")):
        assert in_view(shown)
    assert not Response.objects.filter(attempt=attempt).exists()
    axe(page)

    field.fill("seventy-eight")  # number words count
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("heading", name="Right").wait_for()
    assert Response.objects.get(attempt=attempt).correct


def test_an_ordering_place_cannot_be_given_twice(page, live_server, student, ordering_quiz, axe):
    log_in(page, live_server, student)
    start(page, live_server, ordering_quiz)
    first, second, third = (
        page.get_by_label(name) for name in ordering_quiz.questions.get().options
    )
    first.select_option("2")
    # Waiting for the script: a busy machine may run it after the first choice is made.
    expect(second.locator('option[value="2"]')).to_be_disabled()
    expect(third.locator('option[value="2"]')).to_be_disabled()
    expect(second.locator('option[value="1"]')).to_be_enabled()
    first.select_option("")  # the placeholder frees the place again
    expect(second.locator('option[value="2"]')).to_be_enabled()
    first.select_option("2")
    second.select_option("1")
    third.select_option("3")
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("heading", name="Right").wait_for()
    feedback = page.locator("ul.parts li")
    assert feedback.count() == 3
    assert feedback.first.inner_text().endswith("1. Operation Allied Force began")
    axe(page)


def test_without_javascript_an_answer_redirects_to_feedback_that_a_reload_shows_again(
    no_js_page, live_server, student, typed_quiz
):
    page = no_js_page
    log_in(page, live_server, student)
    attempt = start(page, live_server, typed_quiz)
    field = page.get_by_label("Your answer (in days)")
    field.fill("78 weeks")
    page.get_by_role("button", name="Check answer").click()
    assert page.get_by_text("Type just the number in days, for example 78.").is_visible()
    assert page.get_by_label("Your answer (in days)").input_value() == "78 weeks"

    page.get_by_label("Your answer (in days)").fill("38.000")  # 38 or 38,000: neither is 78
    page.get_by_role("button", name="Check answer").click()
    question = typed_quiz.questions.get()
    page.wait_for_url(f"**/attempts/{attempt.pk}/questions/{question.pk}/feedback/")
    for _ in range(2):  # the feedback, then a reload of it
        assert page.get_by_role("heading", name="Not quite").is_visible()
        assert page.get_by_text("The answer: 78 days").is_visible()
        assert page.get_by_role("link", name="See your results").is_visible()
        page.reload()
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_a_second_answer_without_javascript_is_not_recorded_and_leads_to_the_first(
    page, live_server, student, typed_quiz, axe
):
    """As after the Back button: the question page is still open, its answer already given."""
    days = typed_quiz.questions.get()
    attempt = Attempt.objects.create(
        user=student, quiz=typed_quiz, question_ids=[days.pk, QuestionFactory(quiz=typed_quiz).pk]
    )
    log_in(page, live_server, student)
    page.goto(f"{live_server.url}{attempt.get_absolute_url()}")
    answer_question(attempt=attempt, question_id=days.pk, submitted=DAYS_78)
    page.get_by_label("Your answer (in days)").fill("77")
    # A plain form submission, as without JavaScript (htmx only hears the submit event).
    page.locator("#question-card form").evaluate(
        "form => HTMLFormElement.prototype.submit.call(form)"
    )
    page.get_by_role("heading", name="Answer not recorded").wait_for()
    assert page.get_by_text("You already answered this question.").is_visible()
    axe(page)
    page.get_by_role("link", name="See your answer").click()
    page.get_by_role("heading", name="Right").wait_for()
    assert page.get_by_text("Your answer: 78").is_visible()
    axe(page)
    assert Response.objects.get(attempt=attempt).answer == DAYS_78


@pytest.fixture
def lesson_quiz(course) -> Quiz:
    # The lesson with the ISAF error: it has every kind of single-answer question.
    return Quiz.objects.get(lesson__slug="notable-nato-peace-enforcement-missions")


def answer_something(page, question) -> None:
    """Any valid answer, the way a learner on a phone gives it."""
    if question.kind in ("multiple_choice", "spot_error", "true_false"):
        page.locator("#question-card input[type=radio]").first.check()
    elif question.kind in ("numeric", "cloze"):
        page.locator("#question-card input[type=text]").fill("1999")
    else:
        for index, select in enumerate(page.locator("#question-card select").all()):
            select.select_option(index=1 + index)  # each its own place or match
    page.get_by_role("button", name="Check answer").click()


def test_at_360px_next_is_in_view_and_focused_after_every_answer(
    page, live_server, student, lesson_quiz, axe
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, student)
    attempt = start(page, live_server, lesson_quiz)
    for number, question_id in enumerate(attempt.question_ids, start=1):
        page.get_by_text(f"Question {number} of {len(attempt.question_ids)}").wait_for()
        answer_something(page, lesson_quiz.questions.get(pk=question_id))
        next_step = page.get_by_role("link", name="Next question").or_(
            page.get_by_role("link", name="See your results")
        )
        page.locator(".feedback-next a:focus").wait_for()
        assert in_view(next_step), f"question {number}: Next is out of view"
        assert in_view(page.locator("#feedback-heading")), f"question {number}: no result"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if number == 1:
            axe(page)
        next_step.click()
    page.get_by_role("heading", name=f"Your results: {lesson_quiz.lesson.title}").wait_for()
