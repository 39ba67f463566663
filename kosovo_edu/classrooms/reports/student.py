"""One student of a class, as their teacher sees them: lessons read, attempts, mastery per fact
and what is due. Built from the learner's own definitions (``quizzes.progress``), so the
teacher sees the numbers the student sees on ``/progress/``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kosovo_edu.classrooms.models import Assignment, AssignmentStatus, Classroom
from quizzes.mastery import Mastery
from quizzes.models import Attempt, ReviewCard
from quizzes.progress import FactMastery, LearnerCourse, MasterySummary, due_count

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ATTEMPTS_LIMIT = 50
"""Finished quiz attempts listed, newest first (best scores still count every attempt)."""


@dataclass(frozen=True)
class FactRow:
    """The student's card for one fact."""

    statement: str
    level: Mastery
    due: datetime
    reviews: int
    lapses: int

    def is_due(self, now: datetime) -> bool:
        return self.due <= now


@dataclass(frozen=True)
class StudentReport:
    student: User
    course: LearnerCourse  # with each module's and lesson's mastery
    overall: MasterySummary
    attempts: list[Attempt]  # finished quiz attempts, newest first
    attempts_total: int
    facts: list[FactRow]  # weakest first, then soonest due
    due_now: int
    assignments: list[AssignmentStatus]
    now: datetime

    @classmethod
    def load(cls, classroom: Classroom, student: User, now: datetime) -> StudentReport:
        """About a dozen queries, whatever the student has done."""
        mastery = FactMastery.load(student)
        finished = Attempt.objects.for_learner(student).quizzes().finished().on_visible_quizzes()
        cards = (
            ReviewCard.objects.for_learner(student)
            .reviewable()
            .order_by("level", "due", "pk")
            .values_list("fact__statement", "level", "due", "reviews", "lapses")
        )
        assignments = Assignment.objects.filter(classroom=classroom).visible().with_targets()
        done = assignments.completion([student.pk])
        return cls(
            student=student,
            course=LearnerCourse.load(student).with_mastery(mastery),
            overall=mastery.overall(),
            attempts=list(finished.history()[:ATTEMPTS_LIMIT]),
            attempts_total=finished.count(),
            facts=[
                FactRow(statement, Mastery(level), due, reviews, lapses)
                for statement, level, due, reviews, lapses in cards
            ],
            due_now=due_count(student, now),
            assignments=[
                AssignmentStatus(a, done.get((a.pk, student.pk)), now) for a in assignments
            ],
            now=now,
        )

    @property
    def name(self) -> str:
        return self.student.get_full_name() or self.student.get_username()
