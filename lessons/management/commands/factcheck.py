"""`manage.py factcheck [--format table|json]`: re-verify, print every claim and its evidence."""

import json

from django.core.management.base import BaseCommand, CommandParser

from lessons.models import Claim
from lessons.services import refresh_content


def claim_row(claim: Claim) -> dict[str, str]:
    reference = claim.evidence_reference
    return {
        "module": claim.lesson.module.title,
        "lesson": claim.lesson.title,
        "sentence": claim.sentence,
        "anchor": claim.anchor,
        "claim": claim.text,
        "kind": claim.kind,
        "verdict": claim.verdict,
        "fact_id": claim.fact.key if claim.fact else "",
        "correct_value": claim.correct_value,
        "reference_url": reference.url if reference else "",
        "reason": claim.reason,
    }


class Command(BaseCommand):
    help = (
        "Re-verify every lesson claim against the reference facts and print each one with its "
        "verdict, fact, correct value, reference URL and sentence."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: object, **options: object) -> None:
        counts = refresh_content()  # a verdict that changed changes what may be quizzed
        rows = [claim_row(c) for c in Claim.objects.with_evidence()]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['verdict']:<16} {row['claim'][:40]:<40} {row['fact_id'] or '-':<32} "
                f"{row['correct_value'] or '':<24} {row['module'][:30]} › {row['lesson'][:40]}"
            )
            self.stdout.write(f"{'':<16} “{row['sentence']}”  {row['reference_url']}")
        summary = ", ".join(f"{counts[v]} {v}" for v in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"))
        self.stdout.write(f"factcheck: {counts['claims']} claims: {summary}")
