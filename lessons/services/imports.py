"""Adding an article from the admin: upload -> preview -> confirm -> a task ingests it -> summary.

The upload is read and parsed exactly as ``manage.py ingest`` reads a seed (``lessons.articles``)
and refused, with a message naming the problem, before anything is saved: not a ``.txt``/``.md``
file, binary, empty, larger than the seed caps, not UTF-8, only boilerplate, or the same text (or
name) as a document already there. The preview is saved as an :class:`ArticleImport`; confirming
queues ``lessons.tasks.import_article``, which runs :func:`run_import`: the article ingested,
its claims verified and the course's questions regenerated (``ingest_article``) in one
transaction, so a failure leaves nothing behind but the import marked failed with its reason.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import Count, Model, Q

from lessons.articles import Article, IngestError, Section, decode_seed, parse_article
from lessons.articles.blocks import split_lines
from lessons.articles.cleaning import Extras, is_content
from lessons.models import ArticleImport, Document, Lesson, Module, Verdict
from lessons.services.coverage import claims_by_lesson, coverage_by_module, total_coverage
from lessons.services.ingest import ingest_article, slug_for

logger = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
PASTED = "pasted text"
OPENING_WORDS = 24


@dataclass(frozen=True)
class LessonPreview:
    title: str
    opening: str  # its first words
    words: int


@dataclass(frozen=True)
class Preview:
    """What an upload will become, before anything is written."""

    article: Article
    text: str
    dropped: tuple[str, ...]  # boilerplate lines left out of the lessons

    @property
    def lessons(self) -> list[LessonPreview]:
        return [lesson_preview(section) for section in self.article.sections]


def lesson_preview(section: Section) -> LessonPreview:
    """A section's title, its first words and its length, counted on its text as written."""
    words = " ".join(section.paragraphs).split()
    opening = " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")
    return LessonPreview(section.title, opening, len(words))


def preview_upload(*, raw: bytes, name: str = "", title: str = "") -> Preview:
    """Read an uploaded file (``name``) or pasted text (no name) as the seed ingest reads it.

    Raises :class:`IngestError` (its message names the problem) for anything that cannot
    become a new module; a pasted article is named after its title (``<slug>.md``).
    """
    label = name or PASTED
    if name and not name.lower().endswith(SUFFIXES):
        raise IngestError(name, "only .txt and .md files can be added as articles")
    text = decode_seed(raw, name=label)
    article = parse_article(text, name=label, sha256=hashlib.sha256(raw).hexdigest())
    title = " ".join(title.split())
    if title:
        article = replace(article, title=title)
    if not name:
        article = replace(article, name=f"{slug_for(article.title)}.md")
    check_new(article)
    return Preview(article=article, text=text, dropped=dropped_lines(text))


def dropped_lines(text: str) -> tuple[str, ...]:
    """The site chrome the parser leaves out of the lessons (the disclaimer and the site
    metadata are set aside too, but kept: the preview shows them apart)."""
    dropped = []
    for line in split_lines(text):
        extras = Extras(metadata={})
        if not is_content(line, extras) and not extras.disclaimer and not extras.metadata:
            dropped.append(line.text)
    return tuple(dropped)


def check_new(article: Article, *, importing: ArticleImport | None = None) -> None:
    """An article is added once: refuse the same bytes, or a name already taken, or the same
    bytes in another import under way (not ``importing`` itself)."""
    same = Document.objects.filter(sha256=article.sha256).first()
    if same is not None:
        raise IngestError(
            article.name, f"this text was already added, as the document “{same.title}”"
        )
    if Document.objects.filter(source_name=article.name).exists():
        raise IngestError(article.name, "a document of that name exists; rename the file")
    others = ArticleImport.objects.in_progress().filter(sha256=article.sha256)
    if importing is not None:
        others = others.exclude(pk=importing.pk)
    if others.exists():
        raise IngestError(article.name, "this text is already being imported")


def record_preview(preview: Preview, *, by: Any) -> ArticleImport:
    article = preview.article
    return ArticleImport.objects.create(
        created_by=by,
        file_name=article.name,
        title=article.title,
        sha256=article.sha256,
        text=preview.text,
    )


def article_of(article_import: ArticleImport) -> Article:
    """The import's article as it will be ingested (with the admin's title)."""
    article = parse_article(
        article_import.text, name=article_import.file_name, sha256=article_import.sha256
    )
    return replace(article, title=article_import.title)


def preview_of(article_import: ArticleImport) -> Preview:
    """A saved import's preview, parsed again from its text."""
    text = article_import.text
    return Preview(article=article_of(article_import), text=text, dropped=dropped_lines(text))


def confirm_import(article_import: ArticleImport, *, title: str) -> None:
    """Mark a previewed import queued (checked again: another import may have landed since)."""
    article_import.title = " ".join(title.split()) or article_import.title
    check_new(article_of(article_import))
    article_import.status = ArticleImport.Status.QUEUED
    article_import.save(update_fields=["title", "status"])


def run_import(import_id: int) -> ArticleImport:
    """Ingest a queued import, all or nothing; a second run of the same import does nothing."""
    article_import = ArticleImport.objects.get(pk=import_id)
    if article_import.status != ArticleImport.Status.QUEUED:
        return article_import
    article_import.start()
    try:
        with transaction.atomic():
            article = article_of(article_import)
            check_new(article, importing=article_import)
            module = ingest_article(article)
            article_import.finish(document=module.document, summary=summarise_module(module))
    except IngestError as error:
        article_import.fail(str(error))
    except Exception as error:  # any failure belongs on the import's page, not only in a log
        logger.exception("article import %s failed", import_id)
        article_import.fail(f"{type(error).__name__}: {error}")
    return article_import


# --------------------------------------------------------------------------- the summary


def summarise_module(module: Module) -> dict[str, Any]:
    """What an import made, as plain data kept on the import: lessons (with their coverage and
    question counts), claims per verdict, sentences not checked, questions per kind, questions
    waiting for a confirmed refutation, and problems an admin should look at."""
    lessons = list(module.lessons.select_related("module"))
    claims = claims_by_lesson(lessons)
    verdicts = Counter(claim.verdict for rows in claims.values() for claim in rows)
    modules = coverage_by_module(lessons)
    rows = modules[0].lessons if modules else []
    total = total_coverage(row.coverage for row in rows)
    questions = question_counts(module)
    per_lesson = lesson_question_counts(lessons)
    summary_lessons = [
        {
            "pk": row.lesson.pk,
            "title": row.lesson.title,
            "url": row.lesson.get_absolute_url(),
            "sentences": row.coverage.sentences,
            "checked": row.coverage.checked,
            "questions": per_lesson.get(row.lesson.pk, 0),
        }
        for row in rows
    ]
    return {
        "module": {"pk": module.pk, "title": module.title, "url": module.get_absolute_url()},
        "lessons": summary_lessons,
        "claims": [[verdict.label, verdicts[verdict]] for verdict in Verdict],
        "sentences": total.sentences,
        "unchecked": total.sentences - total.checked,
        "questions": questions["by_kind"],
        "active_questions": questions["active"],
        "waiting": questions["waiting"],
        "problems": problems(summary_lessons, questions),
    }


def _question_model() -> type[Model]:
    """Questions belong to the quizzes app, which lessons never imports: reached through the
    relations it adds to modules (a module's quizzes, a quiz's questions)."""
    quiz = Module._meta.get_field("quizzes").related_model
    assert isinstance(quiz, type)
    question = quiz._meta.get_field("questions").related_model
    assert isinstance(question, type)
    return question


def question_counts(module: Module) -> dict[str, Any]:
    """The module's questions (its lesson quizzes and its test): per kind, active, and waiting
    for an admin to confirm the refutation they are built on (one query)."""
    question = _question_model()
    labels = dict(question._meta.get_field("kind").flatchoices)  # type: ignore[union-attr]
    waiting = Q(active=False, claim__reviewed=False, claim__isnull=False)
    rows = list(
        question._default_manager.filter(quiz__module=module)
        .values("kind")
        .annotate(asked=Count("pk", filter=Q(active=True)), waiting=Count("pk", filter=waiting))
        .order_by("kind")
    )
    return {
        "by_kind": [[str(labels.get(row["kind"], row["kind"])), row["asked"]] for row in rows],
        "active": sum(row["asked"] for row in rows),
        "waiting": sum(row["waiting"] for row in rows),
    }


def lesson_question_counts(lessons: list[Lesson]) -> dict[int, int]:
    """Active questions per lesson quiz (one query)."""
    rows = (
        Lesson.objects.filter(pk__in=[lesson.pk for lesson in lessons])
        .values("pk")
        .annotate(n=Count("quiz__questions", filter=Q(quiz__questions__active=True)))
    )
    return {row["pk"]: row["n"] for row in rows}


def problems(lessons: list[dict[str, Any]], questions: dict[str, Any]) -> list[str]:
    """What an admin should look at before learners do."""
    found = []
    if not questions["active"]:
        found.append("No question could be made: the module has no quiz to take yet.")
    if waiting := questions["waiting"]:
        found.append(
            f"{waiting} question(s) wait until an admin confirms the contradicted claim they "
            "rest on (Claims: check the correction, then mark the claim reviewed)."
        )
    for lesson in lessons:
        if not lesson["checked"]:
            found.append(f"“{lesson['title']}”: no sentence could be checked against the sources.")
        elif not lesson["questions"]:
            found.append(f"“{lesson['title']}”: no quiz question.")
    return found
