"""The learner's dashboard (``/progress/``): everything it shows, in a constant number of queries,
however many attempts, answers and lessons the learner has behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from lessons.models import Lesson, LessonProgress

from .charts import ChartRow, ScorePoint, render_score_chart, table_rows
from .models import PASS_MARK, Attempt, Question, ReviewCard
from .progress import (
    FactMastery,
    LearnerCourse,
    MasterySummary,
    active_days,
    learner_zone,
    streak,
)
from .reviews import mistakes

if TYPE_CHECKING:
    from django.contrib.auth.models import User

HISTORY_LIMIT = 30
"""Finished attempts listed (and charted); older ones still count in best and last scores."""
MISTAKES_LIMIT = 8


@dataclass(frozen=True)
class HistoryRow:
    """A finished attempt as the chart numbers it, with its results page."""

    row: ChartRow
    attempt: Attempt


@dataclass(frozen=True)
class ScoreChart:
    svg: str
    rows: list[HistoryRow]  # newest first
    shown: int
    total: int


def score_chart(history: list[Attempt], total: int) -> ScoreChart:
    """The finished attempts (newest first) charted oldest first and numbered in the
    learner's whole history, ``total`` attempts long; the rows are its text alternative."""
    oldest_first = list(reversed(history))
    zone = learner_zone()
    points = [
        ScorePoint(timezone.localtime(a.finished_at, zone).date(), a.title, a.score or 0.0)
        for a in oldest_first
        if a.finished_at is not None
    ]
    first = total - len(points) + 1
    svg = render_score_chart(points, title="Your quiz scores", pass_mark=PASS_MARK, first=first)
    rows = [
        HistoryRow(row, attempt)
        for row, attempt in zip(table_rows(points, first=first), oldest_first, strict=True)
    ]
    return ScoreChart(svg, rows[::-1], len(rows), total)


@dataclass(frozen=True)
class Dashboard:
    course: LearnerCourse  # with each module's and lesson's mastery
    overall: MasterySummary
    streak: int
    active_today: bool
    due: int
    changes_at: datetime  # the next moment the clock alone changes it: a fact due, a new day
    resume: Lesson | None
    open_attempts: list[Attempt]
    chart: ScoreChart
    mistakes: list[Question]

    @classmethod
    def load(cls, user: User, now: datetime) -> Dashboard:
        """About a dozen queries, the same with one attempt or hundreds (pinned by a test)."""
        course = LearnerCourse.load(user)
        mastery = FactMastery.load(user)
        days = active_days(user)
        local = timezone.localtime(now, learner_zone())
        today = local.date()
        outlook = ReviewCard.objects.for_learner(user).reviewable().outlook(now)
        tomorrow = datetime.combine(today + timedelta(days=1), time(), local.tzinfo)
        mine = Attempt.objects.for_learner(user).on_visible_quizzes()
        history = list(mine.finished().history()[:HISTORY_LIMIT])
        finished = mine.finished().count()
        return cls(
            course=course.with_mastery(mastery),
            overall=mastery.overall(),
            streak=streak(days, today),
            active_today=today in days,
            due=outlook["due_now"],
            changes_at=min(outlook["next_due"] or tomorrow, tomorrow),
            resume=LessonProgress.objects.for_learner(user).resume_lesson(),
            open_attempts=list(mine.filter(finished_at__isnull=True).history()[:5]),
            chart=score_chart(history, finished),
            mistakes=list(mistakes(user).select_related("lesson__module")[:MISTAKES_LIMIT]),
        )
