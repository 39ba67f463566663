"""Checkable claims in a sentence: dates, numbers, durations, resolutions, acronyms, names.

Pure functions over plain strings (no Django).  :func:`extract_claims` finds the parts of a
sentence that a reference could confirm or contradict and parses each into a fact-base value
(:mod:`lessons.facts.values`), keeping exact character offsets so the lesson page can highlight
the claim and the verifier (:mod:`lessons.facts.verify`) can look at the words around it.

Precision matters more than recall: "thousands of troops", "for decades" and "the late 1990s"
are not claims, because no reference can settle them.

One module per kind of claim, run in this order (a stretch of text is claimed once, so a
resolution's number is not also a count, and a year inside a date is not a second claim):

- :mod:`~lessons.facts.claims.numbers` - resolutions first, later counts and durations;
- :mod:`~lessons.facts.claims.dates` - dates, years and spans;
- :mod:`~lessons.facts.claims.acronyms` - "Kosovo Force (KFOR)";
- :mod:`~lessons.facts.claims.names` - operations, "led by X" relations, titled persons;
- :mod:`~lessons.facts.claims.relations` - "NATO took command of", "NATO-led", "authorized X to";
- :mod:`~lessons.facts.claims.concepts` - UN authorisation (yes/no) and a mandate's tasks;
- :mod:`~lessons.facts.claims.subjects` - the hint of what each claim is about;
- :mod:`~lessons.facts.claims.vocabulary` - the word lists all of them read.
"""

from __future__ import annotations

import dataclasses
import functools

from lessons.facts.claims.acronyms import acronym_claims
from lessons.facts.claims.claim import Claim, ClaimKind, Side, Taken
from lessons.facts.claims.concepts import authorisation_claims, task_claims
from lessons.facts.claims.dates import date_claims
from lessons.facts.claims.names import operation_claims, relation_claims
from lessons.facts.claims.numbers import number_claims, qualifier_of, resolution_claims
from lessons.facts.claims.relations import active_relation_claims
from lessons.facts.claims.subjects import hint, mentions

__all__ = [
    "Claim",
    "ClaimKind",
    "Side",
    "extract_claims",
    "extract_claims_cached",
    "qualifier_of",
]


def extract_claims(sentence: str) -> list[Claim]:
    """Every checkable claim in ``sentence``, in order of position; offsets slice the sentence."""
    taken = Taken()
    claims = resolution_claims(sentence, taken)
    claims += date_claims(sentence, taken)
    claims += number_claims(sentence, taken)
    claims += acronym_claims(sentence)
    claims += operation_claims(sentence)
    claims += relation_claims(sentence)
    claims += active_relation_claims(sentence)
    claims += authorisation_claims(sentence)
    claims += task_claims(sentence)
    mentioned = mentions(sentence)
    out: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for claim in sorted(claims, key=lambda c: (c.start, -c.end, c.kind)):
        key = (claim.start, claim.end)  # one claim per stretch of text
        if key in seen:
            continue
        seen.add(key)
        if claim.subject_hint is None:
            claim_hint = hint(claim, mentioned)
            if claim_hint is not None:
                claim = dataclasses.replace(claim, subject_hint=claim_hint)
        out.append(claim)
    return out


@functools.lru_cache(maxsize=4096)
def extract_claims_cached(sentence: str) -> tuple[Claim, ...]:
    """:func:`extract_claims`, memoised (verify and the quiz generator re-read sentences)."""
    return tuple(extract_claims(sentence))
