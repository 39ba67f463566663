"""The demo class "Year 11 History": ~25 students whose progress looks like a real class's.

Every answer goes through the real services (``start_attempt``, ``answer_question``), in the
past, so mastery, review cards and scores are exactly what those students would have. Each
student follows a profile: strong, middling, weak, or not started; a few share the same wrong
beliefs (they take the article's false statements for true). Random choices are seeded per
student, so the class is the same on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lessons.models import Claim, Lesson, LessonProgress
from quizzes.grading import model_answer
from quizzes.models import Question, Quiz
from quizzes.services import answer_question, start_attempt

from .models import Assignment, Classroom

DEMO_PASSWORD = "kosovo-demo-1999"
CLASS_NAME = "Year 11 History"
ANSWER_PACE = timedelta(seconds=35)


def ensure_user(username: str, *, staff: bool = False) -> tuple[User, bool]:
    """The demo account, created once with the demo password."""
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = staff
        user.save()
    return user, created


@dataclass(frozen=True)
class Profile:
    """How a kind of student works: lessons read, quizzes taken, chance of a right answer."""

    name: str
    lessons: int
    quizzes: int
    accuracy: float
    lag_days: int = 0  # started this long after the class began (late starters finish late)
    believer: bool = False  # takes the articles' false statements for true
    module_test: bool = False


STRONG = Profile("strong", lessons=8, quizzes=6, accuracy=0.92, module_test=True)
GOOD = Profile("good", lessons=5, quizzes=4, accuracy=0.78, lag_days=1)
MIDDLING = Profile("middling", lessons=3, quizzes=2, accuracy=0.62, lag_days=3)
WEAK = Profile("weak", lessons=2, quizzes=2, accuracy=0.4, lag_days=17)
BELIEVER = Profile("believer", lessons=4, quizzes=3, accuracy=0.7, lag_days=2, believer=True)
IDLE = Profile("not started", lessons=0, quizzes=0, accuracy=0.0)

# 24 classmates of the demo `student` (whose own history the demo command makes).
ROSTER: tuple[tuple[str, Profile], ...] = (
    ("arben", STRONG),
    ("blerta", STRONG),
    ("dardan", GOOD),
    ("elira", STRONG),
    ("fatos", MIDDLING),
    ("genta", GOOD),
    ("ilir", WEAK),
    ("jeta", BELIEVER),
    ("kushtrim", MIDDLING),
    ("liridona", GOOD),
    ("mentor", IDLE),
    ("nora", BELIEVER),
    ("orges", WEAK),
    ("pranvera", MIDDLING),
    ("rinor", GOOD),
    ("shqipe", BELIEVER),
    ("teuta", STRONG),
    ("valon", IDLE),
    ("vjosa", MIDDLING),
    ("yll", WEAK),
    ("zana", GOOD),
    ("besart", MIDDLING),
    ("drita", IDLE),
    ("gezim", WEAK),
)


def wrong_answer(question: Question, right: dict[str, list[str]]) -> dict[str, list[str]]:
    """A plausible wrong answer of the question's kind."""
    kind = question.kind
    if kind == "true_false":
        return {"choice": ["false" if right["choice"] == ["true"] else "true"]}
    if kind in ("multiple_choice", "spot_error"):
        return {"choice": [next(o for o in question.options if [o] != right["choice"])]}
    if kind == "cloze":
        return {"text": ["I do not remember"]}
    if kind == "numeric":
        return {"value": ["1"]}
    keys = sorted(right)  # matching or ordering: two parts swapped
    if len(keys) < 2:
        return right
    first, second = keys[:2]
    return {**right, first: right[second], second: right[first]}


def believes_falsehood(question: Question) -> bool:
    """A question a believer gets wrong: spotting the article's error, or a false statement."""
    if question.kind == "spot_error":
        return True
    return question.kind == "true_false" and model_answer(
        question.kind, question.answer, question.options
    ) == {"choice": ["false"]}


@dataclass(frozen=True)
class Course:
    """What the class works through, in course order: lessons, the quiz of each lesson (when
    it has questions) and each module's test (taken once all its lessons are read)."""

    lessons: list[Lesson]
    quiz_of: dict[int, Quiz]  # lesson id → its quiz
    test_after: dict[int, Quiz]  # id of a module's last lesson → the module's test
    on_errors: list[Quiz]  # the lesson quizzes that ask about the articles' errors

    @classmethod
    def load(cls) -> Course:
        lessons = list(Lesson.objects.published().order_by("module__order", "order"))
        quizzes = [q for q in Quiz.objects.published() if q.pool().exists()]
        last_of = {lesson.module_id: lesson.pk for lesson in lessons}
        on_errors = set(
            Question.objects.active()
            .filter(claim__in=Claim.objects.refuted())
            .values_list("quiz_id", flat=True)
        )
        return cls(
            lessons,
            {q.lesson_id: q for q in quizzes if q.lesson_id is not None},
            {
                last_of[q.module_id]: q
                for q in quizzes
                if q.is_module_test and q.module_id in last_of
            },
            [q for q in quizzes if q.lesson_id is not None and q.pk in on_errors],
        )

    def first_quiz(self) -> Quiz | None:
        found = (self.quiz_of.get(lesson.pk) for lesson in self.lessons)
        return next((quiz for quiz in found if quiz is not None), None)

    def first_test(self, after: int) -> Quiz | None:
        """The first module test after the first ``after`` lessons (the assignable one)."""
        found = (self.test_after.get(lesson.pk) for lesson in self.lessons[after:])
        return next((test for test in found if test is not None), None)


def work(student: User, profile: Profile, course: Course, now: datetime) -> int:
    """The student's past: lessons read one after the other, each quiz a day after its lesson
    (as many as the profile takes), a module test once its lessons are read (strong students),
    starting ``lag_days`` into the last three weeks. Returns the attempts made."""
    rng = random.Random(f"demo:{student.username}")
    read = course.lessons[: profile.lessons]
    start = now - timedelta(days=21 - profile.lag_days, hours=rng.randint(0, 24))
    step = timedelta(days=18) / max(len(read), 1)
    LessonProgress.objects.bulk_create(
        LessonProgress(
            user=student,
            lesson=lesson,
            first_opened=start + n * step,
            last_opened=start + n * step,
            completed_at=start + n * step + timedelta(minutes=12),
        )
        for n, lesson in enumerate(read)
    )
    sittings: list[tuple[datetime, Quiz]] = []
    for n, lesson in enumerate(read):
        at = start + n * step + timedelta(days=1, hours=rng.randint(0, 5))
        quiz = course.quiz_of.get(lesson.pk)
        if quiz is not None and len(sittings) < profile.quizzes:
            sittings.append((at, quiz))
        test = course.test_after.get(lesson.pk)
        if test is not None and profile.module_test:
            sittings.append((at + timedelta(hours=2), test))
    if profile.believer:  # and they went on to the lessons where the articles are wrong
        sittings += [
            (now - timedelta(days=2, hours=rng.randint(2, 20)), q) for q in course.on_errors
        ]
    taken = [(at, quiz) for at, quiz in sittings if at < now - timedelta(hours=1)]
    for at, quiz in taken:
        take(student, quiz, profile, rng, at)
    return len(taken)


def take(student: User, quiz: Quiz, profile: Profile, rng: random.Random, at: datetime) -> None:
    attempt = start_attempt(user=student, quiz=quiz, rng=rng, at=at)
    questions = Question.objects.in_bulk(attempt.question_ids)
    for pk in attempt.question_ids:
        question = questions[pk]
        right = model_answer(question.kind, question.answer, question.options)
        wrong = profile.believer and believes_falsehood(question)
        if wrong or rng.random() > profile.accuracy:
            right = wrong_answer(question, right)
        at += ANSWER_PACE + timedelta(seconds=rng.randint(0, 40))
        answer_question(attempt=attempt, question_id=pk, submitted=right, at=at)


def make_assignments(classroom: Classroom, course: Course, teacher: User, now: datetime) -> None:
    """Two: the first lesson quiz, due four days ago (most did it, some late), and a module
    test, due in a week (the strong students have taken it already)."""
    first, test = course.first_quiz(), course.first_test(after=2)
    if first is None or test is None:
        return
    Assignment.objects.create(
        classroom=classroom,
        quiz=first,
        due_at=now - timedelta(days=4),
        created_by=teacher,
        created_at=now - timedelta(days=20),
    )
    Assignment.objects.create(
        classroom=classroom,
        quiz=test,
        due_at=now + timedelta(days=7),
        created_by=teacher,
        created_at=now - timedelta(days=2),
    )


@transaction.atomic
def demo_class(*, teacher: User, student: User) -> str:
    """The class, once: a second run finds it and changes nothing (but keeps `student` in)."""
    existing = Classroom.objects.filter(name=CLASS_NAME, teachers=teacher).first()
    if existing is not None:
        existing.enrol(student)
        return f"class “{CLASS_NAME}” already there"
    now = timezone.now()
    classroom = Classroom.objects.create(name=CLASS_NAME, created_at=now - timedelta(days=22))
    classroom.teachers.add(teacher)
    classroom.enrol(student)
    course = Course.load()
    attempts = 0
    for username, profile in ROSTER:
        classmate, _ = ensure_user(username)
        classroom.enrol(classmate)
        if course.lessons and not LessonProgress.objects.filter(user=classmate).exists():
            attempts += work(classmate, profile, course, now)
    make_assignments(classroom, course, teacher, now)
    return (
        f"class “{CLASS_NAME}” ({classroom.display_code}): {len(ROSTER) + 1} students, "
        f"{attempts} quizzes taken, {classroom.assignments.count()} assignments"
    )
