"""The quiz flow over HTTP: one question at a time, instant feedback, tamper-proof answers."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import Attempt, Response
from tests.factories import FactFactory, QuestionFactory, QuizFactory, UserFactory
from tests.quizzes.answering import answer_url, feedback_url, htmx_post, kfor_quiz, start


@pytest.fixture
def quiz(db):
    return kfor_quiz()


def finish(client, attempt: Attempt) -> None:
    """Answer every question of the attempt right."""
    for qid in attempt.question_ids:
        client.post(answer_url(attempt, qid), {"choice": "12 June 1999"})


def test_the_intro_page_says_what_the_quiz_is(client, quiz, student):
    client.force_login(student)
    html = client.get(quiz.get_absolute_url()).content.decode()
    assert "Quiz: KFOR arrives" in html
    assert "3 questions, one at a time" in html
    assert "Start the quiz" in html


def test_visitors_are_asked_to_log_in_and_cannot_start(client, quiz):
    html = client.get(quiz.get_absolute_url()).content.decode()
    assert "to take the quiz" in html
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Attempt.objects.exists()


def test_a_question_page_shows_one_question_and_never_the_answer_key(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    html = client.get(attempt.get_absolute_url()).content.decode()
    first = quiz.questions.get(pk=attempt.question_ids[0])
    assert first.prompt in html
    assert html.count('name="choice"') == 4
    assert "Question 1 of 3" in html
    assert first.explanation not in html
    assert '"correct"' not in html


def test_a_right_answer_gets_feedback_that_points_to_the_sentence(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    qid = attempt.question_ids[0]
    response = client.post(answer_url(attempt, qid), {"choice": "12 June 1999"}, follow=True)
    html = response.content.decode()
    question = quiz.questions.get(pk=qid)
    assert "Right" in html
    assert question.explanation in html
    assert f'href="{question.lesson.get_absolute_url()}#{question.anchor}"' in html
    assert Response.objects.get(attempt=attempt, question_id=qid).correct


def test_a_wrong_answer_shows_the_right_one(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    html = client.post(
        answer_url(attempt, attempt.question_ids[0]), {"choice": "24 March 1999"}, follow=True
    ).content.decode()
    assert "Not quite" in html
    assert "<strong>Your answer:</strong> 24 March 1999" in html
    assert "<strong>The answer:</strong> 12 June 1999" in html


def test_without_javascript_answering_redirects_to_feedback_a_reload_shows_again(
    client, quiz, student
):
    client.force_login(student)
    attempt = start(client, quiz)
    qid = attempt.question_ids[0]
    response = client.post(answer_url(attempt, qid), {"choice": "24 March 1999"})
    assert response.status_code == 302
    assert response["Location"] == feedback_url(attempt, qid)
    shown = ["Not quite", "<strong>The answer:</strong> 12 June 1999", "1 of 3 answered"]
    for _ in range(2):  # the first view, then a reload
        page = client.get(feedback_url(attempt, qid))
        assert page.status_code == 200
        html = page.content.decode()
        assert [text for text in [*shown, "Next question"] if text not in html] == []
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_the_feedback_of_a_question_not_answered_yet_is_the_question(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    response = client.get(feedback_url(attempt, attempt.question_ids[1]))
    assert response["Location"] == attempt.get_absolute_url()
    assert client.get(feedback_url(attempt, QuestionFactory().pk)).status_code == 404


def test_the_last_feedback_leads_to_the_results(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    finish(client, attempt)
    html = client.get(feedback_url(attempt, attempt.question_ids[-1])).content.decode()
    assert "See your results" in html
    assert reverse("quizzes:results", args=[attempt.pk]) in html
    assert "Next question" not in html


def test_htmx_gets_just_the_feedback_fragment(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    response = htmx_post(
        client, answer_url(attempt, attempt.question_ids[0]), {"choice": "12 June 1999"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="question-card"')
    assert "<html" not in html
    assert "Next question" in html


def test_answering_every_question_finishes_with_a_score_and_a_review(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    for n, qid in enumerate(attempt.question_ids):
        client.post(answer_url(attempt, qid), {"choice": "12 June 1999" if n else "10 June 1999"})
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.score == pytest.approx(2 / 3)
    assert client.get(attempt.get_absolute_url())["Location"] == reverse(
        "quizzes:results", args=[attempt.pk]
    )
    html = client.get(reverse("quizzes:results", args=[attempt.pk])).content.decode()
    assert "You scored <strong>67%</strong>" in html
    assert html.count("review-wrong") == 1
    assert html.count("review-right") == 2


def test_a_retake_puts_the_questions_answered_wrong_first(client, quiz, student):
    client.force_login(student)
    for _ in range(2):
        QuestionFactory(quiz=quiz)
    quiz.size = 5
    quiz.save()
    attempt = start(client, quiz)
    wrong = attempt.question_ids[-1]
    for qid in attempt.question_ids:
        client.post(
            answer_url(attempt, qid),
            {"choice": "24 March 1999" if qid == wrong else "12 June 1999"},
        )
    for _ in range(3):
        retake = start(client, quiz)
        assert retake.question_ids[0] == wrong
        assert sorted(retake.question_ids) == sorted(attempt.question_ids)


# --- tampering ------------------------------------------------------------------------------


def test_answering_a_question_not_in_the_attempt_is_404_and_changes_nothing(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    stranger = QuestionFactory()
    response = client.post(answer_url(attempt, stranger.pk), {"choice": "12 June 1999"})
    assert response.status_code == 404
    assert "not part of this attempt" in response.content.decode()
    assert not Response.objects.exists()


def test_answering_twice_is_409_and_keeps_the_first_answer(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    qid = attempt.question_ids[0]
    client.post(answer_url(attempt, qid), {"choice": "24 March 1999"})
    response = client.post(answer_url(attempt, qid), {"choice": "12 June 1999"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "You already answered this question." in html
    assert f'href="{feedback_url(attempt, qid)}"' in html
    assert "See your answer" in html
    assert Response.objects.get(attempt=attempt, question_id=qid).correct is False


def test_answering_a_finished_attempt_is_409(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    finish(client, attempt)
    response = client.post(answer_url(attempt, attempt.question_ids[0]), {"choice": "10 June 1999"})
    assert response.status_code == 409
    assert Response.objects.filter(attempt=attempt).count() == 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"choice": "not an option"},
        {"choice": ["12 June 1999", "24 March 1999"]},
        {"choice": "x" * 100_000},
    ],
)
def test_garbage_is_400_and_records_nothing(client, quiz, student, data):
    client.force_login(student)
    attempt = start(client, quiz)
    response = client.post(answer_url(attempt, attempt.question_ids[0]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="answer-error-message"' in html
    assert "Check answer" in html  # the question again, to answer properly
    assert not Response.objects.exists()


def test_another_learners_attempt_is_404(client, quiz, student, other_student):
    client.force_login(student)
    attempt = start(client, quiz)
    client.force_login(other_student)
    assert client.get(attempt.get_absolute_url()).status_code == 404
    assert client.get(reverse("quizzes:results", args=[attempt.pk])).status_code == 404
    response = client.post(answer_url(attempt, attempt.question_ids[0]), {"choice": "12 June 1999"})
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_answers_must_be_posted(client, quiz, student):
    client.force_login(student)
    attempt = start(client, quiz)
    assert client.get(answer_url(attempt, attempt.question_ids[0])).status_code == 405


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            ["choice", "value", "text", "match-0", "position-0", "x", "csrfmiddlewaretoken"]
        ),
        st.lists(st.text(max_size=40), max_size=3),
        max_size=4,
    ),
    pick=st.integers(0, 4),
)
def test_fuzzing_the_answer_endpoint_never_gives_a_500(client, quiz, student, data, pick):
    client.force_login(student)
    attempt = start(client, quiz)
    candidates = [*attempt.question_ids, 10**9, QuestionFactory().pk]
    qid = candidates[pick]
    response = client.post(answer_url(attempt, qid), data)
    assert response.status_code in {302, 400, 404, 409}
    assert Response.objects.filter(attempt=attempt).count() <= 1


# --- pages ----------------------------------------------------------------------------------


def test_the_lesson_page_links_to_its_quiz_and_shows_the_best_score(client, quiz, student):
    client.force_login(student)
    finish(client, start(client, quiz))
    html = client.get(quiz.lesson.get_absolute_url()).content.decode()
    assert f'href="{quiz.get_absolute_url()}"' in html
    assert "Your best score: 100%" in html


def test_a_lesson_with_nothing_checkable_points_to_its_module_test(client, db, student):
    empty = QuizFactory(lesson__slug="opinions")
    QuizFactory(lesson=None, module=empty.module)
    client.force_login(student)
    html = client.get(empty.get_absolute_url()).content.decode()
    assert "nothing checkable" in html
    assert reverse("quizzes:module_test", args=[empty.module.slug]) in html


def test_the_module_test_draws_from_its_lessons(client, quiz, student):
    test = QuizFactory(lesson=None, module=quiz.module)
    client.force_login(student)
    attempt = start(client, test)
    assert sorted(attempt.question_ids) == sorted(quiz.questions.values_list("pk", flat=True))


@pytest.mark.parametrize("learners", [0, 15])
def test_question_page_query_count_is_constant(
    client, quiz, student, learners, django_assert_num_queries
):
    for user in UserFactory.create_batch(learners):
        client.force_login(user)
        start(client, quiz)
    client.force_login(student)
    attempt = start(client, quiz)
    # The first view: user, attempt (+quiz, module, lesson), answered ids, question, role
    # (nav); the question's page is rendered for everyone asked it: the soonest scheduled
    # lesson or module (how long it may be kept). Once per content version in each process:
    # the quizzes learners see, and the soonest scheduled again (how long that holds).
    with django_assert_num_queries(8):
        client.get(attempt.get_absolute_url())
    # Nothing changed since: the user alone (the session is in the cache)
    with django_assert_num_queries(1):
        response = client.get(attempt.get_absolute_url())
    assert f"Question 1 of {len(attempt.question_ids)}" in response.content.decode()


@pytest.mark.parametrize("answered", [1, 3])
def test_feedback_page_query_count_is_constant(
    client, quiz, student, answered, django_assert_num_queries
):
    client.force_login(student)
    attempt = start(client, quiz)
    for qid in attempt.question_ids[:answered]:
        client.post(answer_url(attempt, qid), {"choice": "12 June 1999"})
    # user, role (nav), attempt (+quiz, module, lesson), response (+question and
    # its provenance), responses counted
    with django_assert_num_queries(5):
        html = client.get(feedback_url(attempt, attempt.question_ids[0])).content.decode()
    assert "Right" in html


@pytest.mark.parametrize("questions", [3, 12])
def test_results_page_query_count_is_constant(
    client, quiz, student, questions, django_assert_num_queries
):
    QuestionFactory.create_batch(questions - 3, quiz=quiz)
    quiz.size = questions
    quiz.save()
    client.force_login(student)
    attempt = start(client, quiz)
    finish(client, attempt)
    # user, role (nav), attempt (+quiz, module, lesson), responses with questions;
    # "up next": lessons, quizzes, scores, lesson progress, facts due
    with django_assert_num_queries(9):
        html = client.get(reverse("quizzes:results", args=[attempt.pk])).content.decode()
    assert html.count("review-right") == questions


@pytest.mark.parametrize("extra_quizzes", [0, 8])
def test_quiz_index_query_count_is_constant(
    client, quiz, student, extra_quizzes, django_assert_num_queries
):
    QuizFactory.create_batch(extra_quizzes)
    client.force_login(student)
    finish(client, start(client, quiz))
    # user, role (nav), quizzes (+module, lesson), best scores
    with django_assert_num_queries(4):
        html = client.get(reverse("quizzes:index")).content.decode()
    assert "best 100%" in html


def test_a_race_between_two_tabs_still_records_one_response(quiz, student, monkeypatch):
    from django.db.models import QuerySet

    from quizzes.services import AlreadyAnswered, answer_question, start_attempt

    attempt = start_attempt(user=student, quiz=quiz)
    qid = attempt.question_ids[0]
    answer_question(attempt=attempt, question_id=qid, submitted={"choice": ["12 June 1999"]})
    # The second tab passed the "already answered?" check before the first one saved.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(AlreadyAnswered):
        answer_question(attempt=attempt, question_id=qid, submitted={"choice": ["24 March 1999"]})
    monkeypatch.undo()
    assert Response.objects.get(attempt=attempt, question_id=qid).correct


def test_an_answer_costs_a_fixed_number_of_queries(
    client, quiz, student, django_assert_num_queries
):
    for question in quiz.questions.all():  # each asks a fact: answering writes its card
        question.fact = FactFactory()
        question.save()
    client.force_login(student)
    attempt = start(client, quiz)
    first, second, last = attempt.question_ids
    client.post(answer_url(attempt, first), {"choice": "12 June 1999"})  # the visible quizzes
    # user, then one transaction (a savepoint here: tests run in one): the attempt locked with
    # its answers counted and the fact's card read, the response, the card written (the
    # question's answer key is kept per content version)
    with django_assert_num_queries(7):
        response = client.post(answer_url(attempt, second), {"choice": "12 June 1999"})
    assert response.status_code == 302
    # The last answer also finishes the attempt.
    with django_assert_num_queries(8):
        client.post(answer_url(attempt, last), {"choice": "12 June 1999"})
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.score == 1.0
