"""Subject hints: which named thing a claim is most likely about.

The verifier finds a claim's subject itself; the hint is what the lesson page and the admin show
("KFOR: 12 June 1999") and a tie-breaker for question wording.
"""

from __future__ import annotations

import re

from lessons.facts.claims.acronyms import upper_count
from lessons.facts.claims.claim import Claim
from lessons.facts.claims.names import clean_entity
from lessons.facts.claims.vocabulary import CAP_WORD, GENERIC

Mention = tuple[int, int, str]  # start, end, name

_MENTION_RE = re.compile(
    rf"\bOperation\s+{CAP_WORD}(?:\s+{CAP_WORD}){{0,3}}"
    r"|\((?P<paren>[A-Z][A-Za-z0-9&-]{1,11})\)"
    r"|\b(?P<bare>[A-Z][A-Z0-9&-]{1,10})\b"
)


def mentions(sentence: str) -> list[Mention]:
    """Operations and acronyms named in the sentence, in order."""
    found: list[Mention] = []
    for m in _MENTION_RE.finditer(sentence):
        if m.group("paren"):
            name = m.group("paren")
        elif m.group("bare"):
            name = m.group("bare")
            if upper_count(name) < 2:
                continue
        else:
            name = clean_entity(m.group(0))
        found.append((m.start(), m.end(), name))
    return found


def hint(claim: Claim, mentioned: list[Mention]) -> str | None:
    """The nearest named subject before the claim (a specific one over NATO/UN), else after."""
    before = [m for m in mentioned if m[1] <= claim.start]
    after = [m for m in mentioned if m[0] >= claim.end]
    for pool, pick in (
        ([m for m in before if m[2] not in GENERIC], -1),
        (before, -1),
        ([m for m in after if m[2] not in GENERIC], 0),
        (after, 0),
    ):
        if pool:
            return pool[pick][2]
    return None
