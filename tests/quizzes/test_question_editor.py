"""The question editor in the admin: each kind's options and answer key as plain fields.

Every kind: its change page shows its values in its own fields (no JSON box), a valid edit is
saved as generation writes it and grading reads it, each invalid edit says what is wrong and
saves nothing, and a generated question saved unchanged keeps its options and key exactly.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from quizzes.grading import grade, model_answer
from quizzes.models import Question
from quizzes.services import generate_questions
from tests.factories import QuestionFactory

MATCHING = {
    "kind": "matching",
    "prompt": "Match each abbreviation with what it stands for.",
    "prompt_items": ["KFOR", "KLA", "UNMIK"],
    "options": ["Kosovo Liberation Army", "United Nations Mission", "Kosovo Force"],
    "answer": {
        "pairs": {
            "KFOR": "Kosovo Force",
            "KLA": "Kosovo Liberation Army",
            "UNMIK": "United Nations Mission",
        },
        "items": ["KFOR", "KLA", "UNMIK"],
    },
}
KINDS: dict[str, dict[str, Any]] = {
    "multiple_choice": {},  # the factory's question
    "spot_error": {
        "kind": "spot_error",
        "options": ["NATO", "ISAF", "2003", "under United Nations mandate"],
        "answer": {"correct": "2003", "wrong": "2003", "accepted": ["2003"]},
    },
    "true_false": {
        "kind": "true_false",
        "prompt": "True or false? KFOR entered Kosovo on 12 June 1999.",
        "options": ["True", "False"],
        "answer": {"correct": True},
    },
    "numeric": {
        "kind": "numeric",
        "prompt": "Type the missing number: “Allied aircraft flew just over _____ sorties.”",
        "options": [],
        "answer": {"value": 38000, "tolerance": 1900, "unit": "sorties", "display": "38,000"},
    },
    "cloze": {
        "kind": "cloze",
        "prompt": "Fill in the blank: “It put pressure on President _____.”",
        "options": [],
        "answer": {"accepted": ["Slobodan Milošević", "Milošević", "Milosevic"]},
    },
    "matching": MATCHING,
    "ordering": {
        "kind": "ordering",
        "prompt": "Put these events in the order they happened, earliest first.",
        "options": ["The Kosovo War ended", "Operation Allied Force began", "KFOR entered"],
        "answer": {
            "order": ["Operation Allied Force began", "The Kosovo War ended", "KFOR entered"]
        },
    },
}


def question_of(kind: str) -> Question:
    return QuestionFactory(**KINDS[kind])


def url_of(question: Question) -> str:
    return reverse("admin:quizzes_question_change", args=[question.pk])


def unchanged(change_form, question: Question) -> dict[str, Any]:
    """What the change form posts back untouched (empty links as empty fields)."""
    data = change_form(url_of(question))
    return {name: "" if value is None else value for name, value in data.items()}


def post(admin_client, change_form, question: Question, **changes: Any):
    return admin_client.post(url_of(question), unchanged(change_form, question) | changes)


def stored(question: Question) -> tuple[Any, Any, Any]:
    question.refresh_from_db()
    return question.options, question.prompt_items, question.answer


def right_when_answered_as_the_key_says(question: Question) -> bool:
    submitted = model_answer(question.kind, question.answer, question.options)
    return grade(question.kind, question.answer, question.options, submitted).correct


# --------------------------------------------------------------------------- the change page


MAIN_FIELD = {
    "multiple_choice": "choices",
    "spot_error": "choices",
    "true_false": "truth",
    "numeric": "number",
    "cloze": "model_answer",
    "matching": "pairs",
    "ordering": "order",
}
SHOWN = {
    "multiple_choice": [
        "12 June 1999\n24 March 1999\n10 June 1999\n17 February 2008</textarea>",
        '<option value="12 June 1999" selected>12 June 1999</option>',
    ],
    "spot_error": [
        "NATO\nISAF\n2003\nunder United Nations mandate</textarea>",
        'value="2003" selected',
    ],
    "true_false": ['value="true" id="id_truth_0" checked'],
    "numeric": ['name="number" value="38000"', 'name="tolerance" value="1900"', 'value="sorties"'],
    "cloze": [
        'name="model_answer" value="Slobodan Milošević"',
        "\nMilošević\nMilosevic</textarea>",
    ],
    "matching": [
        "KFOR = Kosovo Force\nKLA = Kosovo Liberation Army\n",
        "UNMIK = United Nations Mission</textarea>",
    ],
    "ordering": ["Operation Allied Force began\nThe Kosovo War ended\nKFOR entered</textarea>"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_shows_its_values_in_its_own_fields_and_no_json(admin_client, db, kind):
    question = question_of(kind)
    page = html.unescape(admin_client.get(url_of(question)).content.decode())
    for shown in SHOWN[kind]:
        assert shown in page
    for json_box in ('name="answer"', 'name="options"', 'name="prompt_items"', 'name="covers"'):
        assert json_box not in page
    own = MAIN_FIELD[kind]
    for other in set(MAIN_FIELD.values()) - {own}:
        assert f'name="{other}"' not in page
    assert f'name="{own}"' in page


# --------------------------------------------------------------------------- valid edits

EDITS: list[tuple[str, dict[str, Any], dict[str, Any], list[str]]] = [
    (
        "multiple_choice",
        {"choices": "12 June 1999\n24 March 1999\n11 June 1999", "right_choice": "24 March 1999"},
        {"correct": "24 March 1999"},
        ["12 June 1999", "24 March 1999", "11 June 1999"],
    ),
    (
        "spot_error",
        {"right_choice": "ISAF"},
        {"correct": "ISAF", "wrong": "ISAF", "accepted": ["ISAF"]},
        ["NATO", "ISAF", "2003", "under United Nations mandate"],
    ),
    ("true_false", {"truth": "false"}, {"correct": False}, ["True", "False"]),
    (
        "numeric",
        {"number": "78", "tolerance": "", "unit": "days", "display": ""},
        {"value": 78, "tolerance": 0, "unit": "days", "display": "78 days"},
        [],
    ),
    (
        "numeric",
        {"number": "38,000", "tolerance": "2.5"},
        {"value": 38000, "tolerance": 2.5, "unit": "sorties", "display": "38,000"},
        [],
    ),
    (
        "cloze",
        {"model_answer": "Milošević", "aliases": "Milosevic\n\nMilošević\nSlobodan Milosevic"},
        {"accepted": ["Milošević", "Milosevic", "Slobodan Milosevic"]},
        [],
    ),
    (
        "matching",
        {"pairs": "KFOR = Kosovo Force\nKLA = Kosovo Liberation Army"},
        {
            "pairs": {"KFOR": "Kosovo Force", "KLA": "Kosovo Liberation Army"},
            "items": ["KFOR", "KLA"],
        },
        ["Kosovo Force", "Kosovo Liberation Army"],
    ),
    (
        "ordering",
        {"order": "The Kosovo War ended\nOperation Allied Force began\nKFOR entered"},
        {"order": ["The Kosovo War ended", "Operation Allied Force began", "KFOR entered"]},
        KINDS["ordering"]["options"],  # the same events: learners see them as before
    ),
    (
        "ordering",
        {"order": "A began\nB followed"},
        {"order": ["A began", "B followed"]},
        ["B followed", "A began"],  # never shown in the right order
    ),
]


@pytest.mark.parametrize(("kind", "fields", "answer", "options"), EDITS)
def test_a_valid_edit_is_saved_as_grading_reads_it(
    admin_client, change_form, db, kind, fields, answer, options
):
    question = question_of(kind)
    response = post(admin_client, change_form, question, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.answer == answer
    assert question.options == options
    assert question.edited  # regenerating keeps it
    assert right_when_answered_as_the_key_says(question)
    if kind == "matching":
        assert question.prompt_items == ["KFOR", "KLA"]


# --------------------------------------------------------------------------- invalid edits

INVALID: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "multiple_choice",
        {"right_choice": "13 June 1999"},
        "right_choice",
        "“13 June 1999” is not one of the options: choose among them.",
    ),
    (
        "multiple_choice",
        {"choices": "12 June 1999\n12  june 1999\n10 June 1999"},
        "choices",
        "“12  june 1999” is the right answer again: every other option must differ.",
    ),
    (
        "multiple_choice",
        {"choices": "12 June 1999"},
        "choices",
        "Give at least two options, one per line.",
    ),
    ("multiple_choice", {"right_choice": ""}, "right_choice", "Choose which option is"),
    ("spot_error", {"right_choice": "2004"}, "right_choice", "“2004” is not one of the options"),
    ("true_false", {"truth": ""}, "truth", "Say whether the statement is true or false."),
    ("numeric", {"number": "many"}, "number", "“many” is not a number: type digits"),
    ("numeric", {"number": ""}, "number", "Give the number learners must type."),
    ("numeric", {"number": "1e400"}, "number", "“1e400” is not a number"),
    ("numeric", {"tolerance": "-1"}, "tolerance", "The tolerance cannot be negative"),
    ("numeric", {"tolerance": "some"}, "tolerance", "“some” is not a number"),
    ("cloze", {"model_answer": "  "}, "model_answer", "Give the answer learners must type."),
    ("cloze", {"model_answer": "x" * 201}, "model_answer", "at most 200 characters"),
    ("matching", {"pairs": "KFOR Kosovo Force\nKLA = Kosovo Liberation Army"}, "pairs", "Line 1"),
    ("matching", {"pairs": "KFOR = Kosovo Force"}, "pairs", "Give at least two pairs"),
    (
        "matching",
        {"pairs": "KFOR = Kosovo Force\nKSF = kosovo  force"},
        "pairs",
        "“kosovo  force” is used twice: each match must differ.",
    ),
    ("ordering", {"order": "Only one event"}, "order", "Give at least two items"),
    ("ordering", {"order": "A began\na  began"}, "order", "“a  began” is listed twice"),
]


@pytest.mark.parametrize(("kind", "fields", "field", "message"), INVALID)
def test_an_invalid_edit_says_what_is_wrong_and_saves_nothing(
    admin_client, change_form, db, kind, fields, field, message
):
    question = question_of(kind)
    before = stored(question)
    response = post(admin_client, change_form, question, **fields)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert message in html.unescape(response.content.decode())
    assert stored(question) == before
    assert not question.edited


def test_after_an_error_the_options_typed_stay_offered(admin_client, change_form, db):
    question = question_of("multiple_choice")
    response = post(
        admin_client, change_form, question, choices="A\nB\nC", right_choice="12 June 1999"
    )
    page = html.unescape(response.content.decode())
    assert "A\nB\nC</textarea>" in page
    assert '<option value="B">B</option>' in page


def test_a_new_question_of_a_chosen_kind(admin_client, db):
    quiz = QuestionFactory().quiz
    add = reverse("admin:quizzes_question_add")
    page = admin_client.get(add, {"kind": "true_false"}).content.decode()
    assert 'name="truth"' in page
    assert 'name="choices"' not in page
    assert 'href="?kind=numeric"' in page
    data = {
        "quiz": quiz.pk,
        "prompt": "True or false? KFOR entered Kosovo in 1999.",
        "truth": "true",
        "explanation": "It entered on 12 June 1999.",
        "active": "on",
    }
    response = admin_client.post(add + "?kind=true_false", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(prompt=data["prompt"])
    assert (question.kind, question.options, question.answer) == (
        "true_false",
        ["True", "False"],
        {"correct": True},
    )
    assert question.key.startswith("admin:")
    assert question.edited


# --------------------------------------------------------------------------- generated questions


def test_every_kind_generated_and_saved_unchanged_keeps_its_key(admin_client, course, change_form):
    """The round trip: options, prompt items and key stay exactly what generation wrote."""
    kinds = Question.objects.order_by().values_list("kind", flat=True).distinct()
    assert set(kinds) == set(KINDS)
    for kind in KINDS:
        for question in Question.objects.filter(kind=kind)[:3]:
            before = stored(question)
            response = post(admin_client, change_form, question)
            assert response.status_code == 302, (kind, response.content.decode()[:3000])
            after = stored(question)
            assert after == before, kind
            assert question.edited


def test_an_edited_key_survives_regenerating(admin_client, course, change_form):
    question = Question.objects.filter(kind="numeric", active=True).first()
    post(admin_client, change_form, question, tolerance="5")
    generate_questions()
    question.refresh_from_db()
    assert question.answer["tolerance"] == 5
    assert question.active


# --------------------------------------------------------------------------- in the browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_an_admin_edits_a_question_in_the_browser(
    page, live_server, login, admin, axe, settings, debug
):
    from playwright.sync_api import expect

    settings.DEBUG = debug
    question = question_of("multiple_choice")
    login(admin)
    page.goto(f"{live_server.url}{url_of(question)}")
    axe(page)
    page.get_by_label("Options").fill("12 June 1999")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("Give at least two options, one per line.")
    axe(page)
    page.set_viewport_size({"width": 360, "height": 740})
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Options").fill("12 June 1999\n24 March 1999")
    page.get_by_label("Right answer").select_option("24 March 1999")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    question.refresh_from_db()
    assert (question.options, question.answer) == (
        ["12 June 1999", "24 March 1999"],
        {"correct": "24 March 1999"},
    )
