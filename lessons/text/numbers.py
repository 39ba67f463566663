"""Numbers as people write them: number words both ways and thousands separators."""

from __future__ import annotations

# fmt: off
_SMALL = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
_TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on

#: "one" -> 1 ... "nineteen" -> 19, "twenty" -> 20 ... "ninety" -> 90.
WORD_NUMBERS: dict[str, int] = {
    **{word: n for n, word in enumerate(_SMALL) if n},
    **{word: 10 * n for n, word in enumerate(_TENS) if n >= 2},
}
TENS_WORDS: tuple[str, ...] = tuple(_TENS[2:])
UNIT_WORDS: tuple[str, ...] = tuple(_SMALL[1:10])


def parse_number_words(text: str) -> float | None:
    """ "seventy-eight" -> 78.0, "eleven" -> 11.0; anything else -> None."""
    words = text.casefold().replace("-", " ").split()
    if words and all(word in WORD_NUMBERS for word in words):
        return float(sum(WORD_NUMBERS[word] for word in words))
    return None


def spell_number(n: int) -> list[str]:
    """English spellings of 0..99: 78 -> ["seventy-eight", "seventy eight"]; else []."""
    if not 0 <= n < 100:
        return []
    if n < 20:
        return [_SMALL[n]]
    tens, units = divmod(n, 10)
    if units == 0:
        return [_TENS[tens]]
    return [f"{_TENS[tens]}-{_SMALL[units]}", f"{_TENS[tens]} {_SMALL[units]}"]


def format_number(value: float) -> str:
    """38000.0 -> "38,000", 2.5 -> "2.5": thousands separated, at most two decimals."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
