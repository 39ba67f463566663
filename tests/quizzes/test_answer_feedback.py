"""Answers over HTTP: one the server sends back is said next to the question and keeps what
the learner gave (with and without htmx); feedback says which parts of an answer were right and
when a spelling was let through."""

import pytest

from quizzes.models import Response
from tests.quizzes.answering import (
    answer_url,
    days_quiz,
    feedback_url,
    htmx_post,
    kfor_quiz,
    matching_quiz,
    one_question_quiz,
    ordering_quiz,
    start,
)


@pytest.fixture
def quiz(db):
    return kfor_quiz()


# --- answers sent back: shown next to the question, keeping the learner's answer ------------


@pytest.fixture
def typed_quiz(db):
    return days_quiz()


def test_without_javascript_an_invalid_answer_comes_back_in_the_form(client, typed_quiz, student):
    client.force_login(student)
    attempt = start(client, typed_quiz)
    qid = attempt.question_ids[0]
    response = client.post(answer_url(attempt, qid), {"value": "78 weeks"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Type just the number in days, for example 78." in html
    assert 'value="78 weeks"' in html
    assert 'aria-invalid="true"' in html
    assert "How many days did the air campaign last?" in html
    assert not Response.objects.exists()


def test_with_htmx_an_invalid_answer_is_only_a_message_for_the_questions_error_slot(
    client, typed_quiz, student
):
    client.force_login(student)
    attempt = start(client, typed_quiz)
    response = htmx_post(
        client, answer_url(attempt, attempt.question_ids[0]), {"value": "78 weeks"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#answer-error"
    assert response["HX-Reswap"] == "innerHTML show:#check-answer:bottom"
    assert html.strip().startswith('<p class="answer-error-message">')
    assert "Type just the number in days, for example 78." in html
    assert "<form" not in html  # the form, with what the learner typed, stays as it is


def test_with_htmx_answering_twice_says_so_next_to_the_question(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    qid = attempt.question_ids[0]
    client.post(answer_url(attempt, qid), {"choice": "24 March 1999"})
    response = htmx_post(client, answer_url(attempt, qid), {"choice": "12 June 1999"})
    html = response.content.decode()
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#answer-error"
    assert "You already answered this question." in html
    assert f'<a href="{feedback_url(attempt, qid)}">See your answer</a>' in html


def test_the_question_page_has_an_empty_error_slot_next_to_the_question(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert '<div id="answer-error" class="answer-error" role="alert"></div>' in html
    assert 'aria-describedby="answer-error"' in html


def test_the_base_page_tells_htmx_to_swap_4xx_responses(client, quiz, student):
    client.force_login(student)
    html = client.get(quiz.get_absolute_url()).content.decode()
    assert '{"code": "4..", "swap": true}' in html
    assert "django-htmx.js" not in html  # its DEBUG helper would replace the whole page


# --- feedback on typed and several-part answers -----------------------------------------------


def test_a_typo_in_a_long_name_counts_and_the_feedback_says_check_your_spelling(
    client, db, student
):
    quiz = one_question_quiz(
        "UNMIK",
        kind="cloze",
        prompt="The _____ (UNMIK) ran Kosovo after the war.",
        answer={"accepted": ["United Nations Interim Administration Mission in Kosovo"]},
    )
    client.force_login(student)
    attempt = start(client, quiz)
    typed = "United Nations Interim Administration Mission in Kosove"
    html = client.post(
        answer_url(attempt, attempt.question_ids[0]), {"text": typed}, follow=True
    ).content.decode()
    assert "Right" in html
    assert (
        "Counted as right, but check your spelling: "
        "United Nations Interim Administration Mission in Kosovo." in html
    )
    assert f"<strong>Your answer:</strong> {typed}" in html


def test_matching_feedback_marks_each_pair_and_corrects_the_wrong_ones(client, db, student):
    quiz = matching_quiz()
    client.force_login(student)
    attempt = start(client, quiz)
    chosen = {"match-0": "Kosovo Security Force", "match-1": "Kosovo Force"}
    chosen["match-2"] = "Kosovo Liberation Army"
    html = client.post(
        answer_url(attempt, attempt.question_ids[0]), chosen, follow=True
    ).content.decode()
    assert "Partly right" in html
    parts = html.split('<ul class="parts">')[1].split("</ul>")[0]
    assert parts.count("part-wrong") == 2
    assert parts.count("part-right") == 1
    assert "KFOR → Kosovo Security Force" in parts
    assert '<span class="part-fix">Right answer: Kosovo Force</span>' in parts
    assert "KLA → Kosovo Liberation Army" in parts


def test_ordering_feedback_lists_the_learners_order_and_each_right_place(client, db, student):
    quiz = ordering_quiz()
    client.force_login(student)
    attempt = start(client, quiz)
    # Shown: the end of the war (2nd), the air campaign (1st), KFOR (3rd); the learner swaps
    # the first two.
    data = {"position-0": "1", "position-1": "2", "position-2": "3"}
    html = client.post(
        answer_url(attempt, attempt.question_ids[0]), data, follow=True
    ).content.decode()
    parts = html.split('<ul class="parts">')[1].split("</ul>")[0]
    assert parts.index("1. The Kosovo War ended") < parts.index("2. Operation Allied Force")
    assert '<span class="part-fix">Right place: 2</span>' in parts
    assert '<span class="part-fix">Right place: 1</span>' in parts
    assert parts.count("part-right") == 1


def test_an_ordering_answer_using_a_place_twice_comes_back_with_the_places_chosen(
    client, db, student
):
    quiz = ordering_quiz()
    client.force_login(student)
    attempt = start(client, quiz)
    data = {"position-0": "1", "position-1": "1", "position-2": "3"}
    response = client.post(answer_url(attempt, attempt.question_ids[0]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Use each place from 1 to 3 exactly once." in html
    assert html.count('<option value="1" selected>') == 2
    assert html.count('<option value="3" selected>') == 1
    assert "data-one-each" in html


def test_feedback_after_the_key_was_edited_shows_what_was_recorded(client, db, student):
    quiz = matching_quiz()
    client.force_login(student)
    attempt = start(client, quiz)
    qid = attempt.question_ids[0]
    right = {"match-0": "Kosovo Force", "match-1": "Kosovo Security Force"}
    client.post(answer_url(attempt, qid), {**right, "match-2": "Kosovo Liberation Army"})
    question = quiz.questions.get()
    question.answer = {**question.answer, "items": ["KSF", "KFOR", "KLA"]}  # now graded 1 of 3
    question.save()
    html = client.get(feedback_url(attempt, qid)).content.decode()
    assert "Right" in html  # as it was graded when answered
    assert '<ul class="parts">' not in html  # parts graded by the new key would contradict it
    assert "<strong>The answer:</strong> KFOR → Kosovo Force" in html


def test_spot_the_error_feedback_names_the_wrong_part_and_gives_the_correction(client, db, student):
    sentence = "NATO took over ISAF, established by the UN in 2003, in August 2003."
    correction = (
        "\u201c2003\u201d is wrong: the right value is 20 December 2001. The UN Security Council"
        " first authorised ISAF on 20 December 2001."
    )
    quiz = one_question_quiz(
        "NATO in Afghanistan",
        kind="spot_error",
        prompt=f"Spot the error. One part of this sentence from the lesson is wrong: {sentence}",
        options=["NATO", "ISAF", "2003", "August 2003"],
        answer={"correct": "2003", "wrong": "2003", "accepted": ["2003"]},
        explanation=correction,
    )
    client.force_login(student)
    attempt = start(client, quiz)
    html = client.post(
        answer_url(attempt, attempt.question_ids[0]), {"choice": ["ISAF"]}, follow=True
    ).content.decode()
    assert "Not quite" in html
    assert "<strong>The wrong part:</strong> 2003" in html
    assert "<strong>Your answer:</strong> ISAF" in html
    assert "the right value is 20 December 2001" in html
