"""The score chart (pure): points, axes, empty data, one point, and its text alternative."""

import itertools
import re
from datetime import date

from lxml import etree

from quizzes.charts import (
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    ScorePoint,
    describe,
    render_score_chart,
    table_rows,
    x_of,
    x_ticks,
    y_of,
)

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    ScorePoint(date(2026, 3, 1), "KFOR arrives", 0.5),
    ScorePoint(date(2026, 3, 1), "The mandate", 1.0),
    ScorePoint(date(2026, 3, 4), "Module test: KFOR & <friends>", 0.75),
]


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def circles(root) -> list[tuple[float, float, str]]:
    return [
        (float(c.get("cx")), float(c.get("cy")), c.find(f"{SVG}title").text)
        for c in root.iter(f"{SVG}circle")
    ]


def test_points_run_oldest_to_newest_across_the_plot_at_their_score():
    root = parse(render_score_chart(POINTS, title="Scores"))
    (x1, y1, _), (x2, y2, _), (x3, y3, _) = circles(root)
    assert (x1, x3) == (LEFT, WIDTH - RIGHT)
    assert x1 < x2 < x3
    assert y2 == TOP == y_of(100)  # 100 % at the top
    assert y1 == y_of(50) > y3 == y_of(75)
    line = next(root.iter(f"{SVG}polyline")).get("points")
    assert line == " ".join(f"{x:g},{y:g}" for x, y, _ in circles(root))


def test_the_axes_label_percentages_and_attempt_numbers():
    root = parse(render_score_chart(POINTS, title="Scores", pass_mark=0.8, first=7))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    for percent in ("0%", "20%", "40%", "60%", "80%", "100%"):
        assert percent in labels
    assert [label for label in labels if label.isdigit()] == ["7", "8", "9"]
    assert "Attempts, oldest to newest" in labels
    assert "pass mark 80%" in labels
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert [float(line.get("y1")) for line in dashed] == [y_of(80)]


def test_many_attempts_label_only_some_numbers_on_the_x_axis():
    ticks = x_ticks(200)
    assert ticks[0] == 1
    assert ticks[-1] <= 200
    assert len(ticks) < 25
    gaps = {x_of(b - 1, 200) - x_of(a - 1, 200) for a, b in itertools.pairwise(ticks)}
    assert min(gaps) >= 28


def test_an_empty_chart_keeps_its_axes_and_says_there_is_nothing_yet():
    svg = render_score_chart([], title="Scores")
    root = parse(svg)
    assert not list(root.iter(f"{SVG}circle"))
    assert not list(root.iter(f"{SVG}polyline"))
    assert "No finished quizzes yet" in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}desc").text == "No finished quizzes yet."
    assert x_ticks(0) == []


def test_one_point_sits_in_the_middle():
    point = ScorePoint(date(2026, 1, 2), "KFOR arrives", 0.8)
    root = parse(render_score_chart([point], title="Scores"))
    [(x, y, tip)] = circles(root)
    assert x == LEFT + (WIDTH - LEFT - RIGHT) / 2
    assert y == y_of(80)
    assert tip == "Attempt 1, 2 Jan 2026: KFOR arrives: 80%"
    assert root.find(f"{SVG}desc").text == "One score, on 2 Jan 2026: 80%."


def test_it_is_an_accessible_image_named_and_described():
    root = parse(render_score_chart(POINTS, title="Your quiz scores", id_prefix="mine"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "mine-title mine-desc"
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    assert root.find(f"{SVG}title").text == "Your quiz scores"
    assert root.find(f"{SVG}desc").text == (
        "3 scores from 1 Mar 2026 to 4 Mar 2026: lowest 50%, highest 100%, latest 75%."
    )
    assert not list(root.iter(f"{SVG}a"))  # nothing interactive inside role="img"


def test_the_text_alternative_matches_the_marks_one_for_one():
    svg = render_score_chart(POINTS, title="Scores", first=3)
    rows = table_rows(POINTS, first=3)
    assert [row.text for row in rows] == [tip for *_, tip in circles(parse(svg))]
    assert [(r.number, r.date_label, r.label, r.percent) for r in rows] == [
        (3, "1 Mar 2026", "KFOR arrives", 50),
        (4, "1 Mar 2026", "The mandate", 100),
        (5, "4 Mar 2026", "Module test: KFOR & <friends>", 75),
    ]


def test_text_is_escaped_and_nothing_is_styled_inline():
    svg = render_score_chart(POINTS, title="<Scores> & more", description='a "quote"')
    assert "&lt;friends&gt;" in svg
    assert "<friends>" not in svg
    assert "&lt;Scores&gt; &amp; more" in svg
    assert not re.search(r"\sstyle=|<style", svg)
    assert parse(svg).find(f"{SVG}desc").text == 'a "quote"'


def test_scores_outside_zero_to_one_are_clamped_and_output_is_deterministic():
    wild = [ScorePoint(date(2026, 1, 1), "a", -0.2), ScorePoint(date(2026, 1, 2), "b", 1.4)]
    assert [p.percent for p in wild] == [0, 100]
    assert render_score_chart(wild, title="t") == render_score_chart(wild, title="t")
    assert describe(wild).endswith("lowest 0%, highest 100%, latest 100%.")
