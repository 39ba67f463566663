"""Content: documents (ingested seed articles), modules and lessons."""

from __future__ import annotations

import math

from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

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
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_name"]

    def __str__(self) -> str:
        """Its title; else its file name; never blank."""
        return self.title.strip() or self.source_name.strip() or f"Document #{self.pk}"


def _live(path: str) -> Q:
    """The module or lesson at ``path`` is published and its scheduled time, if any, has come."""
    return Q(**{f"{path}published": True}) & (
        Q(**{f"{path}publish_at__isnull": True}) | Q(**{f"{path}publish_at__lte": timezone.now()})
    )


class ModuleQuerySet(models.QuerySet["Module"]):
    @staticmethod
    def visible_q(path: str = "") -> Q:
        """Visible to learners now: the one definition (``path`` leads from another model to
        a module, "module__")."""
        return _live(path)

    def published(self) -> ModuleQuerySet:
        """The modules learners see now: published, and their scheduled time (if any) come."""
        return self.filter(self.visible_q())

    def scheduled(self) -> ModuleQuerySet:
        """Published, but learners see them only from a time still to come."""
        return self.filter(published=True, publish_at__gt=timezone.now())

    def with_stats(self) -> ModuleQuerySet:
        """Lesson count and total reading time of the visible lessons, in the same query."""
        published = _live("lessons__")
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
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Scheduled: learners see it from this time (if published). Empty: at once.",
    )
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
    def in_reading_order(self) -> LessonQuerySet:
        """Module by module, in course order, with their module."""
        return self.select_related("module").order_by("module__order", "order")

    @staticmethod
    def visible_q(path: str = "") -> Q:
        """Visible to learners now: the lesson and its module (``path`` leads from another
        model to a lesson, "lesson__")."""
        return _live(path) & ModuleQuerySet.visible_q(f"{path}module__")

    def published(self) -> LessonQuerySet:
        """The lessons learners see now (see ``visible_q``)."""
        return self.filter(self.visible_q())

    def scheduled(self) -> LessonQuerySet:
        """Published, but learners see them only from a time still to come."""
        return self.filter(published=True, publish_at__gt=timezone.now())

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
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Scheduled: learners see it from this time (if published). Empty: at once.",
    )
    edited = models.BooleanField(
        default=False, help_text="An admin changed the body: re-ingesting keeps it."
    )
    source_changed = models.BooleanField(
        default=False,
        help_text="The seed text changed after the body was edited: review the body.",
    )
    key_facts = models.ManyToManyField(
        "lessons.Fact",
        blank=True,
        related_name="key_for_lessons",
        help_text="Facts chosen to show and quiz with this lesson, besides those found by subject.",
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
