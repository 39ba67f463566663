"""Classes, their students (through a join code), their teachers and their assignments."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lessons.models import Lesson, LessonProgress
from quizzes.models import Attempt, Quiz

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code copied from the board is typed right. 32 symbols = 5 bits each."""
CODE_LENGTH = 8  # 40 bits: guessing one of a school's codes takes ~10^11 tries


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a student typed → a stored code: case, spaces and dashes do not matter."""
    return "".join(typed.split()).replace("-", "").upper()


class ClassroomQuerySet(models.QuerySet["Classroom"]):
    def active(self) -> ClassroomQuerySet:
        """Not archived."""
        return self.filter(archived=False)

    def taught_by(self, user: Any) -> ClassroomQuerySet:
        """The classes the user teaches; an admin (staff) sees every class."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(teachers=user)

    def joined_by(self, user: Any) -> ClassroomQuerySet:
        """The classes the user is a student of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__student=user)

    def for_teacher_index(self, now: datetime) -> ClassroomQuerySet:
        """With ``student_total``, ``assignment_total``, ``next_due`` (the earliest due date
        still ahead, or None) and the teachers, for /teach/: two queries for any number."""
        return self.annotate(
            student_total=Count("memberships", distinct=True),
            assignment_total=Count("assignments", distinct=True),
            next_due=Min("assignments__due_at", filter=Q(assignments__due_at__gte=now)),
        ).prefetch_related(models.Prefetch("teachers", queryset=User.objects.order_by("username")))

    def for_join_code(self, typed: str) -> Classroom | None:
        """The active class with that code, however it was typed; None when there is none."""
        return self.active().filter(join_code=normalise_code(typed)).first()


class Classroom(models.Model):
    name = models.CharField(max_length=120)
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="classrooms_taught")
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("classroom", "student"),
        related_name="classrooms_joined",
    )
    archived = models.BooleanField(
        default=False, help_text="An archived class keeps its data; its code no longer works."
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["archived", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teach:class", args=[self.pk])

    def get_join_url(self) -> str:
        return reverse("join_code", args=[self.join_code])

    @staticmethod
    def version_key(pk: int) -> str:
        """The version key of a class's own record, its roster and assignments
        (``lessons.pagecache.records_changed``; moved on by ``classrooms.signals``)."""
        return f"classroom-version:{pk}"

    @property
    def display_code(self) -> str:
        """The code in two groups of four, easier to read off a board: "ABCD-EFGH"."""
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"

    def regenerate_code(self) -> None:
        """A fresh code; the old one stops working at once (e.g. it leaked outside the class)."""
        for _ in range(5):
            self.join_code = new_join_code()
            try:
                with transaction.atomic():
                    self.save(update_fields=["join_code"])
                return
            except IntegrityError:  # a 1-in-10^12 clash: draw again
                continue
        raise IntegrityError("could not draw a unique join code")

    def rename(self, name: str) -> None:
        self.name = name
        self.save(update_fields=["name"])

    def set_archived(self, archived: bool) -> None:
        self.archived = archived
        self.save(update_fields=["archived"])

    def is_taught_by(self, user: Any) -> bool:
        return bool(user.is_staff) or self.teachers.filter(pk=user.pk).exists()

    def enrol(self, student: Any) -> bool:
        """Add the student; True when they were not in the class yet (joining twice is harmless)."""
        _, created = Membership.objects.get_or_create(classroom=self, student=student)
        return created

    def remove_student(self, student_id: int) -> bool:
        deleted, _ = self.memberships.filter(student_id=student_id).delete()
        return bool(deleted)


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["classroom", "student__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="one_membership_per_class"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"


class AssignmentState(StrEnum):
    DONE = "done"
    DUE = "due"  # not done, due date ahead
    LATE = "late"  # not done, due date passed
    OPEN = "open"  # not done, no due date

    @property
    def label(self) -> str:
        return {"done": "Done", "due": "Due", "late": "Late", "open": "To do"}[self.value]


def _lessons_read(
    students: list[int], lesson_ids: Iterable[int]
) -> dict[tuple[int, int], datetime]:
    """{(lesson id, student id): completed at}, one query (none when there is nothing to ask)."""
    lessons = list(lesson_ids)
    if not (students and lessons):
        return {}
    rows = LessonProgress.objects.filter(
        user__in=students, lesson__in=lessons, completed_at__isnull=False
    ).values_list("lesson", "user", "completed_at")
    return {(lesson, user): at for lesson, user, at in rows if at is not None}


def _quizzes_finished(
    students: list[int], quiz_ids: Iterable[int]
) -> dict[tuple[int, int], datetime]:
    """{(quiz id, student id): first attempt finished at}, one query (or none)."""
    quizzes = list(quiz_ids)
    if not (students and quizzes):
        return {}
    rows = (
        Attempt.objects.quizzes()
        .finished()
        .filter(user__in=students, quiz__in=quizzes)
        .values("quiz", "user")
        .annotate(first=Min("finished_at"))
        .order_by()
        .values_list("quiz", "user", "first")
    )
    return {(quiz, user): at for quiz, user, at in rows}


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def with_targets(self) -> AssignmentQuerySet:
        """With the lesson or quiz (and their modules) and the class at hand for titles."""
        return self.select_related(
            "classroom", "lesson__module", "quiz__module", "quiz__lesson"
        ).order_by(models.F("due_at").asc(nulls_last=True), "created_at", "pk")

    def visible(self) -> AssignmentQuerySet:
        """Those whose lesson or quiz learners see now (unpublished or not out yet: hidden)."""
        return self.filter(Lesson.objects.visible_q("lesson__") | Quiz.objects.visible_q("quiz__"))

    def for_student(self, user: Any) -> AssignmentQuerySet:
        """The assignments of the active classes the user has joined, on content they see."""
        if not user.is_authenticated:
            return self.none()
        return (
            self.filter(classroom__archived=False, classroom__memberships__student=user)
            .visible()
            .with_targets()
        )

    def completion(self, student_ids: Iterable[int]) -> dict[tuple[int, int], datetime]:
        """{(assignment id, student id): when it was done} for these assignments and students,
        in two queries whatever their numbers (plus one to list the assignments if not yet
        evaluated). A lesson is done when marked complete; a quiz when an attempt at it is
        finished (the first finished attempt gives the time, whenever it was taken)."""
        students = list(student_ids)
        by_lesson: defaultdict[int, list[int]] = defaultdict(list)
        by_quiz: defaultdict[int, list[int]] = defaultdict(list)
        for assignment in self:
            if assignment.lesson_id is not None:
                by_lesson[assignment.lesson_id].append(assignment.pk)
            elif assignment.quiz_id is not None:
                by_quiz[assignment.quiz_id].append(assignment.pk)
        done: dict[tuple[int, int], datetime] = {}
        for targets, finished in (
            (by_lesson, _lessons_read(students, by_lesson)),
            (by_quiz, _quizzes_finished(students, by_quiz)),
        ):
            for (target, student), at in finished.items():
                for pk in targets[target]:
                    done[(pk, student)] = at
        return done

    def statuses_for(self, user: Any, now: datetime | None = None) -> list[AssignmentStatus]:
        """The user's assignments (active classes joined) with their state, in three queries."""
        now = now or timezone.now()
        assignments = self.for_student(user)
        done = assignments.completion([user.pk])
        return [
            AssignmentStatus(assignment, done.get((assignment.pk, user.pk)), now)
            for assignment in assignments
        ]


class Assignment(models.Model):
    """Read a lesson, or take a quiz (a lesson's quiz or a module test), maybe by a date."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["classroom", "due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lesson__isnull=False, quiz__isnull=True)
                | Q(lesson__isnull=True, quiz__isnull=False),
                name="an_assignment_is_a_lesson_or_a_quiz",
            )
        ]

    def __str__(self) -> str:
        return f"{self.classroom}: {self.title}"

    @property
    def is_reading(self) -> bool:
        return self.lesson_id is not None

    @property
    def title(self) -> str:
        """What to do, titles not ids: "Read: …", "Quiz: …", "Module test: …"."""
        if self.lesson is not None:
            return f"Read: {self.lesson.title}"
        assert self.quiz is not None
        if self.quiz.is_module_test:
            return f"Module test: {self.quiz.module.title}"
        return f"Quiz: {self.quiz.title}"

    @property
    def url(self) -> str:
        target = self.lesson if self.lesson is not None else self.quiz
        assert target is not None
        return target.get_absolute_url()

    def state(self, done_at: datetime | None, now: datetime) -> AssignmentState:
        if done_at is not None:
            return AssignmentState.DONE
        if self.due_at is None:
            return AssignmentState.OPEN
        return AssignmentState.LATE if self.due_at < now else AssignmentState.DUE

    def is_done_by(self, student: Any) -> bool:
        """One assignment, one student (two queries); for many, use ``completion``."""
        done = Assignment.objects.filter(pk=self.pk).completion([student.pk])
        return (self.pk, student.pk) in done


@dataclass(frozen=True)
class AssignmentStatus:
    """One student's standing on one assignment, computed in bulk by ``statuses_for``."""

    assignment: Assignment
    done_at: datetime | None
    now: datetime

    @property
    def state(self) -> AssignmentState:
        return self.assignment.state(self.done_at, self.now)

    @property
    def done_late(self) -> bool:
        due = self.assignment.due_at
        return self.done_at is not None and due is not None and self.done_at > due
