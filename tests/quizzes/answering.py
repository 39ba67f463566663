"""Answering over HTTP in tests: a quiz of three multiple-choice questions, quizzes of one
question of a kind, and the flow's URLs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import slugify

from quizzes.models import Attempt, Quiz
from tests.factories import QuestionFactory, QuizFactory


def kfor_quiz() -> Quiz:
    """Three questions: when did KFOR enter Kosovo? (12 June 1999)."""
    quiz = QuizFactory(
        lesson__title="KFOR arrives", lesson__slug="kfor-arrives", lesson__module__slug="kfor"
    )
    for n in range(3):
        QuestionFactory(quiz=quiz, prompt=f"Q{n}: when did KFOR enter Kosovo?")
    return quiz


def start(client, quiz: Quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.latest("pk")


def answer_url(attempt: Attempt, question_id: int) -> str:
    return reverse("quizzes:answer", args=[attempt.pk, question_id])


def feedback_url(attempt: Attempt, question_id: int) -> str:
    return reverse("quizzes:feedback", args=[attempt.pk, question_id])


def htmx_post(client, url: str, data: dict[str, Any]):
    return client.post(url, data, headers={"HX-Request": "true"})


EVENTS = ["Operation Allied Force began", "The Kosovo War ended", "KFOR entered Kosovo"]


def one_question_quiz(title: str, **question: Any) -> Quiz:
    quiz = QuizFactory(lesson__title=title, lesson__slug=slugify(title))
    QuestionFactory(quiz=quiz, **{"options": [], **question})
    return quiz


def days_quiz() -> Quiz:
    """How many days (a number: 78)."""
    return one_question_quiz(
        "The air campaign",
        kind="numeric",
        prompt="How many days did the air campaign last?",
        answer={"value": 78, "tolerance": 0, "unit": "days", "display": "78 days"},
    )


def ordering_quiz() -> Quiz:
    """Three events, shown as: the end of the war, the air campaign, KFOR."""
    return one_question_quiz(
        "In order",
        kind="ordering",
        prompt="Put these events in the order they happened, earliest first.",
        options=[EVENTS[1], EVENTS[0], EVENTS[2]],
        answer={"order": EVENTS},
    )


def matching_quiz() -> Quiz:
    pairs = {
        "KFOR": "Kosovo Force",
        "KSF": "Kosovo Security Force",
        "KLA": "Kosovo Liberation Army",
    }
    return one_question_quiz(
        "Abbreviations",
        kind="matching",
        prompt="Match each abbreviation with what it stands for.",
        prompt_items=list(pairs),
        options=["Kosovo Security Force", "Kosovo Force", "Kosovo Liberation Army"],
        answer={"pairs": pairs, "items": list(pairs)},
    )
