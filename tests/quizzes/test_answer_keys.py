"""Answer keys read back from the database: typed, defaults filled in, malformed ones refused."""

from __future__ import annotations

import pytest

from quizzes import answer_keys as keys


def test_a_numeric_key_gets_its_defaults():
    assert keys.read_numeric({"value": 78}) == {
        "value": 78,
        "tolerance": 0,
        "unit": "",
        "display": "78",
    }
    assert keys.read_numeric({"value": 38000, "unit": "sorties"})["display"] == "38,000 sorties"


def test_matching_items_default_to_the_order_of_the_pairs():
    key = keys.read_matching({"pairs": {"KFOR": "Kosovo Force", "KLA": "Kosovo Liberation Army"}})
    assert key["items"] == ["KFOR", "KLA"]


def test_a_choice_key_keeps_only_text_spellings():
    key = keys.read_choice({"correct": "2001", "wrong": "2003", "accepted": ["2001", 2001]})
    assert key == {"correct": "2001", "accepted": ["2001"]}


@pytest.mark.parametrize(
    ("read", "answer"),
    [
        (keys.read_choice, {}),
        (keys.read_choice, {"correct": 1}),
        (keys.read_true_false, {"correct": "true"}),
        (keys.read_numeric, {"value": True}),
        (keys.read_numeric, {"value": float("inf")}),
        (keys.read_numeric, {"value": 1, "tolerance": -1}),
        (keys.read_numeric, {"value": 1, "unit": 3}),
        (keys.read_cloze, {"accepted": []}),
        (keys.read_cloze, {"accepted": ["a", 1]}),
        (keys.read_matching, {"pairs": {"a": "b"}, "items": ["a", "c"]}),
        (keys.read_matching, {"pairs": ["a"]}),
        (lambda key: keys.read_ordering(key, ("a", "b")), {"order": ["b", "a", "c"]}),
        (keys.read_true_false, "not a key"),
    ],
)
def test_a_malformed_key_is_a_programming_error(read, answer):
    with pytest.raises(ValueError, match="bad answer key"):
        read(answer)
