"""Workflows across several models: ingesting seed articles into modules and lessons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from lessons.articles import Article, IngestError, Section, read_article
from lessons.facts import factbase as fb
from lessons.facts.verify import Context, check_sentence
from lessons.models import Claim, Document, Fact, Lesson, Module, Reference, reading_minutes
from lessons.pagecache import content_changed
from lessons.text.sentences import body_sentences

SEED_SUFFIX = ".txt"
FACTS_SUFFIX = ".toml"


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
            line += "; claims " + ", ".join(
                f"{self.verdicts[v]} {v}" for v in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")
            )
        if self.errors:
            line += f"; {len(self.errors)} file(s) rejected"
        return line


def run_content_pipeline() -> Counter[str]:
    """Steps later apps add after verification (settings.CONTENT_PIPELINE), e.g. generating
    questions: `lessons` must not import `quizzes`, so the project wires them together."""
    counts: Counter[str] = Counter()
    for path in getattr(settings, "CONTENT_PIPELINE", []):
        counts.update(import_string(path)())
    return counts


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
    """Ingest seed articles and fact bases, then re-verify claims if anything changed.

    Idempotent by content hash: unchanged sources write nothing. A bad file is reported and
    skipped (nothing of it is written) while the good ones load; with `strict`, any bad file
    stops the whole ingest before anything is written.
    """
    seed_files, fact_files = split_paths(paths)
    report = IngestReport()
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
            report.errors.append(f"{path}: {error}")
    if strict and report.errors:
        return report
    with transaction.atomic():
        order_base = Module.objects.count()
        for index, article in enumerate(articles):
            report.files.append(article.name)
            with transaction.atomic():
                report.counts.update(_ingest_article(article, default_order=order_base + index))
        for base in bases:
            _load_facts(base, report)
        if report.changed:
            report.verdicts = verify_lessons()
            content_changed()
        # Idempotent, so always run: it also fills in what a newer app adds to old content.
        report.counts.update(run_content_pipeline())
        if dry_run:
            transaction.set_rollback(True)
    return report


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


RESERVED_SLUGS = {"marks"}  # /lessons/marks/ is the fact-check marks toggle


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
    for order, (slug, section) in enumerate(zip(slugs, sections, strict=True), start=1):
        lesson = existing.pop(slug, None)
        if lesson is None:
            Lesson.objects.create(
                module=module,
                order=order,
                slug=slug,
                title=section.title,
                source_text=section.body,
                body=section.body,
                reading_minutes=reading_minutes(section.body),
            )
            counts["created"] += 1
            continue
        outcome = lesson.take_source(section.body)
        if outcome != "unchanged" or lesson.order != order:
            lesson.order = order
            lesson.save()
        counts[outcome] += 1
    for gone in existing.values():
        # The section vanished from the seed: hide it, keep it (and its learners' progress).
        if gone.published:
            gone.published = False
            gone.source_changed = True
            gone.save(update_fields=["published", "source_changed"])
            counts["flagged"] += 1
    return counts


# --- the fact base and verification ----------------------------------------------------------


def _load_facts(base: fb.FactBase, report: IngestReport) -> None:
    """Upsert references and facts; what an admin edited is kept as they left it, and an
    unchanged row is not written (nor its history grown)."""
    existing_refs = {ref.key: ref for ref in Reference.objects.all()}
    refs: dict[str, Reference] = {}
    for source in base.references:
        fields = {
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "accessed": date.fromisoformat(source.accessed) if source.accessed else None,
        }
        row = existing_refs.get(source.id)
        refs[source.id] = _upsert(Reference, row, source.id, fields, report)
    existing = {fact.key: fact for fact in Fact.objects.all()}
    for source in base.facts:
        draft = Fact(key=source.id)
        draft.set_value(source.value)
        fields = {
            "subject": source.subject,
            "aliases": list(source.aliases),
            "predicate": source.predicate,
            "value": draft.value,
            "value_display": draft.value_display,
            "statement": source.statement,
            "reference": refs[source.reference.id],
            "cues": list(source.cues),
            "tags": list(source.tags),
            "sort_date": draft.sort_date,
        }
        _upsert(Fact, existing.get(source.id), source.id, fields, report)


def _upsert(model, row, key: str, fields: dict, report: IngestReport):
    label = model._meta.verbose_name_plural
    if row is None:
        report.counts[f"{label} created"] += 1
        return model.objects.create(key=key, **fields)
    if row.edited:
        report.counts[f"{label} kept"] += 1
    elif any(getattr(row, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()
        report.counts[f"{label} updated"] += 1
    return row


def factbase_from_db() -> fb.FactBase:
    """The fact base as admins left it, for the pure verifier."""
    references: dict[int, fb.Reference] = {}
    facts = []
    for row in Fact.objects.for_verification():
        ref = references.get(row.reference_id)
        if ref is None:
            ref = references[row.reference_id] = fb.Reference(
                id=row.reference.key,
                title=row.reference.title,
                publisher=row.reference.publisher,
                url=row.reference.url,
                accessed=row.reference.accessed.isoformat() if row.reference.accessed else "",
            )
        facts.append(
            fb.Fact(
                id=row.key,
                subject=row.subject,
                aliases=tuple(row.aliases),
                predicate=row.predicate,
                value=fb.parse_value(row.value, where=row.key),
                statement=row.statement,
                reference=ref,
                cues=tuple(row.cues),
                tags=tuple(row.tags),
            )
        )
    return fb.FactBase(references=tuple(references.values()), facts=tuple(facts))


def verify_lessons(*, lessons: Iterable[Lesson] | None = None) -> Counter[str]:
    """Re-check every claim of the given lessons (default: all) against the fact base.

    Claims are matched to existing rows by (lesson, sentence anchor, offset, text), so an admin's
    override or review survives; claims whose sentence is gone are deleted unless overridden.
    """
    base = factbase_from_db()
    fact_ids = dict(Fact.objects.values_list("key", "pk"))
    lessons = list(Lesson.objects.all() if lessons is None else lessons)
    counts: Counter[str] = Counter()
    existing: dict[tuple, Claim] = {
        (c.lesson_id, c.anchor, c.start, c.text): c
        for c in Claim.objects.filter(lesson__in=lessons)
    }
    seen: set[tuple] = set()
    to_create: list[Claim] = []
    to_update: list[Claim] = []
    now = timezone.now()
    for lesson in lessons:
        previous: list[str] = []
        for position, sentence in enumerate(body_sentences(lesson.body)):
            context = Context(heading=lesson.title, previous=tuple(previous[-3:]))
            for check in check_sentence(sentence.text, base, context):
                key = (lesson.pk, sentence.anchor, check.claim.start, check.claim.text)
                if key in seen:
                    continue
                seen.add(key)
                fields = {
                    "sentence": sentence.text,
                    "position": position,
                    "end": check.claim.end,
                    "kind": check.claim.kind,
                    "value": fb.dump_value(check.claim.value),
                    "auto_verdict": check.verdict,
                    "fact_id": fact_ids.get(check.fact.id) if check.fact else None,
                    "correct_value": check.correct_value or "",
                    "reason": check.reason,
                    "checked_at": now,
                }
                claim = existing.get(key)
                if claim is None:
                    to_create.append(
                        Claim(
                            lesson=lesson,
                            anchor=sentence.anchor,
                            start=check.claim.start,
                            text=check.claim.text,
                            **fields,
                        )
                    )
                else:
                    for name, value in fields.items():
                        setattr(claim, name, value)
                    to_update.append(claim)
                counts[check.verdict] += 1
            previous.append(sentence.text)
    Claim.objects.bulk_create(to_create)
    Claim.objects.bulk_update(to_update, [*_CLAIM_FIELDS])
    gone = [c.pk for k, c in existing.items() if k not in seen and not c.override_verdict]
    Claim.objects.filter(pk__in=gone).delete()
    content_changed()
    counts["claims"] = len(seen)
    return counts


_CLAIM_FIELDS = (
    "sentence",
    "position",
    "end",
    "kind",
    "value",
    "auto_verdict",
    "fact_id",
    "correct_value",
    "reason",
    "checked_at",
)
