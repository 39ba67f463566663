"""The item-analysis formulas against a hand-computed example, the flags, the heatmap cells.

The example: four students' first attempts at one quiz of three questions (1 = right):

    student   q1  q2  q3  total
    A          1   1   1    3
    B          1   0   1    2
    C          0   1   0    1
    D          0   0   0    0        (a second attempt of D's, all right, must be ignored)

Facility = 100 · mean(item):  q1 = q2 = q3 = 50 %.
Discrimination = r(item, total − item), Pearson:
    q1: item 1,1,0,0 (mean ½), rest 2,1,1,0 (mean 1)
        Σ(dx·dy) = ½·1 + ½·0 + (−½)·0 + (−½)·(−1) = 1
        Σdx² = 4·¼ = 1,  Σdy² = 1 + 0 + 0 + 1 = 2   →  r = 1 / √2 = 0.7071
    q2: item 1,0,1,0, rest 2,2,0,0 (mean 1)
        Σ(dx·dy) = ½·1 + (−½)·1 + ½·(−1) + (−½)·(−1) = 0   →  r = 0
    q3: the same series as q1  →  0.7071
"""

from __future__ import annotations

import math

import pytest

from kosovo_edu.classrooms.reports.analysis import (
    MIN_RESPONSES,
    Band,
    FirstAttempt,
    Flag,
    ItemStats,
    ModuleCell,
    class_average,
    discrimination,
    facility,
    first_attempts,
    item_analysis,
    pearson,
)
from quizzes.mastery import Mastery

QUIZ = 7
Q1, Q2, Q3 = 101, 102, 103
TABLE = {"A": (1, 1, 1), "B": (1, 0, 1), "C": (0, 1, 0), "D": (0, 0, 0)}


def rows():
    """(attempt, student, quiz, question, points) as the query gives them."""
    out = []
    for n, scores in enumerate(TABLE.values()):
        for question, points in zip((Q1, Q2, Q3), scores, strict=True):
            out.append((n + 1, n, QUIZ, question, float(points)))
    # D's attempt 99 started at the same instant as attempt 4 (the database keeps both) and
    # got everything right: the one created first counts
    out += [(99, 3, QUIZ, q, 1.0) for q in (Q1, Q2, Q3)]
    return out


def test_the_hand_computed_example():
    stats = {item.question_id: item for item in item_analysis(first_attempts(rows()))}
    assert [stats[q].n for q in (Q1, Q2, Q3)] == [4, 4, 4]
    assert [stats[q].facility for q in (Q1, Q2, Q3)] == [50.0, 50.0, 50.0]
    assert stats[Q1].discrimination == pytest.approx(1 / math.sqrt(2))
    assert stats[Q1].discrimination == pytest.approx(0.7071, abs=1e-4)
    assert stats[Q2].discrimination == pytest.approx(0.0)
    assert stats[Q3].discrimination == pytest.approx(0.7071, abs=1e-4)
    assert stats[Q1].discrimination_text == "0.71"


def test_only_the_first_attempt_of_each_student_counts():
    attempts = first_attempts(rows())
    assert len(attempts) == 4
    d = next(a for a in attempts if a.student_id == 3)
    assert d.total == 0  # the retake scored 3


def test_the_rest_of_the_test_leaves_the_item_out():
    # with the item left in, q1 would correlate with a total that contains it: r(1100, 3210)
    # = 0.894; Moodle's corrected index uses the rest, 0.707
    item, total = [1.0, 1.0, 0.0, 0.0], [3.0, 2.0, 1.0, 0.0]
    assert pearson(item, total) == pytest.approx(0.8944, abs=1e-4)
    rest = [t - i for t, i in zip(total, item, strict=True)]
    assert discrimination(item, rest) == pytest.approx(0.7071, abs=1e-4)


def test_facility_is_the_mean_score_as_a_percentage_and_partial_credit_counts():
    assert facility([1.0, 0.5, 0.0, 0.5]) == 50.0
    assert facility([]) is None


def test_an_item_everyone_got_right_has_no_discrimination():
    attempts = [FirstAttempt(n, QUIZ, {Q1: 1.0, Q2: float(n % 2)}) for n in range(4)]
    stats = {item.question_id: item for item in item_analysis(attempts)}
    assert stats[Q1].facility == 100.0
    assert stats[Q1].discrimination is None
    assert stats[Q1].discrimination_text == "–"


def test_pearson_refuses_series_of_different_lengths():
    with pytest.raises(ValueError, match="equally long"):
        pearson([1.0], [1.0, 2.0])


@pytest.mark.parametrize(
    ("n", "facility_", "discrimination_", "flags"),
    [
        (MIN_RESPONSES, 25.0, 0.5, (Flag.TOO_HARD,)),
        (MIN_RESPONSES, 96.0, 0.3, (Flag.TOO_EASY,)),
        (MIN_RESPONSES, 60.0, 0.1, (Flag.WEAK_DISCRIMINATION,)),
        (MIN_RESPONSES, 60.0, -0.3, (Flag.WEAK_DISCRIMINATION,)),
        (MIN_RESPONSES, 100.0, None, (Flag.TOO_EASY,)),
        (MIN_RESPONSES, 60.0, 0.2, ()),
        (MIN_RESPONSES, 30.0, 0.45, ()),
        (MIN_RESPONSES - 1, 10.0, -0.5, ()),  # too few answers to judge
    ],
)
def test_weak_items_are_flagged(n, facility_, discrimination_, flags):
    item = ItemStats(QUIZ, Q1, n, facility_, discrimination_)
    assert item.flags == flags


def test_bands_split_a_fraction_in_fifths():
    assert [Band.of(x) for x in (0.0, 0.19, 0.2, 0.59, 0.6, 0.8, 1.0)] == [
        Band.LOW,
        Band.LOW,
        Band.FAIR,
        Band.MID,
        Band.GOOD,
        Band.HIGH,
        Band.HIGH,
    ]
    assert Band.of(None).css == "heat-none"


def test_a_heatmap_cell_in_numbers_and_words():
    cell = ModuleCell(
        read=2,
        lessons=3,
        best_scores=(0.8, 0.5),
        quizzes=4,
        mastery=Mastery.FAMILIAR,
        mastered=1,
        facts=6,
    )
    assert cell.completion_percent == 67
    assert cell.score_percent == 65
    assert cell.completion_band is Band.GOOD
    assert cell.mastery_band is Band.MID
    assert cell.text == (
        "2 of 3 lessons read, best scores average 65%, mastery familiar (1 of 6 facts mastered)"
    )
    empty = ModuleCell(0, 3, (), 4, Mastery.NOT_STARTED, 0, 6)
    assert empty.score is None
    assert empty.mastery_band is Band.NONE


def test_class_averages_skip_students_with_nothing_to_average():
    assert class_average([0.5, None, 1.0]) == 0.75
    assert class_average([None]) is None


def test_the_averages_chart_is_an_image_with_a_text_alternative():
    from kosovo_edu.classrooms.reports.charts import render_averages_chart
    from kosovo_edu.classrooms.reports.queries import ColumnAverage, ModuleColumn

    averages = [
        ColumnAverage(ModuleColumn(1, "The air campaign & <KFOR>"), 0.5, 0.75, 3, 10),
        ColumnAverage(ModuleColumn(2, "Later years"), 0.0, None, 0, 10),
    ]
    svg = render_averages_chart(averages)
    assert 'role="img"' in svg
    assert 'aria-labelledby="averages-title averages-desc"' in svg
    assert (
        '<desc id="averages-desc">The air campaign &amp; &lt;KFOR&gt;: 50% read, average best'
        " score 75%; Later years: 0% read, no quiz taken.</desc>"
    ) in svg
    assert svg.count("<rect") == 2 + 3  # the legend's two swatches, three bars
    assert "quiz score: none" in svg
    assert "style=" not in svg  # the CSP forbids inline styles
