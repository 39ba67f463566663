import pytest
from django.core.management import call_command
from django.urls import reverse

from lessons.models import Claim
from quizzes.models import Question


@pytest.mark.parametrize("model", ["question", "quiz", "attempt", "reviewcard"])
def test_changelists_and_change_forms_render(admin_client, course, student, client, model):
    from quizzes.grading import model_answer
    from quizzes.models import Quiz, ReviewCard
    from quizzes.services import answer_question, start_attempt

    attempt = start_attempt(user=student, quiz=Quiz.objects.filter(lesson=None).first())
    question = Question.objects.filter(pk__in=attempt.question_ids, fact__isnull=False).first()
    answer_question(
        attempt=attempt,
        question_id=question.pk,
        submitted=model_answer(question.kind, question.answer, question.options),
    )
    card = ReviewCard.objects.get(user=student)
    obj = {"question": question, "quiz": question.quiz, "attempt": attempt, "reviewcard": card}[
        model
    ]
    changelist = admin_client.get(reverse(f"admin:quizzes_{model}_changelist"))
    assert changelist.status_code == 200
    assert str(obj)[:30] in changelist.content.decode()
    change = admin_client.get(reverse(f"admin:quizzes_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert str(obj)[:30] in change.content.decode()


def test_question_preview_shows_the_answer_key_to_admins(admin_client, course):
    question = Question.objects.filter(kind="multiple_choice").first()
    html = admin_client.get(
        reverse("admin:quizzes_question_change", args=[question.pk])
    ).content.decode()
    assert "Answer key:" in html
    assert question.answer["correct"] in html


def test_questions_filter_by_kind_and_claim_verdict(admin_client, course):
    url = reverse("admin:quizzes_question_changelist")
    html = admin_client.get(url, {"kind__exact": "spot_error"}).content.decode()
    assert "Spot the error" in html
    html = admin_client.get(url, {"claim_verdict": "REFUTED"}).content.decode()
    refuted = Question.objects.filter(claim__in=Claim.objects.refuted())
    assert refuted.count() == 2  # the ISAF error: a false statement and a spot-the-error item
    assert "2 questions" in html
    for question in refuted:
        assert question.prompt[:40] in html


def test_a_deactivated_question_stays_off_when_questions_are_regenerated(admin_client, course):
    question = Question.objects.filter(active=True).first()
    url = reverse("admin:quizzes_question_changelist")
    admin_client.post(url, {"action": "deactivate", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert not question.active
    before = set(Question.objects.values_list("pk", flat=True))
    admin_client.post(url, {"action": "regenerate", "_selected_action": [question.pk]})
    call_command("ingest", verbosity=0)
    question.refresh_from_db()
    assert not question.active
    assert set(Question.objects.values_list("pk", flat=True)) == before


def test_an_admins_wording_survives_regeneration(admin_client, course, change_form):
    question = Question.objects.filter(kind="multiple_choice", active=True).first()
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    data = change_form(url)  # the answer key is in its kind's fields
    data.update(prompt="Reworded by a teacher: " + question.prompt, active="on")
    for name in ("quiz", "lesson", "claim", "fact"):
        data[name] = getattr(question, f"{name}_id") or ""
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    call_command("ingest", verbosity=0)
    question.refresh_from_db()
    assert question.prompt.startswith("Reworded by a teacher: ")
    assert question.edited


def test_the_attempt_change_page_reads_its_responses_in_a_few_queries(
    admin_client, course, student, django_assert_max_num_queries
):
    from quizzes.grading import model_answer
    from quizzes.models import Quiz
    from quizzes.services import answer_question, start_attempt

    attempt = start_attempt(user=student, quiz=Quiz.objects.filter(lesson=None).last())
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        submitted = model_answer(question.kind, question.answer, question.options)
        answer_question(attempt=attempt, question_id=question.pk, submitted=submitted)
    with django_assert_max_num_queries(15):
        admin_client.get(reverse("admin:quizzes_attempt_change", args=[attempt.pk]))


def test_review_cards_are_records_not_content(admin_client, course):
    assert admin_client.get(reverse("admin:quizzes_reviewcard_add")).status_code == 403
