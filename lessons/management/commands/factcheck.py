"""`manage.py factcheck [--format table|json] [--coverage]`: re-verify, print every claim and its
evidence, then the coverage per lesson and module (sentences checked of all, per verdict)."""

import json
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandParser

from lessons.marks import Coverage
from lessons.models import Claim, Lesson
from lessons.services import refresh_content
from lessons.services.coverage import ModuleCoverage, coverage_by_module, percent, total_coverage


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


def coverage_line(checked: Coverage) -> str:
    """ "14 of 26 sentences checked (54 %): 11 supported, 1 contradicted, 2 unverified"."""
    share = percent(checked.checked, checked.sentences)
    return str(checked).replace(" checked:", f" checked ({share} %):", 1)


def coverage_lines(modules: list[ModuleCoverage]) -> Iterator[str]:
    yield "coverage: sentences checked of all, each counted as its worst claim"
    for module in modules:
        yield f"{module.module.title}: {coverage_line(module.total)}"
        for row in module.lessons:
            yield f"  {row.lesson.title[:60]:<60} {coverage_line(row.coverage)}"
    yield f"all modules: {coverage_line(total_coverage(m.total for m in modules))}"


def coverage_json(modules: list[ModuleCoverage]) -> list[dict[str, object]]:
    def counts(checked: Coverage) -> dict[str, int]:
        return {
            "sentences": checked.sentences,
            "checked": checked.checked,
            "supported": checked.supported,
            "refuted": checked.refuted,
            "unverified": checked.unverified,
        }

    return [
        {
            "module": module.module.title,
            **counts(module.total),
            "lessons": [
                {"lesson": row.lesson.title, "slug": row.lesson.slug, **counts(row.coverage)}
                for row in module.lessons
            ],
        }
        for module in modules
    ]


class Command(BaseCommand):
    help = (
        "Re-verify every lesson claim against the reference facts and print each one with its "
        "verdict, fact, correct value, reference URL and sentence; then the coverage per lesson "
        "and module (sentences checked of all, per verdict). --coverage prints only the coverage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--coverage", action="store_true", help="only the coverage per lesson and module"
        )

    def handle(self, *args: object, **options: object) -> None:
        counts = refresh_content()  # a verdict that changed changes what may be quizzed
        published = Lesson.objects.filter(published=True, module__published=True)
        modules = coverage_by_module(published.in_reading_order())
        if options["format"] == "json":
            rows: object = (
                coverage_json(modules)
                if options["coverage"]
                else [claim_row(c) for c in Claim.objects.with_evidence()]
            )
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not options["coverage"]:
            self._claims()
        summary = ", ".join(f"{counts[v]} {v}" for v in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"))
        self.stdout.write(f"factcheck: {counts['claims']} claims: {summary}")
        for line in coverage_lines(modules):
            self.stdout.write(line)

    def _claims(self) -> None:
        for row in map(claim_row, Claim.objects.with_evidence()):
            self.stdout.write(
                f"{row['verdict']:<16} {row['claim'][:40]:<40} {row['fact_id'] or '-':<32} "
                f"{row['correct_value'] or '':<24} {row['module'][:30]} › {row['lesson'][:40]}"
            )
            self.stdout.write(f"{'':<16} “{row['sentence']}”  {row['reference_url']}")
