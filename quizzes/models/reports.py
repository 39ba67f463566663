"""Learners' problem reports on a question or a fact-check mark, and how admins resolve them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from lessons.models import Claim, Fact
from lessons.pagecache import content_changed, learner_changed
from quizzes.models import Question

NOTE_MAX_LENGTH = 1000
"""The longest note a learner (or an admin resolving a report) may write."""


class ProblemReason(models.TextChoices):
    WRONG_ANSWER = "wrong_answer", "The answer marked right is wrong"
    UNCLEAR = "unclear", "The question is unclear or has two right answers"
    WRONG_MARK = "wrong_mark", "This fact-check mark is wrong"
    SOURCE = "source", "The source does not say this"
    OTHER = "other", "Something else"


QUESTION_REASONS = (
    ProblemReason.WRONG_ANSWER,
    ProblemReason.UNCLEAR,
    ProblemReason.SOURCE,
    ProblemReason.OTHER,
)
CLAIM_REASONS = (ProblemReason.WRONG_MARK, ProblemReason.SOURCE, ProblemReason.OTHER)


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open: we'll look at it"
    FIXED = "fixed", "Fixed"
    DEACTIVATED = "deactivated", "Question withdrawn"
    OVERRIDDEN = "overridden", "Fact check corrected"
    DISMISSED = "dismissed", "Looked at: no change"


OPEN_FIRST = Case(When(status=ReportStatus.OPEN, then=Value(0)), default=Value(1))


class ProblemReportQuerySet(models.QuerySet["ProblemReport"]):
    def open(self) -> ProblemReportQuerySet:
        return self.filter(status=ReportStatus.OPEN)

    def for_learner(self, user: Any) -> ProblemReportQuerySet:
        return self.filter(user=user)

    def about(self, item: Question | Claim) -> ProblemReportQuerySet:
        """Reports on this question or this claim."""
        if isinstance(item, Question):
            return self.filter(question=item)
        return self.filter(claim=item)

    def open_first(self) -> ProblemReportQuerySet:
        return self.order_by(OPEN_FIRST.asc(), "-created_at", "-pk")

    def for_progress(self) -> ProblemReportQuerySet:
        """A learner's own list: newest first, with what each is about."""
        return self.order_by("-created_at", "-pk")

    def with_evidence(self) -> ProblemReportQuerySet:
        """The admin's view: the item, its claim and fact with its source, who resolved it."""
        return self.select_related(
            "user",
            "resolved_by",
            "question__quiz__module",
            "question__quiz__lesson",
            "question__claim__lesson__module",
            "question__fact__reference",
            "claim__lesson__module",
            "claim__fact__reference",
            "claim__override_reference",
        )

    def resolve(self, status: ReportStatus, *, by: Any, note: str) -> int:
        """Resolve these open reports in one update; how many were resolved."""
        if status == ReportStatus.OPEN:
            raise ValueError("A resolution is not open.")
        reporters = set(self.open().values_list("user_id", flat=True))
        resolved = self.open().update(
            status=status, resolved_by=by, resolved_at=timezone.now(), resolution_note=note
        )
        learner_changed(*reporters)  # each sees the outcome on their progress page
        return resolved


class ProblemReport(models.Model):
    """A learner says a question or a fact-check mark seems wrong. At most one open report per
    learner and item; a resolution records who, when and a note the learner reads."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="problem_reports"
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_reports",
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="problem_reports"
    )
    about = models.CharField(
        max_length=300, help_text="The question's prompt or the claim's words, as reported."
    )
    reason = models.CharField(max_length=20, choices=ProblemReason.choices)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = [OPEN_FIRST.asc(), "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(status=ReportStatus.OPEN),
                name="one_open_report_per_learner_and_question",
            ),
            models.UniqueConstraint(
                fields=["user", "claim"],
                condition=Q(status=ReportStatus.OPEN),
                name="one_open_report_per_learner_and_claim",
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=True) | Q(claim__isnull=True),
                name="a_report_is_about_a_question_or_a_claim",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.OPEN, resolved_at__isnull=True)
                | (~Q(status=ReportStatus.OPEN) & Q(resolved_at__isnull=False)),
                name="a_resolved_report_says_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Report on “{self.about[:60]}” ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN

    @property
    def item(self) -> Question | Claim | None:
        return self.question or self.claim

    @property
    def evidence_claim(self) -> Claim | None:
        """The claim reported, or the one the reported question was made from."""
        return self.claim or (self.question.claim if self.question else None)

    @property
    def evidence_fact(self) -> Fact | None:
        claim = self.evidence_claim
        if claim is not None and claim.fact is not None:
            return claim.fact
        return self.question.fact if self.question else None

    def _same_item(self) -> ProblemReportQuerySet:
        """This report and every other open one on the same item: one answer resolves them."""
        item = self.item
        reports = ProblemReport.objects.filter(pk=self.pk)
        return reports | ProblemReport.objects.about(item) if item is not None else reports

    def _resolve(self, status: ReportStatus, *, by: Any, note: str) -> int:
        if not self.is_open:
            raise ValueError("This report is already resolved.")
        if not note.strip():
            raise ValueError("A resolution needs a note for the learner.")
        count = self._same_item().resolve(status, by=by, note=note)
        self.refresh_from_db(fields=["status", "resolved_by", "resolved_at", "resolution_note"])
        return count

    def mark_fixed(self, *, by: Any, note: str) -> int:
        """An admin has corrected the question or the lesson."""
        return self._resolve(ReportStatus.FIXED, by=by, note=note)

    def dismiss(self, *, by: Any, note: str) -> int:
        return self._resolve(ReportStatus.DISMISSED, by=by, note=note)

    @transaction.atomic
    def deactivate_question(self, *, by: Any, note: str) -> int:
        """No quiz or review draws the question again (always allowed, unlike deleting: an open
        attempt that drew it still asks it); regenerating keeps it withdrawn."""
        if self.question is None:
            raise ValueError("Only a report on a question can withdraw it.")
        self.question.active = False
        self.question.edited = True
        self.question.save(update_fields=["active", "edited"])
        transaction.on_commit(content_changed)  # lesson pages link to their quizzes
        return self._resolve(ReportStatus.DEACTIVATED, by=by, note=note)

    @transaction.atomic
    def override_verdict(self, verdict: str, *, by: Any, note: str) -> int:
        """The admin's verdict on the claim (with the note as the override's reason). The caller
        regenerates the questions afterwards."""
        claim = self.evidence_claim
        if claim is None:
            raise ValueError("This report has no fact-check claim to correct.")
        claim.override(verdict, by=by, note=note)
        claim.save(
            update_fields=[
                "override_verdict",
                "override_note",
                "override_reference",
                "overridden_by",
                "overridden_at",
                "reviewed",
            ]
        )
        return self._resolve(ReportStatus.OVERRIDDEN, by=by, note=note)
