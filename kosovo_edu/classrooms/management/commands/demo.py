"""Create the demo accounts and some progress for the demo student.

It lives in `classrooms`, the top of the app chain, because it touches every app.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kosovo_edu.accounts.roles import make_teacher
from kosovo_edu.classrooms.demo_class import DEMO_PASSWORD, demo_class, ensure_user, wrong_answer
from lessons.models import Lesson, LessonProgress
from quizzes.grading import model_answer
from quizzes.models import Question, Quiz
from quizzes.services import answer_question, start_attempt


@dataclass(frozen=True)
class Sitting:
    """One past attempt of the demo history: how long ago, at which quiz, which answers wrong."""

    ago: timedelta
    quiz: int  # 0 and 1: the two lessons' quizzes; 2: their module's test
    wrong_every: int = 0  # every n-th answer wrong (0: none)


# Answers on different days, some wrong: the first lesson's facts came back over three weeks
# (now far apart), the second lesson's and the module test's were answered a few days ago with
# mistakes. So /review/ has facts due now, others later, and mistakes to practise.
HISTORY = (
    Sitting(timedelta(days=23, hours=2), 0, wrong_every=3),
    Sitting(timedelta(days=23, hours=1), 0),
    Sitting(timedelta(days=20), 0, wrong_every=4),
    Sitting(timedelta(days=12), 0),
    Sitting(timedelta(days=4, hours=3), 2, wrong_every=5),
    Sitting(timedelta(days=2, hours=5), 1, wrong_every=2),
)
ANSWER_PACE = timedelta(seconds=40)
READ_AGO = (timedelta(days=24), timedelta(days=3))  # each lesson read before its quiz


def take_quiz(student: User, quiz: Quiz, sitting: Sitting, now: datetime, n: int) -> float:
    """Take the quiz through the real services, as if ``sitting.ago`` before ``now``."""
    at = now - sitting.ago
    attempt = start_attempt(user=student, quiz=quiz, rng=random.Random(1999 + n), at=at)
    questions = Question.objects.in_bulk(attempt.question_ids)
    for count, pk in enumerate(attempt.question_ids, start=1):
        question = questions[pk]
        submitted = model_answer(question.kind, question.answer, question.options)
        if sitting.wrong_every and count % sitting.wrong_every == 0:
            submitted = wrong_answer(question, submitted)
        at += ANSWER_PACE
        answer_question(attempt=attempt, question_id=pk, submitted=submitted, at=at)
    attempt.refresh_from_db()
    return attempt.percent


@transaction.atomic
def demo_progress(student: User) -> str:
    """Two lessons read and a history of quizzes, once: a learner's pages are not empty."""
    if LessonProgress.objects.filter(user=student).exists():
        return "progress already there"
    lessons = list(Lesson.objects.published()[:2])
    now = timezone.now()
    for lesson, ago in zip(lessons, READ_AGO, strict=False):
        read = now - ago
        LessonProgress.objects.create(
            user=student, lesson=lesson, first_opened=read, last_opened=read, completed_at=read
        )
    quizzes = [q for q in Quiz.objects.filter(lesson__in=lessons) if q.pool().exists()]
    quizzes += Quiz.objects.filter(module__lessons__in=lessons[:1], lesson=None)
    if len(quizzes) < 3:
        return f"{len(lessons)} lessons read (run ingest for quizzes)"
    scores = [
        take_quiz(student, quizzes[sitting.quiz], sitting, now, n)
        for n, sitting in enumerate(HISTORY)
    ]
    return f"{len(lessons)} lessons read, {len(scores)} quizzes scored " + ", ".join(
        f"{score}%" for score in scores
    )


class Command(BaseCommand):
    help = (
        "Create demo accounts admin, teacher and student (password 'kosovo-demo-1999'), some "
        'progress for the student, and the teacher\'s class "Year 11 History" of 25 students '
        "with varied progress and two assignments. Idempotent; refuses to run when DEBUG is off."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("demo refuses to run when DEBUG is off: it creates known passwords.")
        created = []
        for username, staff in (("admin", True), ("teacher", False), ("student", False)):
            user, was_created = ensure_user(username, staff=staff)
            if username == "teacher":
                make_teacher(user)
            if was_created:
                created.append(username)
        student = User.objects.get(username="student")
        progress = demo_progress(student)
        classroom = demo_class(teacher=User.objects.get(username="teacher"), student=student)
        summary = ", ".join(created) if created else "no new accounts"
        self.stdout.write(
            f"demo: {summary}; {progress}; {classroom}; password for new accounts: {DEMO_PASSWORD}"
        )
