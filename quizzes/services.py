"""Workflows: turning verified claims into questions, and running an attempt."""

from __future__ import annotations

import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lessons.facts import factbase as fb
from lessons.facts.schema import parse_value
from lessons.models import Claim, Fact, Lesson, Module, Verdict
from lessons.pagecache import content_changed, content_version, versioned
from lessons.services import factbase_from_db
from lessons.services.keyfacts import key_facts_by_lesson
from quizzes.generation import (
    GENERATOR_VERSION,
    ClaimInput,
    QuestionDraft,
    ordering_questions,
    plan_questions,
)
from quizzes.generation.curate import ABBREVIATION_MATCHING, PoolRules, lesson_candidates
from quizzes.generation.drafts import KeyFactInput
from quizzes.generation.fact_questions import FactQuestions
from quizzes.generation.matching import matching_questions
from quizzes.generation.pools import pools_for

from .grading import Grade, clean_submission, grade
from .kinds import QuestionKind
from .models import Attempt, LockedAttempt, Question, Quiz, Response, ReviewCard
from .reviews import update_card

CONTENT_FIELDS = ("kind", "prompt", "prompt_items", "options", "answer", "explanation", "anchor")
LESSON_MAX_QUESTIONS = 8  # a lesson quiz's pool; an attempt asks one question per fact
LESSON_PER_FACT = 2  # questions on one fact in a lesson quiz (a retake may ask the other)
MODULE_MAX_QUESTIONS = 20  # a module test's own questions, on top of its lessons'
MODULE_VARIANTS = 3  # kinds of question per claim a module test may draw on
ACROSS_FACTS = (QuestionKind.MATCHING, QuestionKind.ORDERING)


def _seed(*parts: object) -> int:
    return zlib.crc32(":".join(str(p) for p in (settings.QUIZ_SEED, *parts)).encode())


def unverified_sentences(claims: Iterable[Claim]) -> set[tuple[int, str]]:
    return {(c.lesson_id, c.anchor) for c in claims if c.verdict == Verdict.NOT_ENOUGH_INFO}


def claim_inputs(claims: Iterable[Claim], facts: dict[str, fb.Fact]) -> list[ClaimInput]:
    """Only claims whose effective verdict is SUPPORTED or REFUTED *and* that have a fact."""
    inputs = []
    for claim in claims:
        if claim.verdict not in (Verdict.SUPPORTED, Verdict.REFUTED) or claim.fact is None:
            continue
        if claim.verdict == Verdict.REFUTED and not claim.correct_value:
            continue
        inputs.append(
            ClaimInput(
                claim_id=claim.pk,
                lesson_id=claim.lesson_id,
                lesson_title=claim.lesson.title,
                anchor=claim.anchor,
                sentence=claim.sentence,
                start=claim.start,
                end=claim.end,
                text=claim.text,
                kind=claim.kind,
                verdict=Verdict(claim.verdict),
                fact=facts[claim.fact.key],
                correct_value=claim.correct_value,
                value=parse_value(claim.value, where=f"claim {claim.pk}") if claim.value else None,
                confirmed=claim.reviewed,
            )
        )
    return inputs


@dataclass(frozen=True)
class _LessonClaims:
    """One lesson's verified claims, as generation takes them."""

    lesson: Lesson
    inputs: list[ClaimInput]
    unverified: set[tuple[int, str]]  # its sentences with a NOT_ENOUGH_INFO claim


@transaction.atomic
def generate_questions(
    *, factbase: fb.FactBase | None = None, stale_only: bool = False
) -> Counter[str]:
    """(Re)generate the questions of every lesson quiz and module test.

    A question whose draft did not change is kept with its statistics; a changed one is
    updated if nobody answered it yet, else retired and replaced; one no longer generated
    is deactivated (never deleted: responses point at it). Deterministic for QUIZ_SEED.
    With ``stale_only`` (nothing changed since the last run) it does nothing unless a lesson
    has no quiz yet or a generated question comes from an older generator.
    """
    if stale_only and not _questions_stale():
        return Counter()
    base = factbase or factbase_from_db()
    lessons, unverified = _course_claims(base)
    key_facts = key_facts_by_lesson([claims.lesson for claims in lessons], base)
    store = _Store.load()
    counts: Counter[str] = Counter()
    rules: dict[int, PoolRules] = {}  # per module: its lesson quizzes and its test are one pool
    reserved = _abbreviations(lessons, base, rules)  # per module: for its test
    candidates: dict[int, list[QuestionDraft]] = {}  # per module: what its lessons left out
    module_test_keys = {d.key for drafts in reserved.values() for d in drafts}
    about_facts = FactQuestions(pools_for(base), _seed("facts"))
    for claims in lessons:
        lesson = claims.lesson
        plan = plan_questions(
            claims.inputs, base, seed=_seed(lesson.pk), unverified=claims.unverified
        )
        facts = [KeyFactInput(lesson.pk, fact) for fact in key_facts.get(lesson.pk, [])]
        offered = lesson_candidates(plan, facts, about_facts)
        offered = [d for d in offered if d.key not in module_test_keys]
        pool = rules.setdefault(lesson.module_id, PoolRules.for_factbase(base))
        drafts = pool.select(
            offered,
            headings=(lesson.title, lesson.module.title),
            limit=LESSON_MAX_QUESTIONS,
            per_fact=LESSON_PER_FACT,
            share=True,
        )
        chosen = {d.key for d in drafts}
        candidates.setdefault(lesson.module_id, []).extend(
            d for d in offered if d.key not in chosen and d.claim_id is None
        )  # key-fact questions the lesson had no room for: the module test may ask them
        counts.update(store.sync(store.quiz(lesson.module_id, lesson.pk), drafts))
    taken = set(store.synced)  # keys are global: a question is in one quiz only
    counts.update(
        _sync_module_tests(
            lessons, base, store, taken, unverified, rules, candidates, reserved=reserved
        )
    )
    store.create_new()
    if any(not key.endswith(("unchanged", "kept")) for key in counts):
        content_changed()  # lesson pages link to quizzes
    return counts


def _sync_module_tests(
    lessons: list[_LessonClaims],
    base: fb.FactBase,
    store: _Store,
    taken: set[str],
    unverified: set[tuple[int, str]],
    rules: dict[int, PoolRules],
    left_over: dict[int, list[QuestionDraft]],
    *,
    reserved: dict[int, list[QuestionDraft]],
) -> Counter[str]:
    """A module test draws on other kinds of question on its lessons' claims than the lesson
    quizzes ask, matching and ordering across its lessons, the key-fact questions its lessons
    left out - and, as few modules have three dated events, on ordering questions across the
    course, each filed under the module that has the latest of its events (the modules that
    reach further in time are the broader ones). The module's pool keeps the same rules."""
    module_inputs: dict[int, list[ClaimInput]] = {}
    for claims in lessons:
        module_inputs.setdefault(claims.lesson.module_id, []).extend(claims.inputs)
    extra = _course_orderings(module_inputs, taken)
    counts: Counter[str] = Counter()
    for module in Module.objects.all():
        test = store.quiz(module.pk, None)
        plan = plan_questions(
            module_inputs.get(module.pk, []),
            base,
            seed=_seed("module", module.pk),
            unverified=unverified,
        )
        own = [d for d in reserved.get(module.pk, []) if d.key not in taken]
        planned = plan.questions(MODULE_VARIANTS)
        across = [d for d in planned if d.kind in ACROSS_FACTS]  # the test's own kinds first
        offered = [
            *across,
            *extra.get(module.pk, []),
            *(d for d in planned if d.kind not in ACROSS_FACTS),
            *left_over.get(module.pk, []),
        ]
        offered = [d for d in offered if d.key not in taken | {r.key for r in own}]
        pool = rules.setdefault(module.pk, PoolRules.for_factbase(base))
        mine = own + pool.select(
            offered, headings=(module.title,), limit=MODULE_MAX_QUESTIONS, per_fact=1
        )
        taken.update(d.key for d in mine)
        counts.update(store.sync(test, mine))
    return counts


def _abbreviations(
    lessons: list[_LessonClaims], base: fb.FactBase, rules: dict[int, PoolRules]
) -> dict[int, list[QuestionDraft]]:
    """Each module's abbreviations are asked together, in one matching question of its test,
    chosen before its lesson quizzes: the pool then asks no acronym a second time."""
    supported: dict[int, list[ClaimInput]] = {}
    titles: dict[int, str] = {}
    for claims in lessons:
        module = claims.lesson.module
        titles[module.pk] = module.title
        supported.setdefault(module.pk, []).extend(
            c for c in claims.inputs if c.verdict == Verdict.SUPPORTED
        )
    reserved: dict[int, list[QuestionDraft]] = {}
    for module_id, inputs in supported.items():
        drafts = matching_questions(inputs, _seed("module", module_id))
        offered = [d for d in drafts if d.prompt == ABBREVIATION_MATCHING]
        pool = rules.setdefault(module_id, PoolRules.for_factbase(base))
        chosen = pool.select(offered, headings=(titles[module_id],), limit=1, per_fact=1)
        reserved[module_id] = chosen
    return reserved


def _course_claims(base: fb.FactBase) -> tuple[list[_LessonClaims], set[tuple[int, str]]]:
    """Every lesson (in course order) with its verified claims; the unverified sentences."""
    facts = {fact.id: fact for fact in base.facts}
    claims = list(
        Claim.objects.select_related("lesson", "fact").order_by(
            "lesson__order", "position", "start"
        )
    )
    by_lesson: dict[int, list[Claim]] = {}
    for claim in claims:
        by_lesson.setdefault(claim.lesson_id, []).append(claim)
    lessons = [
        _LessonClaims(
            lesson,
            claim_inputs(by_lesson.get(lesson.pk, []), facts),
            unverified_sentences(by_lesson.get(lesson.pk, [])),
        )
        for lesson in Lesson.objects.select_related("module").order_by("module__order", "order")
    ]
    return lessons, unverified_sentences(claims)


def _course_orderings(
    module_inputs: dict[int, list[ClaimInput]], taken: set[str]
) -> dict[int, list[QuestionDraft]]:
    """Ordering questions across the course (only those: the other kinds are the lessons' and
    modules'), by the module they are filed under: the one with the latest of their events."""
    course = [i for inputs in module_inputs.values() for i in inputs]
    lesson_module = dict(Lesson.objects.values_list("pk", "module_id"))
    fact_lesson: dict[str, int] = {}
    for claim in course:
        fact_lesson.setdefault(claim.fact.id, claim.lesson_id)
    supported = [c for c in course if c.verdict == Verdict.SUPPORTED]
    extra: dict[int, list[QuestionDraft]] = {}
    for draft in ordering_questions(supported, _seed("course")):
        if draft.key not in taken:
            latest = fact_lesson[draft.fact_ids[-1]]
            extra.setdefault(lesson_module[latest], []).append(draft)
    return extra


@dataclass
class _Store:
    """What generation writes to, read once: quizzes, questions (by key and by quiz) and which
    were answered. New quizzes and questions are created in bulk."""

    fact_pks: dict[str, int]
    quizzes: dict[tuple[int, int | None], Quiz]
    by_key: dict[str, Question]
    by_quiz: dict[int, list[Question]]
    answered: set[int]
    new: list[Question] = field(default_factory=list)
    synced: set[str] = field(default_factory=set)  # keys of the drafts synced so far

    @classmethod
    def load(cls) -> _Store:
        quizzes = {(quiz.module_id, quiz.lesson_id): quiz for quiz in Quiz.objects.all()}
        missing = [
            Quiz(module_id=module_id, lesson_id=lesson_id)
            for module_id, lesson_id in _quiz_places()
            if (module_id, lesson_id) not in quizzes
        ]
        quizzes.update({(q.module_id, q.lesson_id): q for q in Quiz.objects.bulk_create(missing)})
        questions = list(Question.objects.all())
        by_quiz: dict[int, list[Question]] = {}
        for question in questions:
            by_quiz.setdefault(question.quiz_id, []).append(question)
        return cls(
            fact_pks=dict(Fact.objects.values_list("key", "pk")),
            quizzes=quizzes,
            by_key={question.key: question for question in questions},
            by_quiz=by_quiz,
            answered=set(Response.objects.values_list("question_id", flat=True).distinct()),
        )

    def quiz(self, module_id: int, lesson_id: int | None) -> Quiz:
        return self.quizzes[(module_id, lesson_id)]

    def sync(self, quiz: Quiz, drafts: list[QuestionDraft]) -> Counter[str]:
        """Bring the quiz's questions in line with the drafts; a question may move between a
        lesson quiz and its module test (keys are global)."""
        counts: Counter[str] = Counter()
        fresh: dict[str, QuestionDraft] = {}
        for draft in drafts:  # a key once: the first quiz (and the first draft) keeps it
            if draft.key not in self.synced:
                fresh.setdefault(draft.key, draft)
        drafts = list(fresh.values())
        self.synced.update(fresh)
        existing = {q.key: q for q in self.by_quiz.get(quiz.pk, [])}
        existing.update({d.key: self.by_key[d.key] for d in drafts if d.key in self.by_key})
        for draft in drafts:
            fields = _fields(draft, self.fact_pks)
            question = existing.pop(draft.key, None)
            if question is None or (question.pk in self.answered and _replaces(question, fields)):
                self.new.append(Question(quiz=quiz, key=draft.key, **fields))
                counts["questions replaced" if question else "questions created"] += 1
            else:
                counts[_keep_or_update(question, quiz, fields)] += 1
        for question in existing.values():
            if question.quiz_id == quiz.pk and question.retire_if_generated():
                counts["questions deactivated"] += 1
        return counts

    def create_new(self) -> None:
        bulk_create_with_history(self.new, Question)


def _quiz_places() -> list[tuple[int, int | None]]:
    """(module, lesson) of every lesson quiz and (module, None) of every module test."""
    return [
        *Lesson.objects.values_list("module_id", "pk"),
        *((pk, None) for pk in Module.objects.values_list("pk", flat=True)),
    ]


def _replaces(question: Question, fields: dict[str, Any]) -> bool:
    """An answered question keeps its wording: when the draft changed it, retire it and ask
    the new one instead (responses keep pointing at what the learner saw)."""
    if question.edited or not _content_changed(question, fields):
        return False
    question.key = f"{question.key}@retired-{question.pk}"
    question.active = False
    question.save(update_fields=["key", "active"])
    return True


def _keep_or_update(question: Question, quiz: Quiz, fields: dict[str, Any]) -> str:
    if question.edited:
        return "questions kept"
    if question.quiz_id == quiz.pk and not _changed(question, fields):
        return "questions unchanged"
    for name, value in fields.items():
        setattr(question, name, value)
    question.quiz = quiz
    question.save()
    return "questions updated"


def _fields(draft: QuestionDraft, fact_pks: dict[str, int]) -> dict[str, Any]:
    return {
        "kind": draft.kind,
        "prompt": draft.prompt,
        "prompt_items": list(draft.prompt_items),
        "options": list(draft.options),
        "answer": draft.answer,
        "explanation": draft.explanation,
        "anchor": draft.anchor,
        "lesson_id": draft.lesson_id,
        "claim_id": draft.claim_id,
        "fact_id": fact_pks.get(draft.fact_id),
        "covers": [fact_pks[f] for f in draft.fact_ids if f in fact_pks],
        "generator_version": GENERATOR_VERSION,
        "active": draft.active,  # a refutation nobody confirmed yet waits, inactive
    }


def _changed(question: Question, fields: dict[str, Any]) -> bool:
    return any(getattr(question, name) != value for name, value in fields.items())


def _content_changed(question: Question, fields: dict[str, Any]) -> bool:
    return any(getattr(question, name) != fields[name] for name in CONTENT_FIELDS)


# --- attempts ---------------------------------------------------------------------------------


class AnswerRejected(Exception):
    """An answer the server will not record; `status` is the HTTP status to answer with."""

    status = 400


class AttemptClosed(AnswerRejected):
    status = 409


class AlreadyAnswered(AnswerRejected):
    status = 409


class NotInAttempt(AnswerRejected):
    status = 404


def start_attempt(
    *, user, quiz: Quiz, rng: random.Random | None = None, at: datetime | None = None
) -> Attempt:
    """A fresh selection and order: one question per fact (never the same fact twice in one
    attempt), the questions this learner last got wrong first. ``at`` is when it starts (now
    unless a caller replays the past, as the demo data does)."""
    rng = rng or random.Random()
    pool = [
        (pk, {*covers, *([fact_id] if fact_id is not None else [])})
        for pk, fact_id, covers in quiz.pool().order_by("pk").values_list("pk", "fact", "covers")
    ]
    rng.shuffle(pool)
    mine = Response.objects.filter(attempt__user=user, attempt__quiz=quiz)
    right = mine.filter(correct=True).values("question")
    wrong = set(
        mine.filter(correct=False).exclude(question__in=right).values_list("question", flat=True)
    )
    pool.sort(key=lambda row: row[0] not in wrong)  # stable: the shuffle survives in each group
    seen: set[int] = set()  # facts asked (a matching or ordering question asks several)
    ranked = []
    for pk, facts in pool:
        if facts & seen:
            continue
        seen |= facts
        ranked.append(pk)
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        question_ids=ranked[: quiz.size],
        started_at=at or timezone.now(),
    )


class NoSuchAttempt(AnswerRejected):
    """Not an attempt the caller may answer (someone else's, or at a quiz learners do not see)."""

    status = 404


@dataclass(frozen=True)
class AnswerKey:
    """What grading needs of a question: kept per content version (an edit moves it on), so an
    answer reads no question."""

    kind: str
    answer: Any
    options: list[str]
    fact_id: int | None

    @classmethod
    def of(cls, question_id: int) -> AnswerKey | None:
        """The question's key, or None when it is gone."""
        try:
            return versioned(
                content_version(), f"answer-key:{question_id}", lambda: cls._load(question_id)
            )
        except Question.DoesNotExist:
            return None

    @classmethod
    def _load(cls, question_id: int) -> AnswerKey:
        question = Question.objects.only("kind", "answer", "options", "fact").get(pk=question_id)
        return cls(question.kind, question.answer, question.options, question.fact_id)

    def grade(self, submitted: dict[str, list[str]]) -> tuple[dict[str, list[str]], Grade]:
        """What is stored of the submission, and its grade."""
        cleaned = clean_submission(self.kind, self.answer, self.options, submitted)
        return cleaned, grade(self.kind, self.answer, self.options, cleaned)


def _anyone(attempt: Attempt) -> bool:
    return True


def record_answer(
    *,
    attempt_id: int,
    question_id: int,
    submitted: dict[str, list[str]],
    at: datetime | None = None,
    allowed: Callable[[Attempt], bool] = _anyone,
) -> tuple[Attempt, Response, Grade]:
    """Grade and record one answer at ``at`` (now unless a caller replays the past); the
    attempt (its learner, kind, quiz, questions, and its end when this answer finished it), the
    response and the grade. ``allowed``: whether the caller may answer that attempt.

    Everything is checked on the server, with the attempt locked. The response, the learner's
    review card for the question's fact and the attempt's end (after its last question) are
    written in one transaction: a crash leaves none of them, a double submit records one of each.
    """
    at = at or timezone.now()
    key = AnswerKey.of(question_id)
    try:
        with transaction.atomic():
            locked = LockedAttempt.lock(attempt_id, fact_id=key.fact_id if key else None)
            if locked is None or not allowed(locked.attempt):
                raise NoSuchAttempt("That attempt does not exist.")
            attempt = locked.attempt
            if locked.finished:
                raise AttemptClosed("This attempt is finished; start a new one to answer again.")
            if question_id not in attempt.question_ids:
                raise NotInAttempt("That question is not part of this attempt.")
            if key is None:  # deleted before questions in open attempts were protected
                raise NotInAttempt("That question is no longer part of this attempt.")
            cleaned, result = key.grade(submitted)
            response = Response.objects.create(
                attempt=attempt,
                question_id=question_id,
                answer=cleaned,
                correct=result.correct,
                points=result.points,
                expected=result.expected,
                answered_at=at,
            )
            _answer_card(locked, key.fact_id, correct=result.correct, at=at)
            if locked.completed_by_one_more:
                attempt.finish(locked.points + result.points, at=at)
    except IntegrityError as error:  # answered before: a double click, a second tab, a replay
        raise AlreadyAnswered("You already answered this question.") from error
    return attempt, response, result


def _answer_card(
    locked: LockedAttempt, fact_id: int | None, *, correct: bool, at: datetime
) -> None:
    """The learner's card for the fact, answered: written over the card the lock read, or, when
    another tab's answer came first, the card as it is now, locked (``update_card``)."""
    if fact_id is None:
        return
    user_id = locked.attempt.user_id
    card = locked.card or ReviewCard.fresh(user_id=user_id, fact_id=fact_id, at=at)
    over = locked.card.stamp if locked.card else None
    card.record_answer(correct=correct, at=at)
    if not card.store(over=over):
        update_card(user_id=user_id, fact_id=fact_id, correct=correct, at=at)


def answer_question(
    *,
    attempt: Attempt,
    question_id: int,
    submitted: dict[str, list[str]],
    at: datetime | None = None,
) -> tuple[Response, Grade]:
    """``record_answer`` for an attempt at hand, which is updated when the answer finishes it."""
    answered, response, result = record_answer(
        attempt_id=attempt.pk, question_id=question_id, submitted=submitted, at=at
    )
    if answered.is_finished:
        attempt.score, attempt.finished_at = answered.score, answered.finished_at
    return response, result


def finish_if_complete(attempt: Attempt, *, at: datetime | None = None) -> bool:
    """Finish the attempt if every question it still has is answered - on sight, for one
    left fully answered but open (by a crash before this rule, or a question deleted since);
    whether it is finished now. ``attempt`` is refreshed when it is."""
    with transaction.atomic():
        locked = LockedAttempt.lock(attempt.pk, fact_id=None)
        if locked is None:
            return False
        if locked.finished:
            finished = True
        elif _unanswered(locked.attempt).exists():
            finished = False
        else:
            locked.attempt.finish(locked.points, at=at or timezone.now())
            finished = True
    if finished and not attempt.is_finished:
        attempt.refresh_from_db(fields=["score", "finished_at"])
    return finished


def _unanswered(attempt: Attempt) -> QuerySet[Question]:
    """The attempt's questions still there and not answered (one deleted before questions in
    open attempts were protected is skipped)."""
    return Question.objects.filter(pk__in=attempt.question_ids).exclude(
        pk__in=attempt.responses.values("question_id")
    )


def _questions_stale() -> bool:
    """A lesson without a quiz, or an active generated question from an older generator."""
    return (
        Lesson.objects.filter(quiz__isnull=True).exists()
        or Question.objects.filter(
            active=True, edited=False, generator_version__lt=GENERATOR_VERSION
        ).exists()
    )
