"""Builders for the review, mastery and recompute tests: a quiz on a few facts, and a learner
who takes it through the real services at a given time."""

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from kosovo_edu.classrooms.management.commands.demo import wrong_answer
from lessons.models import Fact
from quizzes.grading import model_answer
from quizzes.models import Attempt, Question, Quiz
from quizzes.services import answer_question, start_attempt
from tests.factories import FactFactory, QuestionFactory, QuizFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def quiz_on_facts(count: int = 3, **quiz_fields) -> tuple[Quiz, list[Fact]]:
    """A lesson quiz asking two kinds of question (multiple choice, true/false) per fact."""
    quiz = QuizFactory(**quiz_fields)
    facts = FactFactory.create_batch(count)
    for n, fact in enumerate(facts):
        QuestionFactory(quiz=quiz, fact=fact, prompt=f"Fact {n}: when did KFOR enter Kosovo?")
        QuestionFactory(
            quiz=quiz,
            fact=fact,
            kind="true_false",
            options=[],
            answer={"correct": True},
            prompt=f"Fact {n}: KFOR entered Kosovo on 12 June 1999.",
        )
    return quiz, facts


def right(question: Question) -> dict[str, list[str]]:
    return model_answer(question.kind, question.answer, question.options)


def wrong(question: Question) -> dict[str, list[str]]:
    """A wrong answer (the right one for matching and ordering), as the demo data gives it."""
    return wrong_answer(question, right(question))


def take(
    user,
    quiz: Quiz,
    *,
    at: datetime,
    is_right: Callable[[Question], bool] = lambda question: True,
) -> Attempt:
    """Start the quiz at ``at`` and answer every question of its pool, ten seconds apart.

    The attempt asks the whole pool, two questions on one fact included (``start_attempt``
    draws one per fact): these tests are about what answers do to cards and sessions."""
    attempt = start_attempt(user=user, quiz=quiz, rng=random.Random(0), at=at)
    pool = list(quiz.pool().order_by("pk").values_list("pk", flat=True))
    random.Random(0).shuffle(pool)  # in a mixed order, as a drawn attempt would be
    attempt.question_ids = pool
    attempt.save(update_fields=["question_ids"])
    questions = Question.objects.in_bulk(attempt.question_ids)
    for n, pk in enumerate(attempt.question_ids, start=1):
        question = questions[pk]
        submitted = right(question) if is_right(question) else wrong(question)
        answer_question(
            attempt=attempt,
            question_id=pk,
            submitted=submitted,
            at=at + timedelta(seconds=10 * n),
        )
    attempt.refresh_from_db()
    return attempt
