"""Questions worth asking, measured on the ingested seeds course (issue 9, point 4).

Each test reads what `manage.py ingest` stored and what a learner would see: the active
questions, each quiz's pool (what an attempt draws from) and the quiz page's heading.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from lessons.facts.schema import parse_value
from lessons.facts.values import AcronymValue, EntityValue
from lessons.models import Claim, Lesson, Verdict
from lessons.text.normalise import fold_loose
from quizzes.kinds import QuestionKind
from quizzes.models import Question, Quiz
from quizzes.services import start_attempt

BLANK = "_____"
ABBREVIATIONS = "Match each abbreviation with what it stands for."


def active() -> list[Question]:
    return list(Question.objects.active().select_related("fact", "quiz__lesson", "quiz__module"))


def acronyms_of(question: Question) -> set[str]:
    """The acronyms whose expansion the question asks about."""
    if question.kind == QuestionKind.MATCHING and question.prompt == ABBREVIATIONS:
        return set(question.prompt_items)
    value = parse_value(question.fact.value, where="test") if question.fact else None
    return {value.acronym} if isinstance(value, AcronymValue) else set()


def holds(text: str, part: str) -> bool:
    needle = fold_loose(part)
    return bool(needle) and f" {needle} " in f" {fold_loose(text)} "


def answers(question: Question) -> list[str]:
    """The right answer in the spellings the key gives, and the fact's other names for it."""
    key = question.answer
    match question.kind:
        case QuestionKind.MULTIPLE_CHOICE | QuestionKind.SPOT_ERROR:
            texts = [key["correct"], *key.get("accepted", [])]
        case QuestionKind.CLOZE:
            texts = list(key["accepted"])
        case QuestionKind.NUMERIC:
            texts = [key["display"], f"{key['value']:,}".replace(",", "")]
        case _:
            return []
    value = parse_value(question.fact.value, where="test") if question.fact else None
    if isinstance(value, EntityValue) and {fold_loose(t) for t in texts} & {
        fold_loose(n) for n in value.names
    }:
        texts += list(value.names)
    return texts


def headings(quiz: Quiz) -> list[str]:
    """What the quiz pages show above a question: the quiz title (and a lesson question is also
    in its module test, under the module's title)."""
    titles = [quiz.title]
    if quiz.lesson is not None:
        titles.append(quiz.module.title)
    return titles


# --------------------------------------------------------------------------- the numbers


def test_there_are_at_least_200_active_questions_on_at_least_80_facts(course):
    questions = active()
    facts = {q.fact_id for q in questions}
    assert len(questions) >= 200, len(questions)
    assert len(facts) >= 80, len(facts)


def test_every_lesson_quiz_has_four_questions_on_three_facts(course):
    thin = []
    for quiz in Quiz.objects.exclude(lesson=None).select_related("lesson"):
        pool = list(quiz.pool())
        facts = {q.fact_id for q in pool}
        if len(pool) < 4 or len(facts) < 3:
            thin.append((quiz.title, len(pool), len(facts)))
    assert not thin, thin


def test_acronym_items_are_at_most_15_percent_and_one_per_acronym_per_pool(course):
    questions = active()
    acronym_items = [q for q in questions if acronyms_of(q)]
    assert len(acronym_items) <= 0.15 * len(questions), (len(acronym_items), len(questions))
    for quiz in Quiz.objects.all():
        asked = Counter(a for q in quiz.pool().select_related("fact") for a in acronyms_of(q))
        assert max(asked.values(), default=1) == 1, (quiz.title, asked)


def test_no_prompt_is_repeated_in_any_pool(course):
    for quiz in Quiz.objects.all():
        prompts = Counter(fold_loose(q.prompt) for q in quiz.pool())
        assert max(prompts.values(), default=1) == 1, (quiz.title, prompts.most_common(2))


def test_no_attempt_asks_a_fact_twice(course, student):
    """Not even inside a matching or ordering question: it asks about each of its facts."""
    multi = 0
    for quiz in Quiz.objects.all():
        quiz.size = 50  # draw as much as the pool allows
        attempt = start_attempt(user=student, quiz=quiz)
        asked = [q.fact_ids for q in Question.objects.filter(pk__in=attempt.question_ids)]
        facts = [fact for ids in asked for fact in ids]
        assert len(facts) == len(set(facts)), quiz.title
        assert len(asked) >= min(4, len({q.fact_id for q in quiz.pool()})), quiz.title
        multi += sum(len(ids) > 1 for ids in asked)
    assert multi >= 1  # some attempt does hold a question on several facts


# --------------------------------------------------------------------------- leaks


def test_the_answer_is_not_in_the_quiz_heading(course):
    leaks = []
    for question in active():
        for heading in headings(question.quiz):
            if any(holds(heading, a) for a in answers(question)):
                leaks.append((heading, question.prompt, answers(question)[0]))
    assert not leaks, leaks


def test_the_answer_is_not_in_the_prompt_outside_its_blank(course):
    leaks = []
    for question in active():
        if question.kind == QuestionKind.SPOT_ERROR:
            continue  # the wrong part is in the sentence by design
        prompt = question.prompt.replace(BLANK, " ")
        if any(holds(prompt, a) for a in answers(question)):
            leaks.append((question.prompt, answers(question)[0]))
    assert not leaks, leaks


def test_no_other_option_holds_the_answer(course):
    leaks = []
    for question in active():
        right = {fold_loose(a) for a in answers(question)}
        for option in question.options:
            if fold_loose(option) not in right and any(holds(option, a) for a in right):
                leaks.append((question.prompt, option))
    assert not leaks, leaks


# --------------------------------------------------------------------------- doubtful sentences


def _windows(sentence: str, size: int = 7) -> set[str]:
    words = fold_loose(sentence).split()
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}


def test_no_stem_quotes_a_sentence_holding_a_claim_that_is_not_supported(course):
    """Every kind, matching and ordering items included; a spot-the-error item or a false
    statement quotes its own refuted sentence, which must hold nothing else doubtful."""
    claims = list(Claim.objects.all())
    doubtful: dict[str, set[int]] = {}
    for claim in claims:
        if claim.verdict != Verdict.SUPPORTED:
            doubtful.setdefault(claim.sentence, set()).add(claim.pk)
    quoted = []
    for question in active():
        text = " ".join([question.prompt, *question.prompt_items, *question.options])
        folded = f" {fold_loose(text)} "
        for sentence, holders in doubtful.items():
            asked_on = question.claim
            own = (
                asked_on is not None
                and asked_on.pk in holders
                and asked_on.verdict == Verdict.REFUTED
            )
            if own and len(holders) == 1:
                continue  # its own refuted claim, and nothing else doubtful in the sentence
            if any(f" {w} " in folded for w in _windows(sentence)):
                quoted.append((question.prompt, sentence))
    assert not quoted, quoted


def test_the_checks_above_can_fail():
    """The helpers catch what they must (a test that cannot fail is no test)."""
    assert holds("NATO Deployed the Kosovo Force (KFOR) in June 1999", "june 1999")
    assert holds("Which body leads the Kosovo Force?", "Kosovo Force")
    assert not holds("Which body leads KFOR?", "Kosovo Force")
    assert (
        " the kosovo force kfor was established "
        in f" {fold_loose('So, the Kosovo Force (KFOR) was established in June 1999 by NATO.')} "
    )


# --------------------------------------------------------------------------- kinds worth asking


def test_concept_questions_from_relation_and_boolean_facts_are_asked(course):
    kinds: Counter[str] = Counter()
    for question in active():
        if question.fact is None or question.claim_id is not None:
            continue
        kinds[question.fact.value["type"]] += 1
    assert kinds["entity"] >= 10, kinds
    assert kinds["boolean"] >= 1, kinds


def test_answering_true_to_everything_never_passes_a_lesson_quiz(course):
    """At most half of a pool of eight is a "True" to tick, and never the whole pool: a learner
    cannot pass by always answering it."""
    for quiz in Quiz.objects.exclude(lesson=None):
        pool = list(quiz.pool())
        trues = [q for q in pool if q.kind == QuestionKind.TRUE_FALSE and q.answer["correct"]]
        assert len(trues) <= 4, (quiz.title, len(trues))
        assert len(trues) < len(pool), (quiz.title, len(trues), len(pool))


def test_false_statements_are_asked(course):
    tf = [q for q in active() if q.kind == QuestionKind.TRUE_FALSE]
    assert sum(q.answer == {"correct": False} for q in tf) >= 20


@pytest.mark.parametrize("kind", [QuestionKind.MULTIPLE_CHOICE, QuestionKind.SPOT_ERROR])
def test_a_choice_always_offers_two_options_or_more(course, kind):
    for question in Question.objects.filter(kind=kind):
        assert len(set(question.options)) >= 2, question.prompt
        assert question.answer["correct"] in question.options, question.prompt


def test_a_key_fact_question_links_to_the_key_facts_panel(course):
    about_facts = [q for q in active() if q.claim_id is None and q.kind != "matching"]
    assert about_facts
    for question in about_facts:
        if question.kind == QuestionKind.ORDERING:
            continue
        assert re.fullmatch(r"kf-[a-z0-9-]+", question.anchor), question.key
        assert question.fact is not None
        assert question.anchor == f"kf-{question.fact.key}", question.key
        assert question.sentence_url().endswith(f"#{question.anchor}")


def test_every_lesson_has_a_quiz(course):
    empty = [
        lesson.title
        for lesson in Lesson.objects.all()
        if not Question.objects.active().filter(quiz__lesson=lesson).exists()
    ]
    assert not empty, empty
