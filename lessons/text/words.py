"""Words: vocabulary lists written as text, and counting the words of a stretch of text."""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[\w'-]+")


def word_set(text: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words: ``word_set("a an the")``."""
    return frozenset(text.split())


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """How many words lie in ``text[start:end]`` (0 when the range is empty)."""
    stop = len(text) if end is None else end
    if stop <= start:
        return 0
    return sum(1 for _ in WORD_RE.finditer(text, start, stop))
