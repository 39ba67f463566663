"""The verifier's index of a fact base: built once per fact base, shared by every check.

Each fact is kept with the phrases that find it in a sentence: its names (subject and aliases)
and its cue phrases (the words that say which predicate a sentence states; without listed cues,
the predicate's own content words).  Acronym facts are also looked up by their acronym.
A :class:`Ruling` is what a look-up concludes about one claim: a verdict, why, and the fact.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import NamedTuple

from lessons.facts.factbase import Fact, FactBase
from lessons.facts.values import AcronymValue
from lessons.facts.verdicts import Verdict
from lessons.text.words import word_set

__all__ = ["FUNCTION_WORDS", "Entry", "FactIndex", "Ruling", "index_of"]

FUNCTION_WORDS = word_set(
    """a an the and or but of to in on at by for from with as is was were are be been has have
    had which that who this these those it its their into over under after before during
    since until while when where than then also not no so such"""
)
_PREDICATE_WORD_RE = re.compile(r"[A-Za-z][\w-]*")


class Ruling(NamedTuple):
    """What the fact base says about one claim, and the fact that says it."""

    verdict: Verdict
    reason: str
    fact: Fact | None = None


@dataclass(frozen=True)
class Entry:
    fact: Fact
    names: tuple[str, ...]
    cues: tuple[str, ...]


def _cue_phrases(fact: Fact) -> tuple[str, ...]:
    """The fact's cues, or the content words of its predicate ("entered Kosovo")."""
    if fact.cues:
        return fact.cues
    words = _PREDICATE_WORD_RE.findall(fact.predicate)
    return tuple(w for w in words if w.casefold() not in FUNCTION_WORDS and len(w) >= 4)


class FactIndex:
    """Every fact with its names and cues, and the acronym facts by acronym."""

    def __init__(self, factbase: FactBase) -> None:
        self.entries = tuple(Entry(f, f.names, _cue_phrases(f)) for f in factbase.facts)
        self.acronyms: dict[str, list[tuple[Fact, AcronymValue]]] = {}
        for fact in factbase.facts:
            if isinstance(fact.value, AcronymValue):
                key = fact.value.acronym.replace(".", "")
                self.acronyms.setdefault(key, []).append((fact, fact.value))


_INDEXES: dict[int, FactIndex] = {}


def index_of(factbase: FactBase) -> FactIndex:
    """The index of ``factbase``, built on first use and dropped with the fact base."""
    index = _INDEXES.get(id(factbase))
    if index is None:
        index = _INDEXES[id(factbase)] = FactIndex(factbase)
        weakref.finalize(factbase, _INDEXES.pop, id(factbase), None)
    return index
