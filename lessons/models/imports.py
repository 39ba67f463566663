"""Article imports: an admin's upload (or pasted text) on its way to becoming a module.

An import is recorded at the preview step, with the text it will ingest; confirming queues the
work as a task. Its status, summary and error stay as the record of who added what, and when.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from lessons.models.content import Document

# An import takes seconds (a 1 MB article, the largest allowed, about 12 s): one "running" for
# longer lost its worker, and its work was rolled back with it.
STALLED_AFTER = timedelta(minutes=10)


class ArticleImportQuerySet(models.QuerySet["ArticleImport"]):
    def in_progress(self) -> ArticleImportQuerySet:
        """Confirmed and not finished: queued or running."""
        return self.filter(status__in=ArticleImport.Status.in_progress())


class ArticleImport(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", "awaiting confirmation"
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

        @classmethod
        def in_progress(cls) -> list[str]:
            return [cls.QUEUED, cls.RUNNING]

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_imports",
    )
    created_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, help_text="The uploaded file, or a name for text.")
    title = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, help_text="Of the bytes uploaded.")
    text = models.TextField(help_text="The article as uploaded (decoded).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    objects = ArticleImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def queue(self, task_id: str) -> None:
        self.status, self.task_id = self.Status.QUEUED, task_id
        self.save(update_fields=["status", "task_id"])

    def start(self) -> None:
        self.status, self.started_at = self.Status.RUNNING, timezone.now()
        self.save(update_fields=["status", "started_at"])

    def finish(self, *, document: Document | None, summary: dict[str, Any]) -> None:
        self.status, self.finished_at = self.Status.DONE, timezone.now()
        self.document, self.summary, self.error = document, summary, ""
        self.save(update_fields=["status", "finished_at", "document", "summary", "error"])

    @property
    def stalled(self) -> bool:
        """Running for far longer than any import takes: its worker was stopped mid-way."""
        started = self.started_at
        return (
            self.status == self.Status.RUNNING
            and started is not None
            and (timezone.now() - started > STALLED_AFTER)
        )

    def requeue(self) -> None:
        """Run a stalled import again (the stopped run saved nothing: it was one transaction)."""
        self.status, self.started_at = self.Status.QUEUED, None
        self.save(update_fields=["status", "started_at"])

    def fail(self, reason: str) -> None:
        self.status, self.finished_at, self.error = self.Status.FAILED, timezone.now(), reason
        self.save(update_fields=["status", "finished_at", "error"])
