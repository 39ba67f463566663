import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, Quiz, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz(course):
    # The lesson with the ISAF error: it has every kind of single-answer question.
    return Quiz.objects.get(lesson__slug="notable-nato-peace-enforcement-missions")


def answer_with_the_keyboard(page, question) -> None:
    """Fill in the focused question with keys only (the first field has autofocus)."""
    kind = question.kind
    if kind in ("multiple_choice", "spot_error", "true_false"):
        page.keyboard.press("Space")  # select the focused first option
    elif kind in ("numeric", "cloze"):
        page.keyboard.type("1999")
    else:
        for _ in question.options if kind == "ordering" else question.prompt_items:
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_a_student_takes_a_lesson_quiz_with_the_keyboard_alone(
    page, live_server, login, student, quiz, axe
):
    login(student)
    page.goto(f"{live_server.url}{quiz.lesson.get_absolute_url()}")
    page.get_by_role("link", name="Take the quiz on this lesson").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"Quiz: {quiz.lesson.title}").wait_for()
    axe(page)
    page.get_by_role("button", name="Start the quiz").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Check answer").wait_for()
    axe(page)
    attempt = Attempt.objects.get(user=student)
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = quiz.questions.get(pk=question_id)
        page.get_by_text(f"Question {number} of {len(attempt.question_ids)}").wait_for()
        # Focus moves into the new question, so the keyboard user can answer at once.
        page.locator("#question-card form :focus").wait_for()
        answer_with_the_keyboard(page, question)
        # Focus moves to the next step, which a screen reader announces with the result and
        # the answer (its description), so Enter goes on at once (htmx autofocus).
        next_step = page.locator(".feedback-next a:focus")
        next_step.wait_for()
        expect(next_step).to_have_accessible_name(re.compile("^(Next question|See your results)$"))
        expect(next_step).to_have_accessible_description(
            re.compile(r"^(Right|Not quite|Partly right) .*The (answer|wrong part): ")
        )  # spot the error names "the wrong part"
        assert page.get_by_text(re.compile("^The (answer|wrong part):")).first.is_visible()
        if number == 1:
            axe(page)
            link = page.get_by_role("link", name=f"Read it in the lesson: {quiz.lesson.title}")
            assert link.get_attribute("href").endswith(f"#{question.anchor}")
        page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"Your results: {quiz.lesson.title}").wait_for()
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert page.get_by_text(f"You scored {attempt.percent}%").is_visible()
    assert Response.objects.filter(attempt=attempt).count() == len(attempt.question_ids)
    axe(page)

    # Follow a review link to the sentence in the lesson.
    page.get_by_role("link", name="Read it in the lesson").first.click()
    anchor = page.url.split("#")[1]
    assert page.locator(f"#{anchor}").is_visible()
    assert page.locator(f"#{anchor}").evaluate("el => el.matches(':target')")


def test_quiz_index_and_module_test_are_accessible(page, live_server, login, student, quiz, axe):
    login(student)
    page.goto(f"{live_server.url}/quizzes/")
    axe(page)
    page.get_by_role("link", name="Module test").first.click()
    axe(page)
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Check answer").wait_for()
    axe(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
