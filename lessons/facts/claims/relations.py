"""Agent relations told actively: "NATO took command of ISAF", "the NATO-led force",
"Resolution 1244 authorized NATO to lead ...".

The passive forms ("established by the United Nations", "handed over to the EU") are in
:mod:`~lessons.facts.claims.names`.  Each claim's value is the agent, and its ``side`` says where
its subject stands: after an active verb ("... took command of ISAF"), before "authorized X to"
(the resolution that authorised), on either side of "X-led".
"""

from __future__ import annotations

import re

from lessons.facts.claims.claim import Claim, Side
from lessons.facts.claims.names import clean_entity
from lessons.facts.claims.vocabulary import CAP_WORD, PREFIX_STOP
from lessons.facts.values import EntityValue

# "NATO", "the European Union", "the UN Security Council": a body acting.
_BODY = rf"(?P<name>[A-Z][A-Z.]{{1,9}}|{CAP_WORD}(?:\s+(?:of\s+|for\s+|the\s+)?{CAP_WORD}){{0,5}})"
_TOOK_COMMAND_RE = re.compile(
    rf"\b{_BODY}(?:'s)?\s+(?:formally\s+|then\s+|later\s+)?"
    r"(?:took|assumed|took\s+over|assumed\s+responsibility\s+for\s+the)\s+"
    r"(?:the\s+)?(?:overall\s+|full\s+)?(?:command|control|leadership|lead|charge)\s+(?:of|over)\b"
)
_LED_RE = re.compile(r"\b(?P<name>[A-Z][A-Za-z.]{1,10})-led\b")
_AUTHORISED_TO_RE = re.compile(
    r"\b(?:authori[sz]ed|mandated|empowered|tasked)\s+"
    rf"(?:the\s+)?(?P<name>[A-Z][A-Z.]{{1,9}}|{CAP_WORD}(?:\s+{CAP_WORD}){{0,4}})"
    r"\s+to\s+[a-z]+"
)
_LEAD_WORD_RE = re.compile(r"(\S+)\s+")
# Words that look like a body but are not one acting ("The", "It", "In 2003").
_NOT_A_BODY = frozenset({"The", "This", "That", "It", "Its", "In", "On", "By", "After", "Before"})


def _claim(sentence: str, m: re.Match[str], side: Side) -> Claim | None:
    raw, name_start = m.group("name"), m.start("name")
    while (lead := _LEAD_WORD_RE.match(raw)) and lead.group(1) in PREFIX_STOP:
        raw, name_start = raw[lead.end() :], name_start + lead.end()  # "Later NATO took ..."
    name = clean_entity(raw)
    if not name or name.split()[0] in _NOT_A_BODY or any(ch.isdigit() for ch in name):
        return None
    start = name_start if side != "before" else m.start()
    end = m.end()
    return Claim("relation", sentence[start:end], start, end, EntityValue(name), side=side)


def active_relation_claims(sentence: str) -> list[Claim]:
    """ "NATO took command of", "NATO-led", "authorized NATO to lead": the agent and its verb."""
    found = [
        *(_claim(sentence, m, "after") for m in _TOOK_COMMAND_RE.finditer(sentence)),
        *(_claim(sentence, m, "either") for m in _LED_RE.finditer(sentence)),
        *(_claim(sentence, m, "before") for m in _AUTHORISED_TO_RE.finditer(sentence)),
    ]
    return [claim for claim in found if claim is not None]
