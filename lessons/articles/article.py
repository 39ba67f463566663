"""The pipeline: a seed file (or its text) -> cleaned lines -> blocks -> drafts -> an Article."""

from __future__ import annotations

import hashlib
import pathlib

from lessons.articles.blocks import Article, split_lines
from lessons.articles.casing import title_case
from lessons.articles.cleaning import Extras, is_content
from lessons.articles.reading import IngestError, check_line_lengths, check_size, decode_seed
from lessons.articles.sections import classify, drafts, is_prose, title_line
from lessons.articles.titles import echo, fallback_title, headline, titled
from lessons.text.normalise import fold_case


def read_article(path: pathlib.Path) -> Article:
    """Read, decode and parse one seed file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise IngestError(str(path), f"cannot read file ({error.strerror or error})") from None
    text = decode_seed(raw, name=path.name)
    return parse_article(text, name=path.name, sha256=hashlib.sha256(raw).hexdigest())


def parse_article(text: str, *, name: str, sha256: str = "") -> Article:
    """Split a seed's text into title, metadata, disclaimer and titled sections."""
    check_line_lengths(text, name=name)
    extras = Extras(metadata={})
    lines = [line for line in split_lines(text) if is_content(line, extras)]
    title = title_line(lines)
    if title is not None:
        # The page may repeat its title at the end; that copy is chrome too.
        lines = [line for line in lines[1:] if fold_case(line.text) != fold_case(title.text)]
    items = classify(lines)
    headings = sum(block.kind == "heading" for block in items)
    check_size(name, headings=headings, lessons=())
    found = drafts(items)
    if not any(is_prose(block) for draft in found for block in draft.blocks):
        raise IngestError(name, "no lesson text (only a title, headings or site boilerplate)")
    content = [block for draft in found for block in draft.blocks if block.kind != "heading"]
    opening = echo([block.text for block in content if block.kind == "paragraph"])
    if title is not None:
        article_title = title.text
        topic = opening or headline(title.text)
    else:
        topic = opening or fallback_title(items, content[0].text)
        article_title = title_case(topic)
    sections = titled(found, echo=opening, topic=topic, headline=headline(article_title))
    check_size(name, headings=headings, lessons=[(s.title, s.body) for s in sections])
    return Article(
        name=name,
        sha256=sha256,
        title=article_title,
        metadata=extras.metadata,
        disclaimer=extras.disclaimer,
        sections=tuple(sections),
    )
