"""The seeds give exactly the claims, verdicts and active questions recorded in golden/seeds.json.

The snapshot was taken before the truth and question pipeline was reshaped; a reshape must not
change what learners are taught or asked. A deliberate change of behaviour regenerates the file
(`pytest tests/test_golden_seeds.py --update-golden`) and the diff is reviewed in the commit.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from lessons.models import Claim
from quizzes.models import Question

GOLDEN = Path(__file__).parent / "golden" / "seeds.json"
CLAIM_PK = re.compile(r"claim:(\d+)")


def claim_places() -> dict[str, str]:
    """Question keys name claims by primary key, which depends on what ran before (PostgreSQL
    sequences survive a test's rollback): name them by their place in the course instead."""
    rows = Claim.objects.values_list(
        "pk", "lesson__module__slug", "lesson__slug", "anchor", "start"
    )
    return {
        str(pk): f"{module}/{lesson}#{anchor}@{start}" for pk, module, lesson, anchor, start in rows
    }


def snapshot() -> dict[str, list]:
    places = claim_places()
    claims = [
        [
            c.lesson.module.slug,
            c.lesson.slug,
            c.anchor,
            c.start,
            c.end,
            c.text,
            c.kind,
            c.auto_verdict,
            c.fact.key if c.fact else None,
            c.correct_value,
        ]
        for c in Claim.objects.select_related("lesson__module", "fact").order_by(
            "lesson__module__slug", "lesson__slug", "anchor", "start", "text"
        )
    ]
    questions = [
        [
            CLAIM_PK.sub(lambda m: f"claim:{places[m.group(1)]}", q.key),
            q.kind,
            q.prompt,
            q.prompt_items,
            q.options,
            q.answer,
            q.explanation,
            q.anchor,
            q.quiz.lesson.slug if q.quiz.lesson else f"module:{q.quiz.module.slug}",
            q.fact.key if q.fact else None,
        ]
        for q in Question.objects.filter(active=True)
        .select_related("quiz__lesson", "quiz__module", "fact")
        .order_by("key")
    ]
    return {"claims": claims, "questions": sorted(questions)}


# Question selection is seeded per lesson and claim id, so compare a fresh database's run.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_seeds_give_the_recorded_claims_verdicts_and_questions(request) -> None:
    call_command("ingest", verbosity=0)
    actual = json.loads(json.dumps(snapshot()))  # tuples and lists compare alike
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(actual, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    expected = json.loads(GOLDEN.read_text())
    assert len(actual["claims"]) == len(expected["claims"])
    for got, want in zip(actual["claims"], expected["claims"], strict=True):
        assert got == want
    assert [q[0] for q in actual["questions"]] == [q[0] for q in expected["questions"]]
    for got, want in zip(actual["questions"], expected["questions"], strict=True):
        assert got == want
