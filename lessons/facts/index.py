"""The verifier's index of a fact base: built once per fact base, shared by every check.

Each fact is kept with the phrases that find it in a sentence: its names (subject and aliases),
its loose names, and its cue phrases (the words that say which predicate a sentence states;
without listed cues, the predicate's own content words).  Acronym facts are also looked up by
their acronym.

A *loose* name ("the air campaign", "UN administration") names the subject only inside an
article about it: the fact's ``generic`` names, and every alias made only of common words once
articles and the big organisations (NATO, UN ...) are set aside.  An alias like "bombing
campaign" is as loose as a listed generic name, whoever wrote the fact.
A :class:`Ruling` is what a look-up concludes about one claim: a verdict, why, and the fact.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import NamedTuple

from lessons.facts.concepts import ConceptIndex, is_concept_fact
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.values import AcronymValue
from lessons.facts.verdicts import Verdict
from lessons.text.normalise import plain_punctuation
from lessons.text.words import word_set

__all__ = ["FUNCTION_WORDS", "Entry", "FactIndex", "Ruling", "index_of", "is_loose_name"]

FUNCTION_WORDS = word_set(
    """a an the and or but of to in on at by for from with as is was were are be been has have
    had which that who this these those it its their into over under after before during
    since until while when where than then also not no so such"""
)
_PREDICATE_WORD_RE = re.compile(r"[A-Za-z][\w-]*")
_NAME_WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# Organisations too big to make a name specific: "NATO air campaign" is still loose.
_BIG_BODIES = word_set("NATO UN EU US USA UK OSCE Allied NATO-led UN-led")


class Ruling(NamedTuple):
    """What the fact base says about one claim, and the fact that says it."""

    verdict: Verdict
    reason: str
    fact: Fact | None = None


@dataclass(frozen=True, eq=False)
class Entry:
    fact: Fact
    names: tuple[str, ...]  # the specific names: a mention settles the subject
    cues: tuple[str, ...]
    loose: tuple[str, ...] = ()  # names that need the article's topic


def is_loose_name(name: str) -> bool:
    """Only common words besides articles and big bodies: "the air campaign", "NATO bombing
    campaign", "UN administration"; not "Kosovo conflict", "the Alliance" or "NATO"."""
    words = [w.removesuffix("'s") for w in _NAME_WORD_RE.findall(plain_punctuation(name))]
    rest = [w for w in words if w not in _BIG_BODIES and w.casefold() not in ("the", "a", "an")]
    return bool(rest) and not any(ch.isupper() or ch.isdigit() for w in rest for ch in w)


def _entry(fact: Fact) -> Entry:
    loose = tuple(dict.fromkeys((*fact.generic, *(n for n in fact.names if is_loose_name(n)))))
    names = tuple(n for n in fact.names if n not in loose)
    return Entry(fact, names, _cue_phrases(fact), loose)


def _cue_phrases(fact: Fact) -> tuple[str, ...]:
    """The fact's cues, or the content words of its predicate ("entered Kosovo")."""
    if fact.cues:
        return fact.cues
    words = _PREDICATE_WORD_RE.findall(fact.predicate)
    return tuple(w for w in words if w.casefold() not in FUNCTION_WORDS and len(w) >= 4)


class FactIndex:
    """Every fact with its names and cues, and the acronym facts by acronym.  Concept facts
    are looked up by their phrases only (:mod:`lessons.facts.concepts`), never as entries."""

    def __init__(self, factbase: FactBase) -> None:
        self.entries = tuple(_entry(f) for f in factbase.facts if not is_concept_fact(f))
        self.concepts = ConceptIndex(factbase.facts)
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
