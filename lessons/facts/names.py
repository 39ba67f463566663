"""Names: when two spellings are the same name, and the checks of claims that are names.

:func:`norm_name` and :func:`squash` decide sameness ("the U.S." is "United States",
"Co-operation" is "Cooperation", "-ise" is "-ize"), built on :mod:`lessons.text.normalise`.
The checks follow the rules of the package docstring: an acronym is checked against the fact
that expands it whatever the sentence is about; an operation's name is confirmed by a fact that
gives it to a subject the sentence names; a title can be confirmed but never refuted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from lessons.facts.claims import Claim
from lessons.facts.factbase import Fact
from lessons.facts.index import Entry, FactIndex, Ruling
from lessons.facts.subjects import FOLLOW_WORDS, Reading, Span, overlaps
from lessons.facts.values import AcronymValue, EntityValue
from lessons.facts.verdicts import Verdict
from lessons.text.normalise import fold_case, plain_punctuation
from lessons.text.words import word_set

__all__ = [
    "check_acronym",
    "check_operation",
    "check_titled",
    "entity_names",
    "is_body",
    "mentions_name",
    "norm_name",
    "squash",
]

SUPPORTED, REFUTED, NEI = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.NOT_ENOUGH_INFO

_SPELLED_OUT = {"un": "united nations", "eu": "european union", "us": "united states"}
_ARTICLES = word_set("the a an")
_POSSESSIVE_RE = re.compile(r"'s\b")
_ISE_RE = re.compile(r"(?<=[a-z])is(?=(e|ed|es|ing|ation|ations)\b)")
_PUNCT_RE = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=4096)
def norm_name(text: str) -> str:
    """Case, articles, possessives, punctuation and -ise/-ize spellings do not matter."""
    text = plain_punctuation(text).replace("U.S.", "US").replace("&", " and ")
    text = _ISE_RE.sub("iz", fold_case(_POSSESSIVE_RE.sub("", text)))
    words = [_SPELLED_OUT.get(w, w) for w in _PUNCT_RE.sub(" ", text).split()]
    return " ".join(w for w in words if w not in _ARTICLES)


def squash(text: str) -> str:
    """:func:`norm_name` without spaces: "Co-operation" equals "Cooperation"."""
    return "".join(norm_name(text.replace("-", "")).split())


@functools.lru_cache(maxsize=4096)
def _squashed(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(squash(n) for n in names)


def entity_names(value: EntityValue) -> frozenset[str]:
    """Every name an entity value goes by, squashed."""
    return _squashed((value.name, *value.aliases))


# Words that make a name a body (an organisation, a mission, a council), not a person or place.
_BODY_WORDS = word_set(
    """union nations organization organisation organizations organisations council alliance
    treaty mission force forces command commission community agency office assembly court
    coalition partnership secretariat"""
)
# Words and acronyms of an office a person holds: "led by SACEUR" is not led by a body.
_OFFICE_WORDS = word_set(
    """commander secretary president minister chief representative envoy head director
    admiral saceur saclant comkfor comisaf srsg dsaceur cincsouth"""
)
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z.&-]{1,9}$")


def is_body(value: EntityValue) -> bool:
    """ "NATO", "the European Union", "UN member states and ... organisations": a body, whose
    place in a single-valued relation another body cannot share; never a person or an office."""
    words = [set(norm_name(name).split()) for name in value.names]
    if any(_OFFICE_WORDS & w for w in words):
        return False
    pairs = zip(value.names, words, strict=True)
    return any(_ACRONYM_RE.match(name.strip()) or _BODY_WORDS & w for name, w in pairs)


def mentions_name(fact: EntityValue, claimed: EntityValue) -> bool:
    """Whether one value's name is a part of the other's: "NATO" in "member states ... with
    substantial NATO participation", "European Union" in "European Union force"."""
    mine = [f" {norm_name(n)} " for n in claimed.names]
    theirs = [f" {norm_name(n)} " for n in fact.names]
    return any(a in b or b in a for a in mine for b in theirs)


def _entity(entry: Entry) -> EntityValue | None:
    return entry.fact.value if isinstance(entry.fact.value, EntityValue) else None


def _names_entity(entry: Entry, name: str) -> bool:
    """Whether the fact's value is an entity called ``name`` (squashed)."""
    value = _entity(entry)
    return value is not None and name in entity_names(value)


# --------------------------------------------------------------------------- acronyms


def check_acronym(value: AcronymValue, index: FactIndex) -> Ruling:
    """ "Kosovo Force (KFOR)": the fact that expands KFOR agrees or, alone, contradicts."""
    acronym = value.acronym.replace(".", "")
    mine = squash(value.expansion)
    facts = index.acronyms.get(acronym, [])
    for fact, known in facts:
        if squash(known.expansion) == mine:
            return Ruling(SUPPORTED, f"{acronym} stands for {known.expansion}.", fact)
    expansions = {squash(known.expansion) for _, known in facts}
    if len(expansions) == 1 and not any(mine in e or e in mine for e in expansions):
        fact, known = facts[0]
        reason = f"{acronym} stands for {known.expansion}, not {value.expansion}."
        return Ruling(REFUTED, reason, fact)
    if facts:
        reason = f"The fact base expands {acronym} differently, but not clearly against this."
        return Ruling(NEI, reason)
    # No acronym fact: a fact whose subject is known by both names, and whose cited
    # statement spells the long form out, still shows what the acronym means.
    for entry in index.entries:
        names, fact = _squashed(entry.fact.names), entry.fact
        if acronym in fact.names and mine in names and mine in squash(fact.statement):
            reason = f"The cited statement calls {acronym} the {value.expansion}."
            return Ruling(SUPPORTED, reason, fact)
    return Ruling(NEI, f"No fact in the fact base expands {acronym}.")


# --------------------------------------------------------------------------- operations


def _named_elsewhere(spans: Sequence[Span], claim: Claim) -> bool:
    """Whether a name occurs outside the claim's own text."""
    return any(not overlaps(span, (claim.start, claim.end)) for span in spans)


def _operation_named(claim: Claim, name: str, reading: Reading, index: FactIndex) -> Fact | None:
    """A fact whose value is this operation's name, about a subject the sentence names."""
    for entry in index.entries:
        if _names_entity(entry, name) and _named_elsewhere(reading.mentions(entry), claim):
            return entry.fact
    return None


def _operation_alias(
    claim: Claim, name: str, reading: Reading, index: FactIndex
) -> tuple[Fact, str] | None:
    """The operation is a fact's subject and the sentence names it another way too ("the NATO
    bombing campaign, which was Operation Allied Force"): the fact and the other name."""
    for entry in index.entries:
        if name not in _squashed(entry.fact.names) or name not in squash(entry.fact.statement):
            continue
        for raw in entry.fact.names:  # a loose name too: the sentence says which it means
            other = squash(raw)
            if other != name and other not in name and _named_elsewhere(reading.find(raw), claim):
                return entry.fact, raw
    return None


def _operation_renamed(
    claim: Claim, name: str, reading: Reading, index: FactIndex
) -> tuple[Fact, EntityValue] | None:
    """A subject named just before, whose operation had another name, and a cue (outside the
    name itself) says so.  An operation the fact base knows under its own name is another
    operation, not a wrong name: "KFOR followed Operation Allied Force"."""
    if any(name in _squashed(e.fact.names) or _names_entity(e, name) for e in index.entries):
        return None
    for entry in index.entries:
        value = _entity(entry)
        if value is None or not value.name.startswith("Operation "):
            continue
        near = any(reading.within(FOLLOW_WORDS, s[1], claim.start) for s in reading.mentions(entry))
        if near and _named_elsewhere(reading.cue_hits(entry), claim):
            return entry.fact, value
    return None


def check_operation(claim: Claim, value: EntityValue, reading: Reading, index: FactIndex) -> Ruling:
    """ "Operation Allied Force": does the fact base give this name to what the sentence names?"""
    name = squash(value.name)
    fact = _operation_named(claim, name, reading, index)
    if fact is not None:
        return Ruling(SUPPORTED, f"{fact.subject} {fact.predicate} {value.name}.", fact)
    alias = _operation_alias(claim, name, reading, index)
    if alias is not None:
        return Ruling(SUPPORTED, f"The fact base knows {value.name} as {alias[1]}.", alias[0])
    renamed = _operation_renamed(claim, name, reading, index)
    if renamed is not None:
        fact, known = renamed
        return Ruling(REFUTED, f"{fact.subject} was {known.name}, not {value.name}.", fact)
    return Ruling(NEI, f"No fact ties {value.name} to what the sentence names.")


# --------------------------------------------------------------------------- titled persons


class _Titled(NamedTuple):
    """A titled-person claim taken apart: where the person's name starts, both squashed."""

    person_start: int
    title: str
    person: str


def _gives_title(entry: Entry, claim: Claim, titled: _Titled, reading: Reading) -> bool:
    """The person is the fact's subject and its value is the title, or the person is the
    value and the title names the subject ("NATO Secretary General") with the fact's cue."""
    value = _entity(entry)
    if value is None:
        return False
    names, mentions = entity_names(value), reading.mentions(entry)
    if titled.title in names and any(
        titled.person_start <= m[0] and m[1] <= claim.end for m in mentions
    ):
        return True
    return (
        titled.person in names
        and any(claim.start <= m[0] and m[1] <= titled.person_start for m in mentions)
        and any(claim.start <= h[0] < titled.person_start for h in reading.cue_hits(entry))
    )


def check_titled(claim: Claim, value: EntityValue, reading: Reading, index: FactIndex) -> Ruling:
    """ "Yugoslav President Slobodan Milošević": does the fact base give him that title?

    A title can only be confirmed: people hold several offices over time, so a title the
    fact base does not list is NOT_ENOUGH_INFO, never REFUTED.
    """
    person_start = claim.end - len(value.name)
    title = " ".join(reading.text[claim.start : person_start].split())
    titled = _Titled(person_start, squash(title), squash(value.name))
    for entry in index.entries:
        if _gives_title(entry, claim, titled, reading):
            return Ruling(SUPPORTED, f"{entry.fact.statement} (the title matches)", entry.fact)
    return Ruling(NEI, f"No fact gives {value.name} the title '{title}'.")
