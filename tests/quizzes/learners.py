"""A small course and a learner's history in it (lessons read, attempts, review cards), for the
progress page, the home page's next step and the results page's "up next"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from lessons.models import Lesson, LessonProgress, Module
from quizzes.mastery import Mastery
from quizzes.models import Attempt, Question, Quiz, Response, ReviewCard
from tests.factories import FactFactory, LessonFactory, ModuleFactory, QuestionFactory, QuizFactory


@dataclass
class Course:
    """Two modules: "KFOR" (three lessons, a quiz each with two questions on two facts of its
    own, and a module test) and "Later" (one lesson, its quiz, a test)."""

    kfor: Module
    later: Module
    lessons: list[Lesson]  # course order: KFOR's three, then Later's one
    quizzes: list[Quiz]  # the lessons' quizzes, same order
    tests: list[Quiz]  # KFOR's test, Later's test

    def questions(self, quiz: Quiz) -> list[Question]:
        return list(quiz.questions.order_by("pk"))


def build_course() -> Course:
    kfor = ModuleFactory(title="KFOR after the war", slug="kfor", order=1)
    later = ModuleFactory(title="Later years", slug="later", order=2)
    titles = [(kfor, "The deployment"), (kfor, "The mandate"), (kfor, "The drawdown")]
    titles.append((later, "The handover"))
    lessons, quizzes = [], []
    for n, (module, title) in enumerate(titles, start=1):
        lesson = LessonFactory(module=module, order=n, title=title, slug=f"part-{n}")
        quiz = QuizFactory(lesson=lesson, module=module)
        for m in range(2):
            fact = FactFactory(statement=f"Fact {m} of {title}.")
            QuestionFactory(quiz=quiz, fact=fact, prompt=f"{title}: question {m}?")
        lessons.append(lesson)
        quizzes.append(quiz)
    tests = [QuizFactory(lesson=None, module=kfor), QuizFactory(lesson=None, module=later)]
    return Course(kfor, later, lessons, quizzes, tests)


def read(user, lesson: Lesson, *, at: datetime | None = None, done: bool = True) -> None:
    """The learner opened the lesson at ``at`` (and finished it, unless ``done=False``)."""
    at = at or timezone.now()
    LessonProgress.objects.create(
        user=user, lesson=lesson, first_opened=at, last_opened=at, completed_at=at if done else None
    )


def take(user, quiz: Quiz, score: float, *, at: datetime | None = None) -> Attempt:
    """A finished attempt at every question of the quiz, right answers first, scoring ``score``."""
    at = at or timezone.now()
    questions = list(quiz.pool().order_by("pk"))
    right = round(score * len(questions))
    attempt = Attempt.objects.create(
        user=user, quiz=quiz, question_ids=[q.pk for q in questions], started_at=at
    )
    Response.objects.bulk_create(
        Response(
            attempt=attempt,
            question=question,
            answer={"choice": ["x"]},
            correct=n < right,
            points=float(n < right),
            answered_at=at,
        )
        for n, question in enumerate(questions)
    )
    attempt.score, attempt.finished_at = score, at
    attempt.save(update_fields=["score", "finished_at"])
    return attempt


def card(user, question: Question, level: Mastery, *, due_in: timedelta) -> ReviewCard:
    """The learner's review card for the question's fact, due ``due_in`` from now."""
    return ReviewCard.objects.create(
        user=user, fact=question.fact, state=2, due=timezone.now() + due_in, level=level
    )


def page_for(client, user, url: str) -> str:
    """The page at ``url`` as the signed-in ``user`` sees it (it must answer 200)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def busy_learner(user, course: Course) -> Attempt:
    """Give ``user`` a history an outsider must never see: the first lesson read, the second
    opened, the first quiz passed (the attempt returned), the second failed, a fact due."""
    read(user, course.lessons[0])
    read(user, course.lessons[1], done=False)
    passed = take(user, course.quizzes[0], 1.0)
    take(user, course.quizzes[1], 0.0)
    card(user, course.questions(course.quizzes[0])[0], Mastery.MASTERED, due_in=-timedelta(hours=1))
    return passed
