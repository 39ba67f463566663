"""Mastery levels and FSRS scheduling, with fixed times (nothing here reads the clock)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, State

from quizzes.mastery import Mastery, Memory, as_utc, level_after, scheduler
from quizzes.models import ReviewCard
from tests.factories import FactFactory, UserFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
A = Mastery.ATTEMPTED
F = Mastery.FAMILIAR
P = Mastery.PROFICIENT
M = Mastery.MASTERED
SAME_DAY = timedelta(hours=2)
NEXT_DAY = timedelta(days=1)


def answers(*steps: tuple[timedelta, bool], start: datetime = T0) -> Memory:
    """Answer one fact at start + each offset, right or wrong."""
    memory = Memory.new(7, start)
    for offset, correct in steps:
        memory = memory.answered(correct=correct, at=start + offset)
    return memory


# --- the level rules (pure) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "correct", "elapsed", "stability", "after"),
    [
        (Mastery.NOT_STARTED, False, None, 0.2, A),  # a first answer, wrong
        (Mastery.NOT_STARTED, True, None, 2.3, F),  # a first answer, right
        (A, True, SAME_DAY, 0.3, F),  # right after a slip: familiar at once
        (F, True, SAME_DAY, 2.3, F),  # right again the same day: not a spaced recall
        (F, True, NEXT_DAY, 8.0, P),  # right again a day later: proficient
        (F, True, NEXT_DAY, 90.0, P),  # one level at a time, whatever the stability
        (P, True, NEXT_DAY, 20.9, P),  # a spaced recall, but FSRS is not sure enough yet
        (P, True, SAME_DAY, 30.0, P),  # sure enough, but not spaced
        (P, True, NEXT_DAY, 21.0, M),  # spaced and stable three weeks: mastered
        (M, True, SAME_DAY, 0.5, M),
        (A, False, SAME_DAY, 0.1, A),  # never below attempted
        (F, False, NEXT_DAY, 1.0, A),  # a wrong answer drops one level
        (P, False, NEXT_DAY, 1.0, F),
        (M, False, NEXT_DAY, 1.0, P),
    ],
)
def test_level_after_one_answer(level, correct, elapsed, stability, after):
    assert level_after(level, correct=correct, elapsed=elapsed, stability=stability) is after


def test_labels_read_as_words():
    assert [m.label for m in Mastery] == [
        "Not started",
        "Attempted",
        "Familiar",
        "Proficient",
        "Mastered",
    ]


# --- FSRS scheduling at fixed times ----------------------------------------------------------


def test_a_first_right_answer_is_due_again_after_the_first_learning_step():
    memory = answers((timedelta(0), True))
    assert memory.level is F
    assert memory.card.state is State.Learning
    assert memory.card.due == T0 + timedelta(minutes=10)
    assert memory.card.last_review == T0
    assert memory.reviews == 1


def test_a_first_wrong_answer_comes_back_in_a_minute():
    memory = answers((timedelta(0), False))
    assert memory.level is A
    assert memory.card.due == T0 + timedelta(minutes=1)
    assert memory.lapses == 0  # it was never known


def test_a_same_day_repeat_graduates_the_card_to_review_in_days():
    memory = answers((timedelta(0), True), (timedelta(minutes=15), True))
    assert memory.card.state is State.Review
    assert memory.card.due == T0 + timedelta(minutes=15) + timedelta(days=2)
    assert memory.level is F  # same day: not a spaced recall


def test_spaced_recalls_lengthen_the_interval_and_reach_mastered():
    memory = answers(
        (timedelta(0), True),
        (timedelta(minutes=15), True),
        (timedelta(days=3), True),
        (timedelta(days=12), True),
    )
    assert memory.level is M
    assert memory.card.stability >= 21
    assert memory.card.due - memory.card.last_review >= timedelta(days=21)
    assert memory.reviews == 4


def test_forgetting_a_known_fact_is_a_lapse_and_relearns_it_within_the_hour():
    known = answers((timedelta(0), True), (timedelta(minutes=15), True), (timedelta(days=3), True))
    assert known.level is P
    forgot = known.answered(correct=False, at=T0 + timedelta(days=9))
    assert forgot.level is F
    assert forgot.lapses == 1
    assert forgot.card.state is State.Relearning
    assert forgot.card.due == T0 + timedelta(days=9, minutes=10)
    assert forgot.card.stability < known.card.stability


def test_times_must_be_aware_and_become_utc():
    with pytest.raises(ValueError, match="timezone-aware"):
        as_utc(datetime(2026, 3, 2, 9, 0))
    paris = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert as_utc(paris) == T0
    assert as_utc(paris).tzinfo is UTC
    assert as_utc(T0.replace(tzinfo=ZoneInfo("UTC"))).tzinfo is UTC
    memory = Memory.new(7, paris).answered(correct=True, at=paris)  # FSRS accepts it
    assert memory.card.last_review == T0


def test_fuzz_is_drawn_from_the_seed_so_a_replay_gives_the_same_date():
    known = answers((timedelta(0), True), (timedelta(minutes=15), True))
    at = T0 + timedelta(days=3)
    plain = known.answered(correct=True, at=at).card.due - at
    fuzzed = {
        seed: known.answered(correct=True, at=at, fuzz_seed=seed).card.due - at
        for seed in ("1:7:a", "1:7:b", "1:7:c", "2:7:a", "3:9:x")
    }
    assert known.answered(correct=True, at=at, fuzz_seed="1:7:a").card.due - at == fuzzed["1:7:a"]
    assert len(set(fuzzed.values())) > 1  # it does spread dates
    for interval in fuzzed.values():  # within FSRS's own range around the plain interval
        assert abs(interval - plain) <= timedelta(days=2)


def test_short_intervals_are_never_fuzzed():
    memory = Memory.new(7, T0)
    assert memory.answered(correct=True, at=T0, fuzz_seed="any").card.due == T0 + timedelta(
        minutes=10
    )
    assert scheduler(None).enable_fuzzing is False
    assert scheduler("seed").enable_fuzzing is True


# --- cards read back exactly -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "steps",
    [
        [],  # never answered
        [(timedelta(0), False)],  # learning
        [(timedelta(0), True), (timedelta(minutes=15), True)],  # review
        [(timedelta(0), True), (timedelta(minutes=15), True), (timedelta(days=4), False)],
    ],
)
def test_a_card_reads_back_from_its_row_exactly(steps):
    user, fact = UserFactory(), FactFactory()
    memory = Memory.new(fact.pk, T0 + timedelta(microseconds=123456))
    for offset, correct in steps:
        memory = memory.answered(correct=correct, at=T0 + offset + timedelta(microseconds=789))
    row = ReviewCard(user=user, fact=fact)
    row.remember(memory)
    row.save()
    again = ReviewCard.objects.get(pk=row.pk).memory()
    assert again == memory
    assert again.card.to_dict() == memory.card.to_dict()
    assert Card.from_dict(again.card.to_dict()) == memory.card


@pytest.mark.django_db
def test_record_answer_seeds_its_fuzz_by_learner_fact_and_time(settings):
    settings.FSRS_FUZZING = True
    user, fact = UserFactory(), FactFactory()
    card = ReviewCard.fresh(user_id=user.pk, fact_id=fact.pk, at=T0)
    steps = [(T0, True), (T0 + timedelta(minutes=15), True), (T0 + timedelta(days=3), True)]
    for at, correct in steps:
        card.record_answer(correct=correct, at=at)
    twin = ReviewCard.fresh(user_id=user.pk, fact_id=fact.pk, at=T0)
    for at, correct in steps:
        twin.record_answer(correct=correct, at=at)
    assert not card.differs_from(twin)
    assert card.level == Mastery.PROFICIENT
