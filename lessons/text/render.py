"""Lesson body markdown -> safe HTML in which every sentence is an addressable span.

Each sentence becomes ``<span class="sentence" id="s-…">…</span>`` with the very anchors
:func:`lessons.text.body_sentences` gives, so feedback, claims and bookmarks can link to
``#s-…``.  Block structure (paragraphs, lists, headings) comes from markdown-it with raw HTML
disabled; the inline HTML of each sentence is additionally cleaned by nh3 with a small allowlist,
so a body typed into the admin can never inject markup, scripts, styles or event handlers.

A decoration may wrap words of a sentence (a claim) in trusted HTML.  Its offsets index the
sentence's plain text (:attr:`Sentence.text`: what the reader sees, markup removed, spaces
squashed), so they are mapped back onto markdown-it's inline tokens; the trusted pieces travel
through nh3 as unguessable placeholders and are put in after cleaning, so nh3's allowlist stays
as small as the body needs and our own markup is never mangled by it.
"""

from __future__ import annotations

import html
import re
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast

import nh3
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from lessons.text.markdown import markdown_parser
from lessons.text.sentences import Sentence, SentenceChunk, sentence_chunks

_INLINE_TAGS = {"a", "em", "strong", "code", "br", "img"}
_INLINE_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# Inline tokens a highlight wraps whole: their text is not a text node of their own.
_ATOMS = {"code_inline", "image", "softbreak", "hardbreak"}
_KEEP_TOGETHER = '<span class="keep-together">'  # no line break inside (site.css)
_PLACEHOLDER = re.compile("\ue000[0-9a-f]+:([0-9]+)\ue001")


@dataclass(frozen=True)
class Highlight:
    """Trusted HTML around some words of a sentence: ``start``/``end`` index ``Sentence.text``.

    ``open``/``close`` wrap the words (once per piece of markup they run through, so nesting
    stays valid); ``mark`` follows the words once, outside any link or emphasis they are in.
    """

    start: int
    end: int
    open: str
    close: str
    mark: str = ""


@dataclass(frozen=True)
class Decoration:
    """What a decorator adds to one sentence: classes on its span, highlighted words inside it
    and trusted HTML right after it."""

    classes: str = ""
    highlights: Sequence[Highlight] = ()
    after: str = ""


Decorate = Callable[[Sentence], Decoration]


def render_body(markdown: str, *, decorate: Decorate | None = None) -> str:
    """Render a lesson body to HTML with one anchored span per sentence.

    ``decorate(sentence)`` returns a :class:`Decoration`.  Its HTML is *trusted* (it comes from
    our own code, e.g. a fact-check mark), so it is not sanitised here; the body's own text is.
    """
    parser = markdown_parser()
    tokens, chunks = sentence_chunks(markdown)
    slots = _Slots()
    for index, block in chunks.items():
        # The block's inline children become one pre-rendered piece; the renderer emits an
        # html_inline token's content as is (the parser's html=False only governs *parsing*).
        html_piece = Token("html_inline", "", 0, content=_render_sentences(block, decorate, slots))
        tokens[index].children = [html_piece]
    html_out: str = parser.renderer.render(tokens, parser.options, {})
    return slots.fill(html_out)


@dataclass
class _Slots:
    """Trusted HTML kept out of nh3's way: a placeholder no body can guess stands in for it."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    pieces: list[str] = field(default_factory=list)

    def hold(self, trusted: str) -> str:
        self.pieces.append(trusted)
        return f"\ue000{self.nonce}:{len(self.pieces) - 1}\ue001"

    def fill(self, text: str) -> str:
        if not self.pieces:
            return text
        prefix = f"\ue000{self.nonce}:"

        def piece(match: re.Match[str]) -> str:
            ours = match.group(0).startswith(prefix)
            return self.pieces[int(match.group(1))] if ours else ""

        return _PLACEHOLDER.sub(piece, text)


def _render_sentences(chunks: list[SentenceChunk], decorate: Decorate | None, slots: _Slots) -> str:
    """The HTML of one block's sentences, space-separated."""
    parts: list[str] = []
    for chunk in chunks:
        decoration = decorate(chunk.sentence) if decorate else Decoration()
        class_value = html.escape(" ".join(["sentence", *decoration.classes.split()]), quote=True)
        anchor = html.escape(chunk.sentence.anchor, quote=True)
        inner = _sentence_html(chunk, decoration.highlights, slots)
        parts.append(f'<span class="{class_value}" id="{anchor}">{inner}</span>{decoration.after}')
    return " ".join(parts)


def _sentence_html(chunk: SentenceChunk, highlights: Sequence[Highlight], slots: _Slots) -> str:
    parser = markdown_parser()
    if not highlights:
        return _sanitise_inline(parser.renderInline(chunk.markdown))
    children = list(parser.parseInline(chunk.markdown)[0].children or [])
    woven = _weave(children, chunk.sentence.text, _without_overlaps(highlights), slots)
    if woven is None:  # the words could not be found again: marks at the end, no underline
        marks = "".join(slots.hold(h.mark) for h in highlights)
        return _sanitise_inline(parser.renderInline(chunk.markdown)) + marks
    renderer = cast(RendererHTML, parser.renderer)
    rendered: str = renderer.renderInline(woven, parser.options, {})
    return _sanitise_inline(rendered)


def _without_overlaps(highlights: Sequence[Highlight]) -> list[Highlight]:
    """In reading order; a highlight that overlaps an earlier one starts where that one ends
    (HTML elements cannot cross), and one left with no words keeps only its mark."""
    kept: list[Highlight] = []
    cursor = 0
    for highlight in sorted(highlights, key=lambda h: (h.start, h.end)):
        start = max(highlight.start, cursor)
        end = max(highlight.end, start)
        kept.append(Highlight(start, end, highlight.open, highlight.close, highlight.mark))
        cursor = end
    return kept


# Where each character of the sentence's plain text comes from: (child index, offset in its
# content), or (child index, -1) for a token that is wrapped whole.
_Origin = tuple[int, int]


def _origins(children: list[Token]) -> tuple[str, list[_Origin]]:
    """The reader's text of the inline tokens as :func:`~lessons.text.markdown.plain_text` builds
    it (before squashing), with where each character comes from."""
    text: list[str] = []
    origins: list[_Origin] = []
    for index, token in enumerate(children):
        if token.type == "text":
            text.append(token.content)
            origins.extend((index, offset) for offset in range(len(token.content)))
        elif token.type in _ATOMS:
            piece = " " if token.type.endswith("break") else token.content
            text.append(piece)
            origins.extend((index, -1) for _ in piece)
    return "".join(text), origins


def _plain_origins(children: list[Token], plain: str) -> list[_Origin] | None:
    """For each character of ``plain`` (the sentence text), where it comes from; None when the
    squashed text is not ``plain`` (e.g. Unicode composition changed it)."""
    raw, origins = _origins(children)
    squashed: list[str] = []
    kept: list[_Origin] = []
    for char, origin in zip(raw, origins, strict=True):
        if char.isspace():
            if not squashed or squashed[-1] == " ":
                continue
            char = " "
        squashed.append(char)
        kept.append(origin)
    while squashed and squashed[-1] == " ":
        squashed.pop()
        kept.pop()
    text = "".join(squashed)
    if text != plain or unicodedata.normalize("NFC", text) != text:
        return None
    return kept


def _weave(
    children: list[Token], plain: str, highlights: list[Highlight], slots: _Slots
) -> list[Token] | None:
    """The inline tokens with each highlight's open/close around its words and its mark after."""
    origins = _plain_origins(children, plain)
    if origins is None:
        return None
    cuts: dict[int, list[_Cut]] = {}
    last: dict[int, int] = {}  # highlight number -> the child its words end in
    for number, highlight in enumerate(highlights):
        for child, offsets in _group_by_child(origins[highlight.start : highlight.end]):
            cuts.setdefault(child, []).append(_Cut(offsets[0], offsets[-1] + 1, number))
            last[number] = child
    return _rebuild(children, highlights, cuts, last, slots)


@dataclass(frozen=True)
class _Cut:
    """Highlight ``number`` covers ``content[start:end]`` of one inline token."""

    start: int
    end: int
    number: int


def _group_by_child(covered: list[_Origin]) -> list[tuple[int, list[int]]]:
    groups: list[tuple[int, list[int]]] = []
    for child, offset in covered:
        if not groups or groups[-1][0] != child:
            groups.append((child, []))
        groups[-1][1].append(offset)
    return groups


def _rebuild(
    children: list[Token],
    highlights: list[Highlight],
    cuts: dict[int, list[_Cut]],
    last: dict[int, int],
    slots: _Slots,
) -> list[Token]:
    def trusted(piece: str) -> Token:
        return Token("html_inline", "", 0, content=slots.hold(piece))

    out: list[Token] = []
    pending: list[int] = []  # marks waiting until no link or emphasis is open
    depth = 0

    def ended(number: int) -> None:
        """The highlight's words end here: its mark follows now, or once markup closes."""
        if last[number] != index:
            return
        if depth > 0:
            pending.append(number)
        else:
            out.append(trusted(highlights[number].mark))

    for index, token in enumerate(children):
        pieces = cuts.get(index, [])
        if token.type == "text" and pieces:
            cursor = 0
            for cut in pieces:
                wrap = highlights[cut.number]
                out.append(_text(token.content[cursor : cut.start]))
                words = token.content[cut.start : cut.end]
                if last[cut.number] == index and depth <= 0:
                    # The mark never starts a line: it is kept with the last word it follows.
                    head, tail = _last_word(words)
                    if head:
                        out += [trusted(wrap.open), _text(head), trusted(wrap.close)]
                    out += [trusted(_KEEP_TOGETHER), trusted(wrap.open), _text(tail)]
                    out += [trusted(wrap.close), trusted(wrap.mark), trusted("</span>")]
                else:
                    out += [trusted(wrap.open), _text(words), trusted(wrap.close)]
                    ended(cut.number)
                cursor = cut.end
            out.append(_text(token.content[cursor:]))
        elif pieces:  # an atom (code, image, line break): wrapped whole, by its first highlight
            wrap = highlights[pieces[0].number]
            out += [trusted(wrap.open), token, trusted(wrap.close)]
            for cut in pieces:
                ended(cut.number)
        else:
            out.append(token)
        depth += token.nesting
        if depth <= 0 and pending:
            out += [trusted(highlights[number].mark) for number in pending]
            pending.clear()
    wordless = [number for number in range(len(highlights)) if number not in last]
    out += [trusted(highlights[number].mark) for number in [*pending, *wordless]]
    return [token for token in out if token.type != "text" or token.content]


def _last_word(words: str) -> tuple[str, str]:
    """("over 38,000 ", "sorties") from "over 38,000 sorties"."""
    cut = words.rstrip().rfind(" ") + 1
    return words[:cut], words[cut:]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _sanitise_inline(fragment: str) -> str:
    """Keep only harmless inline markup; nh3 also drops unsafe URL schemes and adds rel=."""
    return nh3.clean(
        fragment.strip(),
        tags=_INLINE_TAGS,
        attributes=_INLINE_ATTRIBUTES,
        strip_comments=True,
    )
