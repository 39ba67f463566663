"""Grading submitted form data (quizzes.grading): every kind, every garbage path, and a fuzz."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.text.normalise import fold_loose as normalise
from quizzes.grading import MAX_CHOICE_LENGTH, Grade, InvalidAnswer, Part, grade

MC_OPTIONS = ("12 June 1999", "24 March 1999", "10 June 1999", "17 February 2008")
MC = {"correct": "12 June 1999"}
NUMERIC = {"value": 1244, "tolerance": 0, "unit": "", "display": "Resolution 1244"}
DAYS = {"value": 78, "tolerance": 0, "unit": "days", "display": "78 days"}
SORTIES = {"value": 38000, "tolerance": 1900, "unit": "combat sorties"}
CLOZE = {"accepted": ["Slobodan Milošević", "Milošević", "Milosevic", "Slobodan Milosevic"]}
PAIRS = {
    "KFOR": "Kosovo Force",
    "KLA": "Kosovo Liberation Army",
    "ISAF": "International Security Assistance Force",
    "KSF": "Kosovo Security Force",
}
MATCHING = {"pairs": PAIRS, "items": ["KLA", "KFOR", "ISAF", "KSF"]}
MATCH_OPTIONS = (
    "Kosovo Security Force",
    "Kosovo Force",
    "International Security Assistance Force",
    "Kosovo Liberation Army",
)
ORDER = ["Operation Allied Force began", "KFOR entered Kosovo", "Kosovo declared independence"]
ORDERING = {"order": ORDER}
ORDER_OPTIONS = (
    "Kosovo declared independence",
    "Operation Allied Force began",
    "KFOR entered Kosovo",
)
SPOT = {
    "correct": "20 December 2001",
    "wrong": "2003",
    "accepted": ["20 December 2001", "2001-12-20"],
}
SPOT_OPTIONS = ("20 December 2003", "20 December 2001", "5 December 2000", "11 March 2002")


def right_matches() -> dict[str, list[str]]:
    return {f"match-{i}": [PAIRS[item]] for i, item in enumerate(MATCHING["items"])}


def positions(order_by_option: list[int]) -> dict[str, list[str]]:
    return {f"position-{i}": [str(p)] for i, p in enumerate(order_by_option)}


# --------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kosovo Force (KFOR)", "kosovo force kfor"),
        ("  Slobodan   Milošević ", "slobodan milosevic"),
        ("UÇK", "uck"),
        ("Račak", "racak"),
        ("Đakovica", "dakovica"),
        ("NATO’s", "nato s"),
        ("Co-operation", "co operation"),
        ("ＫＦＯＲ", "kfor"),  # full-width letters fold too (NFKD)
        ("", ""),
    ],
)
def test_normalise_ignores_case_diacritics_punctuation_and_spacing(raw, expected):
    assert normalise(raw) == expected


# --------------------------------------------------------------------------- choices


def test_multiple_choice_right_and_wrong():
    assert grade("multiple_choice", MC, MC_OPTIONS, {"choice": ["12 June 1999"]}) == Grade(
        True, 1.0, "12 June 1999"
    )
    wrong = grade("multiple_choice", MC, MC_OPTIONS, {"choice": ["10 June 1999"]})
    assert (wrong.correct, wrong.points, wrong.expected) == (False, 0.0, "12 June 1999")


def test_multiple_choice_tolerates_what_a_browser_may_do_to_the_option_text():
    assert grade("multiple_choice", MC, MC_OPTIONS, {"choice": [" 12 june 1999 "]}).correct


@pytest.mark.parametrize(
    ("submitted", "message"),
    [
        ({}, "missing"),
        ({"choice": []}, "No answer"),
        ({"choice": ["12 June 1999", "10 June 1999"]}, "one answer"),
        ({"choice": "12 June 1999"}, "list"),
        ({"choice": [12]}, "text"),
        ({"choice": ["13 June 1999"]}, "options"),
        ({"choice": ["   "]}, "empty"),
        ({"choice": ["x" * (MAX_CHOICE_LENGTH + 1)]}, "too long"),
        (["choice", "12 June 1999"], "form data"),
        (None, "form data"),
    ],
)
def test_multiple_choice_garbage_is_an_invalid_answer(submitted, message):
    with pytest.raises(InvalidAnswer, match=message):
        grade("multiple_choice", MC, MC_OPTIONS, submitted)


def test_true_false():
    assert grade("true_false", {"correct": False}, ("True", "False"), {"choice": ["false"]}).correct
    assert grade("true_false", {"correct": True}, ("True", "False"), {"choice": ["True"]}).correct
    wrong = grade("true_false", {"correct": False}, ("True", "False"), {"choice": ["true"]})
    assert (wrong.correct, wrong.expected) == (False, "False")
    with pytest.raises(InvalidAnswer, match="true"):
        grade("true_false", {"correct": True}, ("True", "False"), {"choice": ["maybe"]})


def test_spot_the_error_is_keyed_on_the_correct_value_never_the_articles():
    assert grade("spot_error", SPOT, SPOT_OPTIONS, {"choice": ["20 December 2001"]}).correct
    echo = grade("spot_error", SPOT, SPOT_OPTIONS, {"choice": ["20 December 2003"]})
    assert not echo.correct
    assert echo.expected == "20 December 2001"
    with pytest.raises(InvalidAnswer):
        grade("spot_error", SPOT, SPOT_OPTIONS, {"choice": ["2003"]})  # not offered


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "typed", ["1244", "1,244", " 1244 ", "Resolution 1244", "UNSCR 1244", "1 244", "1244.0"]
)
def test_numeric_accepts_the_ways_people_write_a_number(typed):
    assert grade("numeric", NUMERIC, (), {"value": [typed]}).correct


@pytest.mark.parametrize("typed", ["78", " 78 ", "78 days", "78 Days", "78 day"])
def test_numeric_accepts_its_own_unit(typed):
    result = grade("numeric", DAYS, (), {"value": [typed]})
    assert result == Grade(True, 1.0, "78 days")


def test_numeric_tolerance_accepts_the_qualifiers_range_and_no_more():
    for typed in ("38,000", "about 38,000", "over 38000", "39,900", "36,100", "38,000 sorties"):
        assert grade("numeric", SORTIES, (), {"value": [typed]}).correct, typed
    for typed in ("39,901", "30,000", "-38,000"):
        assert not grade("numeric", SORTIES, (), {"value": [typed]}).correct, typed
    assert not grade("numeric", DAYS, (), {"value": ["77"]}).correct
    assert not grade("numeric", NUMERIC, (), {"value": ["1245"]}).correct


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("seventy-something", "number"),
        ("eight seventy", "number"),
        ("seventy-eight weeks", "in days"),
        ("78 weeks", "in days"),
        ("12,44", "just the number"),
        ("9" * 40, "too long"),
        ("", "empty"),
        ("between 70 and 80", "just the number"),
    ],
)
def test_numeric_garbage_is_an_invalid_answer(typed, message):
    with pytest.raises(InvalidAnswer, match=message):
        grade("numeric", DAYS, (), {"value": [typed]})


EXACT_38K = {"value": 38000, "tolerance": 0, "unit": "sorties"}
THIRTY_EIGHT = {"value": 38, "tolerance": 0, "unit": "days"}


@pytest.mark.parametrize(
    "typed", ["38.000", "38 000", "38\u2009000", "38\u202f000", "38\u00a0000", "38,000", "38000"]
)
def test_numeric_accepts_a_dot_or_any_space_as_thousands_separator(typed):
    assert grade("numeric", EXACT_38K, (), {"value": [typed]}).correct
    assert grade("numeric", SORTIES, (), {"value": [typed]}).correct


def test_a_dot_may_also_be_a_decimal_point_but_never_makes_a_different_number_right():
    assert grade("numeric", THIRTY_EIGHT, (), {"value": ["38.000"]}).correct  # 38.0
    assert grade("numeric", NUMERIC, (), {"value": ["1.244"]}).correct
    assert grade("numeric", {"value": 1244000, "unit": ""}, (), {"value": ["1.244.000"]}).correct
    for typed in ("38.001", "3.800", "38.00", "380.00", "38.0001", "3.8"):
        assert not grade("numeric", EXACT_38K, (), {"value": [typed]}).correct, typed
    assert not grade("numeric", NUMERIC, (), {"value": ["1.245"]}).correct


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("seventy-eight", DAYS),
        ("Seventy Eight", DAYS),
        ("about seventy-eight days", DAYS),
        ("thirty-eight thousand", EXACT_38K),
        ("about thirty-eight thousand sorties", SORTIES),
        ("38 thousand", EXACT_38K),
        ("one thousand two hundred and forty-four", NUMERIC),
        ("Resolution one thousand two hundred forty-four", NUMERIC),
    ],
)
def test_numeric_accepts_number_words(typed, key):
    assert grade("numeric", key, (), {"value": [typed]}).correct


@pytest.mark.parametrize("typed", ["seventy-seven", "seventy", "eighty-seven", "eight"])
def test_number_words_for_a_different_number_are_wrong(typed):
    assert not grade("numeric", DAYS, (), {"value": [typed]}).correct


# --------------------------------------------------------------------------- cloze


@pytest.mark.parametrize(
    "typed",
    [
        "Slobodan Milošević",
        "slobodan milosevic",
        "Milosevic",
        "MILOŠEVIĆ",
        " Milošević. ",
        "Milo-sevic",
    ],
)
def test_cloze_ignores_case_diacritics_and_punctuation_and_accepts_aliases(typed):
    assert grade("cloze", CLOZE, (), {"text": [typed]}).correct


def test_cloze_accepts_a_leading_article_and_run_together_words():
    key = {"accepted": ["Organization for Security and Co-operation in Europe"]}
    assert grade(
        "cloze", key, (), {"text": ["the Organization for Security and Cooperation in Europe"]}
    ).correct
    assert grade("cloze", {"accepted": ["38,000"]}, (), {"text": ["38 000"]}).correct


def test_cloze_wrong_answer_says_the_model_answer():
    result = grade("cloze", CLOZE, (), {"text": ["Tito"]})
    assert result == Grade(False, 0.0, "Slobodan Milošević")
    with pytest.raises(InvalidAnswer):
        grade("cloze", CLOZE, (), {"text": ["?!"]})


UNMIK = {
    "accepted": [
        "United Nations Interim Administration Mission in Kosovo",
        "UN Interim Administration Mission in Kosovo",
    ]
}
KFOR_CLOZE = {"accepted": ["Kosovo Force", "NATO-led Kosovo Force"]}


@pytest.mark.parametrize(
    ("key", "typed", "spelling"),
    [
        (UNMIK, "United Nations Interim Administration Mission in Kosove", UNMIK["accepted"][0]),
        (UNMIK, "UN Interim Administration Misson in Kosovo", UNMIK["accepted"][1]),
        (KFOR_CLOZE, "Kosvo Force", "Kosovo Force"),
        (KFOR_CLOZE, "the Kossovo Force", "Kosovo Force"),
        (CLOZE, "Milosevik", "Milošević"),
    ],
)
def test_cloze_forgives_one_letter_in_a_long_word_and_says_so(key, typed, spelling):
    result = grade("cloze", key, (), {"text": [typed]})
    assert (result.correct, result.points) == (True, 1.0)
    assert result.note == f"Counted as right, but check your spelling: {spelling}."


def test_a_right_spelling_gets_no_spelling_note():
    assert grade("cloze", KFOR_CLOZE, (), {"text": ["Kosovo Force"]}).note == ""


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        (KFOR_CLOZE, "Kosovo Forces"),
        (KFOR_CLOZE, "the Kosovo forces"),
        ({"accepted": ["Kosovo Liberation Army"]}, "Kosovo Liberation Armies"),
        (UNMIK, "United Nations Interim Administration Missions in Kosovo"),
        ({"accepted": ["Kosovo Forces"]}, "Kosovo Force"),
    ],
)
def test_cloze_accepts_the_plural_or_singular_of_the_head_noun(key, typed):
    result = grade("cloze", key, (), {"text": [typed]})
    assert result.correct
    assert result.note == ""


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ({"accepted": ["KFOR"]}, "SFOR"),  # a different mission: acronyms must be exact
        ({"accepted": ["KFOR"]}, "KFR"),
        (KFOR_CLOZE, "NATE-led Kosovo Force"),
        (UNMIK, "UK Interim Administration Mission in Kosovo"),
        (KFOR_CLOZE, "Kosavu Force"),  # two letters off
        (CLOZE, "Milosovich"),
        ({"accepted": ["Clark"]}, "Clerk"),  # a name under six letters
        ({"accepted": ["Tito"]}, "Tita"),
        ({"accepted": ["March 2011"]}, "May 2011"),
        (KFOR_CLOZE, "Kosove Forces"),  # a typo and a plural: two differences
        ({"accepted": ["Army of Peace"]}, "Army of Peaces"),  # not the head noun's plural
        ({"accepted": ["Fund for Peace"]}, "Funds for Peaces"),
        ({"accepted": ["78", "seventy-eight"]}, "seventh-eight"),  # number words are exact
        ({"accepted": ["1244", "1,244"]}, "1245"),
        ({"accepted": ["1244", "1,244"]}, "12 44"),
        ({"accepted": ["78"]}, "7 8"),
        ({"accepted": ["78"]}, "7.8"),
    ],
)
def test_cloze_never_accepts_a_different_name_or_number(key, typed):
    assert not grade("cloze", key, (), {"text": [typed]}).correct


def test_cloze_still_reads_thousands_however_they_are_separated():
    for typed in ("1 244", "1.244", "1244", "1,244"):
        assert grade("cloze", {"accepted": ["1244", "1,244"]}, (), {"text": [typed]}).correct


# --------------------------------------------------------------------------- matching


def test_matching_all_right():
    result = grade("matching", MATCHING, MATCH_OPTIONS, right_matches())
    assert (result.correct, result.points) == (True, 1.0)
    assert result.expected == (
        "KLA → Kosovo Liberation Army; KFOR → Kosovo Force; "
        "ISAF → International Security Assistance Force; KSF → Kosovo Security Force"
    )
    assert all(part.right for part in result.parts)


def test_matching_gives_partial_credit_per_pair_and_says_which_pair_was_wrong():
    submitted = right_matches()
    submitted["match-1"], submitted["match-3"] = submitted["match-3"], submitted["match-1"]
    result = grade("matching", MATCHING, MATCH_OPTIONS, submitted)
    assert (result.correct, result.points) == (False, 0.5)
    assert result.parts == (
        Part("KLA", "Kosovo Liberation Army", "Kosovo Liberation Army"),
        Part("KFOR", "Kosovo Security Force", "Kosovo Force"),
        Part(
            "ISAF",
            "International Security Assistance Force",
            "International Security Assistance Force",
        ),
        Part("KSF", "Kosovo Force", "Kosovo Security Force"),
    )
    assert [part.right for part in result.parts] == [True, False, True, False]


def test_matching_reads_the_item_order_from_the_key_not_from_dict_order():
    shuffled_pairs = dict(reversed(list(PAIRS.items())))  # jsonb does not keep key order
    key = {"pairs": shuffled_pairs, "items": MATCHING["items"]}
    assert grade("matching", key, MATCH_OPTIONS, right_matches()).correct


@pytest.mark.parametrize(
    "change",
    [
        {"match-3": None},  # missing
        {"match-0": ["Kosovo Force"]},  # used twice
        {"match-2": ["North Atlantic Treaty Organization"]},  # not offered
        {"match-1": ["Kosovo Force", "Kosovo Force"]},
    ],
)
def test_matching_garbage_is_an_invalid_answer(change):
    submitted = right_matches()
    for field, value in change.items():
        if value is None:
            del submitted[field]
        else:
            submitted[field] = value
    with pytest.raises(InvalidAnswer):
        grade("matching", MATCHING, MATCH_OPTIONS, submitted)


# --------------------------------------------------------------------------- ordering


def test_ordering_all_right_and_partly_right():
    # displayed: independence (3rd), Allied Force (1st), KFOR (2nd)
    right = grade("ordering", ORDERING, ORDER_OPTIONS, positions([3, 1, 2]))
    assert (right.correct, right.points) == (True, 1.0)
    assert right.expected == (
        "1. Operation Allied Force began; 2. KFOR entered Kosovo; 3. Kosovo declared independence"
    )
    partly = grade("ordering", ORDERING, ORDER_OPTIONS, positions([3, 2, 1]))
    assert (partly.correct, partly.points) == (False, pytest.approx(1 / 3))
    none = grade("ordering", ORDERING, ORDER_OPTIONS, positions([1, 2, 3]))
    assert (none.correct, none.points) == (False, 0.0)


def test_ordering_feedback_lists_the_learners_order_with_each_events_right_place():
    partly = grade("ordering", ORDERING, ORDER_OPTIONS, positions([3, 2, 1]))
    assert partly.parts == (
        Part("KFOR entered Kosovo", "1", "2"),
        Part("Operation Allied Force began", "2", "1"),
        Part("Kosovo declared independence", "3", "3"),
    )
    assert [part.right for part in partly.parts] == [False, False, True]


@pytest.mark.parametrize(
    "submitted",
    [
        positions([1, 1, 2]),
        positions([0, 1, 2]),
        positions([1, 2, 4]),
        positions([1, 2]),
        {"position-0": ["one"], "position-1": ["2"], "position-2": ["3"]},
        {"position-0": ["1.0"], "position-1": ["2"], "position-2": ["3"]},
    ],
)
def test_ordering_garbage_is_an_invalid_answer(submitted):
    with pytest.raises(InvalidAnswer):
        grade("ordering", ORDERING, ORDER_OPTIONS, submitted)


# --------------------------------------------------------------------------- keys and kinds


def test_a_broken_answer_key_is_a_programming_error_not_the_learners():
    with pytest.raises(ValueError, match="bad answer key") as raised:
        grade("multiple_choice", {}, MC_OPTIONS, {"choice": ["12 June 1999"]})
    assert not isinstance(raised.value, InvalidAnswer)
    with pytest.raises(ValueError, match="unknown question kind"):
        grade("essay", {}, (), {})


def test_extra_form_fields_are_ignored():
    submitted = {"choice": ["12 June 1999"], "csrfmiddlewaretoken": ["abc"], "match-9": ["x"]}
    assert grade("multiple_choice", MC, MC_OPTIONS, submitted).correct


# --------------------------------------------------------------------------- fuzz

QUESTIONS = [
    ("multiple_choice", MC, MC_OPTIONS),
    ("spot_error", SPOT, SPOT_OPTIONS),
    ("true_false", {"correct": True}, ("True", "False")),
    ("numeric", SORTIES, ()),
    ("numeric", DAYS, ()),
    ("cloze", CLOZE, ()),
    ("matching", MATCHING, MATCH_OPTIONS),
    ("ordering", ORDERING, ORDER_OPTIONS),
]
FIELDS = ["choice", "value", "text", "match-0", "match-1", "match-2", "match-3"]
FIELDS += ["position-0", "position-1", "position-2"]
SCALARS = st.one_of(
    st.text(max_size=60),
    st.sampled_from([*MC_OPTIONS, *MATCH_OPTIONS, *ORDER_OPTIONS, "1", "2", "3", "true", "78"]),
    st.integers(),
    st.none(),
    st.floats(allow_nan=True),
    st.binary(max_size=8),
)
VALUES = st.one_of(
    st.lists(SCALARS, max_size=4),
    st.lists(st.text(max_size=2000), max_size=2),
    SCALARS,
    st.tuples(SCALARS),
    st.dictionaries(st.text(max_size=5), SCALARS, max_size=2),
)
SUBMITTED = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), VALUES, max_size=8),
    st.lists(SCALARS, max_size=3),
    SCALARS,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(QUESTIONS), submitted=SUBMITTED)
def test_any_submission_gives_a_grade_or_an_invalid_answer(question, submitted):
    kind, answer, options = question
    try:
        result = grade(kind, answer, options, submitted)
    except InvalidAnswer as error:
        message = str(error)
        assert message  # any exception other than InvalidAnswer fails the test
        return
    assert isinstance(result, Grade)
    assert 0.0 <= result.points <= 1.0
    assert result.correct == (result.points == 1.0)
    assert result.expected
