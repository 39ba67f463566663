"""A learner's quiz scores over time, drawn as a server-rendered, accessible SVG string.

Pure Python (no Django), in the manner of :mod:`lessons.timeline`: presentation attributes and
``class`` names only (no ``style``), so it works under the strict Content-Security-Policy. The
scores are plotted oldest to newest, one step apart (attempts come in bursts, so a time scale
would pile them up); :func:`table_rows` gives the same points as the rows of the page's table,
its text alternative. Output is deterministic.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH, HEIGHT = 440, 250  # narrow: the same drawing stays legible on a 360 px phone
LEFT, RIGHT, TOP, BOTTOM = 50, 16, 16, 54  # margins around the plot area, px
FONT = 14
TEXT, MUTED, LINE, GRID, PASS = "#1d2430", "#4a5565", "#1d4f91", "#d9d3c7", "#1f6b3a"
Y_TICKS = (0, 20, 40, 60, 80, 100)
X_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
MIN_TICK_GAP = 28  # px between two labelled attempt numbers
_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class ScorePoint:
    """One finished attempt: the learner's local day, what was taken, the score (0-1)."""

    day: date
    label: str
    score: float

    @property
    def percent(self) -> int:
        return round(100 * min(max(self.score, 0.0), 1.0))


@dataclass(frozen=True)
class ChartRow:
    """A point as its row in the text alternative, with the words its mark's tooltip uses."""

    number: int
    date_label: str
    label: str
    percent: int

    @property
    def text(self) -> str:
        return f"Attempt {self.number}, {self.date_label}: {self.label}: {self.percent}%"


def date_label(day: date) -> str:
    """Short enough for a table column on a phone: "24 Mar 1999"."""
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def table_rows(points: Sequence[ScorePoint], *, first: int = 1) -> list[ChartRow]:
    """The points in the chart's order (oldest first), numbered as its x axis numbers them:
    from ``first`` (the first point's place in the learner's whole history)."""
    return [
        ChartRow(number, date_label(p.day), p.label, p.percent)
        for number, p in enumerate(points, start=first)
    ]


def describe(points: Sequence[ScorePoint]) -> str:
    """One sentence summing the chart up, for its ``<desc>``."""
    if not points:
        return "No finished quizzes yet."
    percents = [p.percent for p in points]
    first, last = date_label(points[0].day), date_label(points[-1].day)
    when = f"on {first}" if first == last else f"from {first} to {last}"
    if len(points) == 1:
        return f"One score, {when}: {percents[0]}%."
    return (
        f"{len(points)} scores {when}: lowest {min(percents)}%, highest {max(percents)}%,"
        f" latest {percents[-1]}%."
    )


def svg_text(text: str) -> str:
    return escape(_XML_BAD.sub("", text), quote=True)


def px(v: float) -> str:
    """An SVG coordinate: one decimal at most ("12.5", "40")."""
    return f"{v:.1f}".removesuffix(".0")


def x_of(index: int, count: int) -> float:
    """The x of the ``index``-th point (0-based) of ``count``: one alone sits in the middle."""
    inner = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + inner / 2
    return LEFT + index * inner / (count - 1)


def y_of(percent: float) -> float:
    return TOP + (100 - percent) / 100 * (HEIGHT - TOP - BOTTOM)


def x_ticks(count: int) -> list[int]:
    """The places (1-based) labelled on the x axis: the first, every step, and the last."""
    if count <= 0:
        return []
    inner = WIDTH - LEFT - RIGHT
    per_point = inner / (count - 1) if count > 1 else float(inner)
    step = next((s for s in X_STEPS if s * per_point >= MIN_TICK_GAP), X_STEPS[-1])
    ticks = [1, *range(step, count + 1, step)]
    if count - ticks[-1] and (count - ticks[-1]) * per_point >= MIN_TICK_GAP:
        ticks.append(count)
    return sorted(set(ticks))


def _y_axis(pass_mark: float | None) -> list[str]:
    out = ['<g class="chart-grid" aria-hidden="true">']
    for tick in Y_TICKS:
        y = px(y_of(tick))
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{px(y_of(tick) + 4)}" text-anchor="end" fill="{MUTED}"'
            f' font-size="{FONT}">{tick}%</text>'
        )
    if pass_mark is not None:
        y = px(y_of(100 * pass_mark))
        out.append(
            f'<line class="chart-pass" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"'
            f' stroke="{PASS}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{px(y_of(100 * pass_mark) - 5)}" text-anchor="end"'
            f' fill="{PASS}" font-size="{FONT}">pass mark {round(100 * pass_mark)}%</text>'
        )
    return [*out, "</g>"]


def _x_axis(count: int, first: int) -> list[str]:
    base = px(HEIGHT - BOTTOM)
    out = [
        '<g class="chart-axis" aria-hidden="true">',
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="{MUTED}"/>',
    ]
    for place in x_ticks(count):
        x, number = px(x_of(place - 1, count)), place + first - 1
        out.append(
            f'<line x1="{x}" y1="{base}" x2="{x}" y2="{px(HEIGHT - BOTTOM + 5)}"'
            f' stroke="{MUTED}"/><text x="{x}" y="{px(HEIGHT - BOTTOM + 19)}"'
            f' text-anchor="middle" fill="{MUTED}" font-size="{FONT}">{number}</text>'
        )
    out.append(
        f'<text x="{px(LEFT + (WIDTH - LEFT - RIGHT) / 2)}" y="{HEIGHT - 8}"'
        f' text-anchor="middle" fill="{TEXT}" font-size="{FONT}">'
        "Attempts, oldest to newest</text>"
    )
    return [*out, "</g>"]


def _marks(points: Sequence[ScorePoint], first: int) -> list[str]:
    count = len(points)
    xy = [(x_of(i, count), y_of(p.percent)) for i, p in enumerate(points)]
    coords = " ".join(f"{px(x)},{px(y)}" for x, y in xy)
    out = [
        f'<polyline class="chart-line" points="{coords}" fill="none" stroke="{LINE}"'
        ' stroke-width="2"/>'
    ]
    for (x, y), row in zip(xy, table_rows(points, first=first), strict=True):
        out.append(
            f'<circle class="chart-point" cx="{px(x)}" cy="{px(y)}" r="4.5" fill="{LINE}">'
            f"<title>{svg_text(row.text)}</title></circle>"
        )
    return out


def render_score_chart(
    points: Sequence[ScorePoint],
    *,
    title: str,
    description: str = "",
    pass_mark: float | None = None,
    first: int = 1,
    id_prefix: str = "scores",
) -> str:
    """The chart as an ``<svg role="img">`` named by its ``<title>`` and described by its
    ``<desc>`` (:func:`describe` unless ``description`` is given); ``pass_mark`` (0-1) draws
    a dashed line; attempts are numbered from ``first``. Marks carry tooltips; the page's
    table (:func:`table_rows`) is the text alternative."""
    desc = description or describe(points)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="score-chart" role="img"'
        f' aria-labelledby="{id_prefix}-title {id_prefix}-desc"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" font-family="system-ui, sans-serif">',
        f'<title id="{id_prefix}-title">{svg_text(title)}</title>',
        f'<desc id="{id_prefix}-desc">{svg_text(desc)}</desc>',
        *_y_axis(pass_mark),
        *_x_axis(len(points), first),
    ]
    if points:
        out += ['<g class="chart-marks">', *_marks(points, first), "</g>"]
    else:
        out.append(
            f'<text x="{px(LEFT + (WIDTH - LEFT - RIGHT) / 2)}" y="{px(y_of(50))}"'
            f' text-anchor="middle" fill="{MUTED}" font-size="{FONT + 2}">'
            "No finished quizzes yet</text>"
        )
    return "\n".join([*out, "</svg>"])
