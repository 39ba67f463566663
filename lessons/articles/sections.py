"""The article's structure: headings by shape, sub-headings kept inside their parent, drafts.

See the package docstring (:mod:`lessons.articles`) for the heading and sub-heading rules and for
how unheaded text is grouped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lessons.articles.blocks import Block, Draft, Line, word_count
from lessons.articles.casing import is_title_case
from lessons.text.normalise import fold_case

MIN_SECTION_WORDS = 150
"""Smallest lesson cut from an unheaded article, so no lesson is a one-paragraph fragment."""

CONCLUSION_MARKER = re.compile(
    r"(?:in conclusion|in summary|to conclude|to sum up|in closing|all in all)\b", re.I
)
"""Words that open a conclusion: such a paragraph starts its own section and titles it."""

_MAX_HEADING_WORDS = 16
_MAX_HEADING_CHARS = 120
_LIST_ITEM = re.compile(r"(?P<marker>[-*•–+]|\d{1,3}[.)])\s+(?P<text>\S.*)")


def heading_shaped(text: str) -> bool:
    """A short line that starts like a title and does not end like a sentence."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and len(text) <= _MAX_HEADING_CHARS
        and (text[0].isupper() or text[0].isdigit())
        and not text.endswith((".", "!", ":", ";", ","))
        and any(char.isalpha() for char in text)
        and not _LIST_ITEM.fullmatch(text)
    )


def is_prose(block: Block) -> bool:
    """A list item, or a line that reads as a sentence rather than a lone title."""
    return block.kind == "item" or (block.kind == "paragraph" and not heading_shaped(block.text))


def title_line(lines: Sequence[Line]) -> Line | None:
    """The article's own title: a heading-shaped first line with content after it."""
    if len(lines) > 1 and heading_shaped(lines[0].text):
        return lines[0]
    return None


def classify(lines: Sequence[Line]) -> list[Block]:
    """Classify content lines; headings get kind "heading" (their level is decided later)."""
    blocks = []
    for index, line in enumerate(lines):
        item = _LIST_ITEM.fullmatch(line.text)
        if item:
            offset = line.start + item.start("text")
            text = item.group("text")
            marker = item.group("marker")
            marker = marker if marker[0].isdigit() else "-"
            blocks.append(Block("item", text, offset, offset + len(text), marker))
        elif index + 1 < len(lines) and heading_shaped(line.text):
            blocks.append(Block("heading", line.text, line.start, line.end))
        else:
            blocks.append(Block("paragraph", line.text, line.start, line.end))
    return blocks


def drafts(items: Sequence[Block]) -> list[Draft]:
    """Group blocks under their top-level headings; sub-headings stay inside as blocks."""
    found: list[Draft] = []
    heading = ""  # "" = the text before the first heading
    blocks: list[Block] = []
    for item in items:
        if item.kind == "heading" and not _is_subheading(item.text, heading, blocks):
            found.append(Draft(heading, tuple(blocks)))
            heading, blocks = item.text, []
        else:
            blocks.append(item)
    found.append(Draft(heading, tuple(blocks)))
    return [draft for draft in found if any(b.kind != "heading" for b in draft.blocks)]


def _is_subheading(text: str, parent: str, parent_blocks: Sequence[Block]) -> bool:
    """Sentence case under Title Case, or announced verbatim by the parent's intro."""
    if not parent:
        return False
    if is_title_case(parent) and not is_title_case(text):
        return True
    intro = []
    for block in parent_blocks:
        if block.kind == "heading":
            break
        intro.append(block.text)
    announced = re.search(rf"\b{re.escape(fold_case(text))}\b", fold_case(" ".join(intro)))
    return len(text.split()) > 1 and announced is not None


def group_by_size(blocks: Sequence[Block]) -> list[list[Block]]:
    """Split at paragraph boundaries into groups of at least MIN_SECTION_WORDS words.

    A short paragraph (an aside, a bridge) stays with the one before it unless that group is
    already twice the minimum; "In conclusion, …" always starts its own group.
    """
    if word_count(blocks) < 2 * MIN_SECTION_WORDS:
        return [list(blocks)]
    groups: list[list[Block]] = []
    current: list[Block] = []
    for block in blocks:
        if current and _starts_topic(block, word_count(current)):
            groups.append(current)
            current = []
        current.append(block)
    if (
        groups
        and word_count(current) < MIN_SECTION_WORDS
        and not CONCLUSION_MARKER.match(current[0].text)
    ):
        groups[-1].extend(current)
    else:
        groups.append(current)
    return groups


def _starts_topic(block: Block, size: int) -> bool:
    """Whether a paragraph opens a new group after ``size`` words of the current one."""
    substantial = word_count([block]) >= MIN_SECTION_WORDS // 2
    return block.kind == "paragraph" and (
        (size >= MIN_SECTION_WORDS and (substantial or size >= 2 * MIN_SECTION_WORDS))
        or bool(CONCLUSION_MARKER.match(block.text))
    )
