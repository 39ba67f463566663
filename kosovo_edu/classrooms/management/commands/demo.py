"""Create the demo accounts and some progress for the demo student.

It lives in `classrooms`, the top of the app chain, because it touches every app.
"""

import random

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kosovo_edu.accounts.roles import make_teacher
from lessons.models import Lesson, LessonProgress
from quizzes.grading import model_answer
from quizzes.models import Question, Quiz
from quizzes.services import answer_question, start_attempt

DEMO_PASSWORD = "kosovo-demo"


def ensure_user(username: str, *, staff: bool = False) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = staff
        user.save()
    return user, created


def _wrong(question: Question, right: dict[str, list[str]]) -> dict[str, list[str]]:
    if question.kind == "true_false":
        return {"choice": ["false" if right["choice"] == ["true"] else "true"]}
    if question.kind in ("multiple_choice", "spot_error"):
        return {"choice": [next(o for o in question.options if [o] != right["choice"])]}
    if question.kind == "cloze":
        return {"text": ["I do not remember"]}
    if question.kind == "numeric":
        return {"value": ["1"]}
    return right


@transaction.atomic
def demo_progress(student: User) -> str:
    """Two lessons read and one quiz taken, once: a learner's pages are not empty."""
    if LessonProgress.objects.filter(user=student).exists():
        return "progress already there"
    lessons = list(Lesson.objects.published()[:2])
    now = timezone.now()
    for lesson in lessons:
        LessonProgress.objects.create(
            user=student, lesson=lesson, first_opened=now, last_opened=now, completed_at=now
        )
    quiz = next((q for q in Quiz.objects.filter(lesson__in=lessons) if q.pool().exists()), None)
    if quiz is None:
        return f"{len(lessons)} lessons read (run ingest for quizzes)"
    attempt = start_attempt(user=student, quiz=quiz, rng=random.Random(1999))
    for n, question in enumerate(Question.objects.filter(pk__in=attempt.question_ids)):
        submitted = model_answer(question.kind, question.answer, question.options)
        if n % 3 == 2:  # a realistic score, with something to retry
            submitted = _wrong(question, submitted)
        answer_question(attempt=attempt, question_id=question.pk, submitted=submitted)
    attempt.refresh_from_db()
    return f"{len(lessons)} lessons read, a quiz scored {attempt.percent}%"


class Command(BaseCommand):
    help = (
        "Create demo accounts admin, teacher and student (password 'kosovo-demo') and some "
        "progress for the student. Idempotent; refuses to run when DEBUG is off."
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
        progress = demo_progress(User.objects.get(username="student"))
        summary = ", ".join(created) if created else "no new accounts"
        self.stdout.write(
            f"demo: {summary}; {progress}; password for new accounts: {DEMO_PASSWORD}"
        )
