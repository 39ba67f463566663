"""``refresh_content()``: the fact base built once, claims verified, then later apps' steps.

Verification writes one :class:`~lessons.models.Claim` per checkable claim of each lesson
sentence. Claims are matched to existing rows by (lesson, sentence anchor, offset, text), so an
admin's override or review survives; a claim whose verdict, fact or value changed is saved with
its history (simple-history's bulk helpers), an unchanged one is not rewritten.

Each sentence is checked in its context: the sentences before it, the lesson's title, the
article's (module's) title and the sub-headings above it, which say what loose names such as
"the air campaign" mean.  A refutation whose words are one of its fact's ``confirmed_errors``
is marked reviewed (confirmed) at once; verification never un-reviews a claim.

A claim an admin added by hand (``by_hand``) is kept: it follows its sentence to where that
sentence now is in the body (anchor, position), and when the sentence is gone it stays as it
was, which the claims admin flags ("sentence in the lesson" ✗).

`lessons` must not import `quizzes`: the steps that follow verification (question generation)
are named in ``settings.CONTENT_PIPELINE`` and called with the same fact base.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lessons.facts import factbase as fb
from lessons.facts.outline import sentences_with_sections
from lessons.facts.schema import dump_value
from lessons.facts.verdicts import Verdict
from lessons.facts.verify import Check, Context, check_sentence
from lessons.models import Claim, Fact, Lesson
from lessons.pagecache import content_changed
from lessons.text.normalise import fold_case, nfc_squash_spaces
from lessons.text.sentences import Sentence, body_sentences

ClaimKey = tuple[int, str, int, str]  # lesson pk, sentence anchor, offset, claim text

# What verification decides about a claim; `checked_at` is stamped on every run separately.
CLAIM_FIELDS = (
    "sentence",
    "position",
    "end",
    "kind",
    "value",
    "auto_verdict",
    "fact_id",
    "correct_value",
    "reason",
)


@transaction.atomic
def refresh_content(
    *, lessons: Iterable[Lesson] | None = None, factbase: fb.FactBase | None = None
) -> Counter[str]:
    """Re-verify the given lessons (default: all) and regenerate what depends on verdicts.

    The fact base is read from the database once (or taken as given) and handed to every step.
    Lesson pages are invalidated when the transaction commits (never on a rollback or dry run).
    """
    base = factbase or factbase_from_db()
    counts = verify_lessons(base, lessons=lessons)
    counts.update(regenerate(base))
    return counts


def regenerate(factbase: fb.FactBase | None = None) -> Counter[str]:
    """Run the steps that follow verification (an admin's verdict override needs only these)."""
    counts = run_content_pipeline(factbase or factbase_from_db())
    content_changed()
    return counts


def catch_up_content() -> Counter[str]:
    """Nothing changed: let each step fill in only what is missing or outdated (cheap)."""
    return run_content_pipeline(None, stale_only=True)


def run_content_pipeline(factbase: fb.FactBase | None, *, stale_only: bool = False) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in getattr(settings, "CONTENT_PIPELINE", []):
        counts.update(import_string(path)(factbase=factbase, stale_only=stale_only))
    return counts


def factbase_from_db() -> fb.FactBase:
    """The fact base as admins left it, for the pure verifier and question generator."""
    references: dict[int, fb.Reference] = {}
    facts = []
    for row in Fact.objects.for_verification():
        ref = references.get(row.reference_id)
        if ref is None:
            ref = references[row.reference_id] = row.reference.as_record()
        facts.append(row.as_record(ref))
    return fb.FactBase(references=tuple(references.values()), facts=tuple(facts))


def verify_lessons(base: fb.FactBase, *, lessons: Iterable[Lesson] | None = None) -> Counter[str]:
    """Check every claim of the lessons against ``base``; counts per verdict and "claims"."""
    lessons = list(
        Lesson.objects.select_related("module") if lessons is None else lessons  # module titles
    )
    existing = _follow_hand_claims(
        {claim.key: claim for claim in Claim.objects.filter(lesson__in=lessons)}, lessons
    )
    fact_pks = dict(Fact.objects.values_list("key", "pk"))
    rows = dict(_checked_claims(lessons, base, fact_pks))
    counts = Counter(fields["auto_verdict"] for fields in rows.values())
    _save_claims(existing, rows)
    Claim.objects.filter(lesson__in=lessons).update(checked_at=timezone.now())
    counts["claims"] = len(rows)
    return counts


def _checked_claims(
    lessons: Iterable[Lesson], base: fb.FactBase, fact_pks: dict[str, int]
) -> Iterator[tuple[ClaimKey, dict[str, Any]]]:
    """(key, fields) of every claim in the lessons, in reading order, the first of duplicates."""
    seen: set[ClaimKey] = set()
    for lesson in lessons:
        previous: list[str] = []
        document = lesson.module.title
        for position, (sentence, sections) in enumerate(sentences_with_sections(lesson.body)):
            context = Context(
                heading=lesson.title,
                previous=tuple(previous[-3:]),
                document=document,
                sections=sections,
            )
            for check in check_sentence(sentence.text, base, context):
                key = (lesson.pk, sentence.anchor, check.claim.start, check.claim.text)
                if key not in seen:
                    seen.add(key)
                    yield key, _claim_fields(check, sentence.text, position, fact_pks)
            previous.append(sentence.text)


def is_confirmed_error(check: Check) -> bool:
    """A refutation the fact base already confirms: the claim's words are one of the fact's
    ``confirmed_errors`` (case and spacing aside)."""
    if check.verdict != Verdict.REFUTED or check.fact is None:
        return False
    return fold_case(check.claim.text) in {fold_case(e) for e in check.fact.confirmed_errors}


def _claim_fields(
    check: Check, sentence: str, position: int, fact_pks: dict[str, int]
) -> dict[str, Any]:
    confirmed = {"reviewed": True} if is_confirmed_error(check) else {}
    return {
        "sentence": sentence,
        "position": position,
        "end": check.claim.end,
        "kind": check.claim.kind,
        "value": dump_value(check.claim.value),
        "auto_verdict": str(check.verdict),
        "fact_id": fact_pks.get(check.fact.id) if check.fact else None,
        "correct_value": check.correct_value or "",
        "reason": check.reason,
        **confirmed,  # never False: an admin's review stays
    }


def _save_claims(existing: dict[ClaimKey, Claim], rows: dict[ClaimKey, dict[str, Any]]) -> None:
    """Create new claims, update changed ones, delete vanished ones an admin did not override."""
    created = [
        Claim(lesson_id=key[0], anchor=key[1], start=key[2], text=key[3], **fields)
        for key, fields in rows.items()
        if key not in existing
    ]
    changed = [
        claim
        for key, fields in rows.items()
        if (claim := existing.get(key)) is not None and claim.take_check(fields)
    ]
    bulk_create_with_history(created, Claim)
    bulk_update_with_history(changed, Claim, [*CLAIM_FIELDS, "reviewed"])
    gone = [
        claim.pk
        for key, claim in existing.items()
        if key not in rows and not claim.override_verdict and not claim.by_hand
    ]
    Claim.objects.filter(pk__in=gone).delete()


# --------------------------------------------------------------------------- claims by hand


def find_sentence(body: str, text: str, *, anchor: str = "") -> tuple[int, Sentence] | None:
    """(position, sentence) of the body's sentence that reads ``text`` (whitespace aside): the
    one at ``anchor`` when the same sentence occurs twice; None when the body has none."""
    wanted = nfc_squash_spaces(text)
    found = [(i, s) for i, s in enumerate(body_sentences(body)) if s.text == wanted]
    same_place = [(i, s) for i, s in found if s.anchor == anchor]
    return next(iter(same_place or found), None)


def words_at(sentence: str, words: str, *, start: int = -1) -> int:
    """Where ``words`` are in ``sentence``: at ``start`` when still there, else their first
    occurrence; -1 when the sentence does not hold them."""
    if words and start >= 0 and sentence[start : start + len(words)] == words:
        return start
    return sentence.find(words) if words else -1


def _follow_hand_claims(
    existing: dict[ClaimKey, Claim], lessons: list[Lesson]
) -> dict[ClaimKey, Claim]:
    """``existing`` keyed by where each claim is now: a hand claim moves with its sentence
    (saved at once); one whose sentence or words are gone, or whose new place another claim
    holds, stays where it was."""
    bodies = {lesson.pk: lesson.body for lesson in lessons}
    moved: list[Claim] = []
    placed: dict[ClaimKey, Claim] = {}
    for key, claim in existing.items():
        place = _place_now(claim, bodies[claim.lesson_id]) if claim.by_hand else None
        if place is not None and (place[0] == key or place[0] not in existing):
            new_key, position = place
            if (new_key, position) != (key, claim.position):
                claim.anchor, claim.start, claim.position = new_key[1], new_key[2], position
                claim.end = claim.start + len(claim.text)
                moved.append(claim)
            key = new_key
        placed[key] = claim
    bulk_update_with_history(moved, Claim, ["anchor", "start", "end", "position"])
    return placed


def _place_now(claim: Claim, body: str) -> tuple[ClaimKey, int] | None:
    """(key, sentence position) of the claim's words in ``body``; None when they are gone."""
    found = find_sentence(body, claim.sentence, anchor=claim.anchor)
    if found is None:
        return None
    position, sentence = found
    start = words_at(sentence.text, claim.text, start=claim.start)
    if start < 0:
        return None
    return (claim.lesson_id, sentence.anchor, start, claim.text), position
