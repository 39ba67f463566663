"""`manage.py ingest [PATH…] [--dry-run] [--strict]`: seed articles → modules and lessons."""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.articles import MAX_HEADINGS, MAX_LESSON_CHARS, MAX_LINE_CHARS, MAX_SEED_BYTES
from lessons.facts.schema import MAX_FACTBASE_BYTES
from lessons.services import ingest_documents


class Command(BaseCommand):
    help = (
        "Ingest seed articles (default: seeds/) into modules and lessons. Idempotent: unchanged "
        "files write nothing; an admin-edited lesson body is kept and flagged when its source "
        "changed; progress is never deleted. A bad file is reported by name and skipped (with "
        f"--strict nothing is written): an article over {MAX_SEED_BYTES:,} bytes, with a line "
        f"over {MAX_LINE_CHARS:,} characters, over {MAX_HEADINGS:,} headings or a lesson over "
        f"{MAX_LESSON_CHARS:,} characters; a fact base over {MAX_FACTBASE_BYTES:,} bytes, not "
        "UTF-8, empty, nested too deeply or invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default seeds/)")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--strict", action="store_true", help="any bad file stops the whole ingest"
        )

    def handle(self, *args: object, **options: Any) -> None:
        paths = options["paths"] or [Path(settings.SEEDS_DIR)]
        started = time.perf_counter()
        report = ingest_documents(
            paths=paths, dry_run=bool(options["dry_run"]), strict=bool(options["strict"])
        )
        for error in report.errors:
            self.stderr.write(self.style.ERROR(f"rejected {error}"))
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        elapsed = time.perf_counter() - started
        self.stdout.write(f"ingest: {prefix}{report.summary()} in {elapsed:.2f}s")
        if report.errors and (options["strict"] or not report.files):
            raise CommandError(f"{len(report.errors)} file(s) rejected; nothing written for them")
