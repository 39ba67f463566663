"""Sentences of lesson text, with anchors that survive edits.

A sentence anchor is a hash of the sentence's own (plain, whitespace-collapsed) text, so editing,
adding or removing *other* sentences never moves it: claims, questions and bookmarks that point at
``#s-…`` keep pointing at the same words.  Only when the same sentence occurs twice in one text
does the position matter (``-2``, ``-3`` … in reading order).

Pure functions, no Django: ingest, claims, render and the views share them.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from dataclasses import dataclass

import pysbd
from markdown_it.token import Token

from lessons.text.markdown import markdown_parser, plain_text
from lessons.text.normalise import nfc_squash_spaces

ANCHOR_PREFIX = "s-"
MAX_SENTENCE_CHARS = 1_000
"""A longer "sentence" is cut at a space: claims and checks cost more than linear time in a
sentence's length, so one endless sentence must not stall a save (the seeds' longest is 261)."""
_SEGMENT_WINDOW = 4_000
"""pysbd is fed at most this much at once (cut after a full stop, else at a space): its cost
grows faster than the text, and a block this long is not a paragraph anyone wrote (seeds: 2,209)."""
# Block markers markdown-it strips from the first line of an inline token's source (indentation,
# blockquote ">", a list marker, an ATX "###"), skipped so digits in a "1." marker are never
# mistaken for the first digits of the text.
_BLOCK_PREFIX = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Inline constructs a sentence boundary must not cut through: links, images, code, autolinks.
_INLINE_ATOM = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|`[^`\n]*`|<[^<>\s]*>")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a lesson body: its anchor, the words a reader sees, and where it is.

    ``start``/``end`` index the markdown given to :func:`body_sentences`; that slice is the
    sentence's source with its inline markup (``**``, links) but without block markers.
    """

    anchor: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SentenceChunk:
    """A sentence plus its inline-markdown source, which :mod:`lessons.text.render` renders."""

    sentence: Sentence
    markdown: str


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    """One shared segmenter, built on first use rather than at import."""
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence in ``text``, trimmed of surrounding whitespace.

    pysbd decides the boundaries (it knows "U.S.", "Dr.", "No. 1244", decimals, ellipses).  Its own
    ``char_span`` mode drops a sentence it cannot find again verbatim, so instead every segment is
    located in order and the spans run from one segment's start to the next: every non-space
    character of ``text`` lands in exactly one sentence, whatever pysbd does.
    """
    return list(_split_cached(text))


@functools.lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[tuple[int, int], ...]:
    """pysbd costs ~1 ms per sentence, and ingest, claims and render split the same blocks."""
    if not text.strip():
        return ()
    starts: list[int] = []
    for window_start, window_end in _windows(text):
        starts.append(window_start)
        starts += _segment_starts(text, window_start, window_end)
    bounds = [*sorted(set(starts)), len(text)]
    spans = [_trim(text, start, end) for start, end in itertools.pairwise(bounds)]
    capped = [piece for span in spans for piece in _capped(text, *span)]
    return tuple(span for span in capped if span[0] < span[1])


def _segment_starts(text: str, start: int, end: int) -> list[int]:
    """Where pysbd's sentences of ``text[start:end]`` start, as offsets into ``text``."""
    starts: list[int] = []
    cursor = start
    for segment in _segmenter().segment(text[start:end]):
        piece = segment.strip()
        found = text.find(piece, cursor, end) if piece else -1
        if found >= 0:
            starts.append(found)
            cursor = found + len(piece)
    return starts


def _windows(text: str) -> list[tuple[int, int]]:
    """``text`` as consecutive pieces of at most ``_SEGMENT_WINDOW`` characters (one piece for
    any real paragraph), each cut after a full stop if it has one, else at a space."""
    windows: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > _SEGMENT_WINDOW:
        end = _cut(text, start, start + _SEGMENT_WINDOW, prefer=". ")
        windows.append((start, end))
        start = end
    windows.append((start, len(text)))
    return windows


def _cut(text: str, start: int, limit: int, *, prefer: str = " ") -> int:
    """Where to end a piece of ``text`` that starts at ``start`` and may run to ``limit``: just
    after the last ``prefer`` in it, else at its last space, else at ``limit``."""
    for mark in dict.fromkeys((prefer, " ")):
        found = text.rfind(mark, start + 1, limit)
        if found > start:
            return found + len(mark) - 1 if mark != " " else found
    return limit


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most ``MAX_SENTENCE_CHARS`` at spaces, trimmed."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut(text, start, start + MAX_SENTENCE_CHARS)
        pieces.append(_trim(text, start, cut))
        start = _trim(text, cut, end)[0]
    pieces.append((start, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_anchor(text: str) -> str:
    """A stable, URL-safe id for a sentence: ``s-`` + 10 hex chars of blake2b of its text."""
    digest = hashlib.blake2b(nfc_squash_spaces(text).encode("utf-8"), digest_size=5).hexdigest()
    return f"{ANCHOR_PREFIX}{digest}"


def sentence_chunks(markdown: str) -> tuple[list[Token], dict[int, list[SentenceChunk]]]:
    """Parse a lesson body; map each inline token's index to the sentences it holds.

    Render and :func:`body_sentences` both go through here, so the spans on the page and the
    sentences claims are built from can never disagree.
    """
    tokens = markdown_parser().parse(markdown)
    line_starts = _line_starts(markdown)
    seen: dict[str, int] = {}
    chunks: dict[int, list[SentenceChunk]] = {}
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        region_start = line_starts[min(token.map[0], len(line_starts) - 1)]
        region_end = line_starts[min(token.map[1], len(line_starts) - 1)]
        positions = _align(token.content, markdown, region_start, region_end)
        spans = split_sentences(_mask_inline_atoms(token.content))
        chunks[index] = [_chunk(token.content, span, positions, seen) for span in spans]
    return tokens, chunks


def _mask_inline_atoms(content: str) -> str:
    """Hide links, images and code from the splitter (same length, so spans still apply)."""
    return _INLINE_ATOM.sub(lambda match: "x" * len(match.group()), content)


def _chunk(
    content: str, span: tuple[int, int], positions: list[int], seen: dict[str, int]
) -> SentenceChunk:
    source = content[span[0] : span[1]]
    text = plain_text(source)
    anchor = sentence_anchor(text)
    seen[anchor] = seen.get(anchor, 0) + 1
    if seen[anchor] > 1:
        anchor = f"{anchor}-{seen[anchor]}"
    sentence = Sentence(anchor, text, positions[span[0]], positions[span[1] - 1] + 1)
    return SentenceChunk(sentence, source)


def body_sentences(markdown: str) -> list[Sentence]:
    """Every sentence of every paragraph, list item and heading of a lesson body, in order.

    ``start``/``end`` index ``markdown`` (the sentence's source, markup included); ``text`` is
    what the reader sees.
    """
    _, chunks = sentence_chunks(markdown)
    return [chunk.sentence for index in sorted(chunks) for chunk in chunks[index]]


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts (markdown-it counts "\\r\\n", "\\r" and "\\n" as breaks)."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text)), len(text)]


def _align(content: str, source: str, start: int, end: int) -> list[int]:
    """Map each char of an inline token's ``content`` to its offset in ``source``.

    markdown-it builds ``content`` from the token's source lines minus block markers and
    indentation, so the content is a subsequence of the region: walk both in step.  A char
    markdown-it rewrote (NUL becomes U+FFFD) keeps the current offset rather than failing.
    """
    prefix = _BLOCK_PREFIX.match(source, start, end)
    cursor = prefix.end() if prefix else start
    positions: list[int] = []
    for char in content:
        found = source.find(char, cursor, end)
        if found < 0:
            positions.append(min(cursor, max(end - 1, start)))
            continue
        positions.append(found)
        cursor = found + 1
    return positions
