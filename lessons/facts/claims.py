"""Checkable claims in a sentence: dates, numbers, durations, resolutions, acronyms, names.

Pure functions over plain strings (no Django).  :func:`extract_claims` finds the parts of a
sentence that a reference could confirm or contradict and parses each into a fact-base value
(:mod:`lessons.facts.factbase`), keeping exact character offsets so the lesson page can highlight
the claim and the verifier (:mod:`lessons.facts.verify`) can look at the words around it.

Precision matters more than recall: "thousands of troops", "for decades" and "the late 1990s"
are not claims, because no reference can settle them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from lessons.facts.values import (
    MONTH_NAMES,
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    Qualifier,
    ResolutionValue,
    SpanValue,
    Value,
)
from lessons.text.normalise import fold_case

__all__ = [
    "Claim",
    "ClaimKind",
    "extract_claims",
    "extract_claims_cached",
    "qualifier_of",
]

ClaimKind = Literal[
    "date", "year", "span", "number", "duration", "resolution", "acronym", "operation", "relation"
]


@dataclass(frozen=True)
class Claim:
    kind: ClaimKind
    text: str  # == sentence[start:end]
    start: int
    end: int
    value: Value
    subject_hint: str | None = None


# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "January" and "Jan" ... "September", "Sep" and "Sept".
_MONTHS = {name: n for n, full in enumerate(MONTH_NAMES) if n for name in (full, full[:3])}
_MONTHS["Sept"] = 9
# Full names first so the alternation prefers "September" to "Sept".
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:18|19|20)\d{2}"

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS_1_9 = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(_UNITS_1_9)
    + r"))?|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + ")"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_QUALIFIER_WORDS: dict[str, Qualifier] = {
    "over": "over",
    "more than": "over",
    "in excess of": "over",
    "upwards of": "over",
    "approximately": "approximately",
    "approx.": "approximately",
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "nearly": "approximately",
    "almost": "approximately",
    "close to": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "up to": "up to",
    "as many as": "up to",
    "fewer than": "under",
    "less than": "under",
    "under": "under",
    "below": "under",
}
_QUALIFIER = (
    "(?:" + "|".join(re.escape(q) for q in sorted(_QUALIFIER_WORDS, key=len, reverse=True)) + ")"
)

_DURATION_UNITS = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}

# Words that never start a unit ("40 of them", "1999 and", "78 was").
_NOT_UNIT = _words(
    """a an and or but nor of to in on at by for from with into onto over under the this that
    these those which who whom whose was were is are be been being had has have do did does
    will would can could should may might must it its their his her our per as than then
    when where while after before since until during through via against among between
    percent"""
)
# A first word that only modifies the real unit noun ("50,000 NATO troops").
_MODIFIERS = _words(
    """civilian civilians' military nato allied combat ethnic international foreign serb serbian
    albanian kosovo kosovar yugoslav peacekeeping member partner contributing strike nato-led
    us u.s. american british french german italian additional armed air ground cruise
    precision-guided guided active coalition multinational un uk eu kfor isaf alliance
    displaced kosovo-albanian"""
)
# A bare 4-digit number followed by one of these is a count, not a year ("2000 troops").
_COUNT_NOUNS = _words(
    """troops soldiers personnel people sorties aircraft planes missions bombs missiles
    refugees civilians casualties deaths members countries nations men women"""
)

_APOS = "['\u2019]"
_CAP_WORD = r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F.\u2019'-]*"
_PERSON = rf"{_CAP_WORD}(?:\s+{_CAP_WORD}){{1,2}}"


# --------------------------------------------------------------------------- helpers


def _date(year: str | int, month: str | None = None, day: str | None = None) -> DateValue | None:
    try:
        return DateValue(
            int(year),
            _MONTHS[month.rstrip(".")] if month else None,
            int(day) if day else None,
        )
    except (ValueError, KeyError):
        return None


def _parse_number(text: str) -> float | None:
    words = text.casefold().replace("-", " ").split()
    if words and all(w in _WORD_NUMBERS for w in words):
        return float(sum(_WORD_NUMBERS[w] for w in words))
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def qualifier_of(text: str) -> Qualifier:
    """The qualifier a claim's text starts with ("over 38,000 sorties" -> "over")."""
    lowered = fold_case(text)
    for words in sorted(_QUALIFIER_WORDS, key=len, reverse=True):
        if lowered.startswith(words + " "):
            return _QUALIFIER_WORDS[words]
    return "exact"


class _Spans:
    """Character ranges already claimed, so a year inside a date is not claimed twice."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._ranges)

    def take(self, start: int, end: int) -> None:
        self._ranges.append((start, end))


# --------------------------------------------------------------------------- resolutions

_RESOLUTION_RE = re.compile(
    r"\b(?:UNSCR|UNSC\s+[Rr]esolution|[Rr]esolutions?)\s+"
    r"(?:(?:No\.|no\.|number)\s*)?"
    r"(?P<first>\d{1,4})(?P<year1>\s*\((?:18|19|20)\d{2}\))?"
    r"(?P<rest>(?:\s*(?:,|,?\s+and|,?\s+or)\s+\d{1,4}(?:\s*\((?:18|19|20)\d{2}\))?)*)"
)
_RESOLUTION_ITEM_RE = re.compile(r"(?P<number>\d{1,4})(?:\s*\((?P<year>\d{4})\))?")


def _resolutions(sentence: str, taken: _Spans) -> list[Claim]:
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
            items.append(
                (
                    rest_start + item.start(),
                    rest_start + item.end(),
                    int(item.group("number")),
                    int(year) if year else None,
                )
            )
        for start, end, number, year in items:
            claims.append(
                Claim(
                    "resolution",
                    sentence[start:end],
                    start,
                    end,
                    ResolutionValue(number, year),
                )
            )
            taken.take(start, end)
    return claims


# --------------------------------------------------------------------------- dates and spans

_ATOM_RE = re.compile(
    rf"(?<![\w,.])(?:"
    rf"(?P<d1>\d{{1,2}}){_ORD}\s+(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}){_ORD},?\s+(?P<y2>{_YEAR})"
    rf"|(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR})"
    rf"|(?P<d4>\d{{1,2}}){_ORD}\s+(?P<m4>{_MONTH})"
    rf"|(?P<m5>{_MONTH})\s+(?P<d5>\d{{1,2}}){_ORD}"
    rf"|(?P<m6>{_MONTH})"
    rf"|(?P<y7>{_YEAR})"
    rf")(?!\w|[\u2019'](?!s\b)|,\d|\.\d)"
)
_NEXT_WORD_RE = re.compile(r"\s+([A-Za-z-]+)")
_APOSTROPHE_S_RE = re.compile(r"[\u2019']s\b")


@dataclass(frozen=True)
class _Atom:
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


def _atoms(sentence: str, taken: _Spans) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _ATOM_RE.finditer(sentence):
        if not taken.free(m.start(), m.end()):
            continue
        g = m.groupdict()
        year = next((g[k] for k in ("y1", "y2", "y3", "y7") if g[k]), None)
        month = next((g[k] for k in ("m1", "m2", "m3", "m4", "m5", "m6") if g[k]), None)
        day = next((g[k] for k in ("d1", "d2", "d4", "d5") if g[k]), None)
        if g["y7"]:
            if g["y7"].endswith("0") and _APOSTROPHE_S_RE.match(sentence, m.end()):
                continue  # "the 1990's" is a decade
            next_word = _NEXT_WORD_RE.match(sentence, m.end())
            if next_word and next_word.group(1).casefold() in _COUNT_NOUNS:
                continue  # "2000 troops" is a number
        atoms.append(_Atom(m.start(), m.end(), int(year) if year else None, month, day))
    return atoms


_SPAN_OPEN_RE = re.compile(r"\b(?P<word>from|between)\s+$", re.IGNORECASE)
_SPAN_JOIN_RE = re.compile(
    r"^\s*(?:(?P<to>to|until|till|through|thru)|(?P<and>and)|(?P<dash>[-\u2013\u2014]))\s*$",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(r"\b(?:ever\s+)?since\s+$", re.IGNORECASE)


def _dates(sentence: str, taken: _Spans) -> list[Claim]:
    atoms = _atoms(sentence, taken)
    claims: list[Claim] = []
    used: set[int] = set()
    for i in range(len(atoms) - 1):
        a, b = atoms[i], atoms[i + 1]
        if i in used or not b.full:
            continue
        join = _SPAN_JOIN_RE.match(sentence[a.end : b.start])
        if not join:
            continue
        opener = _SPAN_OPEN_RE.search(sentence[: a.start])
        if join.group("and") and not (opener and opener.group("word").casefold() == "between"):
            continue
        if join.group("dash") and not a.full and not opener:
            continue
        if not a.full and not (a.month or a.day):
            continue
        end_value = b.value()
        start_value = a.value(b.year)
        if start_value is None or end_value is None:
            continue
        if start_value.sort_key() > end_value.sort_key():
            continue
        start = opener.start() if opener else a.start
        claims.append(
            Claim(
                "span",
                sentence[start : b.end],
                start,
                b.end,
                SpanValue(start_value, end_value),
            )
        )
        used.update((i, i + 1))
        taken.take(start, b.end)
    for i, atom in enumerate(atoms):
        if i in used or not atom.full:
            continue
        value = atom.value()
        if value is None:
            continue
        since = _SINCE_RE.search(sentence[: atom.start])
        if since:
            claims.append(
                Claim(
                    "span",
                    sentence[since.start() : atom.end],
                    since.start(),
                    atom.end,
                    SpanValue(value, None),
                )
            )
            taken.take(since.start(), atom.end)
            continue
        kind: ClaimKind = "year" if value.granularity == "year" else "date"
        claims.append(Claim(kind, sentence[atom.start : atom.end], atom.start, atom.end, value))
        taken.take(atom.start, atom.end)
    return claims


# --------------------------------------------------------------------------- numbers

_NUMBER_RE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?<![\w.,\u2019'])(?P<number>{_DIGITS}|{_WORD_NUMBER})(?![\w]|,\d|\.\d)"
    rf"(?:\s+(?P<scale>thousand|million|billion)\b)?"
    rf"(?P<hyphen>-(?P<hyphen_unit>day|week|month|year)\b)?",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"\s*([A-Za-z\u00C0-\u024F][\w\u00C0-\u024F.'\u2019-]*|%)")


def _unit_after(sentence: str, pos: int) -> tuple[str, int] | None:
    """The unit noun phrase right after a number: "sorties", "bombs and missiles"."""
    first = _WORD_RE.match(sentence, pos)
    if not first:
        return None
    word = first.group(1).rstrip(".")
    if word == "%" or word.casefold() in {"percent", "per"}:
        if word.casefold() == "per":
            cent = re.match(r"\s+cent\b", sentence[first.end() :])
            if not cent:
                return None
            return "percent", first.end() + cent.end()
        return "percent", first.end()
    if word.casefold() in _NOT_UNIT:
        return None
    words = [word]
    end = first.start(1) + len(word)
    if word.casefold() in _MODIFIERS or word.isupper():
        second = _WORD_RE.match(sentence, end)
        if second and second.group(1).casefold().rstrip(".") not in _NOT_UNIT:
            words.append(second.group(1).rstrip("."))
            end = second.start(1) + len(words[-1])
        elif word.isupper():
            return None
    conj = re.match(r"\s+(and|or)\s+([a-z][\w-]*)", sentence[end:])
    if conj and conj.group(2) not in _NOT_UNIT and conj.group(2).endswith("s"):
        words.append(f"{conj.group(1)} {conj.group(2)}")
        end += conj.end()
    return " ".join(words), end


def _numbers(sentence: str, taken: _Spans) -> list[Claim]:
    claims: list[Claim] = []
    for m in _NUMBER_RE.finditer(sentence):
        number_text = m.group("number")
        if not taken.free(m.start("number"), m.end("number")):
            continue
        is_word = number_text[0].isalpha()
        value = _parse_number(number_text)
        if value is None:
            continue
        if m.group("scale"):
            value *= _SCALE[m.group("scale").casefold()]
        start = m.start() if m.group("qualifier") else m.start("number")
        qualifier_text = m.group("qualifier")
        if m.group("hyphen"):
            unit = _DURATION_UNITS[m.group("hyphen_unit").casefold()]
            end = m.end()
            claims.append(
                Claim(
                    "duration",
                    sentence[start:end],
                    start,
                    end,
                    DurationValue(int(value), unit),  # type: ignore[arg-type]
                )
            )
            taken.take(start, end)
            continue
        after = m.end()
        unit_match = _unit_after(sentence, after)
        if unit_match is None:
            continue
        unit, end = unit_match
        if unit.casefold() in _DURATION_UNITS:
            if value != int(value) or value <= 0:
                continue
            claims.append(
                Claim(
                    "duration",
                    sentence[start:end],
                    start,
                    end,
                    DurationValue(int(value), _DURATION_UNITS[unit.casefold()]),  # type: ignore[arg-type]
                )
            )
            taken.take(start, end)
            continue
        if is_word:
            # "one of the", "two sides": spelled-out counts are rarely checkable claims.
            continue
        if re.match(r"^\d{1,2}$", number_text) and re.match(r"\s*[.)]", sentence[m.end() :]):
            continue  # list markers "1." / "2)"
        qualifier: Qualifier = (
            _QUALIFIER_WORDS[fold_case(qualifier_text)] if qualifier_text else "exact"
        )
        claims.append(
            Claim(
                "number",
                sentence[start:end],
                start,
                end,
                NumberValue(value, unit, qualifier),
            )
        )
        taken.take(start, end)
    return claims


# --------------------------------------------------------------------------- acronyms

_PAREN_ACRONYM_RE = re.compile(r"\((?P<acr>[A-Z][A-Za-z0-9&.-]{1,11})\)")
_REVERSED_RE = re.compile(r"\b(?P<acr>[A-Z][A-Z0-9&-]{1,10})\s*\((?P<exp>[A-Z][^()]{3,100}?)\)")


def _upper_count(text: str) -> int:
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


def _acronyms(sentence: str) -> list[Claim]:
    claims: list[Claim] = []
    for m in _PAREN_ACRONYM_RE.finditer(sentence):
        acronym = m.group("acr").replace(".", "")
        if _upper_count(acronym) < 2:
            continue
        before = sentence[: m.start()].rstrip()
        # The long form lies between the last punctuation mark and the parenthesis.
        boundary = max(before.rfind(ch) for ch in ',;:()[]"\u201c\u201d')
        window_text = before[boundary + 1 :]
        words = window_text.split()
        limit = min(len(acronym) + 5, len(acronym) * 2)
        window = " ".join(words[-limit:])
        long = _long_form(acronym, window)
        if not long:
            continue
        long_words = long.split()
        if len(long_words) < 2 and "-" not in long:
            continue
        if not long_words[0][:1].isupper():
            continue
        start = len(before) - len(long)
        if sentence[start : len(before)] != long:
            continue
        claims.append(
            Claim(
                "acronym",
                sentence[start : m.end()],
                start,
                m.end(),
                AcronymValue(acronym, long),
                subject_hint=acronym,
            )
        )
    for m in _REVERSED_RE.finditer(sentence):
        acronym, expansion = m.group("acr"), m.group("exp").strip()
        if _upper_count(acronym) < 2 or len(expansion.split()) < 2:
            continue
        initials = "".join(w[0] for w in re.split(r"[\s-]+", expansion) if w[:1].isupper())
        if _long_form(acronym, expansion) != expansion and initials != acronym:
            continue
        # Every capitalised word of the expansion must start a letter of the acronym.
        letters = acronym.casefold()
        if not all(w[0].casefold() in letters for w in expansion.split() if w[:1].isupper()):
            continue
        claims.append(
            Claim(
                "acronym",
                m.group(0),
                m.start(),
                m.end(),
                AcronymValue(acronym, expansion),
                subject_hint=acronym,
            )
        )
    return claims


# --------------------------------------------------------------------------- names

_OPERATION_RE = re.compile(rf"\bOperation\s+(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}})")
_NAME_STOP = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "And",
        "Of",
        "To",
        "Was",
        "Is",
        "Against",
        "For",
        "With",
        "From",
        "By",
        "Over",
        "Into",
        "During",
        "After",
        "Before",
        "Through",
    }
)


_CAP_WORD_RE = re.compile(_CAP_WORD)


def _operations(sentence: str) -> list[Claim]:
    """ "Operation Allied Force": the capitalised words after "Operation", up to a small word."""
    claims: list[Claim] = []
    for m in _OPERATION_RE.finditer(sentence):
        words: list[tuple[str, int]] = []  # (word, end offset)
        for token in _CAP_WORD_RE.finditer(sentence, m.start("name"), m.end("name")):
            if token.group(0) in _NAME_STOP:
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
        if not words:
            continue
        end = words[-1][1]
        name = "Operation " + " ".join(w for w, _ in words)
        claims.append(
            Claim(
                "operation",
                sentence[m.start() : end],
                m.start(),
                end,
                EntityValue(name),
                subject_hint=name,
            )
        )
    return claims


# "NATO's Supreme Allied Commander Europe (SACEUR)", "the United Nations", "Slobodan Milošević".
_ENTITY = (
    rf"(?:the\s+)?(?:(?P<owner>[A-Z][\w.-]*){_APOS}s\s+)?"
    rf"(?P<name>{_CAP_WORD}(?:\s+(?:(?:of|for|in|and|the|on)\s+)?{_CAP_WORD})*)"
    rf"(?:\s+\((?P<acr>[A-Z][A-Za-z0-9&-]{{1,11}})\))?"
)
_RELATION_RE = re.compile(
    r"\b(?:(?:led|commanded|headed|authori[sz]ed|mandated|established|created|founded|"
    r"facilitated|brokered|administered|launched|deployed|run|chaired|overseen|endorsed)"
    r"\s+by|under\s+the\s+(?:command|leadership|authority|auspices)\s+of)"
    rf"\s+{_ENTITY}"
)
_TITLE = (
    r"(?:President|Prime\s+Minister|Secretary[- ]General|Foreign\s+Minister|"
    r"Defen[cs]e\s+(?:Minister|Secretary)|Secretary\s+of\s+State|General|Admiral|"
    r"Lieutenant\s+General|Gen\.|Adm\.)"
)
_TITLED_PERSON_RE = re.compile(
    rf"\b(?:(?P<prefix>[A-Z][\w-]*|U\.S\.)\s+)?(?P<role>{_TITLE})\s+(?P<person>{_PERSON})"
)
# Capitalised words before a title that are not part of it ("Following General X").
_PREFIX_STOP = _words(
    """The A An In On At Following After Before When While Under By With For From As Then
    Since During Until Meanwhile Later Earlier Also And But Of To"""
)
_ENTITY_TAIL_STOP = frozenset({"In", "On", "At", "And", "Of", "The", "For"})


def _clean_entity(name: str) -> str:
    words = name.split()
    while words and words[-1] in _ENTITY_TAIL_STOP:
        words.pop()
    while words and words[-1].lower() in {"of", "for", "in", "and", "the", "on"}:
        words.pop()
    return " ".join(words).rstrip(".,'\u2019")


def _relations(sentence: str) -> list[Claim]:
    claims: list[Claim] = []
    for m in _RELATION_RE.finditer(sentence):
        groups = m.groupdict()
        name = groups["name"]
        if re.search(r"\bResolutions?\b|\d", name):
            continue  # a resolution claim covers it
        clean = _clean_entity(name)
        if not clean:
            continue
        name_start = m.start("name")
        acronym = groups.get("acr")
        if acronym and clean == name:
            end = m.end()
        else:
            end = name_start + len(clean)
            acronym = None
        aliases = (acronym,) if acronym else ()
        claims.append(
            Claim(
                "relation",
                sentence[m.start() : end],
                m.start(),
                end,
                EntityValue(clean, aliases),
            )
        )
    for m in _TITLED_PERSON_RE.finditer(sentence):
        person = _clean_entity(m.group("person"))
        if len(person.split()) < 2:
            continue
        end = m.start("person") + len(person)
        start = m.start()
        if m.group("prefix") and m.group("prefix") in _PREFIX_STOP:
            start = m.start("role")  # "Following General Wesley Clark": no nationality
        title = " ".join(sentence[start : m.start("person")].split())
        claims.append(
            Claim(
                "relation",
                sentence[start:end],
                start,
                end,
                EntityValue(person, (f"{title} {person}",)),
                subject_hint=person,
            )
        )
    return claims


# --------------------------------------------------------------------------- subject hints

_GENERIC = frozenset({"NATO", "UN", "EU", "US", "USA", "UK", "OSCE"})
_MENTION_RE = re.compile(
    rf"\bOperation\s+{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}}"
    r"|\((?P<paren>[A-Z][A-Za-z0-9&-]{1,11})\)"
    r"|\b(?P<bare>[A-Z][A-Z0-9&-]{1,10})\b"
)


def _mentions(sentence: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _MENTION_RE.finditer(sentence):
        if m.group("paren"):
            name = m.group("paren")
        elif m.group("bare"):
            name = m.group("bare")
            if _upper_count(name) < 2:
                continue
        else:
            name = _clean_entity(m.group(0))
        found.append((m.start(), m.end(), name))
    return found


def _hint(claim: Claim, mentions: list[tuple[int, int, str]]) -> str | None:
    """The nearest named subject before the claim (a specific one over NATO/UN), else after."""
    before = [m for m in mentions if m[1] <= claim.start]
    after = [m for m in mentions if m[0] >= claim.end]
    for pool, pick in (
        ([m for m in before if m[2] not in _GENERIC], -1),
        (before, -1),
        ([m for m in after if m[2] not in _GENERIC], 0),
        (after, 0),
    ):
        if pool:
            return pool[pick][2]
    return None


# --------------------------------------------------------------------------- entry point


def extract_claims(sentence: str) -> list[Claim]:
    """Every checkable claim in ``sentence``, in order of position; offsets slice the sentence."""
    taken = _Spans()
    claims = _resolutions(sentence, taken)
    claims += _dates(sentence, taken)
    claims += _numbers(sentence, taken)
    claims += _acronyms(sentence)
    claims += _operations(sentence)
    claims += _relations(sentence)
    mentions = _mentions(sentence)
    out: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for claim in sorted(claims, key=lambda c: (c.start, -c.end, c.kind)):
        key = (claim.start, claim.end)  # one claim per stretch of text
        if key in seen:
            continue
        seen.add(key)
        if claim.subject_hint is None:
            hint = _hint(claim, mentions)
            if hint is not None:
                claim = Claim(claim.kind, claim.text, claim.start, claim.end, claim.value, hint)
        out.append(claim)
    return out


@functools.lru_cache(maxsize=4096)
def extract_claims_cached(sentence: str) -> tuple[Claim, ...]:
    """:func:`extract_claims`, memoised (verify and the quiz generator re-read sentences)."""
    return tuple(extract_claims(sentence))
