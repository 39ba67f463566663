"""Lesson body markdown -> safe HTML in which every sentence is an addressable span.

Each sentence becomes ``<span class="sentence" id="s-…">…</span>`` with the very anchors
:func:`lessons.text.body_sentences` gives, so feedback, claims and bookmarks can link to
``#s-…``.  Block structure (paragraphs, lists, headings) comes from markdown-it with raw HTML
disabled; the inline HTML of each sentence is additionally cleaned by nh3 with a small allowlist,
so a body typed into the admin can never inject markup, scripts, styles or event handlers.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import nh3
from markdown_it.token import Token

from lessons.text.markdown import markdown_parser
from lessons.text.sentences import Sentence, SentenceChunk, sentence_chunks

Decorate = Callable[[Sentence], tuple[str, str]]

_INLINE_TAGS = {"a", "em", "strong", "code", "br", "img"}
_INLINE_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}


def render_body(markdown: str, *, decorate: Decorate | None = None) -> str:
    """Render a lesson body to HTML with one anchored span per sentence.

    ``decorate(sentence)`` may return ``(extra_css_classes, html)``: the classes are added to the
    sentence's span and ``html`` is inserted verbatim right after it.  That html is *trusted*
    (it comes from our own templates, e.g. a fact-check badge), so it is not sanitised here.
    """
    parser = markdown_parser()
    tokens, chunks = sentence_chunks(markdown)
    for index, block in chunks.items():
        # The block's inline children become one pre-rendered piece; the renderer emits an
        # html_inline token's content as is (the parser's html=False only governs *parsing*).
        html_piece = Token("html_inline", "", 0, content=_render_sentences(block, decorate))
        tokens[index].children = [html_piece]
    html_out: str = parser.renderer.render(tokens, parser.options, {})
    return html_out


def _render_sentences(chunks: list[SentenceChunk], decorate: Decorate | None) -> str:
    """The HTML of one block's sentences, space-separated."""
    parts: list[str] = []
    for chunk in chunks:
        classes, trusted = decorate(chunk.sentence) if decorate else ("", "")
        class_value = html.escape(" ".join(["sentence", *classes.split()]), quote=True)
        anchor = html.escape(chunk.sentence.anchor, quote=True)
        inner = _sanitise_inline(markdown_parser().renderInline(chunk.markdown))
        parts.append(f'<span class="{class_value}" id="{anchor}">{inner}</span>{trusted}')
    return " ".join(parts)


def _sanitise_inline(fragment: str) -> str:
    """Keep only harmless inline markup; nh3 also drops unsafe URL schemes and adds rel=."""
    return nh3.clean(
        fragment.strip(),
        tags=_INLINE_TAGS,
        attributes=_INLINE_ATTRIBUTES,
        strip_comments=True,
    )
