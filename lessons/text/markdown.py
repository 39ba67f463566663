"""The one CommonMark parser for lesson bodies, and the words a reader sees in inline markdown."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt

from lessons.text.normalise import nfc_squash_spaces


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The one CommonMark parser for lesson bodies; raw HTML is text, never markup."""
    return MarkdownIt("commonmark", {"html": False})


def plain_text(inline_markdown: str) -> str:
    """The words a reader sees for a piece of inline markdown (emphasis, links, escapes removed)."""
    parts: list[str] = []
    for token in markdown_parser().parseInline(inline_markdown)[0].children or []:
        if token.type in {"text", "code_inline"}:
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
    return nfc_squash_spaces("".join(parts))
