"""Concept claims: whether an action had UN authorisation, and what a mandate included.

- "without explicit UN Security Council approval" / "under United Nations mandate": an
  ``authorisation`` claim whose value is a :class:`~lessons.facts.values.BooleanValue`.
- "KFOR's operational scope included patrolling borders, monitoring ceasefire agreements, and
  supporting ...": one ``task`` claim per listed task, its value the task's words.  Tasks are
  checked against multi-valued facts, which only ever support.
"""

from __future__ import annotations

import re

from lessons.facts.claims.claim import Claim
from lessons.facts.values import BooleanValue, EntityValue
from lessons.text.words import word_set

_UN = (
    r"(?:(?:the\s+)?(?:UN|U\.N\.|United\s+Nations)(?:\s+Security\s+Council)?"
    r"|(?:the\s+)?Security\s+Council)"
)
_GRANT = r"(?:authori[sz]ation|approval|mandate|sanction|endorsement|backing|resolution)"
_WITHOUT_RE = re.compile(
    r"\bwithout\s+(?:(?:an?|the|any|explicit|express|formal|prior|specific|clear)\s+)*"
    rf"{_UN}(?:'s)?\s+{_GRANT}\b",
    re.IGNORECASE,
)
_WITH_RE = re.compile(
    r"\b(?:under|with)\s+(?:an?\s+|the\s+)?(?:explicit\s+|formal\s+)?"
    rf"{_UN}\s+(?:authori[sz]ation|approval|mandate|sanction|endorsement)\b",
    re.IGNORECASE,
)


def authorisation_claims(sentence: str) -> list[Claim]:
    """ "without explicit UN Security Council approval" (no), "under United Nations mandate"
    (yes): whether the action had the Security Council's authorisation."""
    claims = [
        Claim("authorisation", m.group(0), m.start(), m.end(), BooleanValue(holds))
        for regex, holds in ((_WITHOUT_RE, False), (_WITH_RE, True))
        for m in regex.finditer(sentence)
    ]
    return sorted(claims, key=lambda c: c.start)


# --------------------------------------------------------------------------- tasks

_HEAD = (
    r"(?:mandates?|mission|tasks?|roles?|responsibilit(?:y|ies)|objectives?|aims?|purpose|"
    r"scope|duties|functions?|goals?|structure|components?)"
)
_LIST_VERB = (
    r"(?:(?:was|were|is|are)\s+(?:(?:very\s+much|mainly|mostly|primarily|largely)\s+)?(?:to|about)"
    r"|included|includes|include|involved|involves|encompassed|"
    r"encompasses|emphasi[sz]ed|emphasi[sz]es|comprised|covered|consisted\s+of|focused\s+on)"
)
_TRIGGER_RE = re.compile(
    rf"\b{_HEAD}\b[^.;:]{{0,80}}?\b{_LIST_VERB}\s+(?:also\s+)?(?:to\s+)?"
    r"|\b(?:aimed|sought|tasked|mandated)\s+(?:to|with)\s+"
    r"|\b(?:was|were)\s+(?:established|created|set\s+up|deployed)\s+to\s+(?=[a-z])"
    r"|\b(?:responsible|charged)\s+(?:for|with)\s+",
    re.IGNORECASE,
)
# " and " separates tasks only before a new verb: "establish and maintain ..." is one task.
_TASK_VERBS = word_set(
    """help support maintain ensure establish facilitate promote provide protect prevent assist
    monitor build rebuild create train deter oversee coordinate secure patrol disarm demilitarize
    demilitarise enforce restore foster contribute"""
)
_ITEM_SPLIT_RE = re.compile(
    r",\s*(?:and\s+|or\s+)?|;\s*|\s+[-\u2013\u2014]\s+|\s+and\s+(?=(?P<next>[a-z]+)\b)"
)
_DETERMINERS = word_set("the a an")
_LEADING_RE = re.compile(r"^(?:(?:and|or|also|to|then)\s+)+", re.IGNORECASE)
# An item starting so is a comment on the list, not a task ("regardless of their ethnicity").
_NOT_A_TASK = word_set(
    """regardless especially such including in on at for from with as by while which that this
    these those it its their his her our whose when where although though because so thus"""
)
_LIST_END_RE = re.compile(r"[.;:!?]|\s+(?:while|whereas|although|but|which|so\s+that)\s+")
_MAX_TASK_WORDS = 12


def _splits(text: str) -> list[tuple[int, int]]:
    """(start, end) of each item of a list of tasks, relative to ``text``."""
    cuts: list[tuple[int, int]] = []
    for m in _ITEM_SPLIT_RE.finditer(text):
        nxt = m.group("next")
        if nxt is not None and not (nxt.endswith("ing") or nxt in _TASK_VERBS | _DETERMINERS):
            continue
        left = text[cuts[-1][1] if cuts else 0 : m.start()]
        if nxt is not None and len(left.split()) < 2:
            continue  # "establish and maintain a secure environment" is one task
        cuts.append((m.start(), m.end()))
    bounds, start = [], 0
    for cut_start, cut_end in cuts:
        bounds.append((start, cut_start))
        start = cut_end
    bounds.append((start, len(text)))
    return bounds


def _task(sentence: str, start: int, end: int) -> Claim | None:
    piece = sentence[start:end]
    lead = _LEADING_RE.match(piece)
    if lead:
        start, piece = start + lead.end(), piece[lead.end() :]
    trimmed = piece.rstrip(" ,.'\u2019\"")
    words = trimmed.split()
    if not 2 <= len(words) <= _MAX_TASK_WORDS or not words[0][:1].islower():
        return None
    if words[0].casefold() in _NOT_A_TASK:
        return None
    end = start + len(trimmed)
    return Claim("task", trimmed, start, end, EntityValue(trimmed))


def task_claims(sentence: str) -> list[Claim]:
    """One claim per task listed after "its mandate was to", "the mission involved", "aimed to"."""
    claims: list[Claim] = []
    triggers = list(_TRIGGER_RE.finditer(sentence))
    limits = [t.start() for t in triggers[1:]] + [len(sentence)] if triggers else []
    for trigger, limit in zip(triggers, limits, strict=True):
        # A list ends at a full stop, a new clause or the next trigger (linear time).
        list_start = trigger.end()
        stop = _LIST_END_RE.search(sentence, list_start, limit)
        list_end = stop.start() if stop else limit
        for start, end in _splits(sentence[list_start:list_end]):
            claim = _task(sentence, list_start + start, list_start + end)
            if claim is not None:
                claims.append(claim)
    return claims
