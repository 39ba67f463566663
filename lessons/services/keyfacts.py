"""Each lesson's key facts (:mod:`lessons.facts.keyfacts`) from the database, in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from lessons.facts import factbase as fb
from lessons.facts.keyfacts import SubjectFinder, key_facts
from lessons.models import Claim, Lesson, Verdict


def key_facts_by_lesson(lessons: Iterable[Lesson], base: fb.FactBase) -> dict[int, list[fb.Fact]]:
    """lesson pk -> its key facts (records of ``base``), in three queries whatever the number of
    lessons: the course's lessons, their claims (facts and verdicts), and the facts admins chose
    for them.

    Every lesson of the course is worked out, in reading order, whichever are asked for: a
    lesson prefers facts the lessons before it do not show (a course teaches more facts when its
    lessons do not all show the same ones), so its panel depends on theirs, and the lesson page
    and question generation must agree on it."""
    wanted = {lesson.pk for lesson in lessons}
    course = list(
        Lesson.objects.order_by("module__order", "module_id", "order", "pk").values_list(
            "pk", "module_id", "title", "body"
        )
    )
    ids = [row[0] for row in course]
    corrections: dict[int, list[str]] = defaultdict(list)
    claimed: dict[int, list[str]] = defaultdict(list)
    claims = (
        Claim.objects.filter(lesson__in=ids, fact__isnull=False)
        .order_by("lesson_id", "position", "start")
        .values_list("lesson_id", "fact__key", "auto_verdict", "override_verdict")
    )
    for lesson_id, fact_key, auto, override in claims:
        verdict = override or auto
        if verdict == Verdict.REFUTED:
            corrections[lesson_id].append(fact_key)
        elif verdict == Verdict.SUPPORTED:
            claimed[lesson_id].append(fact_key)
    chosen: dict[int, list[str]] = defaultdict(list)
    through = Lesson.key_facts.through.objects.filter(lesson__in=ids).order_by("pk")
    for lesson_id, fact_key in through.values_list("lesson_id", "fact__key"):
        chosen[lesson_id].append(fact_key)
    articles: dict[int, list[str]] = defaultdict(list)
    for _pk, module_id, title, body in course:
        articles[module_id] += [title, body]
    finder = SubjectFinder(base)
    found: dict[int, list[fb.Fact]] = {}
    seen: set[str] = set()  # the facts the lessons so far show
    for pk, module_id, title, body in course:
        facts = key_facts(
            [title, body],
            base,
            corrections=corrections[pk],
            chosen=chosen[pk],
            claimed=claimed[pk],
            article="\n".join(articles[module_id]),
            finder=finder,
            seen=seen,
        )
        seen.update(fact.id for fact in facts)
        if pk in wanted:
            found[pk] = facts
    return found
