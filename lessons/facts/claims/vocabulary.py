"""The words claim extraction reads: months, qualifiers, units and the shapes of names.

Written as plain word lists (:func:`lessons.text.words.word_set`) so a reviewer can see at a
glance which words change what a number or a name means.
"""

from __future__ import annotations

import re

from lessons.facts.values import MONTH_NAMES, DurationUnit, Qualifier
from lessons.text.numbers import TENS_WORDS, UNIT_WORDS, WORD_NUMBERS
from lessons.text.words import word_set

# "January" and "Jan" ... "September", "Sep" and "Sept".
MONTHS = {name: n for n, full in enumerate(MONTH_NAMES) if n for name in (full, full[:3])}
MONTHS["Sept"] = 9
# Full names first so the alternation prefers "September" to "Sept".
MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
ORDINAL = r"(?:st|nd|rd|th)?"
YEAR = r"(?:18|19|20)\d{2}"

# "seventy-eight", "seventy eight", "eleven": longest words first.
WORD_NUMBER = (
    rf"(?:(?:{'|'.join(TENS_WORDS)})(?:[- ](?:{'|'.join(UNIT_WORDS)}))?|"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    + ")"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

QUALIFIER_WORDS: dict[str, Qualifier] = {
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
# Longest first, so "more than" wins over a bare "than" and "at least" over "least".
QUALIFIER_PHRASES = tuple(sorted(QUALIFIER_WORDS, key=len, reverse=True))
QUALIFIER = "(?:" + "|".join(re.escape(q) for q in QUALIFIER_PHRASES) + ")"

DURATION_UNITS: dict[str, DurationUnit] = {
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
NOT_UNIT = word_set(
    """a an and or but nor of to in on at by for from with into onto over under the this that
    these those which who whom whose was were is are be been being had has have do did does
    will would can could should may might must it its their his her our per as than then
    when where while after before since until during through via against among between
    percent"""
)
# A first word that only modifies the real unit noun ("50,000 NATO troops").
MODIFIERS = word_set(
    """civilian civilians' military nato allied combat ethnic international foreign serb serbian
    albanian kosovo kosovar yugoslav peacekeeping member partner contributing strike nato-led
    us u.s. american british french german italian additional armed air ground cruise
    precision-guided guided active coalition multinational un uk eu kfor isaf alliance
    displaced kosovo-albanian"""
)
# A bare 4-digit number followed by one of these is a count, not a year ("2000 troops").
COUNT_NOUNS = word_set(
    """troops soldiers personnel people sorties aircraft planes missions bombs missiles
    refugees civilians casualties deaths members countries nations men women"""
)

APOSTROPHE = "['\u2019]"
CAP_WORD = r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F.\u2019'-]*"
PERSON = rf"{CAP_WORD}(?:\s+{CAP_WORD}){{1,2}}"

# Small capitalised words that end an operation's name ("Operation Allied Force In ...").
NAME_STOP = word_set(
    """The A An In On At And Of To Was Is Against For With From By Over Into During After
    Before Through"""
)
# Capitalised words before a title that are not part of it ("Following General X").
PREFIX_STOP = word_set(
    """The A An In On At Following After Before When While Under By With For From As Then
    Since During Until Meanwhile Later Earlier Also And But Of To"""
)
# Words a name never ends with ("the United Nations and" -> "the United Nations").
ENTITY_TAIL_STOP = word_set("In On At And Of The For")
# Organisations too general to be the subject a claim is about when a specific one is named.
GENERIC = word_set("NATO UN EU US USA UK OSCE")
