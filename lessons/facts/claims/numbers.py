"""Numbers, durations and UN resolutions: "over 38,000 sorties", "78 days", "Resolution 1244".

A number is a claim with the unit noun that follows it ("sorties", "bombs and missiles"), and
with the qualifier before it ("over", "about", "up to"), because a reference states a figure
for a unit and an "over 38,000" is not an "exactly 38,000".
"""

from __future__ import annotations

import re

from lessons.facts.claims.claim import Claim, Taken
from lessons.facts.claims.vocabulary import (
    DIGITS,
    DURATION_UNITS,
    MODIFIERS,
    NOT_UNIT,
    QUALIFIER,
    QUALIFIER_PHRASES,
    QUALIFIER_WORDS,
    SCALE,
    WORD_NUMBER,
)
from lessons.facts.values import DurationValue, NumberValue, Qualifier, ResolutionValue
from lessons.text.normalise import fold_case
from lessons.text.numbers import parse_number_words

_RESOLUTION_RE = re.compile(
    r"\b(?:UNSCR|UNSC\s+[Rr]esolution|[Rr]esolutions?)\s+"
    r"(?:(?:No\.|no\.|number)\s*)?"
    r"(?P<first>\d{1,4})(?P<year1>\s*\((?:18|19|20)\d{2}\))?"
    r"(?P<rest>(?:\s*(?:,|,?\s+and|,?\s+or)\s+\d{1,4}(?:\s*\((?:18|19|20)\d{2}\))?)*)"
)
_RESOLUTION_ITEM_RE = re.compile(r"(?P<number>\d{1,4})(?:\s*\((?P<year>\d{4})\))?")
_NUMBER_RE = re.compile(
    rf"(?:\b(?P<qualifier>{QUALIFIER})\s+)?"
    rf"(?<![\w.,\u2019'])(?P<number>{DIGITS}|{WORD_NUMBER})(?![\w]|,\d|\.\d)"
    rf"(?:\s+(?P<scale>thousand|million|billion)\b)?"
    rf"(?P<hyphen>-(?P<hyphen_unit>day|week|month|year)\b)?",
    re.IGNORECASE,
)
_UNIT_WORD_RE = re.compile(r"\s*([A-Za-z\u00C0-\u024F][\w\u00C0-\u024F.'\u2019-]*|%)")
_PER_CENT_RE = re.compile(r"\s+cent\b")
_CONJUNCT_RE = re.compile(r"\s+(and|or)\s+([a-z][\w-]*)")
_LIST_MARKER_NUMBER_RE = re.compile(r"^\d{1,2}$")
_LIST_MARKER_AFTER_RE = re.compile(r"\s*[.)]")


def qualifier_of(text: str) -> Qualifier:
    """The qualifier a claim's text starts with ("over 38,000 sorties" -> "over")."""
    lowered = fold_case(text)
    for words in QUALIFIER_PHRASES:
        if lowered.startswith(words + " "):
            return QUALIFIER_WORDS[words]
    return "exact"


def resolution_claims(sentence: str, taken: Taken) -> list[Claim]:
    """One claim per resolution number: "Resolutions 1970 and 1973" gives two."""
    claims: list[Claim] = []
    for match in _RESOLUTION_RE.finditer(sentence):
        year1 = match.group("year1")
        items = [
            (
                match.start(),
                match.end("year1") if year1 else match.end("first"),
                int(match.group("first")),
                int(year1.strip()[1:-1]) if year1 else None,
            )
        ]
        rest_start = match.start("rest")
        for item in _RESOLUTION_ITEM_RE.finditer(match.group("rest")):
            year = item.group("year")
            number = int(item.group("number"))
            start, end = rest_start + item.start(), rest_start + item.end()
            items.append((start, end, number, int(year) if year else None))
        for start, end, number, resolution_year in items:
            value = ResolutionValue(number, resolution_year)
            claims.append(Claim("resolution", sentence[start:end], start, end, value))
            taken.take(start, end)
    return claims


def _parse_number(text: str) -> float | None:
    words = parse_number_words(text)
    if words is not None:
        return words
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _percent(sentence: str, word: str, end: int) -> tuple[str, int] | None:
    """ "%", "percent" and "per cent" are one unit; a bare "per" is none."""
    if word.casefold() != "per":
        return "percent", end
    cent = _PER_CENT_RE.match(sentence[end:])
    return ("percent", end + cent.end()) if cent else None


def _unit_after(sentence: str, pos: int) -> tuple[str, int] | None:
    """The unit noun phrase right after a number: "sorties", "bombs and missiles"."""
    first = _UNIT_WORD_RE.match(sentence, pos)
    if not first:
        return None
    word = first.group(1).rstrip(".")
    if word == "%" or word.casefold() in {"percent", "per"}:
        return _percent(sentence, word, first.end())
    if word.casefold() in NOT_UNIT:
        return None
    words = [word]
    end = first.start(1) + len(word)
    if word.casefold() in MODIFIERS or word.isupper():
        second = _UNIT_WORD_RE.match(sentence, end)
        if second and second.group(1).casefold().rstrip(".") not in NOT_UNIT:
            words.append(second.group(1).rstrip("."))
            end = second.start(1) + len(words[-1])
        elif word.isupper():
            return None
    conj = _CONJUNCT_RE.match(sentence[end:])
    if conj and conj.group(2) not in NOT_UNIT and conj.group(2).endswith("s"):
        words.append(f"{conj.group(1)} {conj.group(2)}")
        end += conj.end()
    return " ".join(words), end


def _whole_positive(value: float) -> bool:
    return value == int(value) and value > 0


def _number_claim(sentence: str, m: re.Match[str], value: float, start: int) -> Claim | None:
    """The claim a number starts: a duration ("78 days", "78-day"), a count, or nothing."""
    if m.group("hyphen"):
        duration = DurationValue(int(value), DURATION_UNITS[m.group("hyphen_unit").casefold()])
        return Claim("duration", sentence[start : m.end()], start, m.end(), duration)
    unit_match = _unit_after(sentence, m.end())
    if unit_match is None:
        return None
    unit, end = unit_match
    if unit.casefold() in DURATION_UNITS:
        if not _whole_positive(value):
            return None
        duration = DurationValue(int(value), DURATION_UNITS[unit.casefold()])
        return Claim("duration", sentence[start:end], start, end, duration)
    if m.group("number")[0].isalpha():
        return None  # "one of the", "two sides": spelled-out counts are rarely checkable claims
    if _LIST_MARKER_NUMBER_RE.match(m.group("number")) and _LIST_MARKER_AFTER_RE.match(
        sentence[m.end() :]
    ):
        return None  # list markers "1." / "2)"
    qualifier_text = m.group("qualifier")
    qualifier = QUALIFIER_WORDS[fold_case(qualifier_text)] if qualifier_text else "exact"
    return Claim("number", sentence[start:end], start, end, NumberValue(value, unit, qualifier))


def number_claims(sentence: str, taken: Taken) -> list[Claim]:
    """Counts and durations not already part of a date or a resolution."""
    claims: list[Claim] = []
    for m in _NUMBER_RE.finditer(sentence):
        if not taken.free(m.start("number"), m.end("number")):
            continue
        value = _parse_number(m.group("number"))
        if value is None:
            continue
        if m.group("scale"):
            value *= SCALE[m.group("scale").casefold()]
        start = m.start() if m.group("qualifier") else m.start("number")
        claim = _number_claim(sentence, m, value, start)
        if claim is not None:
            claims.append(claim)
            taken.take(claim.start, claim.end)
    return claims
