"""The plain data a seed passes through: lines -> blocks -> drafts -> sections -> an article."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Section:
    """One lesson's worth of an article."""

    title: str
    body: str  # markdown: paragraphs, "- item" / "1. item" lists, "### Sub-heading"
    start: int  # offset of the section's first content char in the source text
    end: int  # offset just past its last content char
    paragraphs: tuple[str, ...]  # the content blocks in order, verbatim (stripped)


@dataclass(frozen=True)
class Article:
    """A cleaned seed: what a module is built from."""

    name: str
    sha256: str
    title: str
    metadata: dict[str, str]
    disclaimer: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Line:
    """A non-blank line of the source, stripped, with its offsets kept for the admins' diff."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A content line once classified: what the markdown body and the section titles read."""

    kind: Literal["paragraph", "item", "heading"]
    text: str
    start: int
    end: int
    marker: str = ""  # list marker as in the source, e.g. "-" or "3."


@dataclass(frozen=True)
class Draft:
    """A section before its title is settled."""

    heading: str
    blocks: tuple[Block, ...]


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped, with offsets into ``text``."""
    lines = []
    for match in re.finditer(r"[^\r\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + len(raw) - len(raw.lstrip())
            lines.append(Line(stripped, start, start + len(stripped)))
    return lines


def word_count(blocks: Iterable[Block]) -> int:
    """Whitespace-separated words, as a reader counts them ("U.S." is one word)."""
    return sum(len(block.text.split()) for block in blocks)
