"""A timeline of dated events drawn as a server-rendered, accessible SVG string.

Pure Python (no Django). The markup uses presentation attributes and ``class`` names only (no
``style``), so it works under a strict Content-Security-Policy. Labels are laid out in lanes so
that no two overlap, each with a leader line to its point on the year axis; the SVG grows
taller with the number of lanes. Output is deterministic.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

Date = tuple[int, int | None, int | None]  # (year, month or None, day or None)

FONT = 13  # label font size, px
AXIS_FONT = 12
CHAR_W = 0.6  # estimated glyph width as a fraction of the font size
PAD = 24  # left/right margin of the axis
EDGE = 8  # labels keep this far inside the left/right edge (slack for wide fonts)
GAP = 8  # minimum horizontal gap between two labels in one lane
OFFSET = 5  # gap between a point's leader line and its label
AXIS_Y = 40
LANE_TOP = AXIS_Y + 14
LANE_H = 26
TEXT, LINK, MUTED = "#1d2430", "#1d4f91", "#5b6472"  # all >= 4.5:1 on white
_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class TimelineEvent:
    key: str  # unique id
    label: str  # short label, e.g. "NATO air campaign begins"
    start: Date
    end: Date | None = None  # set for spans, drawn as a bar
    href: str = ""  # when set, the event is wrapped in <a href>
    date_label: str = ""  # human date text, e.g. "24 March 1999"


@dataclass(frozen=True)
class Placed:
    event: TimelineEvent
    x: float  # the point (or span start) on the axis
    x_end: float | None  # span end, None for a point
    lane: int
    text: str  # the label as drawn (shortened with "…" if wider than the chart)
    anchor: str  # SVG text-anchor: "start" or "end"
    text_x: float
    baseline: float
    box: tuple[float, float, float, float]  # left, top, right, bottom (text and span bar)


def year_fraction(date: Date) -> float:
    """The date as a fractional year; a missing month/day means the middle of the year/month."""
    year, month, day = date
    if month is None:
        return year + 0.5
    if day is None:
        return year + (month - 0.5) / 12
    return year + (month - 1 + (day - 0.5) / calendar.monthrange(year, month)[1]) / 12


def _sort_key(event: TimelineEvent) -> tuple[float, str]:
    return year_fraction(event.start), event.key


def _text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR_W


def _fit(label: str, width: int) -> str:
    room = int((width - 2 * EDGE) / (FONT * CHAR_W))
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def _domain(events: Sequence[TimelineEvent]) -> tuple[int, int]:
    years = [e.start[0] for e in events] + [e.end[0] for e in events if e.end]
    return min(years), max(years) + 1


def _scale(lo: int, hi: int, width: int) -> Callable[[float], float]:
    return lambda f: PAD + (f - lo) / (hi - lo) * (width - 2 * PAD)


def _options(x: float, x_end: float | None, w: float, width: int) -> list[tuple[str, float]]:
    """Candidate (anchor, left edge) for a label of width ``w`` at ``x``, right side first."""
    options = [("start", x + OFFSET)] if x + OFFSET + w <= width - EDGE else []
    if x - OFFSET - w >= EDGE and x_end is None:
        options.append(("end", x - OFFSET - w))
    return options or [("start", min(max(x - w / 2, EDGE), width - EDGE - w))]


@dataclass(frozen=True)
class _Label:
    """A label with its side chosen, before its lane is known."""

    event: TimelineEvent
    x: float
    x_end: float | None
    text: str
    anchor: str
    text_x: float
    lo: float  # left and right of its box (text and span bar)
    hi: float
    below: set[int]  # the points its box spans: it goes in a lane below their labels

    def placed(self, lane: int) -> Placed:
        top = LANE_TOP + lane * LANE_H
        box = (self.lo, top, self.hi, top + LANE_H - 4)
        return Placed(
            self.event, self.x, self.x_end, lane, self.text, self.anchor, self.text_x, top + 20, box
        )


def _reaches(labels: Sequence[_Label], sources: set[int], dst: int) -> bool:
    """Whether ``dst`` must be above one of ``sources`` via the labels placed so far."""
    seen, stack = set(), list(sources)
    while stack:
        k = stack.pop()
        if k == dst:
            return True
        if k < len(labels) and k not in seen:
            seen.add(k)
            stack.extend(labels[k].below)
    return False


def layout(events: Sequence[TimelineEvent], width: int = 960) -> list[Placed]:
    """Place every label in a lane so that no two label boxes overlap (in sorted order).

    A label sits right of its point, or left of it when that side covers fewer other points.
    Each label goes in a lane below every point its box spans, so leader lines (axis on top,
    labels below) do not run through labels; only labels facing each other can force one.
    """
    if width < 2 * PAD + 100:
        raise ValueError(f"width {width} is too small for a timeline")
    evs = sorted(events, key=_sort_key)
    if not evs:
        return []
    x_of = _scale(*_domain(evs), width)
    xs = [x_of(year_fraction(e.start)) for e in evs]
    labels: list[_Label] = []
    for i, e in enumerate(evs):
        x_end = max(xs[i], x_of(year_fraction(e.end))) if e.end else None
        labels.append(_side(labels, i, e, xs, x_end, width))
    lane_of = _lanes(labels)
    return [label.placed(lane_of[i]) for i, label in enumerate(labels)]


def _side(
    labels: Sequence[_Label],
    i: int,
    e: TimelineEvent,
    xs: Sequence[float],
    x_end: float | None,
    width: int,
) -> _Label:
    """Event ``i``'s label on the side that forces no cycle and covers the fewest points."""
    x, text = xs[i], _fit(e.label, width)
    w = _text_width(text)
    options: list[tuple[tuple[bool, int], _Label]] = []
    for anchor, left in _options(x, x_end, w, width):
        lo, hi = (min(left, x), max(left + w, x_end)) if x_end is not None else (left, left + w)
        below = {j for j, xj in enumerate(xs) if j != i and lo <= xj <= hi}
        text_x = left + w * (anchor == "end")
        cost = (_reaches(labels, below, i), len(below))
        options.append((cost, _Label(e, x, x_end, text, anchor, text_x, lo, hi, below)))
    return min(options, key=lambda option: option[0])[1]  # the first of the cheapest


def _lanes(labels: Sequence[_Label]) -> dict[int, int]:
    """{label index: lane}: each label in the first lane below the labels of the points it
    spans where it overlaps no other label (in topological order of "below")."""
    lane_of: dict[int, int] = {}
    used: dict[int, list[tuple[float, float]]] = {}
    while len(lane_of) < len(labels):
        i = _next_label(labels, lane_of)
        label = labels[i]
        lane = 1 + max((lane_of[j] for j in label.below if j in lane_of), default=-1)
        while any(label.lo < r + GAP and a < label.hi + GAP for a, r in used.get(lane, [])):
            lane += 1
        lane_of[i] = lane
        used.setdefault(lane, []).append((label.lo, label.hi))
    return lane_of


def _next_label(labels: Sequence[_Label], lane_of: dict[int, int]) -> int:
    """The first label whose points' labels all have lanes; labels facing each other form a
    cycle instead: walk it and cut it where it closes."""
    todo = [k for k in range(len(labels)) if k not in lane_of]
    ready = next((k for k in todo if labels[k].below.issubset(lane_of)), None)
    if ready is not None:
        return ready
    seen, i = [], todo[0]
    while i not in seen:
        seen.append(i)
        i = min(j for j in labels[i].below if j not in lane_of)
    return i


def _esc(text: str) -> str:
    return escape(_XML_BAD.sub("", text), quote=True)


def _n(v: float) -> str:
    return f"{v:.1f}".removesuffix(".0")


def _axis(lo: int, hi: int, width: int) -> list[str]:
    x_of = _scale(lo, hi, width)
    per_year = (width - 2 * PAD) / (hi - lo)
    need = _text_width("0000", AXIS_FONT) + 10
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if s * per_year >= need)
    out = [
        f'<g class="tl-axis" aria-hidden="true" stroke="{MUTED}">',
        f'<line x1="{PAD}" y1="{AXIS_Y}" x2="{width - PAD}" y2="{AXIS_Y}" stroke-width="1.5"/>',
    ]
    for y in range(lo, hi + 1):
        labelled = (y % step == 0 and y < hi) or (hi - lo == 1 and y == lo)
        if labelled or per_year >= 4:
            x, t = _n(x_of(y)), 6 if labelled else 3
            out.append(f'<line x1="{x}" y1="{AXIS_Y - t}" x2="{x}" y2="{AXIS_Y + t}"/>')
        if labelled:
            out.append(
                f'<text x="{_n(x_of(y))}" y="{AXIS_Y - 12}" text-anchor="middle" stroke="none"'
                f' fill="{MUTED}" font-size="{AXIS_FONT}">{y}</text>'
            )
    return [*out, "</g>"]


def _mark(p: Placed) -> str:
    """The leader line and the point, outside the link so its focus ring hugs the label."""
    x, end = _n(p.x), p.box[1] + (2 if p.x_end is not None else 15)
    return (
        f'<line x1="{x}" y1="{AXIS_Y}" x2="{x}" y2="{_n(end)}" stroke="{MUTED}"/>'
        f'<circle cx="{x}" cy="{AXIS_Y}" r="4" fill="{LINK}"/>'
    )


def _event(p: Placed) -> list[str]:
    e = p.event
    name = f"{e.label} — {e.date_label}" if e.date_label else e.label
    out = [
        f'<a href="{_esc(e.href)}" class="tl-event">' if e.href else '<g class="tl-event">',
        f"<title>{_esc(name)}</title>",
    ]
    if p.x_end is not None:
        out.append(
            f'<rect class="tl-span" x="{_n(p.x)}" y="{_n(p.box[1] + 2)}" height="5" rx="2"'
            f' width="{_n(max(p.x_end - p.x, 2))}" fill="{LINK}"/>'
        )
    link = f' fill="{LINK}" text-decoration="underline"' if e.href else f' fill="{TEXT}"'
    out.append(
        f'<text x="{_n(p.text_x)}" y="{_n(p.baseline)}" text-anchor="{p.anchor}"'
        f' font-size="{FONT}"{link}>{_esc(p.text)}</text>'
    )
    return [*out, "</a>" if e.href else "</g>"]


def render_timeline_svg(
    events: Sequence[TimelineEvent], *, title: str, description: str, width: int = 960
) -> str:
    placed = layout(events, width)
    lanes = 1 + max((p.lane for p in placed), default=-1)
    height = LANE_TOP + lanes * LANE_H + 6 if placed else AXIS_Y
    has_links = any(p.event.href for p in placed)
    # Children of role="img" are presentational: links inside it fail axe's nested-interactive.
    role = "group" if has_links else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="{role}"'
        f' aria-labelledby="tl-title tl-desc" viewBox="0 0 {width} {height}" width="100%"'
        ' font-family="system-ui, sans-serif">',
        f'<title id="tl-title">{_esc(title)}</title>',
        f'<desc id="tl-desc">{_esc(description)}</desc>',
    ]
    if placed:
        out += _axis(*_domain([p.event for p in placed]), width)
        out += ['<g class="tl-marks" aria-hidden="true">', *map(_mark, placed), "</g>"]
        for p in placed:
            out += _event(p)
    return "\n".join([*out, "</svg>"])


def in_order(events: Sequence[TimelineEvent]) -> list[TimelineEvent]:
    """The events in the chart's order, for the page's text alternative."""
    return sorted(events, key=_sort_key)
