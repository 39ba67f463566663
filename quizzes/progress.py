"""A learner's standing in the course, read in a constant number of queries.

Lessons read (``LessonProgress``), quizzes taken and passed (``Attempt``), mastery of the facts
the questions test (``ReviewCard``), the days they were active. The pages (progress, home,
results, module and catalogue) compose these; :mod:`quizzes.next_steps` decides what comes next.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from lessons.models import Lesson, LessonProgress, Module

from .mastery import Mastery
from .models import PASS_MARK, Attempt, Question, Quiz, QuizScores, Response, ReviewCard

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

PASS_PERCENT = round(100 * PASS_MARK)
LESSON_TEXT = ("body", "source_text")  # long, and never shown here: not read


# --- quizzes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizStatus:
    """A quiz that has questions to ask, and the learner's finished attempts at it."""

    quiz: Quiz
    scores: QuizScores | None = None

    @property
    def taken(self) -> bool:
        return self.scores is not None

    @property
    def passed(self) -> bool:
        return self.scores is not None and self.scores.passed

    @property
    def best_percent(self) -> int | None:
        return round(100 * self.scores.best) if self.scores else None

    @property
    def last_percent(self) -> int | None:
        return round(100 * self.scores.last) if self.scores else None


@dataclass
class ModuleQuizzes:
    """One module's quizzes that have questions: the lessons' (by lesson id) and the test."""

    lessons: dict[int, QuizStatus] = field(default_factory=dict)
    test: QuizStatus | None = None

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def passed(self) -> int:
        return sum(status.passed for status in self.lessons.values())

    def for_lesson(self, lesson_id: int) -> QuizStatus | None:
        return self.lessons.get(lesson_id)


def module_quizzes(
    user: User | AnonymousUser, module: Module | None = None
) -> dict[int, ModuleQuizzes]:
    """{module id: its quizzes with the learner's scores}, for one module or the whole course:
    one query, two when signed in. A module test counts when its pool has questions."""
    quizzes = (
        Quiz.objects.published()
        .select_related("module", "lesson")
        .defer(*(f"lesson__{name}" for name in LESSON_TEXT))
        .annotate(active_questions=Count("questions", filter=Q(questions__active=True)))
    )
    attempts = Attempt.objects.none()
    if user.is_authenticated:
        attempts = Attempt.objects.for_learner(user)
    if module is not None:
        quizzes = quizzes.filter(module=module)
        attempts = attempts.filter(quiz__module=module)
    scores = attempts.scores() if user.is_authenticated else {}
    modules: dict[int, ModuleQuizzes] = defaultdict(ModuleQuizzes)
    tests: dict[int, Quiz] = {}
    pooled: dict[int, int] = defaultdict(int)  # {module id: active questions in its quizzes}
    for quiz in quizzes:
        pooled[quiz.module_id] += quiz.active_questions
        if quiz.is_module_test:
            tests[quiz.module_id] = quiz
        elif quiz.active_questions:
            status = QuizStatus(quiz, scores.get(quiz.pk))
            modules[quiz.module_id].lessons[quiz.lesson_id] = status  # type: ignore[index]
    for module_id, test in tests.items():
        if pooled[module_id]:
            modules[module_id].test = QuizStatus(test, scores.get(test.pk))
    return dict(modules)


# --- mastery ----------------------------------------------------------------------------------


def overall_level(levels: Iterable[Mastery]) -> Mastery:
    """The level most (more than half) of the facts have reached."""
    ranked = sorted(levels, reverse=True)
    if not ranked:
        return Mastery.NOT_STARTED
    return ranked[len(ranked) // 2]


@dataclass(frozen=True)
class MasterySummary:
    """How well a learner knows the facts a lesson's (or a module's) questions test."""

    level: Mastery
    mastered: int
    total: int

    @classmethod
    def of(cls, fact_ids: Iterable[int], levels: dict[int, Mastery]) -> MasterySummary:
        reached = [levels.get(pk, Mastery.NOT_STARTED) for pk in set(fact_ids)]
        mastered = sum(level == Mastery.MASTERED for level in reached)
        return cls(overall_level(reached), mastered, len(reached))

    @property
    def label(self) -> str:
        return self.level.label


@dataclass(frozen=True)
class FactMastery:
    """The facts each lesson and module is quizzed on, and the learner's level on each."""

    by_lesson: dict[int, set[int]]
    by_module: dict[int, set[int]]
    levels: dict[int, Mastery]

    @staticmethod
    def quizzed_facts() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        """({lesson id: facts}, {module id: facts}) behind the active published questions."""
        rows = (
            Question.objects.active()
            .published()
            .filter(fact__isnull=False)
            .values_list("quiz__module_id", "lesson_id", "fact_id")
            .distinct()
            .order_by()
        )
        by_lesson: dict[int, set[int]] = defaultdict(set)
        by_module: dict[int, set[int]] = defaultdict(set)
        for module_id, lesson_id, fact_id in rows:
            by_module[module_id].add(fact_id)
            if lesson_id is not None:
                by_lesson[lesson_id].add(fact_id)
        return dict(by_lesson), dict(by_module)

    @classmethod
    def load(cls, user: User) -> FactMastery:
        """Two queries: the facts behind the active questions, and the learner's cards."""
        by_lesson, by_module = cls.quizzed_facts()
        cards = ReviewCard.objects.for_learner(user).values_list("fact_id", "level")
        levels = {fact_id: Mastery(level) for fact_id, level in cards}
        return cls(by_lesson, by_module, levels)

    def of_lesson(self, lesson_id: int) -> MasterySummary:
        return MasterySummary.of(self.by_lesson.get(lesson_id, ()), self.levels)

    def of_module(self, module_id: int) -> MasterySummary:
        return MasterySummary.of(self.by_module.get(module_id, ()), self.levels)

    def overall(self) -> MasterySummary:
        return MasterySummary.of(set().union(*self.by_module.values()), self.levels)


# --- the course -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonStanding:
    lesson: Lesson
    opened: bool
    read: bool
    quiz: QuizStatus | None
    mastery: MasterySummary | None = None  # filled in by LearnerCourse.with_mastery


@dataclass
class ModuleStanding:
    module: Module
    lessons: list[LessonStanding] = field(default_factory=list)
    quizzes: ModuleQuizzes = field(default_factory=ModuleQuizzes)
    mastery: MasterySummary | None = None

    @property
    def read(self) -> int:
        return sum(row.read for row in self.lessons)

    @property
    def started(self) -> bool:
        """A lesson opened or a quiz taken: the progress page shows the module unfolded."""
        quizzes = [*self.quizzes.lessons.values(), self.quizzes.test]
        return any(row.opened for row in self.lessons) or any(q and q.taken for q in quizzes)


@dataclass(frozen=True)
class LearnerCourse:
    """Every published module and lesson in course order, with what the learner has done."""

    modules: list[ModuleStanding]

    @classmethod
    def load(cls, user: User) -> LearnerCourse:
        """Four queries: lessons, quizzes, the learner's scores and lesson progress."""
        lessons = Lesson.objects.published().select_related("module").defer(*LESSON_TEXT)
        quizzes = module_quizzes(user)
        progress = dict(
            LessonProgress.objects.for_learner(user).values_list("lesson_id", "completed_at")
        )
        modules: dict[int, ModuleStanding] = {}
        for lesson in lessons.order_by("module__order", "module__pk", "order", "pk"):
            standing = modules.get(lesson.module_id)
            if standing is None:
                mine = quizzes.get(lesson.module_id, ModuleQuizzes())
                standing = modules[lesson.module_id] = ModuleStanding(lesson.module, quizzes=mine)
            standing.lessons.append(
                LessonStanding(
                    lesson,
                    opened=lesson.pk in progress,
                    read=progress.get(lesson.pk) is not None,
                    quiz=standing.quizzes.for_lesson(lesson.pk),
                )
            )
        return cls(list(modules.values()))

    def with_mastery(self, mastery: FactMastery) -> LearnerCourse:
        """The same course with each module's and lesson's mastery filled in."""
        modules = [
            replace(
                module,
                mastery=mastery.of_module(module.module.pk),
                lessons=[
                    replace(row, mastery=mastery.of_lesson(row.lesson.pk)) for row in module.lessons
                ],
            )
            for module in self.modules
        ]
        return LearnerCourse(modules)

    @property
    def lessons(self) -> list[LessonStanding]:
        return [row for module in self.modules for row in module.lessons]

    @property
    def read(self) -> int:
        return sum(module.read for module in self.modules)

    @property
    def quizzes_passed(self) -> int:
        return sum(module.quizzes.passed for module in self.modules)

    @property
    def quiz_total(self) -> int:
        return sum(module.quizzes.total for module in self.modules)

    def standing(self, lesson: Lesson) -> LessonStanding | None:
        return next((row for row in self.lessons if row.lesson.pk == lesson.pk), None)


# --- activity ---------------------------------------------------------------------------------


def learner_zone() -> zoneinfo.ZoneInfo:
    """Learners' days are counted in the site's time zone (``settings.TIME_ZONE``)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def active_days(user: User) -> set[date]:
    """The days (in the learner's time zone) with an answer or a lesson finished: one query."""
    zone = learner_zone()
    answered = (
        Response.objects.filter(attempt__user=user)
        .annotate(day=TruncDate("answered_at", tzinfo=zone))
        .values_list("day", flat=True)
        .order_by()
    )
    finished = (
        LessonProgress.objects.for_learner(user)
        .completed()
        .annotate(day=TruncDate("completed_at", tzinfo=zone))
        .values_list("day", flat=True)
        .order_by()
    )
    return set(answered.union(finished).order_by())


def streak(days: set[date], today: date) -> int:
    """Days active in a row up to today; a streak that reached yesterday is still alive."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def due_count(user: User, now: datetime) -> int:
    """The facts due for review now, counted as the review page counts them: one query."""
    return ReviewCard.objects.for_learner(user).reviewable().due(now).count()
