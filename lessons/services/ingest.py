"""Seed articles and fact bases → documents, modules, lessons, references and facts.

Idempotent by content hash: unchanged sources write nothing, and then nothing is re-verified or
regenerated either. What an admin edited (a lesson body, a reference, a fact) is kept as they
left it; a lesson whose section vanished is unpublished, never deleted (progress hangs off it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from lessons.articles import Article, IngestError, Section, read_article
from lessons.facts import factbase as fb
from lessons.models import Document, Fact, Lesson, Module, Reference
from lessons.services.content import catch_up_content, refresh_content

SEED_SUFFIX = ".txt"
FACTS_SUFFIX = ".toml"
RESERVED_SLUGS = {"marks"}  # /lessons/marks/ is the fact-check marks toggle
VERDICTS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")


@dataclass
class IngestReport:
    """What an ingest did, per file and in total."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    verdicts: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(n for key, n in self.counts.items() if not key.endswith(("unchanged", "kept")))

    def summary(self) -> str:
        parts = [f"{self.counts[k]} {k}" for k in ("created", "updated", "unchanged", "flagged")]
        line = f"{len(self.files)} file(s): lessons " + ", ".join(parts)
        for group in ("references", "facts", "questions"):
            found = [f"{n} {k}" for k, n in sorted(self.counts.items()) if k.startswith(group)]
            if found:
                line += "; " + ", ".join(found)
        if self.verdicts:
            line += "; claims " + ", ".join(f"{self.verdicts[v]} {v}" for v in VERDICTS)
        if self.errors:
            line += f"; {len(self.errors)} file(s) rejected"
        return line


def split_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(seed articles, fact bases) among the paths; a folder gives its *.txt and *.toml files,
    sorted. Any other named file counts as an article, so a missing one is reported by name."""
    seeds: list[Path] = []
    facts: list[Path] = []
    for path in paths:
        if path.is_dir():
            children = sorted(path.iterdir())
            seeds += [p for p in children if p.suffix == SEED_SUFFIX]
            facts += [p for p in children if p.suffix == FACTS_SUFFIX]
        elif path.suffix == FACTS_SUFFIX:
            facts.append(path)
        else:
            seeds.append(path)
    return seeds, facts


def slug_for(title: str, *, max_length: int = 60) -> str:
    """A readable slug cut at a word boundary."""
    slug = slugify(title)
    if len(slug) <= max_length:
        return slug or "untitled"
    return slug[:max_length].rsplit("-", 1)[0]


def unique_slugs(titles: Iterable[str]) -> list[str]:
    seen: Counter[str] = Counter()
    slugs = []
    for title in titles:
        slug = slug_for(title)
        seen[slug] += 1
        slugs.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return slugs


def summarise(article: Article, *, limit: int = 240) -> str:
    first = article.sections[0].paragraphs[0] if article.sections else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def ingest_documents(
    *, paths: Iterable[Path], dry_run: bool = False, strict: bool = False
) -> IngestReport:
    """Ingest seed articles and fact bases, then refresh claims and questions if anything changed.

    A bad file is reported and skipped (nothing of it is written) while the good ones load; with
    `strict`, any bad file stops the whole ingest before anything is written.
    """
    report = IngestReport()
    articles, bases = _read_sources(paths, report)
    if strict and report.errors:
        return report
    with transaction.atomic():
        order_base = Module.objects.count()
        for index, article in enumerate(articles):
            report.files.append(article.name)
            report.counts.update(_ingest_article(article, default_order=order_base + index))
        for base in bases:
            _load_facts(base, report)
        if report.changed:
            counts = refresh_content()
            report.verdicts = Counter({v: counts.pop(v, 0) for v in VERDICTS})
            counts.pop("claims", None)
            report.counts.update(counts)
        else:
            report.counts.update(catch_up_content())
        if dry_run:
            transaction.set_rollback(True)
    return report


def ingest_article(article: Article) -> Module:
    """Add one new article (an admin's import): its document, module and lessons, then the
    claims of its lessons verified and the course's questions regenerated, all or nothing."""
    with transaction.atomic():
        _ingest_article(article, default_order=Module.objects.count())
        module = Module.objects.get(document__source_name=article.name)
        refresh_content(lessons=module.lessons.select_related("module"))
    return module


def _read_sources(
    paths: Iterable[Path], report: IngestReport
) -> tuple[list[Article], list[fb.FactBase]]:
    seed_files, fact_files = split_paths(paths)
    articles: list[Article] = []
    for path in seed_files:
        try:
            articles.append(read_article(path))
        except IngestError as error:
            report.errors.append(str(error))
    bases: list[fb.FactBase] = []
    for path in fact_files:
        try:
            bases.append(fb.load_factbase_file(path))
        except fb.FactBaseError as error:
            report.errors.append(str(error))
    return articles, bases


def _ingest_article(article: Article, *, default_order: int) -> Counter[str]:
    document = Document.objects.filter(source_name=article.name).first()
    if document and document.sha256 == article.sha256:
        return Counter(unchanged=Lesson.objects.filter(module__document=document).count())
    if document is None:
        document = Document(source_name=article.name)
    document.sha256 = article.sha256
    document.title = article.title
    document.disclaimer = article.disclaimer
    document.metadata = article.metadata
    document.ingested_at = timezone.now()
    document.save()

    module = Module.objects.filter(document=document).first()
    if module is None:
        module = Module.objects.create(
            document=document,
            slug=_free_module_slug(slug_for(article.title.split(":")[0])),
            title=article.title,
            order=default_order,
            summary=summarise(article),
        )
    return _sync_lessons(module, article.sections)


def _free_module_slug(slug: str) -> str:
    taken = set(Module.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _sync_lessons(module: Module, sections: tuple[Section, ...]) -> Counter[str]:
    """Match sections to lessons by slug; never delete a lesson (progress hangs off it)."""
    counts: Counter[str] = Counter()
    existing = {lesson.slug: lesson for lesson in module.lessons.all()}
    slugs = unique_slugs(section.title for section in sections)
    new: list[Lesson] = []
    for order, (slug, section) in enumerate(zip(slugs, sections, strict=True), start=1):
        lesson = existing.pop(slug, None)
        if lesson is None:
            lesson = Lesson(module=module, order=order, slug=slug, title=section.title)
            lesson.take_source(section.body)
            new.append(lesson)
            continue
        outcome = lesson.take_source(section.body)
        if outcome != "unchanged" or lesson.order != order:
            lesson.order = order
            lesson.save()
        counts[outcome] += 1
    bulk_create_with_history(new, Lesson)
    counts["created"] += len(new)
    for gone in existing.values():
        # The section vanished from the seed: hide it, keep it (and its learners' progress).
        if gone.published:
            gone.published = False
            gone.source_changed = True
            gone.save(update_fields=["published", "source_changed"])
            counts["flagged"] += 1
    return counts


def _load_facts(base: fb.FactBase, report: IngestReport) -> None:
    """Upsert references, then facts: what an admin edited is kept as they left it, and an
    unchanged row is not written (nor its history grown)."""
    refs = _upsert(Reference, {ref.id: Reference.fields_of(ref) for ref in base.references}, report)
    facts = {
        fact.id: {**Fact.fields_of(fact), "reference_id": refs[fact.reference.id].pk}
        for fact in base.facts
    }
    _upsert(Fact, facts, report)


def _upsert(
    model: type[Reference] | type[Fact], wanted: dict[str, dict[str, Any]], report: IngestReport
) -> dict[str, Any]:
    """{key: row} for every wanted key; new rows are created in one go, with their history."""
    label = model._meta.verbose_name_plural
    rows: dict[str, Any] = {row.key: row for row in model._default_manager.filter(key__in=wanted)}
    for key, row in rows.items():
        fields = wanted[key]
        if row.edited:
            report.counts[f"{label} kept"] += 1
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
            report.counts[f"{label} updated"] += 1
    new: list[Any] = [model(key=key, **fields) for key, fields in wanted.items() if key not in rows]
    if new:
        bulk_create_with_history(new, model)
        report.counts[f"{label} created"] += len(new)
    return {**rows, **{row.key: row for row in new}}
