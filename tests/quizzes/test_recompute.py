"""`manage.py recompute_progress`: cards, mastery and scores rebuilt from the stored answers."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from lessons.models import LessonProgress
from quizzes.mastery import Mastery
from quizzes.models import MEMORY_FIELDS, Attempt, ReviewCard
from quizzes.recompute import recompute_progress, replay_cards
from tests.factories import FactFactory, LessonProgressFactory

from .reviewing import T0, quiz_on_facts, take


@pytest.fixture
def history(student, other_student):
    """Two learners' answers over three days, some wrong: every card has a past."""
    quiz, _facts = quiz_on_facts(3)
    take(student, quiz, at=T0, is_right=lambda q: q.kind == "true_false")
    take(student, quiz, at=T0 + timedelta(days=2))
    take(other_student, quiz, at=T0 + timedelta(days=1), is_right=lambda q: q.pk % 3 != 0)
    return quiz


def stored() -> dict:
    return {
        (card.user_id, card.fact_id): [getattr(card, name) for name in MEMORY_FIELDS]
        for card in ReviewCard.objects.all()
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("recompute_progress", *args, stdout=out)
    return out.getvalue()


def test_replaying_the_answers_gives_the_cards_the_answers_made(history):
    replayed = replay_cards()
    assert len(replayed) == 6
    assert {
        key: [getattr(card, name) for name in MEMORY_FIELDS] for key, card in replayed.items()
    } == stored()


def test_replaying_with_fuzz_gives_the_same_cards_too(settings, student):
    settings.FSRS_FUZZING = True
    quiz, _facts = quiz_on_facts(2)
    for day in (0, 3, 15, 40):  # intervals long enough to be fuzzed
        take(student, quiz, at=T0 + timedelta(days=day))
    assert max(card.stability for card in ReviewCard.objects.all()) > 20
    assert recompute_progress().clean


def test_nothing_to_report_when_the_cards_follow_from_the_answers(history):
    before = stored()
    out = run()
    assert out.splitlines() == [
        "recompute_progress: 2 learners; cards of 0 changed, 0 attempts changed, "
        "0 inconsistent lesson progress rows (reported, never changed)"
    ]
    assert stored() == before


def test_cards_that_differ_are_reported_per_learner_and_rebuilt(history, student):
    before = stored()
    cards = ReviewCard.objects.for_learner(student).order_by("fact")
    first, second, _third = cards
    ReviewCard.objects.filter(pk=first.pk).update(level=Mastery.MASTERED, due=T0)
    second.delete()
    orphan = ReviewCard.fresh(user_id=student.pk, fact_id=FactFactory().pk, at=T0)
    orphan.save()
    out = run()
    assert "sara: cards 1 added, 1 changed, 1 removed" in out
    assert "omar" not in out
    assert "cards of 1 changed" in out
    assert stored() == before
    assert run().endswith("(reported, never changed)\n")  # now clean


def test_a_dry_run_reports_and_writes_nothing(history, student):
    ReviewCard.objects.for_learner(student).first().delete()
    before = stored()
    out = run("--dry-run")
    assert "sara: cards 1 added, 0 changed, 0 removed" in out
    assert "cards of 1 would change" in out
    assert out.rstrip().endswith("dry run, nothing written")
    assert stored() == before


def test_an_attempt_score_that_does_not_follow_from_its_answers_is_fixed(history, student):
    attempt = Attempt.objects.for_learner(student).order_by("started_at").first()
    right = attempt.score
    Attempt.objects.filter(pk=attempt.pk).update(score=1.0)
    assert f"attempt {attempt.pk} of sara: score {round(100 * right)}%" in run("--dry-run")
    assert Attempt.objects.get(pk=attempt.pk).score == 1.0
    run()
    assert Attempt.objects.get(pk=attempt.pk).score == right


def test_an_answered_attempt_left_unfinished_is_finished_at_its_last_answer(history, student):
    attempt = Attempt.objects.for_learner(student).order_by("started_at").first()
    finished_at = attempt.finished_at
    Attempt.objects.filter(pk=attempt.pk).update(finished_at=None, score=None)
    run()
    attempt.refresh_from_db()
    assert attempt.finished_at == finished_at
    assert attempt.is_finished


def test_lesson_progress_out_of_order_is_reported_never_changed(history, student):
    row = LessonProgressFactory(
        user=student, first_opened=T0, last_opened=T0 - timedelta(days=1), completed=True
    )
    out = run()
    assert f"lesson progress: sara · {row.lesson}: times out of order" in out
    assert "1 inconsistent lesson progress rows" in out
    row.refresh_from_db()
    assert row.last_opened == T0 - timedelta(days=1)
    assert LessonProgress.objects.count() == 1
