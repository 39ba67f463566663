"""Which differences between two strings do not matter: each function's name says which.

- ``squash_spaces``: runs of whitespace (display text);
- ``fold_case``: case and whitespace (names, cue words, titles);
- ``nfc_squash_spaces``: Unicode composition and whitespace (a sentence's identity);
- ``plain_punctuation``: curly quotes, dashes, no-break spaces, same length (regexes over offsets);
- ``fold_accents``: diacritics, "Milošević" -> "Milosevic" (answers and names);
- ``fold_loose``: case, diacritics, punctuation and whitespace (comparing answers).
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")

# Same-length replacements, so offsets into the result are offsets into the original.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u00a0": " ",
    }
)
# Letters NFKD does not decompose into a base letter plus a mark.
_UNDECOMPOSABLE = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
    }
)


def squash_spaces(text: str) -> str:
    """ " Kosovo \\n Force " -> "Kosovo Force"."""
    return " ".join(text.split())


def fold_case(text: str) -> str:
    """Case and runs of whitespace do not matter: " Kosovo  force" -> "kosovo force"."""
    return " ".join(text.casefold().split())


def nfc_squash_spaces(text: str) -> str:
    """The form a sentence is identified by: NFC, whitespace collapsed, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def plain_punctuation(text: str) -> str:
    """Typographic quotes and dashes as ASCII, character for character (offsets survive)."""
    return text.translate(_PLAIN_PUNCTUATION)


def fold_accents(text: str) -> str:
    """Diacritics removed: "Milošević" -> "Milosevic", "Đakovica" -> "dakovica"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_loose(text: str) -> str:
    """Case, diacritics, punctuation and spacing do not matter.

    >>> fold_loose("Kosovo Force (KFOR)")
    'kosovo force kfor'
    >>> fold_loose("  Slobodan  Milošević ")
    'slobodan milosevic'
    """
    return " ".join(_NON_WORD.sub(" ", fold_accents(text).casefold()).split())
