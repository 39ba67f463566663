"""Wrong options: values of the answer's own type that are clearly not the answer.

Real values of the fact base come first (they are the plausible ones), then nearby numbers and
shifted dates.  A distractor is never equal or equivalent to the answer at the answer's
precision, nor a value another fact about the same subject gives (which could make the prompt
true as well).  Every function returns ``None`` when it cannot find enough: no question is
better than a question with a second right answer.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable, Sequence

from lessons.facts import values as fv
from lessons.facts.factbase import Fact
from lessons.text.normalise import fold_loose
from quizzes.generation.pools import Pools, names_role, significant_words

_MIN_GAP_DAYS = {"day": 7, "month": 28, "year": 300}  # between any two options of a precision
_DATE_SHIFTS = {  # synthetic neighbours of a date, by its precision
    "year": (-1, 1, -2, 2, -3, 3),
    "month": (-3, 2, -5, 4, 12, -12),
    "day": (-40, 23, -75, 61, 100, -130),
}
_SPAN_SHIFTS = ((-2, 0), (0, 2), (2, 2), (0, -2), (-1, 1), (1, 3), (-3, -1), (3, 5))


def distractor_values(
    answer: fv.Value, fact: Fact, pools: Pools, rng: random.Random
) -> list[fv.Value] | None:
    """Three values of the answer's type, none equivalent to it."""
    match answer:
        case fv.DateValue():
            return list(date_distractors(answer, fact, pools, rng) or []) or None
        case fv.SpanValue():
            return list(_span_distractors(answer, fact, pools, rng) or []) or None
        case fv.NumberValue():
            return list(_number_distractors(answer, rng) or []) or None
        case fv.DurationValue():
            return list(_duration_distractors(answer, rng) or []) or None
        case fv.ResolutionValue():
            numbers = resolution_distractors(answer, fact, pools, rng)
            return [fv.ResolutionValue(n) for n in numbers] if numbers else None
        case fv.EntityValue() if answer.is_operation:
            names = operation_distractors(answer.name, pools, rng)
            return [fv.EntityValue(n) for n in names] if names else None
    return None


# --------------------------------------------------------------------------- dates


def subject_dates(
    fact: Fact, pools: Pools, granularity: str, *, besides: Fact | None = None
) -> set[fv.DateValue]:
    """Dates the facts about the same subject (but ``besides``) give at this precision: they
    could make the prompt true as well ("When did the campaign end?": suspended 10 June,
    terminated 20 June)."""
    skip = besides.id if besides is not None else None
    return {
        date.coarsen(granularity)
        for other in pools.same_subject(fact)
        if other.id != skip
        for date in other.value.dates()
        if date.precise_to(granularity)
    }


def date_distractors(
    answer: fv.DateValue,
    fact: Fact,
    pools: Pools,
    rng: random.Random,
    count: int = 3,
    *,
    differ_at: str | None = None,
    also: Sequence[fv.DateValue] = (),
) -> list[fv.DateValue] | None:
    """Dates of the answer's precision near it: real dates of the period from the fact base
    (preferred) and shifted ones.  With ``differ_at`` every distractor also differs from the
    answer at that coarser precision (a wrong *year* for an error in the year).  ``also`` are
    candidates to consider first (the article's wrong year, for spot-the-error)."""
    g = answer.granularity
    excluded = subject_dates(fact, pools, g) | {answer}
    gap = _MIN_GAP_DAYS[g]

    def usable(date: fv.DateValue, chosen: Sequence[fv.DateValue]) -> bool:
        if differ_at and date.coarsen(differ_at) == answer.coarsen(differ_at):
            return False
        return (
            date not in excluded
            and gap <= answer.distance(date) <= 4 * 366
            and all(date.distance(c) >= gap for c in chosen)
        )

    chosen: list[fv.DateValue] = []
    for date in [*also, *_date_candidates(answer, pools, differ_at)]:
        if len(chosen) >= count + 3:
            break
        if usable(date, chosen):
            chosen.append(date)
    if len(chosen) < count:
        return None
    first = [d for d in chosen if d in also]
    rest = [d for d in chosen if d not in first]
    return [*first, *rng.sample(rest, count - len(first))] if len(first) < count else first


def _date_candidates(
    answer: fv.DateValue, pools: Pools, differ_at: str | None
) -> list[fv.DateValue]:
    """Real dates at the answer's precision and shifted ones, nearest first (real dates count
    as nearer: they are the plausible ones)."""
    g = answer.granularity
    real = {d.coarsen(g) for d in pools.dates if d.precise_to(g)}
    shifts = [answer.step(d) for d in _DATE_SHIFTS[g]]
    if differ_at:
        shifts += [answer.shift_years(d) for d in (-1, 1, -2, 2, 3)]
    synthetic = {d for d in shifts if d is not None} - real
    return sorted(
        real | synthetic,
        key=lambda d: (answer.distance(d) * (0.6 if d in real else 1.0), d.iso()),
    )


def _span_distractors(
    answer: fv.SpanValue, fact: Fact, pools: Pools, rng: random.Random, count: int = 3
) -> list[fv.SpanValue] | None:
    """Shifted periods of about the same length: years for "2001-2014", months for a
    three-week campaign.  No start or end another fact about the subject gives."""
    if answer.end is None:
        return None
    coarse = "year" if "year" in (answer.start.granularity, answer.end.granularity) else "month"
    excluded = subject_dates(fact, pools, coarse, besides=fact)
    step = 12 if coarse == "year" else 1
    out: list[fv.SpanValue] = []
    for ds, de in _SPAN_SHIFTS:
        start = answer.start.shift_months(ds * step)
        end = answer.end.shift_months(de * step)
        if start is None or end is None or start.sort_key() >= end.sort_key():
            continue
        if (ds and start.coarsen(coarse) in excluded) or (de and end.coarsen(coarse) in excluded):
            continue
        span = fv.SpanValue(start, end)
        if span != answer and span not in out:
            out.append(span)
    if len(out) < count:
        return None
    return rng.sample(out[:6], count)


# --------------------------------------------------------------------------- numbers


def nice(value: float, like: float) -> float:
    """Round ``value`` to the precision ``like`` shows (38,000 -> thousands; 10,484 -> units)."""
    if like != int(like) or like == 0:
        return round(value, 1)
    zeros = len(str(int(abs(like)))) - len(str(int(abs(like))).rstrip("0"))
    step = 10 ** min(zeros, max(len(str(int(abs(value)))) - 1, 0))
    return float(round(value / step) * step)


def _number_candidates(value: float) -> list[float]:
    if value <= 12 and value == int(value):
        raw = [value + d for d in (-3, -2, -1, 1, 2, 3, 5)]
    elif value <= 30 and value == int(value):
        raw = [value + d for d in (-4, 3, -6, 6, 9, -9)]
    else:
        raw = [value * f for f in (0.5, 0.6, 1.5, 1.75, 2.0, 0.4, 2.5, 3.0)]
    out: list[float] = []
    for item in raw:
        item = nice(item, value) if value > 30 else item
        if item > 0 and item not in out:
            out.append(item)
    return out


def numbers_apart(a: float, b: float, exact: bool) -> bool:
    """Not equivalent: small counts must differ; others by a clear margin (rounding, "about")."""
    if exact and max(a, b) <= 12:
        return a != b
    ratio = 0.1 if exact else 0.3
    return abs(a - b) > ratio * max(abs(a), abs(b))


# The most a count in these units can be: a wrong option beyond it is absurd, not tempting.
UPPER_BOUNDS: dict[str, float] = {"votes in favour": 15}  # the Security Council has 15 members


def _number_distractors(answer: fv.NumberValue, rng: random.Random) -> list[fv.NumberValue] | None:
    if answer.qualifier not in ("exact", "approximately", "over"):
        return None  # "up to 1,000": "up to 500" would not be false
    exact = answer.qualifier == "exact"
    bound = UPPER_BOUNDS.get(answer.unit, float("inf"))
    chosen: list[float] = []
    for item in (n for n in _number_candidates(answer.value) if n <= bound):
        if numbers_apart(item, answer.value, exact) and all(
            numbers_apart(item, c, exact) for c in chosen
        ):
            chosen.append(item)
    if len(chosen) < 3:
        return None
    return [dataclasses.replace(answer, value=n) for n in rng.sample(chosen[:6], 3)]


def _duration_distractors(
    answer: fv.DurationValue, rng: random.Random
) -> list[fv.DurationValue] | None:
    amount = answer.amount
    if amount <= 12:
        raw = [amount + d for d in (-2, -1, 1, 2, 3, 6)]
    else:
        raw = [round(amount * f) for f in (0.8, 0.9, 1.1, 1.2, 1.3, 0.6)]
    out = _dedupe(a for a in raw if a > 0 and abs(a - amount) >= max(1, 0.05 * amount))
    if len(out) < 3:
        return None
    return [fv.DurationValue(a, answer.unit) for a in rng.sample(out[:6], 3)]


def _dedupe(items: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(items))


def resolution_distractors(
    answer: fv.ResolutionValue, fact: Fact, pools: Pools, rng: random.Random, count: int = 3
) -> list[int] | None:
    """Real resolutions near the answer's number, none the subject's facts name."""
    excluded = {answer.number} | pools.resolutions_about(fact)
    out = [n for n in pools.resolutions if n not in excluded]
    if len(out) < count:
        return None
    out.sort(key=lambda n: (abs(n - answer.number), n))
    return rng.sample(out[:6], count)


# --------------------------------------------------------------------------- names


def acronym_distractors(
    value: fv.AcronymValue,
    pools: Pools,
    rng: random.Random,
    *,
    reverse: bool,
    count: int = 3,
    among: int = 6,
) -> list[str] | None:
    """Other expansions (or, ``reverse``, other acronyms) that look most like the answer:
    shared words and first letter ("Kosovo Security Force" for KFOR), never a synonym."""
    group = pools.acronym_group(value)
    target = value.acronym if reverse else value.expansion
    target_words = significant_words(target)
    scored = []
    for other in pools.acronym_forms:
        if other.keys & group:
            continue
        acronym, expansion = other.acronym, other.expansion
        if reverse:
            score = (acronym[0] == target[0]) + (acronym[-1] == target[-1])
        else:
            score = len(other.words & target_words)
            score += expansion[:1].casefold() == value.acronym[:1].casefold()
        scored.append((-score, acronym if reverse else expansion))
    scored.sort()
    pool = list(dict.fromkeys(text for _, text in scored if text))
    if len(pool) < count:
        return None
    return rng.sample(pool[: max(among, count)], count)


def operation_distractors(
    answer: str, pools: Pools, rng: random.Random, count: int = 3
) -> list[str] | None:
    """The names of other operations of the fact base."""
    key = fold_loose(answer)
    bare = fold_loose(answer.removeprefix("Operation "))
    others = []
    for group in pools.operations:
        keys = {fold_loose(n) for n in group} | {
            fold_loose(n.removeprefix("Operation ")) for n in group
        }
        if key in keys or bare in keys:
            continue
        names = sorted(n for n in group if n.startswith("Operation "))
        if names:
            others.append(names[0])
    others = sorted(set(others))
    if len(others) < count:
        return None
    return rng.sample(others, count)


def entity_distractors(
    answer: fv.EntityValue, fact: Fact, pools: Pools, rng: random.Random, count: int = 3
) -> list[fv.EntityValue] | None:
    """Other names of the answer's role (bodies for a body, people for a person) that are
    certainly not right: none shares a word-run with the answer's names ("UN" inside "UN civil
    presence"), names the fact's subject, or is a value another fact about the subject gives
    (a multi-valued relation may have several right answers)."""
    key = (answer, fact.id)
    if key not in pools.remembered:
        pools.remembered[key] = _entity_candidates(answer, fact, pools)
    out = pools.remembered[key]
    if len(out) < count:
        return None
    return rng.sample(out, count)


def _entity_candidates(answer: fv.EntityValue, fact: Fact, pools: Pools) -> list[fv.EntityValue]:
    role = names_role(answer.names)
    if role == "other":
        return []
    taken = [fold_loose(n) for n in (*answer.names, *fact.names)]
    for other in pools.same_subject(fact):
        if isinstance(other.value, fv.EntityValue):
            taken += [fold_loose(n) for n in other.value.names]
    taken += _linked(answer, pools)
    statement = f" {fold_loose(fact.statement)} "
    return [
        candidate
        for candidate, their_role, names in pools.entity_forms
        if their_role == role
        and not any(_overlaps(n, taken) for n in names)
        and not any(f" {n} " in statement for n in names if n)
    ]


def _linked(answer: fv.EntityValue, pools: Pools) -> list[str]:
    """Names a fact relates to the answer either way ("the international civil presence was
    run by UNMIK"): another name for it, or part of it - never a wrong option."""
    mine = {fold_loose(n) for n in answer.names}
    out: list[str] = []
    for fact in pools.factbase.facts:
        if not isinstance(fact.value, fv.EntityValue):
            continue
        subject = {fold_loose(n) for n in fact.names}
        value = {fold_loose(n) for n in fact.value.names}
        if mine & value:
            out += subject
        if mine & subject:
            out += value
    return out


def _overlaps(name: str, taken: Sequence[str]) -> bool:
    """One name holds the other as whole words."""
    padded = f" {name} "
    return any(f" {t} " in padded or padded in f" {t} " for t in taken if t)
