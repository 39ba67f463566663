"""Truth: the references facts were read on, the facts, and the claims checked against them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lessons.facts import factbase as fb
from lessons.facts import values as fv
from lessons.facts.schema import dump_value, parse_date, parse_value
from lessons.facts.verdicts import Verdict
from lessons.models.content import Lesson


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
    pure verifier reads it with `lessons.facts.schema.parse_value`.
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
    single = models.BooleanField(
        default=True, help_text="One right value: only then may a different value refute a claim."
    )
    as_of = models.CharField(
        max_length=10, blank=True, help_text="When the value held (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    generic = models.JSONField(
        default=list,
        blank=True,
        help_text='Loose names ("the air campaign"): the subject only in an article on it.',
    )
    question = models.TextField(blank=True, help_text="A teacher's question answered by the value.")
    false_statement = models.TextField(
        blank=True, help_text="A plausible false statement, for a false true/false item."
    )
    confirmed_errors = models.JSONField(
        default=list,
        blank=True,
        help_text="Wrong values the articles state whose refutation an admin confirmed.",
    )
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
            "value": dump_value(value),
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
            "single": source.single,
            "as_of": source.as_of.iso() if source.as_of else "",
            "generic": list(source.generic),
            "question": source.question,
            "false_statement": source.false_statement,
            "confirmed_errors": list(source.confirmed_errors),
            **cls.value_fields(source.value),
        }

    def as_record(self, reference: fb.Reference) -> fb.Fact:
        """The fact as the pure verifier and generator read it."""
        return fb.Fact(
            id=self.key,
            subject=self.subject,
            aliases=tuple(self.aliases),
            predicate=self.predicate,
            value=parse_value(self.value, where=self.key),
            statement=self.statement,
            reference=reference,
            cues=tuple(self.cues),
            tags=tuple(self.tags),
            single=self.single,
            as_of=parse_date(self.as_of, where=self.key) if self.as_of else None,
            generic=tuple(self.generic),
            question=self.question,
            false_statement=self.false_statement,
            confirmed_errors=tuple(self.confirmed_errors),
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
        return self.filter(Lesson.objects.visible_q("lesson__"))

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
    by_hand = models.BooleanField(
        default=False,
        help_text="Added by an admin: checking the lesson again keeps it and re-verifies it.",
    )
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
