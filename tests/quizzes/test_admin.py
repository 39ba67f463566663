import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes.models import Question


@pytest.fixture
def course(db):
    call_command("ingest", verbosity=0)


@pytest.mark.parametrize("model", ["question", "quiz", "attempt"])
def test_changelists_and_change_forms_render(admin_client, course, student, client, model):
    from quizzes.models import Attempt, Quiz
    from quizzes.services import start_attempt

    attempt = start_attempt(user=student, quiz=Quiz.objects.filter(lesson=None).first())
    question = Question.objects.first()
    obj = {"question": question, "quiz": question.quiz, "attempt": attempt}[model]
    changelist = admin_client.get(reverse(f"admin:quizzes_{model}_changelist"))
    assert changelist.status_code == 200
    assert str(obj)[:30] in changelist.content.decode()
    change = admin_client.get(reverse(f"admin:quizzes_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert Attempt.objects.count() == 1


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
    assert "1 question" in html or "2 questions" in html


def test_deactivate_and_regenerate_keep_statistics(admin_client, course):
    question = Question.objects.filter(active=True).first()
    url = reverse("admin:quizzes_question_changelist")
    admin_client.post(url, {"action": "deactivate", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert not question.active
    before = set(Question.objects.values_list("pk", flat=True))
    admin_client.post(url, {"action": "regenerate", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.active  # still generated, so it comes back (same row, same statistics)
    assert set(Question.objects.values_list("pk", flat=True)) == before
