"""The benchmark's data, on a database that already holds the ingested seeds: signed-in learners
with sessions, a quiz question left open, answers ready to post, and a class of 300 students.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.prepare PAGES.json ANSWERS.tsv

PAGES.json gets the URLs and session cookies of each measured page; ANSWERS.tsv one answer POST
a line (path, session cookie, form body), interleaved so that consecutive posts go to different
attempts. Every line posts a right answer to a question not answered yet: each one writes.
"""

from __future__ import annotations

import json
import sys
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

import django

ANSWERERS = 100
ANSWER_SLOTS = 9000  # more than three rounds of a few seconds post at the fastest
CLASS_SIZE = 300


def main(pages_path: Path, answers_path: Path) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.db.models import Count, Q
    from django.urls import reverse

    from kosovo_edu.middleware import LAST_SEEN
    from lessons.models import Lesson, LessonProgress
    from quizzes.grading import model_answer
    from quizzes.models import Attempt, Question, Quiz
    from quizzes.services import answer_question, start_attempt

    # The tests' class builder (bulk inserts, seconds for 300 students); tests are untyped.
    build_class = import_module("tests.classrooms.test_reports_fixtures").build_class

    def session_for(user: User) -> str:
        """A signed-in session, as a log-in makes it (the idle clock started)."""
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "kosovo_edu.accounts.backends.ModelBackend",
                LAST_SEEN: int(time.time()),
            }
        )
        store.create()
        return str(store.session_key)

    def right(question: Question) -> dict[str, list[str]]:
        return model_answer(question.kind, question.answer, question.options)

    quizzes = Quiz.objects.published().annotate(
        active=Count("questions", filter=Q(questions__active=True))
    )
    lesson_quiz = quizzes.filter(lesson__isnull=False, active__gt=0).order_by(
        "-lesson__reading_minutes"
    )[0]
    lesson = Lesson.objects.select_related("module").get(quiz=lesson_quiz)
    biggest = max(quizzes, key=lambda quiz: int(quiz.active))

    learner, _ = User.objects.get_or_create(username="bench-learner")
    for read in Lesson.objects.published().order_by("module__order", "order")[:6]:
        LessonProgress.objects.record_opening(user=learner, lesson=read)
    done = start_attempt(user=learner, quiz=lesson_quiz)
    questions = Question.objects.in_bulk(done.question_ids)
    for pk in done.question_ids:
        answer_question(attempt=done, question_id=pk, submitted=right(questions[pk]))
    question_page = start_attempt(user=learner, quiz=biggest)
    learner_cookie = session_for(learner)

    pool = list(biggest.pool().order_by("pk"))
    per_user = -(-ANSWER_SLOTS // (ANSWERERS * len(pool)))
    answerers = User.objects.bulk_create(
        User(username=f"bench-answerer-{n:03}") for n in range(ANSWERERS)
    )
    attempts = Attempt.objects.bulk_create(
        Attempt(user=user, quiz=biggest, question_ids=[q.pk for q in pool])
        for user in answerers
        for _ in range(per_user)
    )
    cookies = {user.pk: session_for(user) for user in answerers}
    bodies = {q.pk: urlencode(right(q), doseq=True) for q in pool}
    with answers_path.open("w") as out:
        for question in pool:  # question by question: consecutive posts, different attempts
            for attempt in attempts:
                path = reverse("quizzes:answer", args=[attempt.pk, question.pk])
                out.write(f"{path}\t{cookies[attempt.user_id]}\t{bodies[question.pk]}\n")

    big = build_class(CLASS_SIZE)
    pages = {
        "lesson": lesson.get_absolute_url(),
        "question": question_page.get_absolute_url(),
        "progress": reverse("progress:index"),
        "class": reverse("teach:class", args=[big.classroom.pk]),
        "facts": reverse("facts:report"),
        "learner_cookie": learner_cookie,
        "teacher_cookie": session_for(big.teacher),
        "answer_slots": len(attempts) * len(pool),
    }
    pages_path.write_text(json.dumps(pages))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
