"""Acronyms with their long form: "Kosovo Force (KFOR)" and "KFOR (Kosovo Force)".

The long form is found with Schwartz & Hearst's (2003) letter matching, so "(UNMIK)" after
"UN administrators" is not taken for an expansion: its letters are not there.
"""

from __future__ import annotations

import re

from lessons.facts.claims.claim import Claim
from lessons.facts.values import AcronymValue

_PAREN_ACRONYM_RE = re.compile(r"\((?P<acr>[A-Z][A-Za-z0-9&.-]{1,11})\)")
_REVERSED_RE = re.compile(r"\b(?P<acr>[A-Z][A-Z0-9&-]{1,10})\s*\((?P<exp>[A-Z][^()]{3,100}?)\)")
_WORD_BREAK_RE = re.compile(r"[\s-]+")
# The long form lies between the last punctuation mark and the parenthesis.
_CLAUSE_MARKS = ',;:()[]"\u201c\u201d'


def upper_count(text: str) -> int:
    """Capital letters in ``text``: an acronym has at least two ("UN", not "Kosovo")."""
    return sum(1 for ch in text if ch.isupper())


def _long_form(short: str, long: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest tail of ``long`` whose letters spell ``short``."""
    s = len(short) - 1
    i = len(long) - 1
    while s >= 0:
        c = short[s].casefold()
        if not c.isalnum():
            s -= 1
            continue
        while (i >= 0 and long[i].casefold() != c) or (s == 0 and i > 0 and long[i - 1].isalnum()):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = max(long.rfind(" ", 0, i + 1), long.rfind("-", 0, i + 1)) + 1
    if long[start - 1 : start] == "-":
        start = long.rfind(" ", 0, start) + 1
    return long[start:]


def _expanded(sentence: str, m: re.Match[str]) -> Claim | None:
    """ "Kosovo Force (KFOR)": the words before the parenthesis that spell the acronym."""
    acronym = m.group("acr").replace(".", "")
    if upper_count(acronym) < 2:
        return None
    before = sentence[: m.start()].rstrip()
    boundary = max(before.rfind(ch) for ch in _CLAUSE_MARKS)
    limit = min(len(acronym) + 5, len(acronym) * 2)
    window = " ".join(before[boundary + 1 :].split()[-limit:])
    long = _long_form(acronym, window)
    if not long:
        return None
    long_words = long.split()
    if len(long_words) < 2 and "-" not in long:
        return None
    if not long_words[0][:1].isupper():
        return None
    start = len(before) - len(long)
    if sentence[start : len(before)] != long:
        return None
    value = AcronymValue(acronym, long)
    return Claim("acronym", sentence[start : m.end()], start, m.end(), value, acronym)


def _reversed(m: re.Match[str]) -> Claim | None:
    """ "KFOR (Kosovo Force)": the parenthesis spells the acronym out."""
    acronym, expansion = m.group("acr"), m.group("exp").strip()
    if upper_count(acronym) < 2 or len(expansion.split()) < 2:
        return None
    initials = "".join(w[0] for w in _WORD_BREAK_RE.split(expansion) if w[:1].isupper())
    if _long_form(acronym, expansion) != expansion and initials != acronym:
        return None
    # Every capitalised word of the expansion must start a letter of the acronym.
    letters = acronym.casefold()
    if not all(w[0].casefold() in letters for w in expansion.split() if w[:1].isupper()):
        return None
    value = AcronymValue(acronym, expansion)
    return Claim("acronym", m.group(0), m.start(), m.end(), value, acronym)


def acronym_claims(sentence: str) -> list[Claim]:
    """Both orders; an acronym's claim hints its own subject (the acronym)."""
    expanded = [_expanded(sentence, m) for m in _PAREN_ACRONYM_RE.finditer(sentence)]
    reversed_ = [_reversed(m) for m in _REVERSED_RE.finditer(sentence)]
    return [claim for claim in (*expanded, *reversed_) if claim is not None]
