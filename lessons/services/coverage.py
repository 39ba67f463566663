"""Coverage: how many of a lesson's sentences the sources checked, as its page counts them
(each sentence as its worst claim), per lesson and per module."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lessons.marks import Coverage, coverage
from lessons.models import Claim, Lesson, Module
from lessons.text.sentences import body_sentences


@dataclass(frozen=True)
class LessonCoverage:
    lesson: Lesson
    coverage: Coverage

    @property
    def unchecked(self) -> int:
        return self.coverage.sentences - self.coverage.checked

    @property
    def percent(self) -> int:
        return percent(self.coverage.checked, self.coverage.sentences)


@dataclass(frozen=True)
class ModuleCoverage:
    module: Module
    lessons: list[LessonCoverage]

    @property
    def total(self) -> Coverage:
        return total_coverage(row.coverage for row in self.lessons)

    @property
    def percent(self) -> int:
        return percent(self.total.checked, self.total.sentences)


def total_coverage(parts: Iterable[Coverage]) -> Coverage:
    parts = list(parts)
    return Coverage(
        sentences=sum(p.sentences for p in parts),
        supported=sum(p.supported for p in parts),
        refuted=sum(p.refuted for p in parts),
        unverified=sum(p.unverified for p in parts),
    )


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def claims_by_lesson(lessons: Sequence[Lesson]) -> dict[int, list[Claim]]:
    """Each lesson's claims, with only what a coverage count reads (one query)."""
    by_lesson: dict[int, list[Claim]] = {lesson.pk: [] for lesson in lessons}
    claims = Claim.objects.filter(lesson__in=[lesson.pk for lesson in lessons]).only(
        "lesson_id", "anchor", "auto_verdict", "override_verdict"
    )
    for claim in claims.order_by():
        by_lesson[claim.lesson_id].append(claim)
    return by_lesson


def coverage_by_module(lessons: Iterable[Lesson]) -> list[ModuleCoverage]:
    """Each lesson's coverage as its page counts it (its sentences, each as its worst claim),
    grouped by module in the given order: two queries (lessons with modules, claims)."""
    lessons = list(lessons)
    claims = claims_by_lesson(lessons)
    modules: dict[int, ModuleCoverage] = {}
    for lesson in lessons:
        row = LessonCoverage(lesson, coverage(body_sentences(lesson.body), claims[lesson.pk]))
        modules.setdefault(lesson.module_id, ModuleCoverage(lesson.module, [])).lessons.append(row)
    return list(modules.values())
