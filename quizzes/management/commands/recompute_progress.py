"""`manage.py recompute_progress [--dry-run]`: rebuild review cards, mastery and attempt scores
from the stored responses and report every difference."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quizzes.recompute import recompute_progress


class Command(BaseCommand):
    help = (
        "Replay every stored answer, in answer order, through the review scheduler and compare: "
        "per learner, the review cards (with their mastery levels) added, changed and removed; "
        "attempts whose score does not follow from their answers; lesson progress rows that "
        "contradict themselves (reported only: reading is not derived from answers). "
        "Writes the rebuilt cards and scores unless --dry-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")

    def handle(self, *args: object, **options: Any) -> None:
        report = recompute_progress(dry_run=bool(options["dry_run"]))
        for line in report.lines():
            self.stdout.write(line)
