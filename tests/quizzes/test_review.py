"""Every answer moves the learner's card for its fact, in the answer's own transaction; review
sessions ask about due facts (or mistakes) with the quiz's feedback; /review/ over HTTP."""

import random
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.mastery import Mastery
from quizzes.models import Attempt, AttemptKind, Question, Response, ReviewCard
from quizzes.reviews import due_question_ids, mistakes, start_review, update_card, when
from quizzes.services import AlreadyAnswered, answer_question, start_attempt
from tests.factories import FactFactory, QuestionFactory, QuizFactory

from .reviewing import T0, quiz_on_facts, right, take, wrong


@pytest.fixture
def quiz(db):
    return quiz_on_facts(3, lesson__title="KFOR arrives")[0]


@pytest.fixture
def session(client, student, quiz) -> Attempt:
    """sara took the quiz three days ago; her review of its facts is open, and she is in."""
    take(student, quiz, at=timezone.now() - timedelta(days=3))
    client.force_login(student)
    return start_review(user=student, kind=AttemptKind.REVIEW)


def answer_url(session: Attempt) -> str:
    return reverse("review:answer", args=[session.pk, session.question_ids[0]])


def card(user, question: Question) -> ReviewCard:
    return ReviewCard.objects.get(user=user, fact=question.fact)


def first_question(attempt: Attempt) -> Question:
    return Question.objects.get(pk=attempt.question_ids[0])


# --- answers update cards --------------------------------------------------------------------


def test_a_right_answer_makes_the_fact_familiar_and_due_after_the_first_step(student, quiz):
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)
    answer_question(attempt=attempt, question_id=question.pk, submitted=right(question), at=T0)
    answered = card(student, question)
    assert answered.level == Mastery.FAMILIAR
    assert answered.due == T0 + timedelta(minutes=10)
    assert answered.reviews == 1
    assert ReviewCard.objects.count() == 1  # one fact answered, one card


def test_two_questions_on_one_fact_move_one_card(student, quiz):
    take(student, quiz, at=T0)
    cards = ReviewCard.objects.for_learner(student)
    assert cards.count() == 3
    for answered in cards:  # right twice, seconds apart: out of learning, not yet spaced
        assert answered.reviews == 2
        assert answered.level == Mastery.FAMILIAR
        assert answered.due - answered.last_review == timedelta(days=2)


def test_a_question_without_a_fact_gets_its_answer_and_no_card(student):
    question = QuestionFactory()
    attempt = start_attempt(user=student, quiz=question.quiz)
    answer_question(attempt=attempt, question_id=question.pk, submitted=right(question))
    assert Response.objects.count() == 1
    assert not ReviewCard.objects.exists()


def test_a_matching_question_moves_the_card_of_its_own_fact_only(student):
    lead, other = FactFactory(), FactFactory()
    question = QuestionFactory(
        kind="matching",
        fact=lead,
        prompt_items=["KFOR entered Kosovo", "The air campaign began"],
        options=["12 June 1999", "24 March 1999"],
        answer={
            "items": ["KFOR entered Kosovo", "The air campaign began"],
            "pairs": {
                "KFOR entered Kosovo": "12 June 1999",
                "The air campaign began": "24 March 1999",
            },
        },
    )
    attempt = start_attempt(user=student, quiz=question.quiz, at=T0)
    answer_question(attempt=attempt, question_id=question.pk, submitted=right(question), at=T0)
    assert list(ReviewCard.objects.values_list("fact", flat=True)) == [lead.pk]
    assert not ReviewCard.objects.filter(fact=other).exists()


def test_a_crash_before_the_card_is_written_loses_the_answer_too(student, quiz, monkeypatch):
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)

    def crash(*args, **kwargs):
        raise RuntimeError("the server died")

    monkeypatch.setattr(services, "_answer_card", crash)
    with pytest.raises(RuntimeError):
        answer_question(attempt=attempt, question_id=question.pk, submitted=right(question))
    assert not Response.objects.exists()  # nothing half-done: the learner answers again
    monkeypatch.undo()
    answer_question(attempt=attempt, question_id=question.pk, submitted=right(question), at=T0)
    assert Response.objects.count() == 1
    assert card(student, question).reviews == 1


def test_a_crash_while_finishing_keeps_neither_the_answer_nor_the_card(student, monkeypatch):
    quiz, _facts = quiz_on_facts(1)
    quiz.size = 1
    quiz.save()
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)

    def crash(self, *args, **kwargs):
        raise RuntimeError("the server died")

    monkeypatch.setattr(Attempt, "finish", crash)
    with pytest.raises(RuntimeError):
        answer_question(attempt=attempt, question_id=question.pk, submitted=right(question))
    assert not Response.objects.exists()
    assert not ReviewCard.objects.exists()
    assert not Attempt.objects.get(pk=attempt.pk).is_finished


def test_a_card_another_tab_made_meanwhile_is_answered_not_replaced(student, quiz, monkeypatch):
    """Two answers on one fact at once (two tabs, PostgreSQL): the second finds no card, the
    first then writes it; the second's insert fails and it answers the card that is there."""
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)
    ReviewCard.fresh(user_id=student.pk, fact_id=question.fact_id, at=T0).save()
    first = QuerySet.first

    def first_misses_the_card(queryset):
        return None if queryset.model is ReviewCard else first(queryset)

    monkeypatch.setattr(QuerySet, "first", first_misses_the_card)
    with transaction.atomic():
        update_card(user_id=student.pk, fact_id=question.fact_id, correct=True, at=T0)
    monkeypatch.undo()
    assert ReviewCard.objects.count() == 1
    assert card(student, question).reviews == 1


@pytest.mark.parametrize("answered_before", [0, 1])
def test_a_card_another_tab_answered_meanwhile_is_answered_again_not_overwritten(
    student, quiz, monkeypatch, answered_before
):
    """The attempt's lock reads the card without locking it. When another tab's answer on the
    same fact writes the card first (making it, or answering it), this answer's write finds it
    changed and answers the card as it is then: every answer counts once."""
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)
    for _ in range(answered_before):
        with transaction.atomic():
            update_card(user_id=student.pk, fact_id=question.fact_id, correct=True, at=T0)
    lock = services.LockedAttempt.lock

    def lock_while_the_other_tab_answers(pk, *, fact_id):
        locked = lock(pk, fact_id=fact_id)
        update_card(user_id=student.pk, fact_id=fact_id, correct=True, at=T0)
        return locked

    monkeypatch.setattr(services.LockedAttempt, "lock", lock_while_the_other_tab_answers)
    answer_question(attempt=attempt, question_id=question.pk, submitted=right(question), at=T0)
    assert ReviewCard.objects.count() == 1
    assert card(student, question).reviews == answered_before + 2


def test_a_double_submit_records_one_answer_and_one_card_update(student, quiz):
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)
    answer_question(attempt=attempt, question_id=question.pk, submitted=right(question), at=T0)
    with pytest.raises(AlreadyAnswered):
        answer_question(attempt=attempt, question_id=question.pk, submitted=wrong(question))
    assert Response.objects.count() == 1
    assert card(student, question).reviews == 1


def test_a_second_tab_that_wins_the_race_leaves_one_answer_and_one_update(
    student, quiz, monkeypatch
):
    """The other tab records its answer after this one read the question but before it locks
    the attempt: this one's insert then fails, and its card update goes with it."""
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    question = first_question(attempt)
    key_of = services.AnswerKey.of

    def key_while_the_other_tab_answers(question_id):
        monkeypatch.setattr(services.AnswerKey, "of", key_of)
        answer_question(attempt=attempt, question_id=question.pk, submitted=right(question))
        return key_of(question_id)

    monkeypatch.setattr(services.AnswerKey, "of", key_while_the_other_tab_answers)
    with pytest.raises(AlreadyAnswered):
        answer_question(attempt=attempt, question_id=question.pk, submitted=wrong(question))
    assert Response.objects.get().correct
    assert card(student, question).reviews == 1


# --- review sessions -------------------------------------------------------------------------


def test_a_review_asks_one_question_per_due_fact_in_varied_kinds(student, quiz):
    take(student, quiz, at=T0)
    ids = due_question_ids(user=student, now=T0 + timedelta(days=3), rng=random.Random(3))
    questions = Question.objects.in_bulk(ids)
    assert len(ids) == 3
    assert len({questions[pk].fact_id for pk in ids}) == 3
    assert {questions[pk].kind for pk in ids} == {"multiple_choice", "true_false"}


def test_a_review_asks_only_due_facts_through_live_questions(student, quiz):
    first, second, third = (f.pk for f in FactFactory._meta.model.objects.order_by("pk"))
    take(student, quiz, at=T0)
    ReviewCard.objects.filter(fact=first).update(due=T0 + timedelta(days=5))
    Question.objects.filter(fact=second, kind="true_false").update(active=False)
    unpublished = QuizFactory(lesson__published=False)
    Question.objects.filter(fact=third).update(quiz=unpublished)
    ids = due_question_ids(user=student, now=T0 + timedelta(days=3), rng=random.Random(0))
    assert list(Question.objects.filter(pk__in=ids).values_list("fact", "kind")) == [
        (second, "multiple_choice")
    ]


def test_nothing_due_starts_nothing(student, quiz):
    take(student, quiz, at=T0)
    assert start_review(user=student, kind=AttemptKind.REVIEW, now=T0 + timedelta(days=1)) is None
    session = start_review(user=student, kind=AttemptKind.REVIEW, now=T0 + timedelta(days=3))
    assert session.quiz is None
    assert session.started_at == T0 + timedelta(days=3)
    assert len(session.question_ids) == 3


def test_mistakes_are_the_questions_last_answered_wrong(student, quiz):
    take(student, quiz, at=T0, is_right=lambda q: False)
    take(student, quiz, at=T0 + timedelta(days=1), is_right=lambda q: q.kind == "true_false")
    assert set(mistakes(student).values_list("kind", flat=True)) == {"multiple_choice"}
    assert mistakes(student).count() == 3
    Question.objects.filter(
        kind="multiple_choice", fact__isnull=False
    ).first().retire_if_generated()
    assert mistakes(student).count() == 2
    session = start_review(user=student, kind=AttemptKind.MISTAKES, now=T0 + timedelta(days=2))
    assert set(session.question_ids) == set(mistakes(student).values_list("pk", flat=True))


def test_review_sessions_never_count_as_quiz_scores(student, quiz):
    take(student, quiz, at=T0, is_right=lambda q: False)
    session = start_review(user=student, kind=AttemptKind.REVIEW, now=T0 + timedelta(hours=1))
    for pk in session.question_ids:
        question = Question.objects.get(pk=pk)
        answer_question(attempt=session, question_id=pk, submitted=right(question))
    session.refresh_from_db()
    assert session.is_finished
    assert session.score == 1.0
    assert Attempt.objects.for_learner(student).best_scores() == {quiz.pk: 0.0}
    assert list(Attempt.objects.reviews()) == [session]


def test_a_review_session_is_not_reachable_through_the_quiz_flow(client, student, quiz):
    take(student, quiz, at=T0, is_right=lambda q: False)
    session = start_review(user=student, kind=AttemptKind.REVIEW, now=T0 + timedelta(hours=1))
    client.force_login(student)
    for name in ("quizzes:attempt", "quizzes:results"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Check answer" in page  # it lives at its own URL


@pytest.mark.parametrize(
    ("later", "said"),
    [
        (timedelta(seconds=-5), "now"),
        (timedelta(seconds=20), "in 1 minute"),
        (timedelta(minutes=10), "in 10 minutes"),
        (timedelta(hours=3), "in 3 hours"),
        (timedelta(days=1), "tomorrow (Tuesday 3 March)"),
        (timedelta(days=4), "on Friday 6 March"),
        (timedelta(days=320), "on Saturday 16 January 2027"),
    ],
)
def test_when_says_a_review_date_as_a_person_would(later, said):
    assert when(T0 + later, T0) == said


# --- /review/ over HTTP ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "review:index", []),
        ("post", "review:start", []),
        ("get", "review:session", [1]),
        ("post", "review:answer", [1, 1]),
        ("get", "review:results", [1]),
    ],
)
def test_visitors_are_sent_to_log_in(client, db, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_says_how_many_facts_are_due_and_how_many_mistakes(client, student, quiz):
    take(student, quiz, at=timezone.now() - timedelta(days=1), is_right=lambda q: q.pk % 2 == 0)
    client.force_login(student)
    html = client.get(reverse("review:index")).content.decode()
    assert "3 facts due now." in html
    assert 'value="review"' in html
    assert "3 questions you answered wrong and have not got right since." in html


def test_when_nothing_is_due_the_page_says_when_the_next_review_is(client, student, quiz):
    now = timezone.now()
    take(student, quiz, at=now - timedelta(minutes=20))
    ReviewCard.objects.update(due=now + timedelta(days=1, hours=1))
    client.force_login(student)
    html = client.get(reverse("review:index")).content.decode()
    assert "Nothing is due now. Your next review is" in html
    assert when(now + timedelta(days=1, hours=1), now) in html  # tomorrow (weekday date)
    assert 'value="review"' not in html
    assert "No mistakes to practise" in html


def test_a_new_learner_is_sent_to_the_quizzes(client, student, quiz):
    client.force_login(student)
    html = client.get(reverse("review:index")).content.decode()
    assert "Nothing to review yet" in html
    assert reverse("quizzes:index") in html


def test_a_review_session_from_start_to_results(client, student, quiz):
    take(student, quiz, at=timezone.now() - timedelta(days=3))
    client.force_login(student)
    start = client.post(reverse("review:start"), {"kind": "review"})
    session = Attempt.objects.reviews().get()
    assert start["Location"] == reverse("review:session", args=[session.pk])
    html = client.get(start["Location"]).content.decode()
    question = Question.objects.get(pk=session.question_ids[0])
    assert question.prompt in html
    assert "Question 1 of 3" in html
    assert question.explanation not in html
    answer_url = reverse("review:answer", args=[session.pk, question.pk])
    posted = client.post(answer_url, right(question))
    assert posted["Location"] == answer_url  # post, redirect, get: a reload posts nothing
    html = client.get(answer_url).content.decode()
    assert "Right" in html
    assert question.explanation in html
    assert re.search(r"it comes back for review <time [^>]+>on \w+day \d+ \w+</time>", html)
    assert "This fact:</strong> proficient" in html
    for later in Question.objects.filter(pk__in=session.question_ids[1:]):
        client.post(reverse("review:answer", args=[session.pk, later.pk]), wrong(later))
    html = client.get(reverse("review:session", args=[session.pk]), follow=True).content
    assert "1 of 3</strong> right" in html.decode()
    assert "not quiz scores" in html.decode()
    assert html.decode().count("review review-wrong") == 2


def test_an_htmx_answer_returns_the_feedback_card_only(client, session):
    question = first_question(session)
    htmx = {"HX-Request": "true"}
    html = client.post(answer_url(session), wrong(question), headers=htmx).content.decode()
    assert html.lstrip().startswith('<section id="question-card"')
    assert "Not quite" in html
    assert "in 10 minutes" in html  # relearning, as FSRS schedules it
    assert "<h1>" not in html


def test_a_rejected_answer_says_why(client, session):
    question = first_question(session)
    client.post(answer_url(session), right(question))
    again = client.post(answer_url(session), right(question))
    assert again.status_code == 409
    assert "You already answered this question." in again.content.decode()
    assert Response.objects.filter(attempt=session).count() == 1


def test_an_answer_that_cannot_be_graded_comes_back_with_the_question(client, session):
    question = first_question(session)
    url = answer_url(session)
    page = client.post(url, {})
    assert page.status_code == 400
    html = page.content.decode()
    assert question.prompt in html
    assert 'class="answer-error-message"' in html
    swapped = client.post(url, {}, headers={"HX-Request": "true"})
    assert swapped.status_code == 400
    assert swapped["HX-Retarget"] == "#answer-error"
    assert swapped.content.decode().lstrip().startswith('<p class="answer-error-message">')
    assert not Response.objects.filter(attempt=session).exists()


def test_the_feedback_of_a_question_not_yet_answered_is_the_question(client, session):
    assert client.get(answer_url(session))["Location"] == reverse(
        "review:session", args=[session.pk]
    )
    other = Question.objects.exclude(pk__in=session.question_ids).first()
    assert client.get(reverse("review:answer", args=[session.pk, other.pk])).status_code == 404


def test_an_unknown_session_kind_is_refused(client, student):
    client.force_login(student)
    assert client.post(reverse("review:start"), {"kind": "quiz"}).status_code == 400
    assert not Attempt.objects.exists()


def test_another_learner_never_sees_a_review_or_its_counts(client, student, other_student, quiz):
    take(student, quiz, at=timezone.now() - timedelta(days=3), is_right=lambda q: False)
    session = start_review(user=student, kind=AttemptKind.REVIEW)
    question_id = session.question_ids[0]
    client.force_login(other_student)
    for url in (
        reverse("review:session", args=[session.pk]),
        reverse("review:results", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404
    answer = client.post(reverse("review:answer", args=[session.pk, question_id]), {})
    assert answer.status_code == 404
    html = client.get(reverse("review:index")).content.decode()
    assert "Nothing to review yet" in html
    assert "No mistakes to practise" in html
    assert "Continue" not in html
    assert not Response.objects.filter(attempt=session).exists()


def test_a_quiz_attempt_is_not_a_review_session(client, student, quiz):
    attempt = take(student, quiz, at=T0)
    client.force_login(student)
    assert client.get(reverse("review:session", args=[attempt.pk])).status_code == 404


@pytest.mark.parametrize("attempts", [1, 200])
def test_the_review_page_costs_the_same_queries_whatever_the_history(
    client, student, quiz, attempts, django_assert_num_queries
):
    take(student, quiz, at=timezone.now() - timedelta(days=3), is_right=lambda q: False)
    bulk = [Attempt(user=student, quiz=quiz, question_ids=[]) for _ in range(attempts - 1)]
    Attempt.objects.bulk_create(bulk)
    start_review(user=student, kind=AttemptKind.MISTAKES)
    client.force_login(student)
    # user, role (nav), cards outlook, mistakes count, open session
    with django_assert_num_queries(5):
        html = client.get(reverse("review:index")).content.decode()
    assert "3 facts due now." in html
    assert "Continue: Practise my mistakes" in html


def test_an_answer_key_edited_in_the_admin_grades_the_next_answer(
    student, quiz, admin_client, change_form, django_capture_on_commit_callbacks
):
    """The key an answer is graded against is kept per content version: an edit in the
    admin moves the version on, so the next answer is graded against the new key."""
    question = quiz.questions.filter(kind="multiple_choice").first()
    before = right(question)

    def answered(submitted):
        attempt = Attempt.objects.create(user=student, quiz=quiz, question_ids=[question.pk])
        response, _grade = answer_question(
            attempt=attempt, question_id=question.pk, submitted=submitted
        )
        return response.correct

    assert answered(before)  # the key is kept now
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    other = next(option for option in question.options if option != question.answer["correct"])
    data = {name: "" if value is None else value for name, value in change_form(url).items()}
    data["right_choice"] = other
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.answer == {"correct": other}
    assert answered(right(question))
    assert not answered(before)


def test_answering_an_attempt_at_hand_costs_a_fixed_number_of_queries(
    student, quiz, django_assert_num_queries
):
    """``answer_question`` (review sessions, the demo data): the attempt locked and the card
    read in one statement, the response, the card; nothing read back for an open attempt."""
    attempt = start_attempt(user=student, quiz=quiz, at=T0)
    first, second = (Question.objects.get(pk=pk) for pk in attempt.question_ids[:2])
    answer_question(attempt=attempt, question_id=first.pk, submitted=right(first), at=T0)
    # The question's answer key (its first answer in this content version), a savepoint and its
    # release (tests run in a transaction), the lock, the response, the card.
    with django_assert_num_queries(6):
        answer_question(attempt=attempt, question_id=second.pk, submitted=right(second), at=T0)
    assert not attempt.is_finished
