"""Workflows: turning verified claims into questions, and running an attempt."""

from __future__ import annotations

import random
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lessons.facts import factbase as fb
from lessons.facts.schema import parse_value
from lessons.models import Claim, Fact, Lesson, Module, Verdict
from lessons.pagecache import content_changed
from lessons.services import factbase_from_db
from quizzes.generation import (
    GENERATOR_VERSION,
    ClaimInput,
    QuestionDraft,
    ordering_questions,
    plan_questions,
)

from .grading import Grade, grade
from .models import Attempt, Question, Quiz, Response
from .reviews import update_card

CONTENT_FIELDS = ("kind", "prompt", "prompt_items", "options", "answer", "explanation", "anchor")
LESSON_MIN_QUESTIONS = 3
MODULE_VARIANTS = 3  # kinds of question per claim a module test may draw on


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
    store = _Store.load()
    counts: Counter[str] = Counter()
    taken: set[str] = set()  # keys are global: a question is in one quiz only
    for claims in lessons:
        drafts = _lesson_drafts(
            claims.inputs, base, seed=_seed(claims.lesson.pk), unverified=claims.unverified
        )
        taken.update(d.key for d in drafts)
        counts.update(store.sync(store.quiz(claims.lesson.module_id, claims.lesson.pk), drafts))
    counts.update(_sync_module_tests(lessons, base, store, taken, unverified))
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
) -> Counter[str]:
    """A module test draws on other kinds of question on its lessons' claims than the lesson
    quizzes ask, matching and ordering across its lessons - and, as few modules have three
    dated events, on ordering questions across the course, each filed under the module that
    has the latest of its events (the modules that reach further in time are the broader
    ones)."""
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
        mine = [d for d in plan.questions(MODULE_VARIANTS) if d.key not in taken]
        taken.update(d.key for d in mine)
        mine += [d for d in extra.get(module.pk, []) if d.key not in taken]
        counts.update(store.sync(test, mine))
    return counts


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


def _lesson_drafts(
    inputs: list[ClaimInput], base: fb.FactBase, *, seed: int, unverified: set[tuple[int, str]]
) -> list[QuestionDraft]:
    """One question per claim; a second and third kind when that gives fewer than three
    (each claim's questions are built once and selected from)."""
    plan = plan_questions(inputs, base, seed=seed, unverified=unverified)
    drafts: list[QuestionDraft] = []
    for variants in (1, 2, 3):
        drafts = plan.questions(variants)
        if len(drafts) >= LESSON_MIN_QUESTIONS:
            break
    return drafts


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
    if question.quiz_id == quiz.pk and question.active and not _changed(question, fields):
        return "questions unchanged"
    for name, value in fields.items():
        setattr(question, name, value)
    question.quiz = quiz
    question.active = True
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
        "generator_version": GENERATOR_VERSION,
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
    """A fresh selection and order: questions this learner last got wrong come first, and
    one question per fact before a second one on the same fact. ``at`` is when it starts
    (now unless a caller replays the past, as the demo data does)."""
    rng = rng or random.Random()
    pool = list(quiz.pool().order_by("pk").values_list("pk", "fact_id"))
    rng.shuffle(pool)
    mine = Response.objects.filter(attempt__user=user, attempt__quiz=quiz)
    right = mine.filter(correct=True).values("question")
    wrong = set(
        mine.filter(correct=False).exclude(question__in=right).values_list("question", flat=True)
    )
    seen: set[int | None] = set()
    ranked = []
    for pk, fact_id in pool:
        repeat = fact_id is not None and fact_id in seen
        seen.add(fact_id)
        ranked.append((pk not in wrong, repeat, pk))
    ranked.sort(key=lambda row: row[:2])  # stable: the shuffle survives within each group
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        question_ids=[pk for *_, pk in ranked[: quiz.size]],
        started_at=at or timezone.now(),
    )


def answer_question(
    *,
    attempt: Attempt,
    question_id: int,
    submitted: dict[str, list[str]],
    at: datetime | None = None,
) -> tuple[Response, Grade]:
    """Grade and record one answer at ``at`` (now unless a caller replays the past).

    Everything is checked on the server. The response, the learner's review card for the
    question's fact and the attempt's end (after its last question) are written in one
    transaction: a crash leaves none of them, a double submit records one of each.
    """
    if attempt.is_finished:
        raise AttemptClosed("This attempt is finished; start a new one to answer again.")
    if question_id not in attempt.question_ids:
        raise NotInAttempt("That question is not part of this attempt.")
    question = Question.objects.get(pk=question_id)
    if Response.objects.filter(attempt=attempt, question=question).exists():
        raise AlreadyAnswered("You already answered this question.")
    result = grade(question.kind, question.answer, question.options, submitted)
    at = at or timezone.now()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                attempt=attempt,
                question=question,
                answer=submitted,
                correct=result.correct,
                points=result.points,
                expected=result.expected,
                answered_at=at,
            )
            update_card(
                user_id=attempt.user_id, fact_id=question.fact_id, correct=result.correct, at=at
            )
            finished = _finish_if_complete(attempt, at=at)
    except IntegrityError as error:  # a double click or a second tab got there first
        raise AlreadyAnswered("You already answered this question.") from error
    if finished:
        attempt.refresh_from_db(fields=["score", "finished_at"])
    return response, result


def _finish_if_complete(attempt: Attempt, *, at: datetime) -> bool:
    """Finish the attempt if every question is answered (inside the answer's transaction);
    whether it is finished now, by this answer or another tab's."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_finished:
        return True
    if locked.responses.count() < len(locked.question_ids):
        return False
    points = locked.responses.aggregate(total=Sum("points"))["total"] or 0.0
    locked.finish(points, at=at)
    return True


def _questions_stale() -> bool:
    """A lesson without a quiz, or an active generated question from an older generator."""
    return (
        Lesson.objects.filter(quiz__isnull=True).exists()
        or Question.objects.filter(
            active=True, edited=False, generator_version__lt=GENERATOR_VERSION
        ).exists()
    )
