from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kosovo_edu.accounts.data import login_history_before


class Command(BaseCommand):
    help = (
        "Delete login history (django-axes' access logs, failure logs and attempts) older than "
        "LOGIN_HISTORY_DAYS (default 90). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep this many days instead of LOGIN_HISTORY_DAYS",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, days: int | None, dry_run: bool, **options: Any) -> None:
        keep = settings.LOGIN_HISTORY_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=keep)
        total = 0
        for queryset in login_history_before(cutoff):
            total += queryset.count() if dry_run else queryset.delete()[0]
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {total} login history rows older than {keep} days.")
