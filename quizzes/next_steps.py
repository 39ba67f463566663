"""What a learner should do next: on the home page, and at the end of a quiz's results.

The course is a path: each lesson, then its quiz, and after a module's lessons its test. A step
is done when the lesson is read or the quiz passed (best score at least ``PASS_MARK``). Facts due
for spaced review come before new work, except that a lesson left half-read comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.urls import reverse

from lessons.models import LessonProgress

from .models import Attempt, Quiz
from .progress import PASS_PERCENT, LearnerCourse, LessonStanding, QuizStatus, due_count

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class StepKind(StrEnum):
    CONTINUE = "continue"
    READ = "read"
    QUIZ = "quiz"
    TEST = "test"
    REVIEW = "review"
    REREAD = "reread"
    PROGRESS = "progress"


@dataclass(frozen=True)
class Step:
    """One thing to do: the words of its button, what it is about, where it goes."""

    kind: StepKind
    action: str
    title: str
    url: str
    context: str = ""

    @property
    def label(self) -> str:
        """The link's words: the action, and what it is about unless the action says it."""
        if self.kind in (StepKind.REVIEW, StepKind.PROGRESS):
            return self.action
        return f"{self.action}: {self.title}"


@dataclass(frozen=True)
class PathItem:
    step: Step
    done: bool
    ready: bool  # a quiz is ready once its lesson is read, a test once all its lessons are
    quiz_id: int | None = None


def review_step(due: int) -> Step | None:
    if not due:
        return None
    url = reverse("review:index")
    facts = f"{due} fact{'s' if due != 1 else ''}"
    return Step(StepKind.REVIEW, f"Review {facts} due", "Spaced review", url, "takes a few minutes")


def _quiz_step(status: QuizStatus, kind: StepKind, where: str) -> Step:
    quiz, url = status.quiz, status.quiz.get_absolute_url()
    best = f"best so far {status.best_percent}%" if status.taken else ""
    if kind == StepKind.TEST:
        return Step(kind, "Take the module test", quiz.module.title, url, best)
    return Step(kind, "Take the quiz", quiz.title, url, " · ".join(filter(None, [best, where])))


def _read_step(row: LessonStanding) -> Step:
    lesson = row.lesson
    action = "Continue reading" if row.opened else "Read"
    kind = StepKind.CONTINUE if row.opened else StepKind.READ
    return Step(kind, action, lesson.title, lesson.get_absolute_url(), f"in {lesson.module.title}")


def course_path(course: LearnerCourse) -> list[PathItem]:
    """Every step of the course in order, each with whether it is done and ready."""
    items: list[PathItem] = []
    for module in course.modules:
        where = f"in {module.module.title}"
        for row in module.lessons:
            items.append(PathItem(_read_step(row), done=row.read, ready=True))
            if row.quiz is not None:
                step = _quiz_step(row.quiz, StepKind.QUIZ, where)
                items.append(PathItem(step, row.quiz.passed, row.read, row.quiz.quiz.pk))
        test = module.quizzes.test
        if test is not None:
            all_read = all(row.read for row in module.lessons)
            step = _quiz_step(test, StepKind.TEST, where)
            items.append(PathItem(step, test.passed, all_read, test.quiz.pk))
    return items


def next_quiz(path: list[PathItem]) -> Step | None:
    """The first quiz (or module test) whose lessons are read and which is not passed yet."""
    return next((i.step for i in path if i.quiz_id and i.ready and not i.done), None)


def step_after(path: list[PathItem], quiz_id: int) -> Step | None:
    """The first step not done after the quiz's own place (or, failing that, before it)."""
    place = next((n for n, item in enumerate(path) if item.quiz_id == quiz_id), len(path))
    for item in [*path[place + 1 :], *path[:place]]:
        if not item.done and item.quiz_id != quiz_id:
            return item.step
    return None


def progress_step() -> Step:
    return Step(StepKind.PROGRESS, "See your progress", "Your progress", reverse("progress:index"))


@dataclass(frozen=True)
class NextSteps:
    """One clear thing to do, and the others worth offering (with the course they come from)."""

    primary: Step
    others: list[Step]
    course: LearnerCourse


def _unique(steps: list[Step | None]) -> list[Step]:
    seen: set[str] = set()
    kept = []
    for step in steps:
        if step is not None and step.url not in seen:
            seen.add(step.url)
            kept.append(step)
    return kept


def home_steps(user: User, now: datetime) -> NextSteps:
    """A lesson left half-read first, then the facts due for review, then the next quiz of a
    lesson read, then the next lesson; the others follow. Constant queries (six or seven)."""
    course = LearnerCourse.load(user)
    path = course_path(course)
    resume = LessonProgress.objects.for_learner(user).resume_lesson()
    row = course.standing(resume) if resume is not None else None
    reading = _read_step(row) if row is not None else None
    if reading is None:
        reading = next((i.step for i in path if not i.done and i.quiz_id is None), None)
    half_read = reading if reading is not None and reading.kind == StepKind.CONTINUE else None
    steps = _unique(
        [half_read, review_step(due_count(user, now)), next_quiz(path), reading, progress_step()]
    )
    return NextSteps(steps[0], steps[1:], course)


def _reread_step(quiz: Quiz) -> Step:
    lesson, module = quiz.lesson, quiz.module
    if lesson is not None:
        return Step(
            StepKind.REREAD, "Read the lesson again", lesson.title, lesson.get_absolute_url()
        )
    return Step(StepKind.REREAD, "Go over the lessons", module.title, module.get_absolute_url())


def up_next(*, attempt: Attempt, user: User, now: datetime) -> list[Step]:
    """After the learner's finished quiz attempt: passed (at least PASS_PERCENT %), the next
    step on the course path; not passed, the lesson again first. Then the facts due for review.
    Five queries: the course (four) and the facts due."""
    quiz = attempt.quiz
    if quiz is None:  # a review session: its own results page says what is next
        return []
    course = LearnerCourse.load(user)
    after = step_after(course_path(course), quiz.pk)
    due = review_step(due_count(user, now))
    if attempt.passed:
        return _unique([after, due, progress_step()])
    return _unique([_reread_step(quiz), due, after])


__all__ = ["PASS_PERCENT", "NextSteps", "Step", "StepKind", "home_steps", "up_next"]
