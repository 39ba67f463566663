"""Content and its truth: documents, modules, lessons, and each learner's reading progress."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lessons.facts import factbase as fb
from lessons.facts import values as fv
from lessons.facts.verdicts import Verdict

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WORDS_PER_MINUTE = 200


def reading_minutes(text: str) -> int:
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


class Document(models.Model):
    """One seed article as ingested: what the text was, so a re-ingest can tell what changed."""

    source_name = models.CharField(max_length=255, unique=True)
    sha256 = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    disclaimer = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    ingested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source_name"]

    def __str__(self) -> str:
        return self.source_name


class ModuleQuerySet(models.QuerySet["Module"]):
    def published(self) -> ModuleQuerySet:
        return self.filter(published=True)

    def with_stats(self) -> ModuleQuerySet:
        """Lesson count and total reading time of the published lessons, in the same query."""
        published = Q(lessons__published=True)
        return self.annotate(
            lesson_count=Count("lessons", filter=published),
            total_minutes=Sum("lessons__reading_minutes", filter=published),
        )


class Module(models.Model):
    document = models.OneToOneField(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="module"
    )
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    published = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:module", args=[self.slug])

    @property
    def disclaimer(self) -> str:
        return self.document.disclaimer if self.document else ""


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> LessonQuerySet:
        return self.filter(published=True, module__published=True)

    def after(self, lesson: Lesson) -> LessonQuerySet:
        """The lessons after this one in course order (later modules, then later in its own)."""
        return self.filter(
            Q(module__order__gt=lesson.module.order)
            | Q(module=lesson.module, order__gt=lesson.order)
        )


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveIntegerField(default=0)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    source_text = models.TextField(help_text="The section as it is in the seed article.")
    body = models.TextField(help_text="Markdown shown to learners; starts as the source text.")
    reading_minutes = models.PositiveIntegerField(default=1)
    published = models.BooleanField(default=True)
    edited = models.BooleanField(
        default=False, help_text="An admin changed the body: re-ingesting keeps it."
    )
    source_changed = models.BooleanField(
        default=False,
        help_text="The seed text changed after the body was edited: review the body.",
    )
    history = HistoricalRecords(excluded_fields=["reading_minutes"])

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["module__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="unique_lesson_slug_in_module")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.module.slug, self.slug])

    def edit_body(self, body: str) -> None:
        """An admin's edit: kept across re-ingests from now on."""
        self.body = body
        self.edited = body != self.source_text
        if not self.edited:
            self.source_changed = False
        self.reading_minutes = reading_minutes(body)

    def take_source(self, source_text: str) -> str:
        """Apply new seed text; return "updated", "flagged" or "unchanged".

        A body nobody edited follows the source; an edited body is kept and flagged for review.
        """
        if source_text == self.source_text:
            return "unchanged"
        self.source_text = source_text
        if self.edited:
            self.source_changed = True
            return "flagged"
        self.body = source_text
        self.reading_minutes = reading_minutes(source_text)
        return "updated"


class LessonProgressQuerySet(models.QuerySet["LessonProgress"]):
    OPENING_RESOLUTION = timedelta(minutes=1)
    """How fine "last opened" is kept: reading a page is not a write per view."""

    def for_learner(self, user: User) -> LessonProgressQuerySet:
        return self.filter(user=user)

    def completed(self) -> LessonProgressQuerySet:
        return self.filter(completed_at__isnull=False)

    def in_module(self, module: Module) -> LessonProgressQuerySet:
        """The rows of the module's published lessons."""
        return self.filter(lesson__module=module, lesson__published=True)

    def record_opening(self, *, user: User, lesson: Lesson) -> LessonProgress:
        """The learner's row for the lesson, created when first opened; "last opened" moves
        only when it is older than OPENING_RESOLUTION, so most page views write nothing."""
        now = timezone.now()
        progress, created = self.get_or_create(
            user=user, lesson=lesson, defaults={"first_opened": now, "last_opened": now}
        )
        if not created and now - progress.last_opened > self.OPENING_RESOLUTION:
            self.filter(pk=progress.pk).update(last_opened=now)
        return progress

    def resume_lesson(self) -> Lesson | None:
        """For one learner's rows: the lesson to continue. That is the last one opened if
        unfinished, else the next unfinished published one after it in course order."""
        last = (
            self.filter(lesson__published=True, lesson__module__published=True)
            .select_related("lesson__module")
            .order_by("-last_opened", "-pk")
            .first()
        )
        if last is None:
            return None
        if not last.is_complete:
            return last.lesson
        return (
            Lesson.objects.published()
            .after(last.lesson)
            .exclude(pk__in=self.completed().values("lesson"))
            .select_related("module")
            .order_by("module__order", "order")
            .first()
        )

    def per_module(self) -> dict[int, int]:
        """{module id: lessons completed}, in one query."""
        rows = (
            self.completed()
            .filter(lesson__published=True)
            .values("lesson__module")
            .annotate(done=Count("pk"))
        )
        return {row["lesson__module"]: row["done"] for row in rows}


class LessonProgress(models.Model):
    """One row per learner and lesson: when they first opened it and when they finished it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    # PROTECT: learner progress is never deleted with content; unpublish a lesson instead.
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="progress")
    first_opened = models.DateTimeField(default=timezone.now)
    last_opened = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_learner")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def complete(self) -> None:
        """Mark the lesson finished; finishing it again keeps the first completion time."""
        if self.completed_at is None:
            self.completed_at = timezone.now()
            self.save(update_fields=["completed_at"])


class Reference(models.Model):
    """A page a fact was checked against."""

    key = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    accessed = models.DateField(null=True, blank=True)
    edited = models.BooleanField(
        default=False, help_text="An admin changed this reference: re-ingesting keeps the change."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"

    @staticmethod
    def fields_of(source: fb.Reference) -> dict[str, object]:
        """The columns for a fact-base reference."""
        return {
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "accessed": date.fromisoformat(source.accessed) if source.accessed else None,
        }

    def as_record(self) -> fb.Reference:
        """The reference as the pure verifier and generator read it."""
        return fb.Reference(
            id=self.key,
            title=self.title,
            publisher=self.publisher,
            url=self.url,
            accessed=self.accessed.isoformat() if self.accessed else "",
        )


class FactQuerySet(models.QuerySet["Fact"]):
    def for_verification(self) -> FactQuerySet:
        return self.select_related("reference")


class Fact(models.Model):
    """A reference fact: subject, predicate and a typed value, with the page that states it.

    `value` keeps the fact base's own shape ({"type": "date", "date": "1999-06-12"}, …) so the
    pure verifier reads it with `lessons.facts.factbase.parse_value`.
    """

    key = models.SlugField(max_length=100, unique=True)
    subject = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    predicate = models.CharField(max_length=200)
    value = models.JSONField()
    value_display = models.CharField(max_length=200, editable=False)
    statement = models.TextField()
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="facts")
    cues = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    sort_date = models.DateField(null=True, blank=True, editable=False)
    edited = models.BooleanField(
        default=False, help_text="An admin changed this fact: re-ingesting keeps the change."
    )
    history = HistoricalRecords()

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def get_absolute_url(self) -> str:
        return reverse("facts:library") + f"#fact-{self.key}"

    def set_value(self, value: fv.Value) -> None:
        """The typed value and what is derived from it, always together."""
        for name, derived in self.value_fields(value).items():
            setattr(self, name, derived)

    @staticmethod
    def value_fields(value: fv.Value) -> dict[str, object]:
        """The stored value (fact-base shape), its display text and its date for sorting."""
        start = value.start if isinstance(value, fv.SpanValue) else value
        sort_date = (
            date(start.year, start.month or 1, start.day or 1)
            if isinstance(start, fv.DateValue)
            else None
        )
        return {
            "value": fb.dump_value(value),
            "value_display": fv.format_value(value),
            "sort_date": sort_date,
        }

    @classmethod
    def fields_of(cls, source: fb.Fact) -> dict[str, object]:
        """The columns for a fact-base fact (but its reference row)."""
        return {
            "subject": source.subject,
            "aliases": list(source.aliases),
            "predicate": source.predicate,
            "statement": source.statement,
            "cues": list(source.cues),
            "tags": list(source.tags),
            **cls.value_fields(source.value),
        }

    def as_record(self, reference: fb.Reference) -> fb.Fact:
        """The fact as the pure verifier and generator read it."""
        return fb.Fact(
            id=self.key,
            subject=self.subject,
            aliases=tuple(self.aliases),
            predicate=self.predicate,
            value=fb.parse_value(self.value, where=self.key),
            statement=self.statement,
            reference=reference,
            cues=tuple(self.cues),
            tags=tuple(self.tags),
        )


def verdict_is(*verdicts: str) -> Q:
    """The effective verdict is one of these: an admin's override wins over the automatic."""
    return Q(override_verdict__in=verdicts) | Q(override_verdict="", auto_verdict__in=verdicts)


class ClaimQuerySet(models.QuerySet["Claim"]):
    def with_verdict(self, *verdicts: str) -> ClaimQuerySet:
        return self.filter(verdict_is(*verdicts))

    def supported(self) -> ClaimQuerySet:
        return self.with_verdict(Verdict.SUPPORTED)

    def refuted(self) -> ClaimQuerySet:
        return self.with_verdict(Verdict.REFUTED)

    def unverified(self) -> ClaimQuerySet:
        return self.with_verdict(Verdict.NOT_ENOUGH_INFO)

    def published(self) -> ClaimQuerySet:
        return self.filter(lesson__published=True, lesson__module__published=True)

    def counts_per_module(self) -> list[dict[str, Any]]:
        """Per published module: claims per effective verdict, in one query."""

        def count(verdict: str) -> Count:
            return Count("pk", filter=verdict_is(verdict))

        rows = (
            self.published()
            .values("lesson__module__slug", "lesson__module__title", "lesson__module__order")
            .annotate(
                supported=count(Verdict.SUPPORTED),
                refuted=count(Verdict.REFUTED),
                unverified=count(Verdict.NOT_ENOUGH_INFO),
                total=Count("pk"),
            )
            .order_by("lesson__module__order")
        )
        return [dict(row) for row in rows]

    def with_evidence(self) -> ClaimQuerySet:
        return self.select_related("lesson__module", "fact__reference", "override_reference")


class Claim(models.Model):
    """A checkable claim in one lesson sentence, with its verdict and evidence."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="claims")
    anchor = models.CharField(max_length=40, help_text="The sentence's id on the lesson page.")
    sentence = models.TextField()
    position = models.PositiveIntegerField(default=0, help_text="Sentence number in the lesson.")
    start = models.PositiveIntegerField(help_text="Offset of the claim in the sentence.")
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    kind = models.CharField(max_length=20)
    value = models.JSONField(
        null=True, blank=True, help_text="What the claim says, as a typed value (fact-base shape)."
    )
    auto_verdict = models.CharField(max_length=20, choices=Verdict.choices)
    fact = models.ForeignKey(
        Fact, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    correct_value = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    override_verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        blank=True,
        help_text="Leave empty to trust the check.",
    )
    override_note = models.TextField(blank=True)
    override_reference = models.ForeignKey(
        Reference, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    reviewed = models.BooleanField(default=False)
    checked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["checked_at"])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["lesson__module__order", "lesson__order", "position", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "anchor", "start", "text"], name="one_claim_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.verdict})"

    @property
    def key(self) -> tuple[int, str, int, str]:
        """Where the claim is: verification matches rows to claims by it."""
        return (self.lesson_id, self.anchor, self.start, self.text)

    def take_check(self, fields: dict[str, object]) -> bool:
        """Apply a fresh automatic check; True when anything it decides changed."""
        changed = {name: value for name, value in fields.items() if getattr(self, name) != value}
        for name, value in changed.items():
            setattr(self, name, value)
        return bool(changed)

    @property
    def verdict(self) -> str:
        return self.override_verdict or self.auto_verdict

    @property
    def evidence_reference(self) -> Reference | None:
        if self.override_verdict and self.override_reference_id:
            return self.override_reference
        return self.fact.reference if self.fact else None

    def sentence_url(self) -> str:
        return f"{self.lesson.get_absolute_url()}#{self.anchor}"

    def override(self, verdict: str, *, by, note: str, reference: Reference | None = None) -> None:
        """An admin's verdict; survives re-verification. Needs a note saying why."""
        if not note.strip():
            raise ValueError("An override needs a note saying why.")
        self.override_verdict = verdict
        self.override_note = note
        self.override_reference = reference
        self.overridden_by = by
        self.overridden_at = timezone.now()
        self.reviewed = True

    def confirm(self, *, by) -> None:
        self.reviewed = True
        self.overridden_by = by
        self.overridden_at = timezone.now()
