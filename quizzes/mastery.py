"""How well a learner knows one fact: its FSRS memory and its mastery level, driven by answers
(never by clicks).

Pure: no Django. Every function takes the time of the answer; nothing here reads the clock.
The rules, in the spirit of Khan Academy's levels (written out in the README):

* **Not started**: no answer yet.
* **Attempted**: answered, never right yet (or familiar, then wrong).
* **Familiar**: answered right; the first right answer lifts a fact here at once (or
  proficient, then wrong).
* **Proficient**: familiar, then right again in a *spaced recall*: at least a day after the
  previous answer on the fact (FSRS's own line between a short-term and a spaced review).
  Right again on the same day keeps it familiar. (Or mastered, then wrong.)
* **Mastered**: proficient, then right in a spaced recall after which FSRS's stability (the
  time in which recall falls to 90 %, roughly the next interval) is at least 21 days.
* A right answer climbs one level at most; a wrong answer drops one level, never below
  attempted. Only a fully right answer counts as right: partial credit is a slip.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

SPACED = timedelta(days=1)
"""A recall is spaced when at least this long has passed since the previous answer."""

MASTERED_STABILITY = 21.0
"""Days of FSRS stability a spaced recall must reach to make a proficient fact mastered."""


class Mastery(IntEnum):
    NOT_STARTED = 0
    ATTEMPTED = 1
    FAMILIAR = 2
    PROFICIENT = 3
    MASTERED = 4

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        """(value, label) pairs for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]


def level_after(
    level: Mastery, *, correct: bool, elapsed: timedelta | None, stability: float
) -> Mastery:
    """The level after one answer.

    ``elapsed`` is the time since the previous answer on the fact (None for the first one);
    ``stability`` is the FSRS stability in days *after* this answer.
    """
    if not correct:
        return Mastery(max(level - 1, Mastery.ATTEMPTED))
    spaced = elapsed is not None and elapsed >= SPACED
    if level <= Mastery.ATTEMPTED:
        return Mastery.FAMILIAR
    if level == Mastery.FAMILIAR and spaced:
        return Mastery.PROFICIENT
    if level == Mastery.PROFICIENT and spaced and stability >= MASTERED_STABILITY:
        return Mastery.MASTERED
    return level


def as_utc(moment: datetime) -> datetime:
    """FSRS wants ``datetime.UTC`` itself as the time zone (a database may hand back another
    UTC object); a naive time is a programming error."""
    if moment.tzinfo is None:
        raise ValueError("a review time must be timezone-aware")
    return moment.astimezone(UTC)


class _SeededScheduler(Scheduler):
    """FSRS whose fuzz comes from a seeded generator instead of the global one.

    Fuzz spreads review dates so facts learned together do not fall due together; drawing it
    from a seed (learner, fact, answer time) keeps it while replaying the same answers gives
    the same cards, which is what lets ``recompute_progress`` compare. The interval range is
    FSRS's own (``Scheduler._get_fuzzed_interval`` in fsrs 6.3).
    """

    def __init__(self, seed: str) -> None:
        super().__init__(enable_fuzzing=True)
        self._rng = random.Random(seed)

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        days = interval.days
        if days < 2.5:
            return interval
        delta = 1.0
        for fuzz in FUZZ_RANGES:
            delta += fuzz["factor"] * max(min(float(days), fuzz["end"]) - fuzz["start"], 0.0)
        high = min(round(days + delta), self.maximum_interval)
        low = min(max(2, round(days - delta)), high)
        fuzzed = self._rng.random() * (high - low + 1) + low
        return timedelta(days=min(round(fuzzed), self.maximum_interval))


_PLAIN = Scheduler(enable_fuzzing=False)


def scheduler(fuzz_seed: str | None) -> Scheduler:
    """The FSRS scheduler: without fuzz for ``None``, else fuzzed from that seed."""
    return _PLAIN if fuzz_seed is None else _SeededScheduler(fuzz_seed)


@dataclass(frozen=True)
class Memory:
    """One learner's memory of one fact: the FSRS card, the mastery level, how many answers and
    how many lapses (wrong answers to a fact they knew: familiar or better)."""

    card: Card
    level: Mastery = Mastery.NOT_STARTED
    reviews: int = 0
    lapses: int = 0

    @classmethod
    def new(cls, card_id: int, at: datetime) -> Memory:
        """A fact never answered; ``card_id`` is the fact's id (a learner has one card a fact)."""
        return cls(Card(card_id=card_id, state=State.Learning, due=as_utc(at)))

    def answered(self, *, correct: bool, at: datetime, fuzz_seed: str | None = None) -> Memory:
        """The memory after one answer at ``at``: right is FSRS's Good, wrong its Again, and
        FSRS's short-term learning steps take care of answers on the same day."""
        at = as_utc(at)
        previous = self.card.last_review
        card, _log = scheduler(fuzz_seed).review_card(
            self.card, Rating.Good if correct else Rating.Again, review_datetime=at
        )
        level = level_after(
            self.level,
            correct=correct,
            elapsed=at - previous if previous else None,
            stability=card.stability or 0.0,
        )
        lapsed = not correct and self.level >= Mastery.FAMILIAR
        return Memory(card, level, self.reviews + 1, self.lapses + lapsed)
