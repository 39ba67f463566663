"""Question generation over the real course, as `manage.py ingest` runs it."""

from collections import Counter

from lessons.models import Claim, Lesson, Verdict
from quizzes.kinds import QuestionKind
from quizzes.models import Attempt, Question, Quiz, Response
from quizzes.services import generate_questions


def test_every_lesson_with_two_supported_claims_has_a_real_quiz(course):
    checked = 0
    for lesson in Lesson.objects.all():
        supported = Claim.objects.supported().filter(lesson=lesson)
        if supported.count() < 2:
            continue
        questions = Question.objects.active().filter(quiz__lesson=lesson)
        assert questions.count() >= 4, lesson.title
        assert len({q.fact_id for q in questions}) >= 3, lesson.title
        asked = set(questions.values_list("fact_id", flat=True))
        assert asked & set(supported.values_list("fact_id", flat=True)), lesson.title
        checked += 1
    assert checked >= 5


def test_every_module_test_has_at_least_ten_questions(course):
    for test in Quiz.objects.filter(lesson=None):
        assert test.pool().count() >= 10, test.title


def test_all_seven_kinds_appear_across_the_course(course):
    """Spot the error needs a confirmed refutation in a sentence whose other claims are all
    supported (an unverified one is never quoted)."""
    kinds = set(Question.objects.active().values_list("kind", flat=True))
    spottable = [
        claim
        for claim in Claim.objects.refuted().filter(reviewed=True)
        if all(
            other.verdict == Verdict.SUPPORTED
            for other in Claim.objects.filter(lesson=claim.lesson, anchor=claim.anchor)
            if other.pk != claim.pk
        )
    ]
    expected = set(QuestionKind) - (set() if spottable else {QuestionKind.SPOT_ERROR})
    assert kinds == expected
    assert len(expected) >= 6


def test_no_question_rests_on_an_unverified_claim(course):
    for question in Question.objects.active().select_related("claim"):
        if question.claim is not None:
            assert question.claim.verdict in (Verdict.SUPPORTED, Verdict.REFUTED), question.prompt
        assert question.fact_id is not None, question.prompt


def test_refuted_claims_are_never_keyed_true(course):
    questions = Question.objects.filter(claim__in=Claim.objects.refuted())
    assert questions.exists()
    for question in questions:
        assert question.kind in ("true_false", "spot_error"), question.prompt
        if question.kind == "true_false":
            assert question.answer == {"correct": False}
        else:  # the part to find is the article's wrong text; the explanation corrects it
            assert question.answer["correct"] == question.claim.text
            assert question.claim.correct_value in question.explanation


def test_questions_on_a_refutation_wait_until_an_admin_confirms_it(course, admin):
    claim = Claim.objects.refuted().first()
    Claim.objects.filter(pk=claim.pk).update(reviewed=False)
    generate_questions()
    questions = Question.objects.filter(claim=claim)
    assert questions.exists()
    assert not questions.filter(active=True).exists()
    claim.refresh_from_db()
    claim.confirm(by=admin)
    claim.save()
    generate_questions()
    assert set(questions.values_list("active", flat=True)) == {True}


def test_an_override_to_refuted_counts_as_confirmed(course, admin):
    claim = Claim.objects.refuted().first()
    Claim.objects.filter(pk=claim.pk).update(reviewed=False)
    generate_questions()
    claim.refresh_from_db()
    claim.override(Verdict.REFUTED, by=admin, note="The UN authorised ISAF in December 2001.")
    claim.save()
    generate_questions()
    assert Question.objects.filter(claim=claim, active=True).exists()


def test_cloze_never_quotes_a_sentence_with_an_unverified_or_refuted_claim(course):
    doubtful = set(
        Claim.objects.exclude(pk__in=Claim.objects.supported()).values_list("sentence", flat=True)
    )
    for question in Question.objects.active().filter(kind="cloze"):
        quoted = question.prompt.split("“", 1)[1]
        assert not any(s.split(" ")[:6] == quoted.split(" ")[:6] for s in doubtful), question.prompt


def test_no_quiz_asks_the_same_question_twice(course):
    for quiz in Quiz.objects.all():
        prompts = Counter(q.prompt for q in quiz.questions.active())
        assert max(prompts.values(), default=1) == 1, quiz.title


def test_regenerating_keeps_unchanged_questions_and_their_ids(course):
    before = dict(Question.objects.values_list("key", "pk"))
    counts = generate_questions()
    assert set(counts) == {"questions unchanged"}
    assert dict(Question.objects.values_list("key", "pk")) == before


def test_an_override_to_not_enough_info_removes_its_questions_but_keeps_them(course, admin):
    claim = Claim.objects.supported().filter(questions__active=True).first()
    questions = list(claim.questions.values_list("pk", flat=True))
    claim.override(Verdict.NOT_ENOUGH_INFO, by=admin, note="The page says otherwise.")
    claim.save()
    generate_questions()
    assert not Question.objects.filter(pk__in=questions, active=True).exists()
    assert Question.objects.filter(pk__in=questions).count() == len(questions)


def test_an_answered_question_whose_draft_changed_is_retired_and_replaced(course, student):
    question = Question.objects.active().first()
    generated = question.prompt
    attempt = Attempt.objects.create(user=student, quiz=question.quiz, question_ids=[question.pk])
    Response.objects.create(
        attempt=attempt, question=question, answer={}, correct=False, points=0.0
    )
    Question.objects.filter(pk=question.pk).update(prompt="The wording the learner saw")
    counts = generate_questions()
    assert counts["questions replaced"] == 1
    retired = Question.objects.get(pk=question.pk)
    assert retired.key == f"{question.key}@retired-{question.pk}"
    assert not retired.active
    assert retired.prompt == "The wording the learner saw"  # what the response was about
    fresh = Question.objects.get(key=question.key)
    assert fresh.pk != question.pk
    assert fresh.active
    assert fresh.prompt == generated
    assert fresh.history.count() == 1  # created in bulk, with its history


def test_an_unanswered_question_whose_draft_changed_is_updated_in_place(course):
    question = Question.objects.active().first()
    generated = question.prompt
    Question.objects.filter(pk=question.pk).update(prompt="An older wording")
    counts = generate_questions()
    assert counts["questions updated"] == 1
    question.refresh_from_db()
    assert question.prompt == generated
    assert question.active


def test_an_edited_question_is_kept_as_the_admin_left_it(course):
    question = Question.objects.active().first()
    Question.objects.filter(pk=question.pk).update(prompt="An admin's wording", edited=True)
    counts = generate_questions()
    assert counts["questions kept"] == 1
    question.refresh_from_db()
    assert question.prompt == "An admin's wording"
