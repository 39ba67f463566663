"""Dates, years and spans: "12 June 1999", "June 1999", "1999", "from 1999 to 2014", "since 2008".

A date is only a claim when it names a year (alone or through the end of a span: "from 12 to
14 June 1999").  "The 1990's" is a decade and "2000 troops" a count, so neither is a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.facts.claims.claim import Claim, ClaimKind, Taken
from lessons.facts.claims.vocabulary import COUNT_NOUNS, MONTH, MONTHS, ORDINAL, YEAR
from lessons.facts.values import DateValue, SpanValue

_ATOM_RE = re.compile(
    rf"(?<![\w,.])(?:"
    rf"(?P<d1>\d{{1,2}}){ORDINAL}\s+(?P<m1>{MONTH}),?\s+(?P<y1>{YEAR})"
    rf"|(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}}){ORDINAL},?\s+(?P<y2>{YEAR})"
    rf"|(?P<m3>{MONTH}),?\s+(?:of\s+)?(?P<y3>{YEAR})"
    rf"|(?P<d4>\d{{1,2}}){ORDINAL}\s+(?P<m4>{MONTH})"
    rf"|(?P<m5>{MONTH})\s+(?P<d5>\d{{1,2}}){ORDINAL}"
    rf"|(?P<m6>{MONTH})"
    rf"|(?P<y7>{YEAR})"
    rf")(?!\w|[\u2019'](?!s\b)|,\d|\.\d)"
)
_NEXT_WORD_RE = re.compile(r"\s+([A-Za-z-]+)")
_APOSTROPHE_S_RE = re.compile(r"[\u2019']s\b")
_SPAN_OPEN_RE = re.compile(r"\b(?P<word>from|between)\s+$", re.IGNORECASE)
_SPAN_JOIN_RE = re.compile(
    r"^\s*(?:(?P<to>to|until|till|through|thru)|(?P<and>and)|(?P<dash>[-\u2013\u2014]))\s*$",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(r"\b(?:ever\s+)?since\s+$", re.IGNORECASE)


def _date(year: int, month: str | None = None, day: str | None = None) -> DateValue | None:
    try:
        return DateValue(
            year, MONTHS[month.rstrip(".")] if month else None, int(day) if day else None
        )
    except (ValueError, KeyError):
        return None


@dataclass(frozen=True)
class _Atom:
    """One date-like piece; without a year ("12 June") it can only start a span."""

    start: int
    end: int
    year: int | None
    month: str | None
    day: str | None

    @property
    def full(self) -> bool:
        return self.year is not None

    def value(self, year: int | None = None) -> DateValue | None:
        y = self.year if self.year is not None else year
        if y is None:
            return None
        return _date(y, self.month, self.day)


def _first(groups: dict[str, str | None], *names: str) -> str | None:
    return next((groups[name] for name in names if groups[name]), None)


def _atoms(sentence: str, taken: Taken) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _ATOM_RE.finditer(sentence):
        if not taken.free(m.start(), m.end()):
            continue
        g = m.groupdict()
        year = _first(g, "y1", "y2", "y3", "y7")
        if g["y7"]:
            if g["y7"].endswith("0") and _APOSTROPHE_S_RE.match(sentence, m.end()):
                continue  # "the 1990's" is a decade
            next_word = _NEXT_WORD_RE.match(sentence, m.end())
            if next_word and next_word.group(1).casefold() in COUNT_NOUNS:
                continue  # "2000 troops" is a number
        month = _first(g, "m1", "m2", "m3", "m4", "m5", "m6")
        day = _first(g, "d1", "d2", "d4", "d5")
        atoms.append(_Atom(m.start(), m.end(), int(year) if year else None, month, day))
    return atoms


def _span(sentence: str, a: _Atom, b: _Atom) -> Claim | None:
    """ "from 1999 to 2014", "between March and June 1999", "12-14 June 1999"; else None."""
    join = _SPAN_JOIN_RE.match(sentence[a.end : b.start])
    if not b.full or not join:
        return None
    opener = _SPAN_OPEN_RE.search(sentence[: a.start])
    if join.group("and") and not (opener and opener.group("word").casefold() == "between"):
        return None
    if join.group("dash") and not a.full and not opener:
        return None
    if not a.full and not (a.month or a.day):
        return None
    end_value = b.value()
    start_value = a.value(b.year)
    if start_value is None or end_value is None:
        return None
    if start_value.sort_key() > end_value.sort_key():
        return None
    start = opener.start() if opener else a.start
    return Claim("span", sentence[start : b.end], start, b.end, SpanValue(start_value, end_value))


def _single(sentence: str, atom: _Atom, value: DateValue) -> Claim:
    """A date or a year; "since 2008" is a span that has not ended."""
    since = _SINCE_RE.search(sentence[: atom.start])
    if since:
        text = sentence[since.start() : atom.end]
        return Claim("span", text, since.start(), atom.end, SpanValue(value, None))
    kind: ClaimKind = "year" if value.granularity == "year" else "date"
    return Claim(kind, sentence[atom.start : atom.end], atom.start, atom.end, value)


def date_claims(sentence: str, taken: Taken) -> list[Claim]:
    """Spans first (two neighbouring dates joined by "to", "and" or a dash), then lone dates."""
    atoms = _atoms(sentence, taken)
    claims: list[Claim] = []
    used: set[int] = set()
    for i in range(len(atoms) - 1):
        span = None if i in used else _span(sentence, atoms[i], atoms[i + 1])
        if span is not None:
            claims.append(span)
            used.update((i, i + 1))
            taken.take(span.start, span.end)
    for i, atom in enumerate(atoms):
        value = atom.value() if i not in used and atom.full else None
        if value is not None:
            claim = _single(sentence, atom, value)
            claims.append(claim)
            taken.take(claim.start, claim.end)
    return claims
