"""Names a reference can confirm: operations, "led by X" relations and titled persons.

"Operation Allied Force" is an operation; "established by the United Nations" and "under the
command of NATO" are relations whose value is the agent; "Yugoslav President Slobodan
Milošević" is a relation whose value is the person, with the title as an alias.
"""

from __future__ import annotations

import re

from lessons.facts.claims.claim import Claim
from lessons.facts.claims.vocabulary import (
    APOSTROPHE,
    CAP_WORD,
    ENTITY_TAIL_STOP,
    NAME_STOP,
    PERSON,
    PREFIX_STOP,
)
from lessons.facts.values import MONTH_NAMES, EntityValue
from lessons.text.words import word_set

_OPERATION_RE = re.compile(rf"\bOperation\s+(?P<name>{CAP_WORD}(?:\s+{CAP_WORD}){{0,3}})")
_CAP_WORD_RE = re.compile(CAP_WORD)
# "NATO's Supreme Allied Commander Europe (SACEUR)", "the United Nations", "Slobodan Milošević".
_ENTITY = (
    rf"(?:the\s+)?(?:(?P<owner>[A-Z][\w.-]*){APOSTROPHE}s\s+)?"
    rf"(?P<name>{CAP_WORD}(?:\s+(?:(?:of|for|in|and|the|on)\s+)?{CAP_WORD})*)"
    rf"(?:\s+\((?P<acr>[A-Z][A-Za-z0-9&-]{{1,11}})\))?"
)
_RELATION_RE = re.compile(
    r"\b(?:(?:led|commanded|headed|authori[sz]ed|mandated|established|created|founded|"
    r"facilitated|brokered|administered|launched|deployed|run|chaired|overseen|endorsed|"
    r"succeeded|replaced|superseded|taken\s+over|initiated|set\s+up)"
    r"\s+by|under\s+the\s+(?:command|leadership|authority|auspices)\s+of"
    r"|(?:handed|passed|transferred)\s+(?:over\s+)?to)"
    rf"\s+{_ENTITY}"
)
_TITLE = (
    r"(?:President|Prime\s+Minister|Secretary[- ]General|Foreign\s+Minister|"
    r"Defen[cs]e\s+(?:Minister|Secretary)|Secretary\s+of\s+State|General|Admiral|"
    r"Lieutenant\s+General|Gen\.|Adm\.)"
)
_TITLED_PERSON_RE = re.compile(
    rf"\b(?:(?P<prefix>[A-Z][\w-]*|U\.S\.)\s+)?(?P<role>{_TITLE})\s+(?P<person>{PERSON})"
)
_NOT_AN_AGENT_RE = re.compile(r"\bResolutions?\b|\d")
_LOWER_TAIL_STOP = word_set("of for in and the on")


def clean_entity(name: str) -> str:
    """A name without trailing small words or punctuation: "the United Nations and" -> ..."""
    words = name.split()
    while words and words[-1] in ENTITY_TAIL_STOP:
        words.pop()
    while words and words[-1].lower() in _LOWER_TAIL_STOP:
        words.pop()
    return " ".join(words).rstrip(".,'\u2019")


def _operation_words(sentence: str, m: re.Match[str]) -> list[tuple[str, int]]:
    """(word, end offset) of the name after "Operation", up to a small word or punctuation."""
    words: list[tuple[str, int]] = []
    for token in _CAP_WORD_RE.finditer(sentence, m.start("name"), m.end("name")):
        if token.group(0) in NAME_STOP:
            break
        word = token.group(0)
        trimmed = word.rstrip(".,'\u2019-")
        if trimmed.endswith(("'s", "\u2019s")):
            trimmed = trimmed[:-2]
        if not trimmed:
            break
        words.append((trimmed, token.start() + len(trimmed)))
        if trimmed != word:
            break  # punctuation or a possessive ends the name
    return words


def operation_claims(sentence: str) -> list[Claim]:
    """ "Operation Allied Force": the capitalised words after "Operation", up to a small word."""
    claims: list[Claim] = []
    for m in _OPERATION_RE.finditer(sentence):
        words = _operation_words(sentence, m)
        if not words:
            continue
        end = words[-1][1]
        name = "Operation " + " ".join(w for w, _ in words)
        text = sentence[m.start() : end]
        claims.append(Claim("operation", text, m.start(), end, EntityValue(name), name))
    return claims


# "the European Union in December 2004": a time ends the name.
_TIME_TAIL_RE = re.compile(rf"\s+(?:in|on|of)\s+(?:{'|'.join(MONTH_NAMES[1:])})\b.*$")
_NEXT_WORD_RE = re.compile(r"\s*([a-z][\w-]*)")
# Lowercase words that may follow an agent's name: "led by NATO forces", "by the EU in 2008".
_AFTER_AGENT = word_set(
    """forces troops force and or in on at to from with for as after before during until since
    was were is are had has which who that while when but under into its their"""
)


def _agent(sentence: str, m: re.Match[str]) -> Claim | None:
    """ "established by the United Nations (UN)": the agent, with its acronym as an alias.

    None when the name only modifies a longer noun phrase ("succeeded by the UN mission in
    Bosnia" names no body, "UN" describes the mission): such an agent is not known."""
    name = _TIME_TAIL_RE.sub("", m.group("name"))
    if _NOT_AN_AGENT_RE.search(name):
        return None  # a resolution claim covers it
    clean = clean_entity(name)
    if not clean:
        return None
    after = _NEXT_WORD_RE.match(sentence, m.start("name") + len(clean))
    if after and not m.group("acr") and after.group(1) not in _AFTER_AGENT:
        return None
    acronym = m.group("acr")
    if acronym and clean == m.group("name"):
        end = m.end()
    else:
        end = m.start("name") + len(clean)
        acronym = None
    value = EntityValue(clean, (acronym,) if acronym else ())
    return Claim("relation", sentence[m.start() : end], m.start(), end, value, side="before")


def _titled(sentence: str, m: re.Match[str]) -> Claim | None:
    """ "Yugoslav President Slobodan Milošević": the person, known by the title too."""
    person = clean_entity(m.group("person"))
    if len(person.split()) < 2:
        return None
    end = m.start("person") + len(person)
    start = m.start()
    if m.group("prefix") and m.group("prefix") in PREFIX_STOP:
        start = m.start("role")  # "Following General Wesley Clark": no nationality
    title = " ".join(sentence[start : m.start("person")].split())
    value = EntityValue(person, (f"{title} {person}",))
    return Claim("relation", sentence[start:end], start, end, value, person)


def relation_claims(sentence: str) -> list[Claim]:
    """Agents of "led by"-like verbs, then titled persons."""
    agents = [_agent(sentence, m) for m in _RELATION_RE.finditer(sentence)]
    titled = [_titled(sentence, m) for m in _TITLED_PERSON_RE.finditer(sentence)]
    return [claim for claim in (*agents, *titled) if claim is not None]
