"""The arithmetic of a class report (pure: plain numbers in, plain values out, no Django).

**Item analysis**, in the manner of Moodle's quiz statistics report (docs.moodle.org, "Quiz
statistics calculations"), over each student's *first* finished attempt at each quiz: later
attempts are practice on questions already seen and would flatter every item.

* Facility index of item *i*: the mean of its scores as a percentage of its range,
  ``F = 100 · mean(x_i)`` (a question scores 0-1 here, so the range is 1).
* Discrimination index of item *i*: Pearson's correlation between the item's score and the
  score on the *rest* of the attempt, ``D = r(x_i, X − x_i)`` where ``X`` is the attempt's total
  points: Moodle's corrected item-total correlation (the item is left out of the total so it
  does not correlate with itself). It lies in −1..1 (Moodle prints it ×100). Each attempt
  draws its own questions, so *i* is analysed over the attempts that drew it.

An item is **flagged** only once ``MIN_RESPONSES`` first attempts answered it: facility below
30 % (too hard, or a wrong key) or above 95 % (teaches nothing), or a discrimination below 0.2
(strong students do no better on it than weak ones; negative is worse). 0.2 is the usual
"revise" line for the item-rest correlation (Ebel & Frisbie's bands: ≥ 0.4 very good,
0.3-0.39 good, 0.2-0.29 marginal, < 0.2 poor; Moodle's own help calls < 0.3 weak). Below ten
answers one student moves the facility by ten points or more and a correlation's standard
error is about 1/√(n−1) ≈ 0.33, so a flag would mostly be noise.

**Heatmap cells**: one student × one module (completion, quiz score, mastery), with a band of
five shades for the colour and the number for the text.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from quizzes.mastery import Mastery

MIN_RESPONSES = 10
"""First attempts an item needs before it is flagged at all."""
TOO_HARD_BELOW = 30.0
"""Facility (%) below which an item is flagged as too hard."""
TOO_EASY_ABOVE = 95.0
"""Facility (%) above which an item is flagged as too easy."""
WEAK_DISCRIMINATION_BELOW = 0.2
"""Discrimination index below which an item is flagged as not telling strong from weak."""


# --- statistics -----------------------------------------------------------------------------


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two equally long series; None when either does not vary (r undefined)."""
    if len(xs) != len(ys):
        raise ValueError("the two series must be equally long")
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def facility(scores: Sequence[float]) -> float | None:
    """Moodle's facility index: mean item score (0-1 each) as a percentage."""
    average = mean(scores)
    return None if average is None else 100 * average


def discrimination(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """Moodle's discrimination index: r(item score, rest-of-test score), −1..1."""
    return pearson(item, rest)


# --- item analysis --------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstAttempt:
    """A student's first finished attempt at a quiz: the points (0-1) of each question drawn."""

    student_id: int
    quiz_id: int
    points: Mapping[int, float]

    @property
    def total(self) -> float:
        return sum(self.points.values())


class Flag(StrEnum):
    TOO_HARD = "too hard"
    TOO_EASY = "too easy"
    WEAK_DISCRIMINATION = "weak discrimination"

    @property
    def advice(self) -> str:
        return {
            "too hard": f"fewer than {TOO_HARD_BELOW:.0f}% got it right: check the key and wording",
            "too easy": f"more than {TOO_EASY_ABOVE:.0f}% got it right: it tells little",
            "weak discrimination": (
                "strong students do no better on it than weak ones: check for ambiguity"
            ),
        }[self.value]


@dataclass(frozen=True)
class ItemStats:
    """One question of one quiz over the first attempts that drew it."""

    quiz_id: int
    question_id: int
    n: int
    facility: float | None  # %, 0-100
    discrimination: float | None  # −1..1; None when the item or the rest did not vary

    @property
    def facility_percent(self) -> int | None:
        return None if self.facility is None else round(self.facility)

    @property
    def discrimination_text(self) -> str:
        return "–" if self.discrimination is None else f"{self.discrimination:.2f}"

    @property
    def enough(self) -> bool:
        return self.n >= MIN_RESPONSES

    @property
    def flags(self) -> tuple[Flag, ...]:
        if not self.enough or self.facility is None:
            return ()
        flags = []
        if self.facility < TOO_HARD_BELOW:
            flags.append(Flag.TOO_HARD)
        if self.facility > TOO_EASY_ABOVE:
            flags.append(Flag.TOO_EASY)
        # an item nearly everyone gets right (or wrong) cannot discriminate: the facility flag
        # already says so, and a None here means it did not vary at all
        if self.discrimination is not None and self.discrimination < WEAK_DISCRIMINATION_BELOW:
            flags.append(Flag.WEAK_DISCRIMINATION)
        return tuple(flags)

    @property
    def flag_text(self) -> str:
        return ", ".join(flag.value for flag in self.flags)


def first_attempts(rows: Iterable[tuple[int, int, int, int, float]]) -> list[FirstAttempt]:
    """(attempt id, student id, quiz id, question id, points) rows of the attempts that started
    first → one attempt per student and quiz (of two that started at the same instant, the
    lower id: the one created first), with its points per question."""
    points: dict[int, dict[int, float]] = defaultdict(dict)
    first: dict[tuple[int, int], int] = {}
    for attempt_id, student_id, quiz_id, question_id, score in rows:
        points[attempt_id][question_id] = score
        key = (student_id, quiz_id)
        first[key] = min(first.get(key, attempt_id), attempt_id)
    return [
        FirstAttempt(student_id, quiz_id, points[attempt_id])
        for (student_id, quiz_id), attempt_id in sorted(first.items())
    ]


def item_analysis(attempts: Iterable[FirstAttempt]) -> list[ItemStats]:
    """Facility and discrimination of every (quiz, question) drawn, ordered by quiz and question."""
    series: dict[tuple[int, int], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for attempt in attempts:
        total = attempt.total
        for question_id, score in attempt.points.items():
            item, rest = series[(attempt.quiz_id, question_id)]
            item.append(score)
            rest.append(total - score)
    return [
        ItemStats(quiz_id, question_id, len(item), facility(item), discrimination(item, rest))
        for (quiz_id, question_id), (item, rest) in sorted(series.items())
    ]


# --- heatmap --------------------------------------------------------------------------------


class Band(IntEnum):
    """Five shades of a 0-1 value; NONE when there is nothing to show."""

    NONE = -1
    LOW = 0
    FAIR = 1
    MID = 2
    GOOD = 3
    HIGH = 4

    @classmethod
    def of(cls, fraction: float | None) -> Band:
        if fraction is None:
            return cls.NONE
        return cls(min(4, max(0, math.floor(fraction * 5))))

    @property
    def css(self) -> str:
        return "heat-none" if self is Band.NONE else f"heat-{self.value}"


def percent(fraction: float | None) -> int | None:
    return None if fraction is None else round(100 * fraction)


@dataclass(frozen=True)
class ModuleCell:
    """One student in one module: lessons read of the published ones, the best score on each
    quiz of the module taken (module test included), and the module's mastery (the level more
    than half of its facts reached, as the learner's own progress page defines it)."""

    read: int
    lessons: int
    best_scores: tuple[float, ...]
    quizzes: int
    mastery: Mastery
    mastered: int
    facts: int

    @property
    def completion(self) -> float | None:
        return self.read / self.lessons if self.lessons else None

    @property
    def score(self) -> float | None:
        """The mean of the best scores of the quizzes taken; None when none was taken."""
        return mean(self.best_scores)

    @property
    def completion_percent(self) -> int | None:
        return percent(self.completion)

    @property
    def score_percent(self) -> int | None:
        return percent(self.score)

    @property
    def completion_band(self) -> Band:
        return Band.of(self.completion)

    @property
    def score_band(self) -> Band:
        return Band.of(self.score)

    @property
    def mastery_band(self) -> Band:
        if self.mastery is Mastery.NOT_STARTED:
            return Band.NONE
        return Band(int(self.mastery))

    @property
    def text(self) -> str:
        """The cell in words (its text alternative, and the tooltip)."""
        score = (
            "no quiz taken" if self.score is None else f"best scores average {self.score_percent}%"
        )
        return (
            f"{self.read} of {self.lessons} lessons read, {score}, "
            f"mastery {self.mastery.label.lower()} ({self.mastered} of {self.facts} facts mastered)"
        )


def class_average(values: Iterable[float | None]) -> float | None:
    """The mean of the values that exist (a student who took no quiz has no score to average)."""
    return mean([value for value in values if value is not None])
