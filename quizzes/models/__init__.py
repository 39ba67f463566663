"""Assessment: questions generated from verified claims, quizzes, attempts and responses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Count, Max, Min, OuterRef, ProtectedError, Q, Subquery
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from fsrs import Card, State
from simple_history.models import HistoricalRecords

from lessons.models import Claim, Fact, Lesson, Module
from lessons.pagecache import learner_changed
from quizzes.kinds import QuestionKind
from quizzes.mastery import Mastery, Memory, as_utc


class QuizQuerySet(models.QuerySet["Quiz"]):
    @staticmethod
    def visible_q(path: str = "") -> Q:
        """Visible to learners now: its module, and its lesson if it has one (``path`` leads
        from another model to a quiz, "quiz__")."""
        return Module.objects.visible_q(f"{path}module__") & (
            Q(**{f"{path}lesson__isnull": True}) | Lesson.objects.visible_q(f"{path}lesson__")
        )

    def published(self) -> QuizQuerySet:
        """The quizzes learners see now (see ``visible_q``)."""
        return self.filter(self.visible_q())


class Quiz(models.Model):
    """One per lesson, plus one module test (lesson empty) drawing from the module's lessons."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quizzes")
    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="quiz"
    )
    size = models.PositiveIntegerField(default=10, help_text="Questions drawn per attempt.")
    history = HistoricalRecords()

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "quizzes"
        ordering = ["module__order", "lesson__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["module"], condition=Q(lesson__isnull=True), name="one_test_per_module"
            )
        ]

    def __str__(self) -> str:
        return f"Quiz: {self.title}"

    def get_absolute_url(self) -> str:
        if self.lesson is None:
            return reverse("quizzes:module_test", args=[self.module.slug])
        return reverse("quizzes:lesson_quiz", args=[self.module.slug, self.lesson.slug])

    @property
    def is_module_test(self) -> bool:
        return self.lesson_id is None

    @property
    def title(self) -> str:
        return self.lesson.title if self.lesson else f"Module test: {self.module.title}"

    def pool(self) -> QuestionQuerySet:
        """The active questions an attempt may draw: a lesson's own, or the whole module's -
        where two lessons ask the same prompt, only the first of them (one query)."""
        questions = Question.objects.active()
        if not self.is_module_test:
            return questions.filter(quiz=self)
        module = questions.filter(
            Q(quiz__module=self.module) & Lesson.objects.visible_q("quiz__lesson__") | Q(quiz=self)
        )
        first = module.order_by().values("prompt").annotate(first=Min("pk")).values("first")
        return questions.filter(pk__in=first)


class QuestionQuerySet(models.QuerySet["Question"]):
    def active(self) -> QuestionQuerySet:
        return self.filter(active=True)

    @staticmethod
    def visible_q(path: str = "") -> Q:
        """Asked of learners now: active, in a quiz they see (``path`` leads from another model
        to a question, "question__")."""
        return Q(**{f"{path}active": True}) & Quiz.objects.visible_q(f"{path}quiz__")

    def published(self) -> QuestionQuerySet:
        """The questions learners are asked now: active, in a visible quiz (see ``visible_q``)."""
        return self.filter(self.visible_q())

    def with_provenance(self) -> QuestionQuerySet:
        return self.select_related("lesson__module", "claim", "fact__reference")

    def in_open_attempts(self) -> QuestionQuerySet:
        """Those drawn for an attempt or review session not finished yet."""
        return self.filter(pk__in=Attempt.objects.unfinished().drawn_question_ids())

    def refuse_if_in_open_attempts(self) -> None:
        """Raise QuestionInUse when any of these sits in an open attempt."""
        in_use = list(self.in_open_attempts())
        if in_use:
            raise QuestionInUse(in_use)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete, unless a question sits in an open attempt (deactivate it instead)."""
        self.refuse_if_in_open_attempts()
        return super().delete()


class QuestionInUse(ProtectedError):
    """A question drawn for an open attempt cannot be deleted: its learner would be left with
    an attempt that can never be finished. Deactivate it instead (it is then not drawn again,
    and the open attempt still asks it)."""

    def __init__(self, questions: list[Question]) -> None:
        listed = "; ".join(f"#{q.pk} {q}" for q in questions[:5])
        more = f" and {len(questions) - 5} more" if len(questions) > 5 else ""
        super().__init__(
            f"Cannot delete questions in an open attempt ({listed}{more}): deactivate them "
            "instead.",
            set(questions),
        )


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(
        max_length=300, unique=True, help_text="Stable identity across regenerations."
    )
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    prompt = models.TextField()
    prompt_items = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=list, blank=True)
    answer = models.JSONField(help_text="The answer key: never sent to a page before answering.")
    explanation = models.TextField()
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    fact = models.ForeignKey(
        Fact, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    anchor = models.CharField(
        max_length=110,
        blank=True,
        help_text="Where the lesson page shows what it asks: a sentence, or kf-<fact key>.",
    )
    covers = models.JSONField(
        default=list,
        blank=True,
        help_text="Matching and ordering: the ids of every fact the question asks about.",
    )
    active = models.BooleanField(default=True)
    edited = models.BooleanField(
        default=False,
        help_text="An admin changed or (de)activated this question: regenerating keeps it as is.",
    )
    generator_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["quiz", "pk"]

    def __str__(self) -> str:
        return self.prompt[:80]

    @property
    def positions(self) -> range:
        """Places 1..n for an ordering question's items."""
        return range(1, len(self.options) + 1)

    @property
    def fact_ids(self) -> set[int]:
        """Every fact the question asks about: its own, and a matching or ordering question's
        other ones."""
        return {*self.covers, *([self.fact_id] if self.fact_id is not None else [])}

    def retire_if_generated(self) -> bool:
        """No longer generated: deactivate it (never delete: responses point at it), unless an
        admin edited it or it was already retired for a newer wording."""
        if not self.active or self.edited or "@retired-" in self.key:
            return False
        self.active = False
        self.save(update_fields=["active"])
        return True

    def sentence_url(self) -> str:
        if self.lesson is None or not self.anchor:
            return ""
        return f"{self.lesson.get_absolute_url()}#{self.anchor}"

    @property
    def in_open_attempt(self) -> bool:
        return (
            self.pk is not None and Question.objects.filter(pk=self.pk).in_open_attempts().exists()
        )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete, unless it sits in an open attempt (deactivate it instead)."""
        Question.objects.filter(pk=self.pk).refuse_if_in_open_attempts()
        return super().delete(*args, **kwargs)


@receiver(pre_delete, sender=Question, dispatch_uid="question_not_in_open_attempt")
def _refuse_deleting_asked_question(sender: type[Question], instance: Question, **_: Any) -> None:
    """The guard for every other path (a cascade from its quiz, module or lesson)."""
    Question.objects.filter(pk=instance.pk).refuse_if_in_open_attempts()


PASS_MARK = 0.8
"""A quiz is passed when a finished attempt scores at least this fraction (80 %)."""


@dataclass(frozen=True)
class QuizScores:
    """One learner's finished attempts at one quiz: best and last score (0-1), how many."""

    best: float
    last: float
    taken: int

    @property
    def passed(self) -> bool:
        return self.best >= PASS_MARK


class AttemptKind(models.TextChoices):
    QUIZ = "quiz", "Quiz"
    REVIEW = "review", "Review"
    MISTAKES = "mistakes", "Practise my mistakes"


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def for_learner(self, user) -> AttemptQuerySet:
        return self.filter(user=user)

    def quizzes(self) -> AttemptQuerySet:
        """Attempts at a quiz: the only ones that have a quiz score."""
        return self.filter(kind=AttemptKind.QUIZ)

    def reviews(self) -> AttemptQuerySet:
        """Review sessions (due facts, or my mistakes): questions from anywhere, no quiz."""
        return self.exclude(kind=AttemptKind.QUIZ)

    def unfinished(self) -> AttemptQuerySet:
        return self.filter(finished_at__isnull=True)

    def drawn_question_ids(self) -> set[int]:
        """Every question drawn for these attempts (one query)."""
        return {pk for ids in self.values_list("question_ids", flat=True) for pk in ids}

    def finished(self) -> AttemptQuerySet:
        return self.filter(finished_at__isnull=False)

    def for_quiz(self, quiz: Quiz) -> AttemptQuerySet:
        return self.filter(quiz=quiz)

    def on_visible_quizzes(self) -> AttemptQuerySet:
        """Review sessions, and attempts at quizzes learners see now: a learner's history never
        names a lesson that was unpublished or is not out yet."""
        return self.filter(Q(quiz__isnull=True) | Quiz.objects.visible_q("quiz__"))

    def best_scores(self) -> dict[int, float]:
        """{quiz id: best finished score} in one query."""
        rows = self.quizzes().finished().values("quiz").annotate(best=Max("score"))
        return {row["quiz"]: row["best"] for row in rows}

    def scores(self) -> dict[int, QuizScores]:
        """{quiz id: best and last finished score and attempts finished}, in one query."""
        finished = self.quizzes().finished()
        latest = (
            finished.filter(quiz=OuterRef("quiz"))
            .order_by("-finished_at", "-pk")
            .values("score")[:1]
        )
        rows = (
            finished.values("quiz")
            .annotate(best=Max("score"), taken=Count("pk"), last=Subquery(latest))
            .order_by()
        )
        return {
            row["quiz"]: QuizScores(row["best"] or 0.0, row["last"] or 0.0, row["taken"])
            for row in rows
        }

    def history(self) -> AttemptQuerySet:
        """Newest first, with the quiz's titles at hand."""
        return self.select_related("quiz__module", "quiz__lesson").order_by("-started_at", "-pk")


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    kind = models.CharField(max_length=10, choices=AttemptKind.choices, default=AttemptKind.QUIZ)
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
        help_text="Empty for a review session, whose questions come from many quizzes.",
    )
    question_ids = models.JSONField(help_text="The questions drawn for this attempt, in order.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="Fraction of points, 0–1.")

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AttemptKind.QUIZ, quiz__isnull=False)
                | (~Q(kind=AttemptKind.QUIZ) & Q(quiz__isnull=True)),
                name="a_quiz_attempt_has_a_quiz_and_a_review_none",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.title}"

    def get_absolute_url(self) -> str:
        if self.is_review:
            return reverse("review:session", args=[self.pk])
        return reverse("quizzes:attempt", args=[self.pk])

    def get_results_url(self) -> str:
        if self.is_review:
            return reverse("review:results", args=[self.pk])
        return reverse("quizzes:results", args=[self.pk])

    @property
    def is_review(self) -> bool:
        return self.kind != AttemptKind.QUIZ

    @property
    def title(self) -> str:
        if self.quiz is None:
            return AttemptKind(self.kind).label
        return self.quiz.title

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return round(100 * (self.score or 0))

    @property
    def passed(self) -> bool:
        return self.is_finished and (self.score or 0.0) >= PASS_MARK

    def finish(self, points: float, *, at: datetime | None = None) -> None:
        self.score = points / len(self.question_ids) if self.question_ids else 0.0
        self.finished_at = at or timezone.now()
        self.save(update_fields=["score", "finished_at"])

    def answered_ids(self) -> set[int]:
        """The questions of this attempt answered so far (one query)."""
        return set(self.responses.values_list("question_id", flat=True))

    def next_question(self, answered: set[int]) -> Question | None:
        """The first question drawn, not in ``answered`` and still there (one query); None when
        every question left is answered."""
        remaining = [pk for pk in self.question_ids if pk not in answered]
        if not remaining:
            return None
        questions = Question.objects.in_bulk(remaining)
        return next((questions[pk] for pk in remaining if pk in questions), None)

    def response_to(self, question_id: int) -> Response | None:
        """This attempt's answer to the question, with where the question comes from."""
        return (
            self.responses.select_related(
                "question__lesson__module", "question__claim", "question__fact__reference"
            )
            .filter(question_id=question_id)
            .first()
        )

    def review(self) -> list[Response]:
        """The responses in the order the questions were asked, with where each comes from."""
        responses = {
            response.question_id: response
            for response in self.responses.select_related(
                "question__lesson__module", "question__fact__reference"
            )
        }
        return [responses[pk] for pk in self.question_ids if pk in responses]


class Response(models.Model):
    """One per attempt and question: the answer as given, graded on the server."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    answer = models.JSONField()
    correct = models.BooleanField()
    points = models.FloatField()
    expected = models.TextField(default="", help_text="The right answer as it was shown.")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Question {self.question_id}: {'right' if self.correct else 'wrong'}"

    @property
    def answer_text(self) -> str:
        """The learner's own answer as text, for single-answer kinds ("" for the others)."""
        for field in ("choice", "value", "text"):
            values = self.answer.get(field) or []
            if values:
                return {"true": "True", "false": "False"}.get(values[0], values[0])
        return ""


@dataclass(frozen=True)
class LockedAttempt:
    """An attempt locked for an answer until the caller's transaction ends, with what the answer
    needs to know: whether it is finished, how many answers it has and their points, and the
    learner's card for the fact asked as it stands (not locked: ``ReviewCard.store`` checks it)."""

    attempt: Attempt  # its learner, kind, quiz, questions and, if open, end (the rest deferred)
    finished: bool
    answered: int
    points: float
    card: ReviewCard | None

    @classmethod
    def lock(cls, pk: int, *, fact_id: int | None) -> LockedAttempt | None:
        """One statement, written out: the ORM's (an annotated ``select_for_update`` and the
        card's own) took longer to build than to run, on the path of every answer."""
        connection = connections[router.db_for_write(Attempt)]
        attempts, responses, cards = (
            connection.ops.quote_name(model._meta.db_table)
            for model in (Attempt, Response, ReviewCard)
        )
        card_fields = _fields(ReviewCard, "id", *MEMORY_FIELDS)
        answers = f"FROM {responses} r WHERE r.attempt_id = a.id"
        lock = ""
        if connection.features.has_select_for_update:
            lock = connection.ops.for_update_sql(of=("a",))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.user_id, a.kind, a.quiz_id, a.question_ids, a.finished_at IS NOT NULL, "
                f"(SELECT COUNT(*) {answers}), (SELECT COALESCE(SUM(r.points), 0) {answers}), "
                + ", ".join(f"c.{column}" for column in _quoted(connection, card_fields))
                + f" FROM {attempts} a LEFT JOIN {cards} c"
                f" ON c.user_id = a.user_id AND c.fact_id = %s WHERE a.id = %s {lock}",
                [fact_id, pk],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        user_id, kind, quiz_id, question_ids, finished, answered, points = row[:7]
        attempt = _loaded(
            Attempt,
            connection,
            id=pk,
            user_id=user_id,
            kind=kind,
            quiz_id=quiz_id,
            question_ids=json.loads(question_ids),
            **({} if finished else {"finished_at": None}),  # only whether it is, when it is
        )
        card = None
        if row[7] is not None:
            values = _from_db(ReviewCard, card_fields, row[7:], connection)
            memory = {
                field.attname: value for field, value in zip(card_fields, values, strict=True)
            }
            card = _loaded(ReviewCard, connection, user_id=user_id, fact_id=fact_id, **memory)
        return cls(attempt, bool(finished), answered, points, card)

    @property
    def completed_by_one_more(self) -> bool:
        """The next answer is its last: a question drawn for an open attempt cannot be deleted
        (``QuestionInUse``), so its answers are simply counted."""
        return self.answered + 1 >= len(set(self.attempt.question_ids))


def _fields(model: type[models.Model], *names: str) -> list[models.Field[Any, Any]]:
    """The model's fields ``names``: each its own column."""
    return [cast(models.Field[Any, Any], model._meta.get_field(name)) for name in names]


def _loaded[M: models.Model](model: type[M], connection: Any, **values: Any) -> M:
    """An instance as the ORM loads it, with only these fields (the others deferred)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _quoted(connection: Any, fields: list[models.Field[Any, Any]]) -> list[str]:
    return [connection.ops.quote_name(cast(str, field.column)) for field in fields]


def _from_db(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    values: tuple[Any, ...],
    connection: Any,
) -> list[Any]:
    """Column values as the ORM would convert them (SQLite returns a datetime as text)."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        converted.append(value)
    return converted


MEMORY_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reviews",
    "lapses",
    "level",
)
"""What a ReviewCard remembers, all derived from the learner's answers."""


class ReviewCardQuerySet(models.QuerySet["ReviewCard"]):
    def for_learner(self, user: Any) -> ReviewCardQuerySet:
        return self.filter(user=user)

    def due(self, now: datetime) -> ReviewCardQuerySet:
        return self.filter(due__lte=now)

    def reviewable(self) -> ReviewCardQuerySet:
        """Cards a review can ask about: their fact has an active question in a published quiz."""
        return self.filter(fact__in=Question.objects.active().published().values("fact"))

    def outlook(self, now: datetime) -> dict[str, Any]:
        """{"cards", "due_now", "next_due" (the first due later, or None)} in one query."""
        return self.aggregate(
            cards=Count("pk"),
            due_now=Count("pk", filter=Q(due__lte=now)),
            next_due=Min("due", filter=Q(due__gt=now)),
        )


class ReviewCard(models.Model):
    """One learner's memory of one fact: an FSRS card (stored field by field so it reads back
    exactly) and the mastery level its answers have reached."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="review_cards")
    state = models.PositiveSmallIntegerField(
        choices=[(1, "Learning"), (2, "Review"), (3, "Relearning")], help_text="FSRS's state."
    )
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(db_index=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(
        default=0, help_text="Wrong answers to the fact while familiar or better."
    )
    level = models.PositiveSmallIntegerField(choices=Mastery.choices, default=Mastery.NOT_STARTED)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "fact"], name="one_card_per_learner_and_fact")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.fact_id} · {Mastery(self.level).label}"

    @classmethod
    def fresh(cls, *, user_id: int, fact_id: int, at: datetime) -> ReviewCard:
        """The card of a fact never answered (not saved)."""
        card = cls(user_id=user_id, fact_id=fact_id)
        card.remember(Memory.new(fact_id, at))
        return card

    def memory(self) -> Memory:
        """The card as FSRS reads it back; its FSRS card id is the fact's id."""
        card = Card(
            card_id=self.fact_id,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=as_utc(self.due),
            last_review=as_utc(self.last_review) if self.last_review else None,
        )
        return Memory(card, Mastery(self.level), self.reviews, self.lapses)

    def remember(self, memory: Memory) -> None:
        """Store the memory field by field (the fact is the card's, so its id is not stored)."""
        card = memory.card
        self.state = card.state.value
        self.step = card.step
        self.stability = card.stability
        self.difficulty = card.difficulty
        self.due = card.due
        self.last_review = card.last_review
        self.level = memory.level
        self.reviews = memory.reviews
        self.lapses = memory.lapses

    def record_answer(self, *, correct: bool, at: datetime) -> None:
        """Schedule the next review after one answer at ``at`` (the caller saves). The fuzz,
        when on, is seeded by learner, fact and time: replaying the answers gives this card."""
        at = as_utc(at)
        seed = f"{self.user_id}:{self.fact_id}:{at.isoformat()}" if settings.FSRS_FUZZING else None
        self.remember(self.memory().answered(correct=correct, at=at, fuzz_seed=seed))

    @property
    def stamp(self) -> tuple[int, datetime | None]:
        """What every answer on the card changes."""
        return self.reviews, self.last_review

    def store(self, *, over: tuple[int, datetime | None] | None) -> bool:
        """Write the card as answered over the card it was read as (its ``stamp``; None: there
        was none), in one statement written out (see ``LockedAttempt.lock``): whether it was
        still that card. When it was not (another tab's answer on the fact came first), the
        caller answers the card it finds, locked, instead."""
        connection = connections[router.db_for_write(ReviewCard)]
        table = connection.ops.quote_name(self._meta.db_table)
        memory = _fields(ReviewCard, *MEMORY_FIELDS)
        values = [f.get_db_prep_save(getattr(self, f.attname), connection) for f in memory]
        if over is None:
            owner = _fields(ReviewCard, "user", "fact")
            columns = ", ".join(_quoted(connection, owner + memory))
            marks = ", ".join(["%s"] * (len(owner) + len(memory)))
            unique = ", ".join(_quoted(connection, owner))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            sql += f" ON CONFLICT ({unique}) DO NOTHING"
            params = [self.user_id, self.fact_id, *values]
        else:
            checked = _fields(ReviewCard, "id", "reviews", "last_review")
            changes = ", ".join(f"{column} = %s" for column in _quoted(connection, memory))
            where = " AND ".join(f"{column} = %s" for column in _quoted(connection, checked))
            sql = f"UPDATE {table} SET {changes} WHERE {where}"
            seen = zip(checked, [self.pk, *over], strict=True)
            params = [*values, *(f.get_db_prep_save(value, connection) for f, value in seen)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            stored = cursor.rowcount == 1
        if stored:  # what a save's signal says
            learner_changed(self.user_id)
        return stored

    def differs_from(self, other: ReviewCard) -> bool:
        return any(getattr(self, name) != getattr(other, name) for name in MEMORY_FIELDS)


from quizzes.models.reports import ProblemReport  # noqa: E402, F401  (it builds on Question)
