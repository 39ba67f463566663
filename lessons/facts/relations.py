"""Which relation an agent claim states: "established by NATO", "NATO-led", "took command of".

A claim's verb and a fact's predicate state the same relation when they belong to one family of
verbs ("established by" and "launched by" say who set a mission up; "led by" and "NATO-led" who
leads it).  A relation claim may be *supported* by a fact whose cues or predicate share a word
with its verb, but *refuted* only by a fact of the same family: a fact on who leads KFOR says
nothing about who established it, whatever its cues list.
"""

from __future__ import annotations

import re

from lessons.facts.claims import Claim
from lessons.facts.factbase import Fact
from lessons.facts.tasks import content_stems
from lessons.facts.values import EntityValue
from lessons.text.words import word_set

__all__ = ["is_authorisation", "same_verb", "verb_states"]

_VERB_WORD_RE = re.compile(r"[A-Za-z]+")
_AUTHORISATION_RE = re.compile(r"authori[sz]|mandat|approv|sanction", re.IGNORECASE)


def is_authorisation(fact: Fact) -> bool:
    """A yes/no fact about authorisation ("had UN Security Council approval"), not another
    yes/no ("was a UN force")."""
    return any(_AUTHORISATION_RE.search(text) for text in (fact.predicate, *fact.cues))


# Verbs that state the same relation: "established by" and "launched by" say who set a
# mission up; "led by" and "NATO-led" who leads it.  A refutation needs the same relation.
_VERB_FAMILIES = {
    "lead": word_set("led lead leads leading head headed heads command commanded run ran runs"),
    "establish": word_set(
        """established establish founded created create set launched launch initiated deployed
        deploy"""
    ),
    "authorise": word_set(
        "authorised authorized authorise authorize mandated mandate approved approve sanctioned"
    ),
    "succeed": word_set("succeeded succeed replaced replace superseded handed transferred took"),
    "facilitate": word_set("facilitated facilitate mediated brokered"),
    "conduct": word_set("conducted conduct carried"),
}
_LOWER_WORD_RE = re.compile(r"[a-z]+")


def _families(text: str) -> set[str]:
    words = set(_LOWER_WORD_RE.findall(text.casefold()))
    return {family for family, verbs in _VERB_FAMILIES.items() if verbs & words}


def same_verb(claim: Claim, fact: Fact) -> bool:
    """ "established by NATO" and "was launched by" state one relation; "established by the UN
    Security Council" and "is led by" do not, whatever the fact's cues say."""
    if claim.kind != "relation":
        return True
    verb = claim.text
    if isinstance(claim.value, EntityValue):
        for name in claim.value.names:
            verb = verb.replace(name, " ")
    return bool(_families(verb) & _families(fact.predicate))


def verb_states(claim: Claim, fact: Fact) -> bool:
    """A word of the relation's verb ("led" in "NATO-led") is in the fact's predicate or cues."""
    names: set[str] = set()
    if isinstance(claim.value, EntityValue):
        names = {w for n in claim.value.names for w in content_stems(n)}
    verb = content_stems(" ".join(_VERB_WORD_RE.findall(claim.text))) - names
    return bool(verb & content_stems(" ".join((fact.predicate, *fact.cues)))) or same_verb(
        claim, fact
    )
