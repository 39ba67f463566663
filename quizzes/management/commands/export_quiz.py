"""`manage.py export_quiz --format gift|moodle-xml|qti [--module SLUG|--lesson ID]
[--output PATH]`: published quizzes' active questions for Moodle or a QTI 2.1 player."""

from __future__ import annotations

import pathlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.models import Lesson, Module
from quizzes.exports.formats import ExportFormat
from quizzes.exports.selection import exportable, records


class Command(BaseCommand):
    help = (
        "Export the active questions of published quizzes (the whole course, one module or one "
        "lesson) as GIFT or Moodle XML (Moodle: Question bank > Import) or as an IMS QTI 2.1 "
        "content package (zip). Writes to stdout (not qti) or --output; reports on stderr how "
        "many questions of each kind went out and what the format skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", required=True, choices=[fmt.value for fmt in ExportFormat], dest="fmt"
        )
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--module", metavar="SLUG", help="only this module's quizzes")
        scope.add_argument("--lesson", metavar="ID", type=int, help="only this lesson's quiz")
        parser.add_argument("--output", metavar="PATH", help="write here instead of stdout")

    def handle(self, *args: object, **options: Any) -> None:
        fmt = ExportFormat(options["fmt"])
        if fmt is ExportFormat.QTI and not options["output"]:
            raise CommandError("a QTI package is a zip file: give --output PATH")
        questions = exportable(module=_module(options["module"]), lesson=_lesson(options["lesson"]))
        export = fmt.render(records(questions))
        if options["output"]:
            pathlib.Path(options["output"]).write_bytes(export.content)
        else:
            self.stdout.write(export.content.decode("utf-8"), ending="")
        for line in export.report_lines():
            self.stderr.write(line)
        if not export.total:
            self.stderr.write("nothing exported: no published quiz has an active question here")


def _module(slug: str | None) -> Module | None:
    if slug is None:
        return None
    module = Module.objects.published().filter(slug=slug).first()
    if module is None:
        raise CommandError(f"no published module {slug!r}")
    return module


def _lesson(pk: int | None) -> Lesson | None:
    if pk is None:
        return None
    lesson = Lesson.objects.published().filter(pk=pk).first()
    if lesson is None:
        raise CommandError(f"no published lesson {pk}")
    return lesson
