"""In Chromium, with DEBUG on and off: a student reports a question from its feedback, an admin
resolves it in the admin, and the student reads the outcome on /progress/; without JavaScript
the report is a page of its own."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lessons.models import Claim
from quizzes.models import Attempt, ProblemReport, Question
from tests.factories import PASSWORD
from tests.quizzes.answering import kfor_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz(db):
    return kfor_quiz()


def answer_the_first_question(page, live_server, quiz) -> Question:
    page.goto(f"{live_server.url}{quiz.get_absolute_url()}")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label("24 March 1999").check()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("heading", name="Not quite").wait_for()
    return Question.objects.get(pk=Attempt.objects.get().question_ids[0])


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/**")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_a_reported_question_is_withdrawn_and_the_student_reads_why(
    page, browser, live_server, login, student, admin, quiz, axe, settings, debug, width
):
    settings.DEBUG = debug
    page.set_viewport_size({"width": width, "height": 800})
    login(student)
    question = answer_the_first_question(page, live_server, quiz)

    page.get_by_role("link", name="Report a problem with this question").click()
    form = page.locator("#question-card form.report-form")
    form.wait_for()  # opened in place, under the feedback
    expect(form.locator(".report-about")).to_be_focused()  # a keyboard user is taken there
    assert page.get_by_role("heading", name="Not quite").is_visible()
    axe(page)
    page.get_by_label("The question is unclear or has two right answers").check()
    page.get_by_label("Anything to add? (optional)").fill("Two dates could fit.")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_role("status").get_by_text("Thanks: your report is with the admins.").wait_for()
    assert page.get_by_role("link", name="Next question").is_visible()  # the quiz goes on
    report = ProblemReport.objects.get()
    assert (report.question, report.note) == (question, "Two dates could fit.")
    axe(page)

    staff = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    sign_in(staff, live_server, admin.username)
    staff.goto(f"{live_server.url}/admin/quizzes/problemreport/")
    staff.get_by_role("link", name=f"Report on “{question.prompt}").click()
    expect(staff.get_by_text("Two dates could fit.")).to_be_visible()
    expect(staff.get_by_text(question.explanation)).to_be_visible()  # the evidence
    staff.get_by_label("Withdraw the question (no quiz asks it again)").check()
    staff.get_by_label("Note to the learner").fill("Withdrawn: both dates fit the wording.")
    staff.get_by_role("button", name="Save", exact=True).click()
    staff.get_by_text("Resolved 1 open report(s) on this item").wait_for()
    staff.context.close()
    question.refresh_from_db()
    assert not question.active

    page.goto(f"{live_server.url}/progress/")
    section = page.locator(".report-list")
    section.get_by_text("Question withdrawn").wait_for()
    assert section.get_by_text("Withdrawn: both dates fit the wording.").is_visible()
    assert section.get_by_text(f"“{question.prompt}”").is_visible()
    axe(page)


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_without_javascript_the_report_is_a_page_that_leads_back(
    browser, live_server, student, quiz, settings, debug
):
    settings.DEBUG = debug
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, student.username)
    answer_the_first_question(page, live_server, quiz)
    feedback = page.url

    page.get_by_role("link", name="Report a problem with this question").click()
    page.get_by_role("heading", level=1, name="Report a problem").wait_for()
    page.get_by_role("button", name="Send the report").click()  # no reason chosen
    assert not ProblemReport.objects.exists()
    page.get_by_label("The answer marked right is wrong").check()
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(feedback)
    assert page.get_by_text("Thanks: your report is with the admins.").is_visible()
    assert ProblemReport.objects.get().reason == "wrong_answer"

    page.get_by_role("link", name="Report a problem with this question").click()
    page.get_by_text("You already reported this; we'll look at it.").wait_for()
    context.close()


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_a_student_reports_a_fact_check_mark_from_its_tip(
    page, live_server, login, student, course, axe, settings, debug
):
    settings.DEBUG = debug
    page.set_viewport_size({"width": 360, "height": 800})
    claim = Claim.objects.published().supported().select_related("lesson__module").first()
    login(student)
    page.goto(f"{live_server.url}{claim.lesson.get_absolute_url()}")
    mark = page.locator(f"#{claim.anchor} button.mark-supported").first
    mark.click()
    tip = page.locator(f"#{mark.get_attribute('popovertarget')}")
    tip.get_by_role("link", name="Report a problem with this mark").click()
    page.get_by_role("heading", level=1, name="Report a problem").wait_for()
    assert page.get_by_text(f"Fact-check mark on: “{claim.text}”").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe(page)
    page.get_by_label("This fact-check mark is wrong").check()
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**{claim.lesson.get_absolute_url()}#{claim.anchor}")
    page.get_by_text("Thanks: your report is with the admins.").wait_for()
    assert ProblemReport.objects.get().claim == claim
    axe(page)
