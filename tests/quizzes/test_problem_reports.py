"""Learners report problems with a question or a fact-check mark; admins resolve them and the
learner reads the outcome on /progress/."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lessons.facts.verdicts import Verdict
from lessons.models import Claim
from quizzes.grading import model_answer
from quizzes.models import AttemptKind, ProblemReport, Question, Quiz
from quizzes.models.reports import ReportStatus
from quizzes.reviews import start_review
from quizzes.services import answer_question, start_attempt
from tests.factories import FactFactory, QuestionFactory, UserFactory
from tests.quizzes.answering import answer_url, feedback_url, htmx_post, kfor_quiz, start
from tests.quizzes.reviewing import quiz_on_facts, right, take
from tests.test_every_page import assert_strict_csp

REPORT = reverse("quizzes:report_problem")
HTMX = {"HX-Request": "true"}
ALREADY = "You already reported this; we&#x27;ll look at it."


@pytest.fixture
def quiz(db) -> Quiz:
    return kfor_quiz()


@pytest.fixture
def answered(client, quiz, student) -> Question:
    """The student's first question, answered: its feedback page is where they report it."""
    client.force_login(student)
    attempt = start(client, quiz)
    question_id = attempt.question_ids[0]
    client.post(answer_url(attempt, question_id), {"choice": "24 March 1999"})
    question = Question.objects.get(pk=question_id)
    question.feedback_url = feedback_url(attempt, question_id)
    return question


@pytest.fixture
def claim(quiz) -> Claim:
    fact = FactFactory(reference__url="https://example.org/kfor")
    return Claim.objects.create(
        lesson=quiz.lesson,
        anchor="s-0123456789",
        sentence="KFOR entered Kosovo in June 1999.",
        start=0,
        end=32,
        text="KFOR entered Kosovo in June 1999",
        kind="date",
        auto_verdict=Verdict.SUPPORTED,
        fact=fact,
    )


def report_url(**item: object) -> str:
    return REPORT + "?" + "&".join(f"{name}={value}" for name, value in item.items())


def send(client, data: dict, **kwargs):
    return client.post(REPORT, data, **kwargs)


# --------------------------------------------------------------------------- the learner's side


def test_the_feedback_offers_to_report_the_question(client, answered):
    html = client.get(answered.feedback_url).content.decode()
    assert "Report a problem" in html
    assert f"{REPORT}?question={answered.pk}&amp;next=" in html


def test_a_review_feedback_offers_to_report_the_question_too(client, student):
    quiz = quiz_on_facts(1)[0]
    take(student, quiz, at=timezone.now() - timedelta(days=3))
    session = start_review(user=student, kind=AttemptKind.REVIEW)
    question_id = session.question_ids[0]
    client.force_login(student)
    url = reverse("review:answer", args=[session.pk, question_id])
    html = htmx_post(client, url, right(Question.objects.get(pk=question_id))).content.decode()
    assert "Right" in html
    back = quote(session.get_absolute_url())
    assert f'href="{REPORT}?question={question_id}&amp;next={back}"' in html
    form = client.get(report_url(question=question_id)).content.decode()
    assert "What seems wrong?" in form  # a review answer counts as answering it


def test_the_form_names_the_question_and_the_reasons_that_fit_it(client, answered):
    html = client.get(report_url(question=answered.pk)).content.decode()
    assert f"Question: “{answered.prompt}”" in html
    assert "The answer marked right is wrong" in html
    assert "The question is unclear or has two right answers" in html
    assert "The source does not say this" in html
    assert "This fact-check mark is wrong" not in html
    assert answered.answer["correct"] not in html.split("Question:")[1]  # the key stays hidden


def test_a_report_is_saved_and_the_learner_goes_back_to_the_feedback(client, answered, student):
    data = {
        "question": answered.pk,
        "reason": "unclear",
        "note": " Two dates fit. ",
        "next": answered.feedback_url,
    }
    response = send(client, data)
    assert response.status_code == 302
    assert response["Location"] == answered.feedback_url
    report = ProblemReport.objects.get()
    assert (report.user, report.question, report.claim) == (student, answered, None)
    assert (report.reason, report.note, report.about) == (
        "unclear",
        "Two dates fit.",
        answered.prompt,
    )
    assert report.is_open
    assert report.resolved_at is None
    page = client.get(response["Location"]).content.decode()
    assert "Thanks: your report is with the admins." in page


def test_with_htmx_the_form_opens_and_answers_in_place(client, answered):
    form = client.get(report_url(question=answered.pk), headers=HTMX).content.decode()
    assert "<html" not in form
    assert 'hx-post="/quizzes/report/"' in form
    page = client.get(report_url(question=answered.pk)).content.decode()
    assert "hx-post" not in page  # as a page of its own it posts and goes back
    sent = send(client, {"question": answered.pk, "reason": "wrong_answer"}, headers=HTMX)
    assert sent.status_code == 200
    html = sent.content.decode()
    assert "<html" not in html
    assert "Thanks: your report is with the admins." in html
    assert 'href="/progress/#your-reports"' in html
    assert ProblemReport.objects.get().reason == "wrong_answer"


def test_a_fact_check_mark_links_to_its_report_page_the_same_for_everyone(client, course, student):
    claim = Claim.objects.published().supported().select_related("lesson__module").first()
    link = f'<a href="{REPORT}?claim={claim.pk}">Report a problem'
    as_visitor = client.get(claim.lesson.get_absolute_url()).content.decode()
    client.force_login(student)
    as_learner = client.get(claim.lesson.get_absolute_url()).content.decode()
    assert link in as_visitor
    assert link in as_learner
    html = client.get(report_url(claim=claim.pk)).content.decode()
    assert f"Fact-check mark on: “{claim.text}”" in html
    assert "This fact-check mark is wrong" in html
    assert "The answer marked right is wrong" not in html
    response = send(client, {"claim": claim.pk, "reason": "wrong_mark"})
    assert response["Location"] == claim.sentence_url()
    assert ProblemReport.objects.get().claim == claim


def test_visitors_are_sent_to_log_in_and_nothing_is_saved(client, quiz, claim):
    question = quiz.questions.first()
    for response in (
        client.get(report_url(claim=claim.pk)),
        send(client, {"question": question.pk, "reason": "unclear"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not ProblemReport.objects.exists()


def test_a_second_open_report_on_the_same_item_is_refused_kindly(client, answered):
    data = {"question": answered.pk, "reason": "unclear"}
    assert send(client, data).status_code == 302
    again = send(client, data)  # a double submit
    assert again.status_code == 409
    assert ALREADY in again.content.decode()
    assert ProblemReport.objects.count() == 1
    with_htmx = send(client, data, headers=HTMX)
    assert with_htmx.status_code == 409
    assert ALREADY in with_htmx.content.decode()
    assert ProblemReport.objects.count() == 1


def test_the_form_of_an_item_already_reported_says_so(client, answered):
    send(client, {"question": answered.pk, "reason": "unclear"})
    html = client.get(report_url(question=answered.pk), headers=HTMX).content.decode()
    assert ALREADY in html
    assert "<form" not in html


def test_once_resolved_the_learner_may_report_the_item_again(client, answered, admin):
    send(client, {"question": answered.pk, "reason": "unclear"})
    ProblemReport.objects.get().dismiss(by=admin, note="The question is fine.")
    assert send(client, {"question": answered.pk, "reason": "other"}).status_code == 302
    assert ProblemReport.objects.open().count() == 1


def test_the_database_holds_one_open_report_per_learner_and_item(student, other_student, claim):
    ProblemReport.objects.create(user=student, claim=claim, about="x", reason="other")
    ProblemReport.objects.create(user=other_student, claim=claim, about="x", reason="other")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.create(user=student, claim=claim, about="x", reason="source")
    ProblemReport.objects.filter(user=student).update(
        status=ReportStatus.DISMISSED, resolved_at=timezone.now()
    )
    ProblemReport.objects.create(user=student, claim=claim, about="x", reason="source")
    assert ProblemReport.objects.filter(user=student).count() == 2


def test_the_database_refuses_a_report_on_two_items_or_resolved_without_a_date(student, claim):
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.create(
            user=student, claim=claim, question=question, about="x", reason="other"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.create(
            user=student, claim=claim, about="x", reason="other", status=ReportStatus.FIXED
        )


NOT_ANSWERED = "This question cannot be reported: answer it in a quiz or review first."
NOT_ON_A_PAGE = "This fact-check mark cannot be reported: it is not on any lesson page."
ONE_AT_A_TIME = "Report one question or one fact-check mark at a time."
NO_SUCH_ITEM = "This report names no question or fact-check mark that exists."


def never_answered(quiz: Quiz, answered: Question, claim: Claim) -> dict:
    return {"question": QuestionFactory(quiz=quiz).pk, "reason": "unclear"}


def in_an_unpublished_quiz(quiz: Quiz, answered: Question, claim: Claim) -> dict:
    quiz.lesson.published = False
    quiz.lesson.save(update_fields=["published"])
    return {"question": answered.pk, "reason": "unclear"}


def withdrawn(quiz: Quiz, answered: Question, claim: Claim) -> dict:
    Question.objects.filter(pk=answered.pk).update(active=False)
    return {"question": answered.pk, "reason": "unclear"}


def on_an_unpublished_lesson(quiz: Quiz, answered: Question, claim: Claim) -> dict:
    claim.lesson.published = False
    claim.lesson.save(update_fields=["published"])
    return {"claim": claim.pk, "reason": "wrong_mark"}


BAD = {
    "an unknown question": (lambda q, a, c: {"question": 999999, "reason": "x"}, NOT_ANSWERED),
    "a question never answered": (never_answered, NOT_ANSWERED),
    "a question in an unpublished quiz": (in_an_unpublished_quiz, NOT_ANSWERED),
    "a withdrawn question": (withdrawn, NOT_ANSWERED),
    "an unknown claim": (lambda q, a, c: {"claim": 999999, "reason": "other"}, NOT_ON_A_PAGE),
    "a claim on an unpublished lesson": (on_an_unpublished_lesson, NOT_ON_A_PAGE),
    "both items": (lambda q, a, c: {"question": a.pk, "claim": c.pk}, ONE_AT_A_TIME),
    "no item": (lambda q, a, c: {"reason": "other"}, ONE_AT_A_TIME),
    "nested data": (lambda q, a, c: {"question[]": a.pk, "reason": "other"}, ONE_AT_A_TIME),
    "not a number": (lambda q, a, c: {"question": "1 OR 1=1"}, NO_SUCH_ITEM),
    "a huge number": (lambda q, a, c: {"question": "9" * 30}, NO_SUCH_ITEM),
    "a negative number": (lambda q, a, c: {"claim": "-1"}, NO_SUCH_ITEM),
    "a superscript digit": (lambda q, a, c: {"claim": "²"}, NO_SUCH_ITEM),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_tampered_item_gets_a_clear_error_and_saves_nothing(client, quiz, answered, claim, case):
    build, message = BAD[case]
    for headers in ({}, HTMX):
        response = send(client, build(quiz, answered, claim), headers=headers)
        assert response.status_code == 400
        html = response.content.decode()
        assert f'role="alert"><span aria-hidden="true">⚠ </span>{escape(message)}</p>' in html
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "wrong_mark"}, "Select a valid choice."),  # a mark's reason for a question
        ({"reason": ""}, "Choose what seems wrong."),
        ({"reason": "other", "note": "x" * 1001}, "Keep the note under 1000 characters"),
    ],
    ids=["reason of a mark", "no reason", "huge note"],
)
def test_a_bad_answer_to_the_form_gets_a_clear_error_and_saves_nothing(
    client, answered, data, message
):
    response = send(client, {"question": answered.pk, **data}, headers=HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_field_sent_twice_is_refused(client, answered):
    body = f"question={answered.pk}&question={answered.pk}&reason=unclear"
    response = client.post(REPORT, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "came with a field twice" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_foreign_next_address_is_ignored(client, answered):
    data = {"question": answered.pk, "reason": "unclear", "next": "https://evil.example/"}
    response = send(client, data)
    assert response["Location"] == reverse("progress:index")


def test_an_unknown_item_on_the_form_page_is_a_clear_404(client, student):
    client.force_login(student)
    response = client.get(report_url(question=12345))
    assert response.status_code == 404
    assert "This question cannot be reported" in response.content.decode()


def test_the_form_costs_a_pinned_number_of_queries(client, answered, django_assert_num_queries):
    # user; the question (answered, published); open reports (a fragment without the
    # nav: the role is never asked)
    with django_assert_num_queries(3):
        response = client.get(report_url(question=answered.pk), headers=HTMX)
    assert "What seems wrong?" in response.content.decode()


# --------------------------------------------------------------------------- the admin's side


def admin_page(report: ProblemReport) -> str:
    return reverse("admin:quizzes_problemreport_change", args=[report.pk])


@pytest.fixture
def reported(answered, claim, student) -> ProblemReport:
    answered.claim, answered.fact = claim, claim.fact
    answered.save()
    return ProblemReport.objects.create(
        user=student, question=answered, about=answered.prompt, reason="unclear", note="Two fit."
    )


def test_the_queue_lists_open_reports_first(admin_client, reported, other_student, claim):
    done = ProblemReport.objects.create(
        user=other_student,
        claim=claim,
        about="Resolved one",
        reason="other",
        status=ReportStatus.DISMISSED,
        resolved_at=timezone.now(),
    )
    html = admin_client.get(reverse("admin:quizzes_problemreport_changelist")).content.decode()
    assert html.index(admin_page(reported)) < html.index(admin_page(done))


def test_the_change_page_shows_the_evidence(admin_client, reported, claim):
    html = admin_client.get(admin_page(reported)).content.decode()
    for shown in (
        reported.question.prompt,
        "Two fit.",
        "The question is unclear or has two right answers",
        claim.sentence,
        "Supported",
        claim.fact.statement,
        claim.fact.value_display,
        "https://example.org/kfor",
        reverse("admin:quizzes_question_change", args=[reported.question_id]),
        reverse("admin:lessons_claim_change", args=[claim.pk]),
    ):
        assert shown in html, shown
    assert "Note to the learner" in html


def resolve(admin_client, report, resolution: str, reply: str = "Thanks, done.", **extra):
    data = {"resolution": resolution, "reply": reply, "verdict": "", **extra}
    return admin_client.post(admin_page(report), data)


def test_marking_a_report_fixed_records_who_when_and_the_note(admin_client, reported):
    assert resolve(admin_client, reported, "fixed", "We reworded it.").status_code == 302
    reported.refresh_from_db()
    assert reported.status == ReportStatus.FIXED
    assert reported.resolved_by.username == "admin"  # the one admin_client signs in
    assert reported.resolution_note == "We reworded it."
    assert reported.resolved_at is not None
    assert reported.question.active


def test_withdrawing_the_question_deactivates_it_and_resolves_every_open_report_on_it(
    admin_client, reported, other_student, claim
):
    theirs = ProblemReport.objects.create(
        user=other_student, question=reported.question, about="x", reason="wrong_answer"
    )
    elsewhere = ProblemReport.objects.create(
        user=other_student, claim=claim, about="y", reason="other"
    )
    resolve(admin_client, reported, "deactivated", "Withdrawn: two dates fit.")
    question = Question.objects.get(pk=reported.question_id)
    assert not question.active
    assert question.edited  # regenerating keeps it withdrawn
    for report in (reported, theirs):
        report.refresh_from_db()
        assert report.status == ReportStatus.DEACTIVATED
    elsewhere.refresh_from_db()
    assert elsewhere.is_open


def test_dismissing_needs_a_note(admin_client, reported):
    response = resolve(admin_client, reported, "dismissed", reply="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    reported.refresh_from_db()
    assert reported.is_open
    resolve(admin_client, reported, "dismissed", "The sources agree with the answer.")
    reported.refresh_from_db()
    assert reported.status == ReportStatus.DISMISSED


def test_an_override_needs_a_verdict(admin_client, reported, claim):
    response = resolve(admin_client, reported, "overridden")
    assert "Choose the verdict the claim should have." in response.content.decode()
    claim.refresh_from_db()
    assert not claim.override_verdict
    reported.refresh_from_db()
    assert reported.is_open


def test_a_resolved_report_is_read_only(admin_client, reported, admin):
    reported.dismiss(by=admin, note="Fine.")
    html = admin_client.get(admin_page(reported)).content.decode()
    assert 'name="_save"' not in html
    assert "Fine." in html
    assert resolve(admin_client, reported, "fixed").status_code == 403
    reported.refresh_from_db()
    assert reported.status == ReportStatus.DISMISSED


def test_overriding_the_verdict_regenerates_the_questions(admin_client, course, student):
    question = (
        Question.objects.active()
        .filter(claim__isnull=False, claim__override_verdict="", quiz__lesson__isnull=False)
        .select_related("claim")
        .first()
    )
    attempt = start_attempt(user=student, quiz=question.quiz)
    answer_question(
        attempt=attempt,
        question_id=question.pk,
        submitted=model_answer(question.kind, question.answer, question.options),
    )
    report = ProblemReport.objects.create(
        user=student, question=question, about=question.prompt, reason="source"
    )
    resolve(
        admin_client,
        report,
        "overridden",
        "The source gives no date.",
        verdict=Verdict.NOT_ENOUGH_INFO,
    )
    claim = Claim.objects.get(pk=question.claim_id)
    assert claim.verdict == Verdict.NOT_ENOUGH_INFO
    assert claim.override_note == "The source gives no date."
    assert not Question.objects.active().filter(claim=claim).exists()  # never quizzed now
    report.refresh_from_db()
    assert report.status == ReportStatus.OVERRIDDEN


# --------------------------------------------------------------------------- the outcome


def test_the_progress_page_shows_the_outcome_to_its_learner_only(
    client, reported, admin, student, other_student
):
    reported.deactivate_question(by=admin, note="Withdrawn: two dates fit.")
    client.force_login(student)
    html = client.get(reverse("progress:index")).content.decode()
    assert "Your reports" in html
    assert f"“{reported.about}”" in html
    assert "Question withdrawn" in html
    assert "Withdrawn: two dates fit." in html
    client.force_login(other_student)
    assert "Your reports" not in client.get(reverse("progress:index")).content.decode()


def test_an_open_report_says_it_is_open(client, answered, student):
    send(client, {"question": answered.pk, "reason": "unclear"})
    html = client.get(reverse("progress:index")).content.decode()
    assert "Open: we&#x27;ll look at it" in html


def test_resolving_leaves_reports_of_other_learners_on_other_items(student):
    other = UserFactory()
    question = QuestionFactory()
    report = ProblemReport.objects.create(user=other, question=question, about="x", reason="other")
    assert report.mark_fixed(by=student, note="ok") == 1
    with pytest.raises(ValueError, match="already resolved"):
        report.dismiss(by=student, note="again")


def test_the_progress_page_costs_the_same_with_one_report_or_many(client, student, claim):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("progress:index")).content.decode()
        assert html.count('class="card report report-') == ProblemReport.objects.count()
        return len(captured)

    client.force_login(student)
    ProblemReport.objects.create(user=student, claim=claim, about="one", reason="other")
    one = queries()
    for n in range(5):
        ProblemReport.objects.create(
            user=student, question=QuestionFactory(), about=f"more {n}", reason="unclear"
        )
    assert queries() == one


def test_the_report_page_has_a_nonce_csp_and_nothing_inline(client, answered):
    url = report_url(question=answered.pk)
    assert_strict_csp(client.get(url), url)
