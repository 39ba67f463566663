"""A section's body as markdown that says exactly what the source says, markup and all."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lessons.articles.blocks import Block, Section

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<#])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?\w+;)")
_MARKDOWN_BLOCK_START = re.compile(r"(?P<lead>[>+=-]|\d+(?=[.)])|(?:~~~|```))")


def section(title: str, blocks: Sequence[Block]) -> Section:
    """A titled section of blocks, with its source range and its blocks verbatim for the diff."""
    return Section(
        title=title,
        body=_markdown(blocks),
        start=blocks[0].start,
        end=blocks[-1].end,
        paragraphs=tuple(block.text for block in blocks),
    )


def _markdown(blocks: Sequence[Block]) -> str:
    """Blocks as markdown: blank lines between blocks, single newlines inside a list."""
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            same_list = block.kind == previous.kind == "item" and (
                block.marker[0].isdigit() == previous.marker[0].isdigit()
            )
            parts.append("\n" if same_list else "\n\n")
        parts.append(_block_markdown(block))
        previous = block
    return "".join(parts)


def _block_markdown(block: Block) -> str:
    text = _escape(block.text)
    if block.kind == "heading":
        return f"### {text}"
    if block.kind == "item":
        return f"{block.marker} {text}"
    return text


def _escape(text: str) -> str:
    """Escape what markdown would read as markup, so the body says what the source says."""
    text = _MARKDOWN_ENTITY.sub("&amp;", _MARKDOWN_INLINE.sub(r"\\\1", text))
    lead = _MARKDOWN_BLOCK_START.match(text)
    if lead and lead.group("lead")[0].isdigit():
        end = lead.end()
        return f"{text[:end]}\\{text[end:]}"
    if lead:
        return f"\\{text}"
    return text
