"""The class's averages per module as a server-rendered SVG bar chart.

In the manner of :mod:`quizzes.charts`: presentation attributes only (no ``style``, so it
passes the strict Content-Security-Policy), ``role="img"`` named by its ``<title>`` and
described by its ``<desc>``; the page's "Class averages" table is its text alternative.
Deterministic output.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizzes.charts import FONT, GRID, MUTED, TEXT, px, svg_text

if TYPE_CHECKING:
    from .queries import ColumnAverage

WIDTH = 440
LEFT, RIGHT, TOP = 8, 48, 28
ROW = 64  # px per module: its title, then two bars
BAR = 14
READ, SCORE = "#1d4f91", "#1f6b3a"
TITLE_CHARS = 52


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def describe(averages: Sequence[ColumnAverage]) -> str:
    if not averages:
        return "No published modules."
    parts = []
    for average in averages:
        read = average.completion_percent
        score = average.score_percent
        parts.append(
            f"{average.column.title}: {'no students' if read is None else f'{read}% read'},"
            f" {'no quiz taken' if score is None else f'average best score {score}%'}"
        )
    return "; ".join(parts) + "."


def _bar(y: float, percent: int | None, colour: str, label: str) -> str:
    inner = WIDTH - LEFT - RIGHT
    if percent is None:
        return (
            f'<text x="{LEFT}" y="{px(y + BAR - 2)}" fill="{MUTED}" font-size="{FONT - 2}">'
            f"{label}: none</text>"
        )
    width = inner * percent / 100
    return (
        f'<rect x="{LEFT}" y="{px(y)}" width="{px(max(width, 1))}" height="{BAR}" fill="{colour}"/>'
        f'<text x="{px(LEFT + width + 4)}" y="{px(y + BAR - 2)}" fill="{TEXT}"'
        f' font-size="{FONT - 2}">{percent}%</text>'
    )


def render_averages_chart(averages: Sequence[ColumnAverage]) -> str:
    """Per module, two bars: lessons read and the average best quiz score (0-100 %)."""
    height = TOP + ROW * max(len(averages), 1) + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="averages-chart" role="img"'
        ' aria-labelledby="averages-title averages-desc"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" font-family="system-ui, sans-serif">',
        '<title id="averages-title">Class averages per module</title>',
        f'<desc id="averages-desc">{svg_text(describe(averages))}</desc>',
        '<g class="chart-legend" aria-hidden="true">',
        f'<rect x="{LEFT}" y="6" width="12" height="12" fill="{READ}"/>'
        f'<text x="{LEFT + 16}" y="17" fill="{TEXT}" font-size="{FONT - 2}">lessons read</text>',
        f'<rect x="{LEFT + 120}" y="6" width="12" height="12" fill="{SCORE}"/>'
        f'<text x="{LEFT + 136}" y="17" fill="{TEXT}" font-size="{FONT - 2}">'
        "average best quiz score</text>",
        "</g>",
        '<g class="chart-bars" aria-hidden="true">',
    ]
    for n, average in enumerate(averages):
        y = TOP + n * ROW
        out.append(
            f'<line x1="{LEFT}" y1="{px(y + ROW - 6)}" x2="{WIDTH - RIGHT}" y2="{px(y + ROW - 6)}"'
            f' stroke="{GRID}"/>'
            f'<text x="{LEFT}" y="{px(y + 12)}" fill="{TEXT}" font-size="{FONT - 1}">'
            f"{svg_text(_short(average.column.title))}</text>"
        )
        out.append(_bar(y + 18, average.completion_percent, READ, "lessons read"))
        out.append(_bar(y + 18 + BAR + 4, average.score_percent, SCORE, "quiz score"))
    return "\n".join([*out, "</g>", "</svg>"])
