"""Assessment: questions generated from verified claims, quizzes, attempts and responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lessons.models import Claim, Fact, Lesson, Module

from .kinds import QuestionKind
from .mastery import Mastery


class QuizQuerySet(models.QuerySet["Quiz"]):
    def published(self) -> QuizQuerySet:
        return self.filter(module__published=True).filter(
            Q(lesson__isnull=True) | Q(lesson__published=True)
        )


class Quiz(models.Model):
    """One per lesson, plus one module test (lesson empty) drawing from the module's lessons."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quizzes")
    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="quiz"
    )
    size = models.PositiveIntegerField(default=10, help_text="Questions drawn per attempt.")

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
        """The active questions an attempt may draw: a lesson's own, or the whole module's."""
        questions = Question.objects.active()
        if self.is_module_test:
            return questions.filter(quiz__module=self.module, quiz__lesson__published=True) | (
                questions.filter(quiz=self)
            )
        return questions.filter(quiz=self)


class QuestionQuerySet(models.QuerySet["Question"]):
    def active(self) -> QuestionQuerySet:
        return self.filter(active=True)

    def with_provenance(self) -> QuestionQuerySet:
        return self.select_related("lesson__module", "claim", "fact__reference")


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
    anchor = models.CharField(max_length=40, blank=True)
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


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def for_learner(self, user) -> AttemptQuerySet:
        return self.filter(user=user)

    def finished(self) -> AttemptQuerySet:
        return self.filter(finished_at__isnull=False)

    def for_quiz(self, quiz: Quiz) -> AttemptQuerySet:
        return self.filter(quiz=quiz)

    def best_scores(self) -> dict[int, float]:
        """{quiz id: best finished score} in one query."""
        rows = self.finished().values("quiz").annotate(best=Max("score"))
        return {row["quiz"]: row["best"] for row in rows}


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    question_ids = models.JSONField(help_text="The questions drawn for this attempt, in order.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="Fraction of points, 0–1.")

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.quiz.title}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return round(100 * (self.score or 0))

    def finish(self, points: float) -> None:
        self.score = points / len(self.question_ids) if self.question_ids else 0.0
        self.finished_at = timezone.now()
        self.save(update_fields=["score", "finished_at"])

    def answered_ids(self) -> set[int]:
        """The questions of this attempt answered so far (one query)."""
        return set(self.responses.values_list("question_id", flat=True))

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


class ReviewCardQuerySet(models.QuerySet["ReviewCard"]):
    def for_learner(self, user: Any) -> ReviewCardQuerySet:
        return self.filter(user=user)

    def due(self, now: datetime) -> ReviewCardQuerySet:
        return self.filter(due__lte=now)


class ReviewCard(models.Model):
    """One learner's memory of one fact: an FSRS card (stored field by field so it reads back
    exactly) and the mastery level its answers have reached."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="review_cards")
    state = models.PositiveSmallIntegerField(
        help_text="FSRS state: 1 learning, 2 review, 3 relearning."
    )
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(db_index=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0, help_text="Wrong answers after a right one.")
    level = models.PositiveSmallIntegerField(choices=Mastery.choices, default=Mastery.NOT_STARTED)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "fact"], name="one_card_per_learner_and_fact")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.fact_id} · {Mastery(self.level).label}"
