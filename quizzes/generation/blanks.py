"""Where a fact's value sits in its cited statement, and the statement with that value blanked
out or replaced: the "Which year completes this statement?" and false-statement machinery.

The claim extractor (:mod:`lessons.facts.claims`) finds the value, so a statement is read the
way lesson sentences are.  A :class:`Spot` also says how a replacement must be written to fit
(a :data:`~lessons.facts.values.Style`: just the digits, "from ... to ...", the name ...).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lessons.facts import values as fv
from lessons.facts.claims import extract_claims_cached

_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_SPAN_LEADS: dict[str, fv.Style] = {"from": "from", "between": "between", "since": "since"}
_OVER_RE = re.compile(r"(?:\bjust\s+)?\b(?:over|more than|in excess of|upwards of)\s+$", re.I)


@dataclass(frozen=True)
class Spot:
    """Where a value sits in a text: ``start:end`` is the stretch to blank out."""

    start: int
    end: int
    style: fv.Style  # how options must be written to fit


def digits_in(text: str, offset: int) -> tuple[int, int] | None:
    """Offsets (shifted by ``offset``) of the first number written in digits in ``text``."""
    match = _DIGITS_RE.search(text)
    if not match:
        return None
    return offset + match.start(), offset + match.end()


@functools.cache
def locate(text: str, value: fv.Value) -> Spot | None:
    """Find ``value`` in ``text`` (a fact's statement); remembered, as every question about
    the fact asks again."""
    if isinstance(value, fv.EntityValue | fv.AcronymValue):
        names = [value.expansion] if isinstance(value, fv.AcronymValue) else list(value.names)
        for name in sorted(names, key=len, reverse=True):
            match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
            if match:
                return Spot(match.start(), match.end(), "name")
        return None
    for claim in extract_claims_cached(text):
        spot = _spot_in_claim(value, claim.value, claim.text, claim.start)
        if spot is not None:
            return spot
    return None


def _spot_in_claim(value: fv.Value, found: fv.Value, text: str, start: int) -> Spot | None:
    """Where ``value`` sits in one claim the extractor ``found`` (``text`` at ``start``)."""
    if isinstance(value, fv.DateValue) and found == value:
        return Spot(start, start + len(text), "date")
    if isinstance(value, fv.SpanValue) and found == value:
        return Spot(start, start + len(text), _SPAN_LEADS.get(text.split()[0].casefold(), "plain"))
    if isinstance(found, fv.NumberValue) and isinstance(value, fv.NumberValue):
        digits = digits_in(text, start)
        return Spot(*digits, "digits") if found.value == value.value and digits else None
    if isinstance(value, fv.DurationValue) and found == value:
        return _duration_spot(text, start)
    if isinstance(found, fv.ResolutionValue) and isinstance(value, fv.ResolutionValue):
        match = re.search(rf"\b{value.number}\b", text)
        if found.number == value.number and match:
            return Spot(start + match.start(), start + match.end(), "digits")
    return None


def _duration_spot(text: str, start: int) -> Spot | None:
    if re.fullmatch(r"\d+ [a-z]+", text):
        return Spot(start, start + len(text), "full")
    digits = digits_in(text, start)
    if digits:
        return Spot(*digits, "digits")
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)? [a-z]+", text):  # "six months"
        return Spot(start, start + len(text), "words")
    return None


def fill(text: str, spot: Spot, filler: str, granularity: str | None = None) -> str:
    """``text`` with the spot replaced; "on"/"in" before a date follows the new granularity."""
    before, after = text[: spot.start], text[spot.end :]
    if granularity is not None:
        prep = re.search(r"\b(on|in|On|In)\s+$", before)
        if prep:
            word = "on" if granularity == "day" else "in"
            if prep.group(1)[0].isupper():
                word = word.capitalize()
            before = before[: prep.start(1)] + word + before[prep.end(1) :]
    return before + filler + after


def as_about(statement: str, spot: Spot) -> tuple[str, Spot]:
    """ "just over 38,000" -> "about 38,000": options on both sides must be false."""
    before = statement[: spot.start]
    match = _OVER_RE.search(before)
    if not match:
        return statement, spot
    new_before = before[: match.start()] + "about "
    shift = len(new_before) - len(before)
    moved = Spot(spot.start + shift, spot.end + shift, spot.style)
    return new_before + statement[spot.start :], moved


def statement_spot(statement: str, value: fv.Value) -> tuple[str, Spot] | None:
    """The statement and where its value sits; a figure "over N" is told as "about N" (the
    fact base records the precision the source gives), so no option is true as well."""
    spot = locate(statement, value)
    if spot is None:
        return None
    if isinstance(value, fv.NumberValue) and value.qualifier == "over":
        return as_about(statement, spot)
    return statement, spot
