"""Matching: three to five left-hand items, each to be paired with one right-hand option.

Two sets of pairs come from the SUPPORTED claims' facts: abbreviations with what they stand
for, and operations with the year they began (a period's start, or a "began"/"launched"
date).  No two items share an answer, and the options are never shown already matched up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lessons.facts.factbase import Fact
from lessons.facts.values import AcronymValue, DateValue, SpanValue
from lessons.text.normalise import fold_loose
from quizzes.answer_keys import MatchingKey
from quizzes.generation.drafts import (
    ClaimInput,
    QuestionDraft,
    draft_about,
    rng_for,
    scrambled,
    shuffled,
)
from quizzes.generation.groups import first_claims, groups, lead_claim
from quizzes.kinds import QuestionKind

_START_RE = re.compile(
    r"\b(?:began|launched|activated|arrived|entered|deployed|established|started|"
    r"came under|took (?:command|control|the lead))\b"
)


def matching_questions(supported: Sequence[ClaimInput], seed: int) -> list[QuestionDraft]:
    """Abbreviation and operation matching questions over the claims' facts."""
    first = first_claims(supported)
    out: list[QuestionDraft] = []
    for acronyms in groups(_distinct_acronyms(first)):
        pairs = {value.acronym: value.expansion for _, value in acronyms}
        explanation = "; ".join(f"{a} stands for {e}" for a, e in pairs.items()) + "."
        prompt = "Match each abbreviation with what it stands for."
        out.append(_draft([f for f, _ in acronyms], pairs, prompt, explanation, first, seed))
    for group in groups(_operations_by_year(first)):
        pairs = {name: str(fact.value.dates()[0].year) for name, fact in group}
        explanation = " ".join(fact.statement for _, fact in group)
        prompt = "Match each operation with the year it began."
        out.append(_draft([fact for _, fact in group], pairs, prompt, explanation, first, seed))
    return out


def _distinct_acronyms(first: dict[str, ClaimInput]) -> list[tuple[Fact, AcronymValue]]:
    """Acronym facts, by id, none sharing an acronym or an expansion with an earlier one."""
    facts = sorted((c.fact for c in first.values()), key=lambda f: f.id)
    seen: set[str] = set()
    unique = []
    for fact in facts:
        value = fact.value
        if not isinstance(value, AcronymValue):
            continue
        if value.acronym not in seen and fold_loose(value.expansion) not in seen:
            seen |= {value.acronym, fold_loose(value.expansion)}
            unique.append((fact, value))
    return unique


def _operations_by_year(first: dict[str, ClaimInput]) -> list[tuple[str, Fact]]:
    """(operation name, the fact of when it began), by fact id, one operation per year."""
    by_operation: dict[str, Fact] = {}
    for claim in first.values():
        fact = claim.fact
        name = next((n for n in fact.names if n.startswith("Operation ")), None)
        began = isinstance(fact.value, SpanValue) or (
            isinstance(fact.value, DateValue) and _START_RE.search(fact.predicate) is not None
        )
        if name and began and name not in by_operation:
            by_operation[name] = fact
    years: set[int] = set()
    distinct = []
    for name, fact in sorted(by_operation.items(), key=lambda item: item[1].id):
        year = fact.value.dates()[0].year
        if year not in years:
            years.add(year)
            distinct.append((name, fact))
    return distinct


def _draft(
    facts: Sequence[Fact],
    pairs: dict[str, str],
    prompt: str,
    explanation: str,
    first: dict[str, ClaimInput],
    seed: int,
) -> QuestionDraft:
    ids = sorted(f.id for f in facts)
    key = "match:facts:" + "+".join(ids)
    rng = rng_for(seed, key)
    items = shuffled(list(pairs), rng)
    return draft_about(
        lead_claim(first, ids),
        key=key,
        kind=QuestionKind.MATCHING,
        prompt=prompt,
        options=scrambled([pairs[item] for item in items], rng),
        answer=MatchingKey(pairs={item: pairs[item] for item in items}, items=list(items)),
        explanation=explanation,
        prompt_items=items,
        fact_ids=tuple(ids),
    )
