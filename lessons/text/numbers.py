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


#: Words that multiply what comes before them.
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}


def parse_number_words(text: str) -> float | None:
    """ "seventy-eight" -> 78.0, "eleven" -> 11.0, "thirty-eight thousand" -> 38000.0; any
    other text (and words in an order nobody writes, "eight seventy") -> None."""
    value = number_from_words(text.casefold().replace("-", " ").split())
    return None if value is None else float(value)


def _below_thousand(words: list[str]) -> int | None:
    """ "seven hundred and eighty-two" -> 782; None unless the words are a number under 1000
    written the usual way ("eight seventy" is not 78)."""
    value = 0
    if len(words) >= 2 and words[1] == "hundred":
        if words[0] not in UNIT_WORDS:
            return None
        value, words = 100 * WORD_NUMBERS[words[0]], words[2:]
        if not words:
            return value
        if words[0] == "and":
            words = words[1:]
    match words:
        case [word] if word in WORD_NUMBERS:
            return value + WORD_NUMBERS[word]
        case [tens, unit] if tens in TENS_WORDS and unit in UNIT_WORDS:
            return value + WORD_NUMBERS[tens] + WORD_NUMBERS[unit]
    return None


def number_from_words(words: list[str]) -> int | None:
    """ "thirty-eight thousand" -> 38000, "one thousand two hundred and forty-four" -> 1244."""
    for scale in ("million", "thousand"):
        if scale in words:
            cut = words.index(scale)
            head = _below_thousand(words[:cut])
            rest = words[cut + 1 :]
            rest = rest[1:] if rest[:1] == ["and"] else rest
            tail = number_from_words(rest) if rest else 0
            if head is None or tail is None or tail >= SCALES[scale]:
                return None
            return head * SCALES[scale] + tail
    return _below_thousand(words)


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
