"""Everything a class page and its exports show, loaded in a constant number of queries.

:meth:`ClassReport.load` costs the same with 3 students as with 300 (pinned by a test): each
query reads every student at once (``user__in`` a subquery of the class's memberships) and
aggregates in the database where it can; Python only arranges the rows. The numbers follow
the learner's own definitions: lessons read (``LessonProgress``), best scores (``Attempt``),
mastery (``quizzes.progress.FactMastery`` over the learner's ``ReviewCard`` levels).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from kosovo_edu.classrooms.models import Assignment, AssignmentState, Classroom, Membership
from lessons.models import Claim, Lesson, LessonProgress
from lessons.pagecache import learner_key
from quizzes.kinds import QuestionKind
from quizzes.mastery import Mastery
from quizzes.models import Attempt, Question, Quiz, QuizScores, Response, ReviewCard
from quizzes.progress import FactMastery, module_quizzes

from .analysis import (
    ItemStats,
    ModuleCell,
    class_average,
    first_attempts,
    item_analysis,
    percent,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MISSED_FACTS_LIMIT = 10
MISCONCEPTIONS_LIMIT = 15
BELIEF_KINDS = (QuestionKind.SPOT_ERROR, QuestionKind.TRUE_FALSE)
"""The kinds whose wrong answer on a refuted claim means taking the claim for true: a spot
the error (missing the article's mistake) and a false statement judged true."""


# --- the roster and the course ----------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    pk: int
    username: str
    name: str  # full name, or the username when none was given

    @property
    def label(self) -> str:
        return self.name if self.name == self.username else f"{self.name} ({self.username})"


def roster(classroom: Classroom) -> list[Student]:
    """The class's students by username: one query."""
    rows = (
        Membership.objects.filter(classroom=classroom)
        .order_by("student__username")
        .values_list("student_id", "student__username", "student__first_name", "student__last_name")
    )
    return [
        Student(pk, username, f"{first} {last}".strip() or username)
        for pk, username, first, last in rows
    ]


def student_ids(classroom: Classroom) -> QuerySet[Membership, Any]:
    """The class's students as a subquery (no query of its own)."""
    return Membership.objects.filter(classroom=classroom).values("student_id")


def version_keys(classroom: Classroom) -> list[str]:
    """What the class report is kept for (``lessons.pagecache.kept_for``): the class's own
    record (roster, assignments, name) and each student's (answers, attempts, lessons, review
    cards, name). One query."""
    ids = student_ids(classroom).order_by("student_id").values_list("student_id", flat=True)
    return [Classroom.version_key(classroom.pk), *(learner_key(pk) for pk in ids)]


@dataclass
class ModuleColumn:
    """A published module as a heatmap column: its published lessons and its quizzes that ask
    something (a lesson's quiz with active questions, the test when its pool has some)."""

    pk: int
    title: str
    lesson_ids: list[int] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)


def course_columns() -> list[ModuleColumn]:
    """The published modules in course order with their lessons and quizzes: two queries."""
    columns: dict[int, ModuleColumn] = {}
    lessons = (
        Lesson.objects.published()
        .order_by("module__order", "module__pk", "order", "pk")
        .values_list("pk", "module_id", "module__title")
    )
    for lesson_id, module_id, title in lessons:
        columns.setdefault(module_id, ModuleColumn(module_id, title)).lesson_ids.append(lesson_id)
    for module_id, quizzes in module_quizzes(AnonymousUser()).items():
        column = columns.get(module_id)
        if column is not None:
            statuses = [*quizzes.lessons.values(), *([quizzes.test] if quizzes.test else [])]
            column.quizzes = [status.quiz for status in statuses]
    return list(columns.values())


# --- what the students did ------------------------------------------------------------------


def lessons_read(students: QuerySet[Membership, Any]) -> dict[int, set[int]]:
    """{student id: lessons finished}: one query."""
    rows = LessonProgress.objects.filter(user__in=students, completed_at__isnull=False)
    read: dict[int, set[int]] = defaultdict(set)
    for user_id, lesson_id in rows.values_list("user_id", "lesson_id"):
        read[user_id].add(lesson_id)
    return read


def quiz_scores(students: QuerySet[Membership, Any]) -> dict[int, dict[int, QuizScores]]:
    """{student id: {quiz id: best and last finished score, attempts}}: one query, as
    ``AttemptQuerySet.scores`` computes them for one learner."""
    finished = Attempt.objects.quizzes().finished()
    latest = (
        finished.filter(user=OuterRef("user"), quiz=OuterRef("quiz"))
        .order_by("-finished_at", "-pk")
        .values("score")[:1]
    )
    rows = (
        finished.filter(user__in=students)
        .values("user", "quiz")
        .annotate(best=Max("score"), taken=Count("pk"), last=Subquery(latest))
        .order_by()
    )
    scores: dict[int, dict[int, QuizScores]] = defaultdict(dict)
    for row in rows:
        scores[row["user"]][row["quiz"]] = QuizScores(
            row["best"] or 0.0, row["last"] or 0.0, row["taken"]
        )
    return scores


def mastery_levels(students: QuerySet[Membership, Any]) -> dict[int, dict[int, Mastery]]:
    """{student id: {fact id: level}} from their review cards: one query."""
    levels: dict[int, dict[int, Mastery]] = defaultdict(dict)
    rows = ReviewCard.objects.filter(user__in=students).values_list("user_id", "fact_id", "level")
    for user_id, fact_id, level in rows:
        levels[user_id][fact_id] = Mastery(level)
    return levels


# --- item analysis ----------------------------------------------------------------------------


def first_attempt_points(students: QuerySet[Membership, Any]) -> list[tuple[Any, ...]]:
    """(attempt, student, quiz, question, points) of every answer in each student's first
    finished attempt at each quiz: one query. The database keeps the attempts with no earlier
    finished one at the same quiz (checked per attempt, not per answer); two started at the
    same instant are told apart by :func:`first_attempts`."""
    finished = Attempt.objects.quizzes().finished()
    earlier = finished.filter(
        user=OuterRef("user"), quiz=OuterRef("quiz"), started_at__lt=OuterRef("started_at")
    )
    first = finished.filter(user__in=students).filter(~Exists(earlier)).values("pk")
    rows = (
        Response.objects.filter(attempt__in=first)
        .values_list("attempt_id", "attempt__user_id", "attempt__quiz_id", "question_id", "points")
        .order_by()
    )
    return list(rows)


@dataclass(frozen=True)
class ItemRow:
    """A line of the item analysis table: the statistics and what the question is."""

    stats: ItemStats
    quiz_title: str
    prompt: str
    kind: str

    @property
    def kind_label(self) -> str:
        return QuestionKind(self.kind).label

    @property
    def admin_url(self) -> str:
        return reverse("admin:quizzes_question_change", args=[self.stats.question_id])


def item_rows(stats: list[ItemStats], quiz_titles: dict[int, str]) -> list[ItemRow]:
    """The statistics with each question's prompt and kind, quizzes in course order (the order
    of ``quiz_titles``), questions in id order within a quiz: one query (none without items)."""
    if not stats:
        return []
    ids = {item.question_id for item in stats}
    questions = {
        pk: (prompt, kind)
        for pk, prompt, kind in Question.objects.published()
        .filter(pk__in=ids)
        .order_by()
        .values_list("pk", "prompt", "kind")
    }
    place = {quiz_id: n for n, quiz_id in enumerate(quiz_titles)}  # course order
    ordered = sorted(stats, key=lambda item: (place.get(item.quiz_id, len(place)), item.quiz_id))
    return [
        ItemRow(item, quiz_titles.get(item.quiz_id, ""), *questions[item.question_id])
        for item in ordered
        if item.question_id in questions
    ]


# --- misconceptions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Misconception:
    """A refuted claim of the articles that students took for true: they answered wrong a
    question built on it (spot the error, or a false statement judged true)."""

    claim_text: str
    sentence: str
    correct_value: str
    lesson_title: str
    sentence_url: str
    believed: int  # students with a wrong answer on it
    answered: int  # students who answered a question on it
    wrong_answers: int

    @property
    def share_percent(self) -> int:
        return round(100 * self.believed / self.answered) if self.answered else 0


def misconceptions(students: QuerySet[Membership, Any]) -> list[Misconception]:
    """Refuted claims the class believed, most believers first: one query."""
    rows = (
        Response.objects.filter(
            Question.objects.visible_q("question__"),
            attempt__user__in=students,
            question__claim__in=Claim.objects.refuted(),
            question__kind__in=BELIEF_KINDS,
        )
        .values(
            "question__claim_id",
            "question__claim__text",
            "question__claim__sentence",
            "question__claim__correct_value",
            "question__claim__anchor",
            "question__claim__lesson__title",
            "question__claim__lesson__slug",
            "question__claim__lesson__module__slug",
        )
        .annotate(
            answered=Count("attempt__user", distinct=True),
            believed=Count("attempt__user", distinct=True, filter=Q(correct=False)),
            wrong=Count("pk", filter=Q(correct=False)),
        )
        .filter(believed__gt=0)
        .order_by("-believed", "-wrong", "question__claim_id")[:MISCONCEPTIONS_LIMIT]
    )
    return [
        Misconception(
            claim_text=row["question__claim__text"],
            sentence=row["question__claim__sentence"],
            correct_value=row["question__claim__correct_value"],
            lesson_title=row["question__claim__lesson__title"],
            sentence_url=reverse(
                "lessons:lesson",
                args=[
                    row["question__claim__lesson__module__slug"],
                    row["question__claim__lesson__slug"],
                ],
            )
            + f"#{row['question__claim__anchor']}",
            believed=row["believed"],
            answered=row["answered"],
            wrong_answers=row["wrong"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class MissedFact:
    statement: str
    wrong: int
    answers: int
    students: int  # students who answered a question on it

    @property
    def miss_percent(self) -> int:
        return round(100 * self.wrong / self.answers) if self.answers else 0


def most_missed_facts(students: QuerySet[Membership, Any]) -> list[MissedFact]:
    """The facts whose questions the class got wrong most often (every answer, quizzes and
    reviews): one query."""
    rows = (
        Response.objects.filter(
            Question.objects.visible_q("question__"),
            attempt__user__in=students,
            question__fact__isnull=False,
        )
        .values("question__fact_id", "question__fact__statement")
        .annotate(
            answers=Count("pk"),
            wrong=Count("pk", filter=Q(correct=False)),
            students=Count("attempt__user", distinct=True),
        )
        .filter(wrong__gt=0)
        .order_by("-wrong", "question__fact_id")[:MISSED_FACTS_LIMIT]
    )
    return [
        MissedFact(row["question__fact__statement"], row["wrong"], row["answers"], row["students"])
        for row in rows
    ]


# --- assignments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    """Who in the class has done one assignment, and who is late."""

    assignment: Assignment
    done: list[Student]
    done_late: list[Student]
    late: list[Student]  # not done, due date passed
    waiting: list[Student]  # not done, not (yet) late

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def class_size(self) -> int:
        return len(self.done) + len(self.late) + len(self.waiting)


def assignment_rows(
    classroom: Classroom, students: list[Student], now: datetime
) -> list[AssignmentRow]:
    """Every assignment of the class with who did it: one query, plus one per kind assigned
    (lessons, quizzes), whatever the number of students."""
    assignments = Assignment.objects.filter(classroom=classroom).visible().with_targets()
    done_at = assignments.completion([s.pk for s in students])  # evaluates ``assignments`` once
    rows = []
    for assignment in assignments:
        groups: dict[str, list[Student]] = defaultdict(list)
        for student in students:
            at = done_at.get((assignment.pk, student.pk))
            state = assignment.state(at, now)
            if state is AssignmentState.DONE:
                groups["done"].append(student)
                if assignment.due_at is not None and at is not None and at > assignment.due_at:
                    groups["done_late"].append(student)
            elif state is AssignmentState.LATE:
                groups["late"].append(student)
            else:
                groups["waiting"].append(student)
        rows.append(
            AssignmentRow(
                assignment, groups["done"], groups["done_late"], groups["late"], groups["waiting"]
            )
        )
    return rows


# --- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentRow:
    student: Student
    cells: list[ModuleCell]  # in the columns' order
    scores: dict[int, QuizScores]  # {quiz id: scores}

    @property
    def quizzes_taken(self) -> int:
        return len(self.scores)

    @property
    def quizzes_passed(self) -> int:
        return sum(score.passed for score in self.scores.values())


@dataclass(frozen=True)
class ColumnAverage:
    """The class's averages in one module."""

    column: ModuleColumn
    completion: float | None
    score: float | None
    proficient: int  # students at proficient or better
    students: int

    @property
    def completion_percent(self) -> int | None:
        return percent(self.completion)

    @property
    def score_percent(self) -> int | None:
        return percent(self.score)


@dataclass(frozen=True)
class ClassReport:
    classroom: Classroom
    columns: list[ModuleColumn]
    rows: list[StudentRow]
    averages: list[ColumnAverage]
    items: list[ItemRow]
    assignments: list[AssignmentRow]
    misconceptions: list[Misconception]
    missed_facts: list[MissedFact]

    @classmethod
    def load(cls, classroom: Classroom, now: datetime) -> ClassReport:
        """The whole class page in at most 14 queries, whatever the class's size (pinned by a
        test): one fewer without any answer, one fewer per kind of assignment (reading, quiz)
        the class has none of."""
        students = roster(classroom)
        ids = student_ids(classroom)
        columns = course_columns()
        by_lesson, by_module = FactMastery.quizzed_facts()
        read, scores, levels = lessons_read(ids), quiz_scores(ids), mastery_levels(ids)
        rows = [
            StudentRow(
                student,
                module_cells(
                    columns,
                    read.get(student.pk, set()),
                    scores.get(student.pk, {}),
                    FactMastery(by_lesson, by_module, levels.get(student.pk, {})),
                ),
                scores.get(student.pk, {}),
            )
            for student in students
        ]
        titles = {quiz.pk: quiz.title for column in columns for quiz in column.quizzes}
        stats = item_analysis(first_attempts(first_attempt_points(ids)))
        return cls(
            classroom=classroom,
            columns=columns,
            rows=rows,
            averages=column_averages(columns, rows),
            items=item_rows(stats, titles),
            assignments=assignment_rows(classroom, students, now),
            misconceptions=misconceptions(ids),
            missed_facts=most_missed_facts(ids),
        )

    def next_deadline(self, now: datetime) -> datetime | None:
        """When an assignment next falls due after ``now`` (who has not done it is late then)."""
        upcoming = [
            row.assignment.due_at
            for row in self.assignments
            if row.assignment.due_at is not None and row.assignment.due_at > now
        ]
        return min(upcoming, default=None)

    @property
    def flagged_items(self) -> int:
        return sum(bool(item.stats.flags) for item in self.items)


def module_cells(
    columns: Iterable[ModuleColumn],
    read: set[int],
    scores: dict[int, QuizScores],
    mastery: FactMastery,
) -> list[ModuleCell]:
    """One student's heatmap row."""
    cells = []
    for column in columns:
        summary = mastery.of_module(column.pk)
        best = tuple(scores[q.pk].best for q in column.quizzes if q.pk in scores)
        cells.append(
            ModuleCell(
                read=len(read.intersection(column.lesson_ids)),
                lessons=len(column.lesson_ids),
                best_scores=best,
                quizzes=len(column.quizzes),
                mastery=summary.level,
                mastered=summary.mastered,
                facts=summary.total,
            )
        )
    return cells


def column_averages(columns: list[ModuleColumn], rows: list[StudentRow]) -> list[ColumnAverage]:
    return [
        ColumnAverage(
            column,
            completion=class_average(row.cells[n].completion for row in rows),
            score=class_average(row.cells[n].score for row in rows),
            proficient=sum(row.cells[n].mastery >= Mastery.PROFICIENT for row in rows),
            students=len(rows),
        )
        for n, column in enumerate(columns)
    ]


def student_of(classroom: Classroom, student_pk: int) -> User | None:
    """The class's student with that id (None for anyone else): one query."""
    membership = (
        Membership.objects.filter(classroom=classroom, student_id=student_pk)
        .select_related("student")
        .first()
    )
    return membership.student if membership else None
