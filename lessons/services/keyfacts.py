"""Each lesson's key facts (:mod:`lessons.facts.keyfacts`) from the database, in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from lessons.facts import factbase as fb
from lessons.facts.keyfacts import key_facts
from lessons.models import Claim, Lesson, Verdict


def key_facts_by_lesson(lessons: Iterable[Lesson], base: fb.FactBase) -> dict[int, list[fb.Fact]]:
    """lesson pk -> its key facts (records of ``base``), in a constant number of queries."""
    lessons = list(lessons)
    ids = [lesson.pk for lesson in lessons]
    corrections: dict[int, list[str]] = {pk: [] for pk in ids}
    claimed: dict[int, list[str]] = {pk: [] for pk in ids}
    claims = Claim.objects.filter(lesson__in=ids, fact__isnull=False).values_list(
        "lesson_id", "fact__key", "auto_verdict", "override_verdict"
    )
    for lesson_id, fact_key, auto, override in claims:
        verdict = override or auto
        if verdict == Verdict.REFUTED:
            corrections[lesson_id].append(fact_key)
        elif verdict == Verdict.SUPPORTED:
            claimed[lesson_id].append(fact_key)
    chosen: dict[int, list[str]] = {pk: [] for pk in ids}
    through = Lesson.key_facts.through.objects.filter(lesson__in=ids)
    for lesson_id, fact_key in through.values_list("lesson_id", "fact__key"):
        chosen[lesson_id].append(fact_key)
    return {
        lesson.pk: key_facts(
            [lesson.body],
            base,
            corrections=corrections[lesson.pk],
            chosen=chosen[lesson.pk],
            claimed=claimed[lesson.pk],
        )
        for lesson in lessons
    }
