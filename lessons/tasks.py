"""Background work of the lessons app, run through Django's task framework.

In development and tests the immediate backend runs a task as it is enqueued; in production the
database backend queues it for ``manage.py db_worker``.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.tasks import task

from lessons.models import ArticleImport
from lessons.services.imports import run_import


@task
def import_article(import_id: int) -> str:
    """Ingest a confirmed article import; returns its final status ("done" or "failed")."""
    return run_import(import_id).status


def queue_import(article_import: ArticleImport) -> None:
    """Enqueue the import once the transaction that confirmed it commits (never on rollback)."""
    transaction.on_commit(partial(_enqueue, article_import.pk))


def _enqueue(import_id: int) -> None:
    result = import_article.enqueue(import_id)
    # The immediate backend has already run the task: set the id only, never the status.
    ArticleImport.objects.filter(pk=import_id).update(task_id=str(result.id))
