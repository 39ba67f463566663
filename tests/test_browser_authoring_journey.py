"""The authoring loop in Chromium, with DEBUG on and off: an admin adds an article, a student
reads its first lesson, takes its quiz and reports a question, the admin resolves the report,
and the student reads the outcome on /progress/."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from lessons.models import Lesson
from quizzes.models import ProblemReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NEW_SEED = SEEDS / "001_8096015f538a0aee.txt"
TITLE = "Allied Force, as added"


@pytest.fixture
def course_without_new_seed() -> None:
    others = [str(p) for p in sorted(SEEDS.glob("*.txt")) if p != NEW_SEED]
    call_command("ingest", *others, str(SEEDS / "facts.toml"), stdout=StringIO())


def answer_whatever_is_asked(page: Page) -> None:
    """Give some answer to the question on screen, whatever its kind, and check it."""
    check = page.get_by_role("button", name="Check answer")
    check.wait_for()  # the next question's card has replaced the last one's feedback
    card = page.locator("#question-card")
    radios, texts, selects = (
        card.locator("input[type=radio]"),
        card.locator("input[type=text]"),
        card.locator("select"),
    )
    if radios.count():
        radios.first.check()
    elif texts.count():
        texts.first.fill("1999")
    else:
        for index in range(selects.count()):
            selects.nth(index).select_option(index=index + 1)  # distinct places for ordering
    check.click()
    expect(page.locator("#feedback-heading")).to_have_text(
        re.compile("Right|Partly right|Not quite")
    )


def add_the_article(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/lessons/document/add/")
    page.get_by_label("Article file").set_input_files(str(NEW_SEED))
    page.get_by_role("button", name="Preview").click()
    page.get_by_label("Module title").fill(TITLE)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("status")).to_contain_text("Status: done.")


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_an_added_article_is_read_quizzed_reported_and_mended(
    page, live_server, login, admin, student, course_without_new_seed, axe, settings, debug
):
    settings.DEBUG = debug
    login(admin)
    add_the_article(page, live_server)
    first = Lesson.objects.get(module__title=TITLE, order=1)

    page.context.clear_cookies()
    login(student)
    page.goto(f"{live_server.url}/lessons/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    page.get_by_role("link", name=first.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    page.get_by_role("link", name="Take the quiz on this lesson").click()
    page.get_by_role("button", name="Start the quiz").click()
    answer_whatever_is_asked(page)

    page.get_by_role("link", name="Report a problem with this question").click()
    page.get_by_label("The question is unclear or has two right answers").check()
    page.get_by_label("Anything to add? (optional)").fill("I could not tell what was asked.")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_role("status").get_by_text("Thanks: your report is with the admins.").wait_for()
    axe(page)
    while page.get_by_role("link", name="Next question").count():
        page.get_by_role("link", name="Next question").click()
        answer_whatever_is_asked(page)
    page.get_by_role("link", name="See your results").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your results")

    report = ProblemReport.objects.get()
    assert report.question is not None
    assert report.question.lesson == first

    page.context.clear_cookies()
    login(admin)
    page.goto(f"{live_server.url}/admin/quizzes/problemreport/")
    page.get_by_role("link", name=re.compile("^Report on")).first.click()
    expect(page.get_by_text("I could not tell what was asked.")).to_be_visible()
    page.get_by_label("Withdraw the question (no quiz asks it again)").check()
    page.get_by_label("Note to the learner").fill("Withdrawn: thank you, it was unclear.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Resolved 1 open report(s) on this item").wait_for()
    report.refresh_from_db()
    assert report.status == "deactivated"
    assert report.question is not None
    assert not report.question.active

    page.context.clear_cookies()
    login(student)
    page.goto(f"{live_server.url}/progress/")
    reports = page.locator(".report-list")
    expect(reports.get_by_text("Question withdrawn")).to_be_visible()
    expect(reports.get_by_text("Withdrawn: thank you, it was unclear.")).to_be_visible()
    expect(page.get_by_text(TITLE).first).to_be_visible()  # the new module is on their progress
    axe(page)
