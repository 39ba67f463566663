"""What distractors are drawn from: the real dates, resolutions, acronyms and operations of the
fact base, built once per fact base (:func:`pools_for`) and shared by every question.

The pools also answer the questions distractor choice keeps asking about the fact base -
which facts are about the same subject, which names mean the same as an acronym - and remember
the answers, since every claim asks them again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lessons.facts.factbase import Fact, FactBase
from lessons.facts.values import AcronymValue, DateValue, EntityValue, ResolutionValue
from lessons.text.normalise import fold_loose
from lessons.text.words import word_set

_RESOLUTION_IN_TEXT = re.compile(r"\bResolutions?\s+((?:\d{3,4}(?:\s*(?:,|and|or)\s*)?)+)")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_STOP_WORDS = frozenset(["of", "the", "for", "in", "and"])
# Words that make a name a body (an organisation, a mission, an institution) ...
_BODY_WORDS = word_set(
    """
    council nations union organisation organization alliance mission force forces command
    assembly court tribunal government ministry parliament agency office community corps
    operations presence police headquarters secretariat coalition
    """
)
# ... a mission (a force, a presence) rather than an organisation
_MISSION_WORDS = word_set("mission force forces corps police presence")
BODIES = ("mission", "organisation")
# ... a state, or a post held by someone.
_STATE_WORDS = word_set("republic kingdom federation state states")
_POST_WORDS = word_set("president commander secretary minister representative chairman")
_PERSON_TITLES = word_set("general admiral sir dr lieutenant colonel mr mrs ms")
# ... or a document, an event, an idea: never swapped for a body or a person.
_THING_WORDS = word_set(
    """
    agreement agreements treaty resolution resolutions accords accord campaign war talks
    conference declaration constitution act plan strategy concept doctrine bombing massacre
    """
)


def initials(name: str) -> str:
    """ "Kosovo Protection Corps" -> "KPC" (capitalised words only)."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


@functools.cache
def resolution_numbers(text: str) -> frozenset[int]:
    """The resolutions a text names: "Resolutions 1970 and 1973" -> {1970, 1973}."""
    out: set[int] = set()
    for match in _RESOLUTION_IN_TEXT.finditer(text):
        out |= {int(n) for n in re.findall(r"\d{3,4}", match.group(1))}
    return frozenset(out)


def entity_role(name: str) -> str:
    """What kind of thing a name is, so that wrong options are of the same kind: "operation",
    "post", "state", "mission", "organisation", "person" or "other" (a place, a phrase)."""
    words = re.split(r"[\s,]+", name.strip())
    folded = {w.casefold() for w in words}
    if not words[0][:1].isupper():
        return "other"  # "supporting the development of ...": a phrase
    if words[0] == "Operation":
        return "operation"
    if len(words) > 9 or any(w[:1].isdigit() for w in words) or "Resolution" in words:
        return "other"  # a phrase, a resolution: nothing to swap it with safely
    if folded & _THING_WORDS and not folded & _BODY_WORDS:
        return "other"  # "Military Technical Agreement", not "North Atlantic Treaty Organization"
    if words[0].casefold() in _POST_WORDS or (folded & _POST_WORDS and not folded & _BODY_WORDS):
        return "post"
    if folded & _STATE_WORDS and not folded & _BODY_WORDS:
        return "state"
    if folded & _MISSION_WORDS:
        return "mission"  # KFOR, UNMIK, EULEX: what an organisation deploys
    if folded & _BODY_WORDS or _ACRONYM.fullmatch(name):
        return "organisation"  # NATO, the EU, the North Atlantic Council
    capitalised = all(w[:1].isupper() for w in words if w)
    if capitalised and (2 <= len(words) <= 3 or words[0].casefold() in _PERSON_TITLES):
        return "person"
    return "other"


def subject_role(fact: Fact) -> str:
    """The role of a fact's subject (see :func:`names_role`)."""
    return names_role(fact.names)


def names_role(names: tuple[str, ...]) -> str:
    """The role of a thing by its first name, or by its longest when the first is an acronym
    ("MTA" is an agreement; "Javier Solana" a person, whatever his title)."""
    first = names[0]
    if any(n.startswith("Operation ") for n in names):
        return "operation"  # "Allied Force", also called "Operation Allied Force"
    return entity_role(max(names, key=len) if _ACRONYM.fullmatch(first) else first)


def _folded(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_loose(n) for n in names)


def significant_words(text: str) -> frozenset[str]:
    """The words that tell two names apart ("Kosovo Security Force" -> kosovo, security, force)."""
    return frozenset(fold_loose(text).split()) - _STOP_WORDS


@dataclass(frozen=True)
class Acronym:
    """An acronym of the pool with the normalised forms distractor choice compares."""

    acronym: str
    expansion: str
    keys: frozenset[str]  # normalised acronym and expansion, the expansion also without spaces
    words: frozenset[str]  # the expansion's significant words


@dataclass(frozen=True)
class Pools:
    """Everything distractors are drawn from (see :func:`pools_for`)."""

    dates: tuple[DateValue, ...]
    resolutions: tuple[int, ...]
    acronyms: tuple[tuple[str, str], ...]  # (acronym, expansion)
    operations: tuple[frozenset[str], ...]  # each: the names of one operation
    entities: tuple[EntityValue, ...]  # named bodies, people, posts, states (values, subjects)
    factbase: FactBase
    _names: tuple[tuple[Fact, frozenset[str]], ...] = field(repr=False, compare=False)
    # Answers remembered per fact or value: every claim about it asks again.
    _same: dict[Fact, tuple[Fact, ...]] = field(default_factory=dict, repr=False, compare=False)
    _synonyms: dict[AcronymValue, frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # wrong options of an entity answer in a fact, by (answer, fact id): see entity_distractors
    remembered: dict[tuple[EntityValue, str], list[EntityValue]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @functools.cached_property
    def acronym_forms(self) -> tuple[Acronym, ...]:
        """The acronyms, each with its normalised forms."""
        out = []
        for acronym, expansion in self.acronyms:
            folded = fold_loose(expansion)
            keys = frozenset([fold_loose(acronym), folded, folded.replace(" ", "")])
            out.append(Acronym(acronym, expansion, keys, significant_words(expansion)))
        return tuple(out)

    @functools.cached_property
    def entity_forms(self) -> tuple[tuple[EntityValue, str, tuple[str, ...]], ...]:
        """The entities, each with its role (read from its longest name) and folded names."""
        return tuple(
            (e, names_role(e.names), tuple(fold_loose(n) for n in e.names)) for e in self.entities
        )

    def same_subject(self, fact: Fact) -> tuple[Fact, ...]:
        """The facts about the same subject (any shared name), ``fact`` included."""
        if fact not in self._same:
            names = _folded(fact.names)
            self._same[fact] = tuple(f for f, other in self._names if names & other)
        return self._same[fact]

    def acronym_group(self, value: AcronymValue) -> frozenset[str]:
        """Every name that means the same as the acronym (normalised, also without spaces)."""
        if value not in self._synonyms:
            names = {fold_loose(value.acronym), fold_loose(value.expansion)}
            for _, other in self._names:
                if names & other:
                    names |= other
            self._synonyms[value] = frozenset(names | {n.replace(" ", "") for n in names})
        return self._synonyms[value]

    def resolutions_about(self, fact: Fact) -> set[int]:
        """Resolutions the facts about ``fact``'s subject name: each could be a right answer."""
        out: set[int] = set()
        for other in self.same_subject(fact):
            out |= _resolutions_of(other)
        return out


def _resolutions_of(fact: Fact) -> set[int]:
    out = {fact.value.number} if isinstance(fact.value, ResolutionValue) else set()
    for text in (fact.statement, *fact.names):
        out |= resolution_numbers(text)
    return out


_last: tuple[FactBase, Pools] | None = None


def pools_for(factbase: FactBase) -> Pools:
    """The pools of ``factbase``, built once: the last fact base's pools are kept."""
    global _last
    if _last is None or _last[0] is not factbase:
        _last = (factbase, _build(factbase))
    return _last[1]


def _build(factbase: FactBase) -> Pools:
    dates: dict[str, DateValue] = {}
    resolutions: set[int] = set()
    acronyms: dict[str, str] = {}
    for fact in factbase.facts:
        for date in fact.value.dates():
            dates.setdefault(date.iso(), date)
        resolutions |= _resolutions_of(fact)
        if isinstance(fact.value, AcronymValue):
            acronyms.setdefault(fact.value.acronym, fact.value.expansion)
    for fact in factbase.facts:
        _spelled_out_acronyms(fact, acronyms)
    return Pools(
        dates=tuple(sorted(dates.values(), key=lambda d: d.iso())),
        resolutions=tuple(sorted(resolutions)),
        acronyms=tuple(sorted(acronyms.items())),
        operations=_operations(factbase),
        entities=_entities(factbase),
        factbase=factbase,
        _names=tuple((fact, _folded(fact.names)) for fact in factbase.facts),
    )


def _entities(factbase: FactBase) -> tuple[EntityValue, ...]:
    """Every entity value of the fact base, and every subject that names a body: what wrong
    options of a "Which body ...?" question are drawn from (each once, by folded name)."""
    out: dict[str, EntityValue] = {}
    for fact in factbase.facts:
        if isinstance(fact.value, EntityValue):
            out.setdefault(name_key(fact.value.name), fact.value)
    for fact in factbase.facts:
        if subject_role(fact) in BODIES:
            out.setdefault(name_key(fact.subject), EntityValue(fact.subject, fact.aliases))
    return tuple(sorted(out.values(), key=lambda v: v.name))


def name_key(name: str) -> str:
    """Names that fold to the same text are one name."""
    return fold_loose(name)


def _spelled_out_acronyms(fact: Fact, acronyms: dict[str, str]) -> None:
    """Acronyms spelled out by a subject's (or an entity value's) other names: KPC, FRY ..."""
    name_sets = [fact.names]
    if isinstance(fact.value, EntityValue):
        name_sets.append(fact.value.names)
    for names in name_sets:
        for short in names:
            if not _ACRONYM.fullmatch(short) or short in acronyms:
                continue
            for long in names:
                if long != short and initials(long) == short and len(long.split()) >= 2:
                    acronyms[short] = long
                    break


def _operations(factbase: FactBase) -> tuple[frozenset[str], ...]:
    """The names of each operation: a subject's "Operation ..." names, or an entity value
    ("Operation Joint Guardian") with all its aliases; groups sharing a name are merged."""
    groups: list[set[str]] = []
    for fact in factbase.facts:
        operations = {n for n in fact.names if n.startswith("Operation ")}
        if operations:
            groups.append(operations)
        value = fact.value
        if isinstance(value, EntityValue) and value.is_operation:
            groups.append(set(value.names))
    merged: list[set[str]] = []
    for group in groups:
        keys = {fold_loose(n) for n in group}
        for existing in merged:
            if keys & {fold_loose(n) for n in existing}:
                existing |= group
                break
        else:
            merged.append(set(group))
    return tuple(frozenset(g) for g in merged)
