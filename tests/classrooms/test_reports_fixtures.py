"""Classes with history for the reports' tests (no tests here): a small hand-built class, and
a class of any size built with ``bulk_create`` (300 students × 20 questions in a second or two,
not through the services), each student with lessons read, a first attempt and a retake,
review cards and answers to a refuted claim's question."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.utils import timezone

from kosovo_edu.accounts.roles import make_teacher
from kosovo_edu.classrooms.models import Assignment, Classroom, Membership
from lessons.facts.verdicts import Verdict
from lessons.models import Claim, Lesson, LessonProgress
from quizzes.mastery import Mastery
from quizzes.models import Attempt, Question, Quiz, Response, ReviewCard
from tests.factories import (
    FactFactory,
    LessonFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)
from tests.quizzes.learners import build_course, read, take

from .factories import ClassroomFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class BigClass:
    classroom: Classroom
    teacher: User
    students: list[User]
    quiz: Quiz
    questions: list[Question]
    lessons: list[Lesson]
    refuted: Claim


def refuted_claim(lesson: Lesson) -> Claim:
    return Claim.objects.create(
        lesson=lesson,
        anchor="s-refuted01",
        sentence="NATO's air campaign lasted 98 days.",
        start=27,
        end=34,
        text="98 days",
        kind="duration",
        auto_verdict=Verdict.REFUTED,
        correct_value="78 days",
    )


def build_class(size: int, *, questions: int = 20, seed: int = 7) -> BigClass:
    """A class of ``size`` students over one module of four lessons and a quiz of
    ``questions`` questions (the first is a spot-the-error on a refuted claim), with two
    assignments. Every student read some lessons, took the quiz once or twice and has a card
    per fact; answers follow a per-student ability so the item statistics mean something."""
    rng = random.Random(seed)
    module = ModuleFactory(title="The air campaign", slug=f"air-{seed}-{size}")
    lessons = [
        LessonFactory(module=module, order=n, title=f"Part {n}", slug=f"part-{n}") for n in range(4)
    ]
    quiz = QuizFactory(lesson=lessons[0], module=module, size=questions)
    claim = refuted_claim(lessons[0])
    items = [
        QuestionFactory(
            quiz=quiz,
            fact=FactFactory(statement=f"Fact {n} of the air campaign."),
            claim=claim if n == 0 else None,
            kind="spot_error" if n == 0 else "multiple_choice",
        )
        for n in range(questions)
    ]
    teacher = UserFactory(username=f"teacher-{seed}-{size}")
    make_teacher(teacher)
    classroom = Classroom.objects.create(name=f"Class of {size}")
    classroom.teachers.add(teacher)
    password = make_password(None)
    students = User.objects.bulk_create(
        User(
            username=f"s{seed}-{size}-{n:04}",
            first_name="Student",
            last_name=f"{n:04}",
            password=password,
        )
        for n in range(size)
    )
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    Assignment.objects.bulk_create(
        [
            Assignment(classroom=classroom, lesson=lessons[0], due_at=T0 + timedelta(days=3)),
            Assignment(classroom=classroom, quiz=quiz, due_at=T0 + timedelta(days=5)),
        ]
    )
    progress, attempts, cards = [], [], []
    for n, student in enumerate(students):
        done = T0 + timedelta(days=1, minutes=n)
        progress += [
            LessonProgress(
                user=student, lesson=lesson, first_opened=done, last_opened=done, completed_at=done
            )
            for lesson in lessons[: 1 + n % 4]
        ]
        for retake in range(1 + n % 2):
            at = T0 + timedelta(days=2 + retake, minutes=n)
            attempts.append(
                Attempt(
                    user=student,
                    quiz=quiz,
                    question_ids=[q.pk for q in items],
                    started_at=at,
                    finished_at=at,
                )
            )
        cards += [
            ReviewCard(
                user=student,
                fact_id=q.fact_id,
                state=2,
                due=T0 + timedelta(days=9),
                level=1 + (n + k) % 4,
                reviews=1,
            )
            for k, q in enumerate(items)
        ]
    LessonProgress.objects.bulk_create(progress)
    attempts = Attempt.objects.bulk_create(attempts)
    ReviewCard.objects.bulk_create(cards)
    responses = []
    for attempt in attempts:
        ability = rng.random()
        points = 0
        for k, question in enumerate(items):
            right = rng.random() < (ability + 0.05 * (k % 5)) / 1.2
            points += right
            responses.append(
                Response(
                    attempt=attempt,
                    question=question,
                    answer={"choice": ["x"]},
                    correct=right,
                    points=float(right),
                    answered_at=attempt.started_at,
                )
            )
        attempt.score = points / len(items)
    Response.objects.bulk_create(responses)
    Attempt.objects.bulk_update(attempts, ["score"])
    return BigClass(classroom, teacher, list(students), quiz, items, lessons, claim)


def build_scene(teacher, student, other_student):
    """Year 9 B: sara read two KFOR lessons, took the first quiz twice (100 %, then 50 %), the
    second once (50 %) and the third (with a spot-the-error on a refuted claim) all right;
    omar read one lesson, scored 50 % on the first quiz and 0 % on the third."""
    course = build_course()
    claim = refuted_claim(course.lessons[2])
    QuestionFactory(
        quiz=course.quizzes[2], claim=claim, kind="spot_error", prompt="Spot the error: 98 days?"
    )
    classroom = ClassroomFactory(
        name="Year 9 B", teachers=[teacher], students=[student, other_student]
    )
    now = timezone.now()
    read(student, course.lessons[0], at=now - timedelta(days=3))
    read(student, course.lessons[1], at=now - timedelta(days=2))
    read(other_student, course.lessons[0], at=now - timedelta(days=3))
    take(student, course.quizzes[0], 1.0, at=now - timedelta(days=3))
    take(student, course.quizzes[0], 0.5, at=now - timedelta(days=2))
    take(student, course.quizzes[1], 0.5, at=now - timedelta(days=2))
    take(student, course.quizzes[2], 1.0, at=now - timedelta(days=1))
    take(other_student, course.quizzes[0], 0.5, at=now - timedelta(days=3))
    take(other_student, course.quizzes[2], 0.0, at=now - timedelta(days=1))
    Assignment.objects.create(
        classroom=classroom, lesson=course.lessons[1], due_at=now - timedelta(days=1)
    )
    fact = course.quizzes[0].questions.first().fact
    ReviewCard.objects.create(
        user=student,
        fact=fact,
        state=2,
        due=now - timedelta(hours=1),
        level=Mastery.FAMILIAR,
        reviews=2,
    )
    return classroom, course
