"""Seed article text -> a cleaned article made of titled sections (one lesson each).

Pure functions over plain data classes: no Django, no I/O except :func:`read_article`.
The same input always gives the same :class:`Article`.

How a seed is read
------------------
* **Lines.**  Every non-blank line is one block: a paragraph, a list item ("- x", "• x",
  "1. x") or a heading.  Seeds put one paragraph per line, with or without blank lines between.
* **Not lesson content.**  The AI note ("This content was produced by AI …") becomes
  ``Article.disclaimer`` (shown once per module).  Site metadata (a "| Category | … |" line,
  "Updated By: …", "Published: … | Updated: …", "4 min read") goes into ``Article.metadata``.
  Site chrome is dropped: "See also …" cross-links, "Scroll to top", hashtag lines, share /
  related / read-more lines, navigation teasers ending in "|", separators, and the title when the
  page repeats it at the end.
* **Title.**  The first content line is the title when it is heading-shaped.  Without one, the
  title is the subject the article opens and closes on (see *echo* below), else its first heading.
* **Headings** are recognised by shape, never by a list: a short line (≤ 16 words) that starts with
  a capital or digit, does not end like a sentence (. ! : ; ,) and is followed by more content.
* **Sub-heading rule.**  A heading is a *sub-heading* of the current section when it is written in
  sentence case under a Title Case section heading ("Political and operational constraints" under
  "Challenges and Limitations of …"), or when the section's own intro already announces it
  verbatim ("… political and ethnic tensions presented …" before "Political and Ethnic
  Tensions").  A sub-heading never starts a lesson: it becomes a ``### Sub-heading`` inside its
  parent lesson, so the parent keeps its intro text and the lesson reads as one unit.
* **Unheaded text** gets meaningful titles, never "Part N":

  - text before the first heading is "Introduction: <topic>";
  - in the last section, a paragraph that re-opens with the words the article's first paragraph
    opened with (its *echo*: "NATO's peace enforcement missions have …"), or with "In conclusion",
    starts an unheaded conclusion, "Conclusion: <topic>";
  - an article without any heading is split at paragraph boundaries (the author's topic units)
    into sections of at least ``MIN_SECTION_WORDS`` words, short paragraphs staying with the one
    before; a short article stays one section named after the article's headline.  Each
    section is titled from its opening sentence, with framing like "Now, let's talk about"
    removed: "the impact and legacy of X" -> "The Impact and Legacy of X", "X has evolved" ->
    "How X Evolved", a short statement as it stands, and when the sentence only restates the
    article's subject, the named thing the section introduces in apposition ("The initial
    phase, Operation Allied Force, …" -> "Operation Allied Force: The Initial Phase").

Each :class:`Section` records the character range of its content in the source text and its
content blocks verbatim, so admins can diff a re-ingested source against an edited body.
"""

from __future__ import annotations

import hashlib
import pathlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from lessons.text.normalise import fold_case
from lessons.text.sentences import split_sentences

MAX_SEED_BYTES: int = 1_000_000
"""Largest seed accepted: the articles are ~20 KB; anything near a megabyte is not an article."""

MIN_SECTION_WORDS = 150
"""Smallest lesson cut from an unheaded article, so no lesson is a one-paragraph fragment."""

_MAX_HEADING_WORDS = 16
_MAX_HEADING_CHARS = 120
_MAX_TITLE_CLAUSE_WORDS = 12
_ECHO_MIN_WORDS = 3
_OPENING_SENTENCE_CHARS = 600  # enough for any opening sentence; keeps pysbd off whole essays

# Word lists read better packed than one word per line.
# fmt: off
_MINOR_WORDS = frozenset({
    "a", "an", "the", "and", "but", "or", "nor", "for", "of", "in", "on", "at", "to", "by",
    "with", "from", "as", "into", "via", "vs", "per"
})
_AUXILIARIES = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
    "did", "will", "would", "can", "could", "may", "might", "shall", "should", "must"
})
# Words that open a framing phrase ("Now, …", "Following the air campaign, …", "Hey guys, …")
# rather than a subject; used only to decide what to strip from an opening sentence.
_FRAMING_STARTERS = frozenset({
    "after", "following", "before", "during", "over", "in", "at", "on", "by", "from", "since",
    "until", "now", "today", "then", "looking", "hey", "hi", "hello", "ok", "okay", "well",
    "so", "first", "finally", "however", "meanwhile", "moreover", "furthermore", "additionally",
    "initially", "ultimately", "overall", "still", "yet", "also", "next", "later", "earlier",
    "eventually", "thus", "therefore", "consequently"
})
# fmt: on

_LIST_ITEM = re.compile(r"(?P<marker>[-*•–+]|\d{1,3}[.)])\s+(?P<text>\S.*)")
_DISCLAIMER_AI = re.compile(
    r"\bAI\b[- ]?(?:assisted|generated|written|produced|powered)"
    r"|\b(?:produced|generated|written|created|assisted)\s+(?:by|with|using)\s+(?:an?\s+)?AI\b"
)
_DISCLAIMER_CUE = re.compile(r"\b(?:note|readers?|disclaimer|verify|confirm|check)\b", re.I)
_DISCLAIMER_LABEL = re.compile(
    r"^[^\w]*(?:(?:note|disclaimer)(?:\s+(?:to|for)\s+readers?)?\s*:\s*)?", re.I
)
_CATEGORY_LINE = re.compile(r"\|(?P<cells>.*)\|")
_BYLINE = re.compile(
    r"(?:(?:updated|written|posted|published|reviewed|edited)\s+by|by|author)\s*:?\s+"
    r"(?P<who>(?-i:[A-Z]).*)",
    re.I,
)
_DATE_FIELD = re.compile(
    r"(?P<key>published|updated|last updated|posted|date|modified)\s*:\s*(?P<value>.*)", re.I
)
_READING_TIME = re.compile(r"\d+\s*(?:min|mins|minutes?)(?:\s+read)?", re.I)
_HASHTAGS = re.compile(r"#\w+(?:\s+#\w+)*")
_CHROME = re.compile(
    r"see also\b.*"
    r"|(?:scroll|back) to top"
    r"|(?:share|tweet|pin|email|print)(?:\s+(?:this|it|on|via|to)\b.*)?:?"
    r"|(?:related|recommended|popular|latest|more) (?:posts?|articles?|stories|reads)\b.*"
    r"|(?:read more|continue reading|click here)\b.*"
    r"|table of contents|contents|advertisement|sponsored(?: content)?"
    r"|(?:previous|next|prev)\s+(?:post|article|story)\b.*"
    r"|leave a (?:comment|reply)|\d*\s*comments?"
    r"|(?:subscribe|sign up|follow us)\b.*",
    re.I,
)
_MAX_CHROME_WORDS = 20
_MAX_DATE_CHARS = 40
_MAX_CATEGORY_WORDS = 5
_MAX_BYLINE_WORDS = 10
_CONCLUSION_MARKER = re.compile(
    r"(?:in conclusion|in summary|to conclude|to sum up|in closing|all in all)\b", re.I
)
_LETS_FRAMING = re.compile(
    r"let(?:'|’)?s\s+(?:[a-z]+\s+){0,2}?(?:talk about|about|into|at|over|through)\s+", re.I
)
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'.-]*)*"
_OF_PHRASE = re.compile(
    rf"(?:the\s+)?[a-z][a-z-]*(?:(?:,\s*|\s+and\s+|\s+)[a-z][a-z-]*){{0,4}}\s+of\s+"
    rf"(?:the\s+)?{_NAME}(?:\s+\([A-Z][\w-]*\))?"
)
_PERFECT = re.compile(
    rf"(?P<subject>(?:the\s+)?{_NAME})\s+(?:has|have)\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ed)\b"
)
_APPOSITION = re.compile(
    rf"(?:^|[.!?]\s+)(?P<role>(?:The|An?|Its|This|Their)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){{0,3}}),"
    rf"\s+(?P<name>{_NAME}),"
)
_DEFINED_NAME = re.compile(rf"(?P<name>{_NAME})\s+\((?P<acronym>[A-Z][A-Za-z]*[A-Z])\)")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<#])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?\w+;)")
_MARKDOWN_BLOCK_START = re.compile(r"(?P<lead>[>+=-]|\d+(?=[.)])|(?:~~~|```))")


class IngestError(ValueError):
    """A seed cannot become lessons; the message always starts with the file's name."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")


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
class _Line:
    text: str  # stripped
    start: int
    end: int


@dataclass(frozen=True)
class _Block:
    kind: Literal["paragraph", "item", "heading"]
    text: str
    start: int
    end: int
    marker: str = ""  # list marker as in the source, e.g. "-" or "3."


@dataclass(frozen=True)
class _Draft:
    """A section before its title is settled."""

    heading: str
    blocks: tuple[_Block, ...]


@dataclass
class _Extras:
    """What the line classifier sets aside instead of passing on as content."""

    metadata: dict[str, str]
    disclaimer: str = ""


# --- reading --------------------------------------------------------------------------------


def decode_seed(raw: bytes, *, name: str) -> str:
    """Check a seed's bytes and decode them as UTF-8 (a leading BOM is dropped)."""
    if len(raw) > MAX_SEED_BYTES:
        raise IngestError(name, f"file is larger than {MAX_SEED_BYTES:,} bytes ({len(raw):,})")
    if not raw.strip():
        raise IngestError(name, "file is empty")
    if b"\x00" in raw:
        raise IngestError(name, "file is binary (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(name, f"file is not UTF-8 text (byte {error.start})") from None


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
    extras = _Extras(metadata={})
    lines = [line for line in _lines(text) if _is_content(line, extras)]
    title = _title_line(lines)
    if title is not None:
        lines = [line for line in lines[1:] if fold_case(line.text) != fold_case(title.text)]
    items = _blocks_and_headings(lines)
    drafts = _drafts(items)
    if not any(_is_prose(block) for draft in drafts for block in draft.blocks):
        raise IngestError(name, "no lesson text (only a title, headings or site boilerplate)")
    content = [block for draft in drafts for block in draft.blocks if block.kind != "heading"]
    echo = _echo([block.text for block in content if block.kind == "paragraph"])
    if title is not None:
        article_title = title.text
        topic = echo or _headline(title.text)
    else:
        topic = echo or _fallback_title(items, content[0].text)
        article_title = _title_case(topic)
    sections = _titled(drafts, echo=echo, topic=topic, headline=_headline(article_title))
    return Article(
        name=name,
        sha256=sha256,
        title=article_title,
        metadata=extras.metadata,
        disclaimer=extras.disclaimer,
        sections=tuple(sections),
    )


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, stripped, with offsets into ``text``."""
    lines = []
    for match in re.finditer(r"[^\r\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + len(raw) - len(raw.lstrip())
            lines.append(_Line(stripped, start, start + len(stripped)))
    return lines


# --- boilerplate, metadata, disclaimer ------------------------------------------------------


def _is_content(line: _Line, extras: _Extras) -> bool:
    """False for disclaimer, metadata and chrome lines (recording the first two in ``extras``)."""
    text = line.text
    if _is_disclaimer(text):
        extras.disclaimer = extras.disclaimer or _DISCLAIMER_LABEL.sub("", text, count=1)
        return False
    fields = _metadata_fields(text)
    if fields is not None:
        for key, value in fields.items():
            extras.metadata.setdefault(key, value)
        return False
    return not _is_chrome(text)


def _is_disclaimer(text: str) -> bool:
    return bool(_DISCLAIMER_AI.search(text) and _DISCLAIMER_CUE.search(text))


def _metadata_fields(text: str) -> dict[str, str] | None:
    """The site metadata a line carries ({} for an empty one), or None for any other line."""
    if _READING_TIME.fullmatch(text):
        return {"reading_time": text}
    if category := _CATEGORY_LINE.fullmatch(text):
        cells = [cell.strip() for cell in category.group("cells").split("|") if cell.strip()]
        if all(len(cell.split()) <= _MAX_CATEGORY_WORDS for cell in cells):
            return {"category": " | ".join(cells)} if cells else {}
    dates = [_DATE_FIELD.fullmatch(part.strip()) for part in text.split("|")]
    if all(match and len(match.group("value")) <= _MAX_DATE_CHARS for match in dates):
        return {
            match.group("key").lower().replace(" ", "_"): match.group("value").strip()
            for match in dates
            if match and match.group("value").strip()
        }
    byline = _BYLINE.fullmatch(text)
    if byline and len(text.split()) <= _MAX_BYLINE_WORDS and not text.endswith("."):
        return {"byline": byline.group("who").strip()}
    return None


def _is_chrome(text: str) -> bool:
    """Site furniture: cross-links, navigation, sharing, hashtags, separators."""
    if not any(char.isalnum() for char in text):
        return True
    if _HASHTAGS.fullmatch(text) or text.startswith("|") or text.endswith("|"):
        return True
    return len(text.split()) <= _MAX_CHROME_WORDS and bool(_CHROME.fullmatch(text))


# --- structure ------------------------------------------------------------------------------


def _heading_shaped(text: str) -> bool:
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


def _is_prose(block: _Block) -> bool:
    """A list item, or a line that reads as a sentence rather than a lone title."""
    return block.kind == "item" or (block.kind == "paragraph" and not _heading_shaped(block.text))


def _title_line(lines: Sequence[_Line]) -> _Line | None:
    """The article's own title: a heading-shaped first line with content after it."""
    if len(lines) > 1 and _heading_shaped(lines[0].text):
        return lines[0]
    return None


def _blocks_and_headings(lines: Sequence[_Line]) -> list[_Block]:
    """Classify content lines; headings get kind "heading" (their level is decided later)."""
    blocks = []
    for index, line in enumerate(lines):
        item = _LIST_ITEM.fullmatch(line.text)
        if item:
            offset = line.start + item.start("text")
            text = item.group("text")
            marker = item.group("marker")
            marker = marker if marker[0].isdigit() else "-"
            blocks.append(_Block("item", text, offset, offset + len(text), marker))
        elif index + 1 < len(lines) and _heading_shaped(line.text):
            blocks.append(_Block("heading", line.text, line.start, line.end))
        else:
            blocks.append(_Block("paragraph", line.text, line.start, line.end))
    return blocks


def _drafts(items: Sequence[_Block]) -> list[_Draft]:
    """Group blocks under their top-level headings; sub-headings stay inside as blocks."""
    drafts: list[_Draft] = []
    heading = ""  # "" = the text before the first heading
    blocks: list[_Block] = []
    for item in items:
        if item.kind == "heading" and not _is_subheading(item.text, heading, blocks):
            drafts.append(_Draft(heading, tuple(blocks)))
            heading, blocks = item.text, []
        else:
            blocks.append(item)
    drafts.append(_Draft(heading, tuple(blocks)))
    return [draft for draft in drafts if any(b.kind != "heading" for b in draft.blocks)]


def _is_subheading(text: str, parent: str, parent_blocks: Sequence[_Block]) -> bool:
    """See the module docstring: sentence case under Title Case, or announced by the intro."""
    if not parent:
        return False
    if _is_title_case(parent) and not _is_title_case(text):
        return True
    intro = []
    for block in parent_blocks:
        if block.kind == "heading":
            break
        intro.append(block.text)
    announced = re.search(rf"\b{re.escape(fold_case(text))}\b", fold_case(" ".join(intro)))
    return len(text.split()) > 1 and announced is not None


def _is_title_case(text: str) -> bool:
    words = [word.strip("()[]\"'“”‘’") for word in text.split()[1:]]
    return all(
        not word or not word[0].isalpha() or word[0].isupper() or word.lower() in _MINOR_WORDS
        for word in words
    )


# --- titles ---------------------------------------------------------------------------------


def _titled(drafts: Sequence[_Draft], *, echo: str, topic: str, headline: str) -> list[Section]:
    """Turn drafts into sections with titles; unheaded text gets derived titles."""
    if all(not draft.heading for draft in drafts):
        return _unheaded_sections(drafts[0].blocks, topic=topic, headline=headline)
    *body, last = drafts
    drafts = [*body, *_split_conclusion(last, echo=echo, topic=topic)]
    sections = []
    for draft in drafts:
        title = draft.heading or f"Introduction: {_title_case(topic)}"
        sections.append(_section(title, draft.blocks))
    return sections


def _split_conclusion(draft: _Draft, *, echo: str, topic: str) -> list[_Draft]:
    """Cut an unheaded conclusion off the last section (see the module docstring)."""
    echo_words = _words(echo)
    for index, block in enumerate(draft.blocks[1:], start=1):
        opens_with_topic = bool(echo_words) and _words(block.text)[: len(echo_words)] == echo_words
        keeps_content = any(kept.kind != "heading" for kept in draft.blocks[:index])
        concludes = opens_with_topic or _CONCLUSION_MARKER.match(block.text)
        if block.kind == "paragraph" and concludes and keeps_content:
            conclusion = _Draft(f"Conclusion: {_title_case(topic)}", draft.blocks[index:])
            return [_Draft(draft.heading, draft.blocks[:index]), conclusion]
    return [draft]


def _unheaded_sections(blocks: Sequence[_Block], *, topic: str, headline: str) -> list[Section]:
    groups = _group_by_size(blocks)
    if len(groups) == 1:
        return [_section(headline, groups[0])]
    context = set(_content_words(f"{headline} {topic}"))
    return [_section(_group_title(group, context, topic), group) for group in groups]


def _group_by_size(blocks: Sequence[_Block]) -> list[list[_Block]]:
    """Split at paragraph boundaries into groups of at least MIN_SECTION_WORDS words.

    A short paragraph (an aside, a bridge) stays with the one before it unless that group is
    already twice the minimum; "In conclusion, …" always starts its own group.
    """
    if _word_count(blocks) < 2 * MIN_SECTION_WORDS:
        return [list(blocks)]
    groups: list[list[_Block]] = []
    current: list[_Block] = []
    for block in blocks:
        size = _word_count(current)
        substantial = _word_count([block]) >= MIN_SECTION_WORDS // 2
        starts_topic = block.kind == "paragraph" and (
            (size >= MIN_SECTION_WORDS and (substantial or size >= 2 * MIN_SECTION_WORDS))
            or bool(_CONCLUSION_MARKER.match(block.text))
        )
        if current and starts_topic:
            groups.append(current)
            current = []
        current.append(block)
    if (
        groups
        and _word_count(current) < MIN_SECTION_WORDS
        and not _CONCLUSION_MARKER.match(current[0].text)
    ):
        groups[-1].extend(current)
    else:
        groups.append(current)
    return groups


def _group_title(blocks: Sequence[_Block], context: set[str], topic: str) -> str:
    """A title from what the group's opening sentence says (see the module docstring)."""
    clause, concluding = _opening_clause(_opening_sentence(blocks[0].text))
    if concluding:
        subject = clause if 0 < len(clause.split()) <= 8 else topic
        return f"Conclusion: {_title_case(subject)}"
    if of_phrase := _OF_PHRASE.match(clause):
        return _title_case(of_phrase.group())
    if perfect := _PERFECT.match(clause):
        return _title_case(f"How {perfect.group('subject')} {perfect.group('verb')}")
    words = clause.split()
    restates = set(_content_words(clause)) <= context
    if 2 <= len(words) <= _MAX_TITLE_CLAUSE_WORDS and not restates:
        return _title_case(clause)
    text = " ".join(block.text for block in blocks)
    if apposition := _APPOSITION.search(text):
        return f"{apposition.group('name')}: {_title_case(apposition.group('role'))}"
    if name := _key_name(text):
        return name
    return _title_case(" ".join(words[:_MAX_TITLE_CLAUSE_WORDS]) or topic)


def _opening_sentence(text: str) -> str:
    head = text[:_OPENING_SENTENCE_CHARS]
    spans = split_sentences(head)
    return head[spans[0][0] : spans[0][1]] if spans else head


def _opening_clause(sentence: str) -> tuple[str, bool]:
    """The sentence's first clause without framing; and whether it opens a conclusion."""
    rest = sentence.strip()
    marker = _CONCLUSION_MARKER.match(rest)
    if marker:
        rest = rest[marker.end() :].lstrip(" ,")
    for _ in range(3):
        lead, comma, tail = rest.partition(",")
        words = lead.split()
        if not comma or not words or len(words) > 4 or words[0].lower() not in _FRAMING_STARTERS:
            break
        rest = tail.strip()
    rest = _LETS_FRAMING.sub("", rest, count=1)
    clause = re.split(r"[,;:—–]|\s-\s", rest, maxsplit=1)[0]
    return clause.strip().rstrip(".!?").strip(), marker is not None


def _key_name(text: str) -> str:
    """The most mentioned name the text defines with an acronym ("Kosovo Force (KFOR)")."""
    defined = {m.group("acronym"): m.group("name") for m in _DEFINED_NAME.finditer(text)}
    if not defined:
        return ""
    counts = Counter({acronym: text.count(acronym) for acronym in defined})
    acronym = max(defined, key=lambda a: (counts[a], -text.find(a)))
    return f"{defined[acronym]} ({acronym})"


def _echo(paragraphs: Sequence[str]) -> str:
    """The subject the article opens with and returns to later ("NATO's peace enforcement
    missions …"), trimmed to end on a content word; "" when the opening is never echoed."""
    if len(paragraphs) < 2:
        return ""
    lede = paragraphs[0].split()
    best: list[str] = []
    for paragraph in paragraphs[1:]:
        shared: list[str] = []
        for mine, theirs in zip(lede, paragraph.split(), strict=False):
            if fold_case(mine) != fold_case(theirs):
                break
            shared.append(mine)
        while shared and shared[-1].lower() in _MINOR_WORDS | _AUXILIARIES:
            shared.pop()
        if len(shared) > len(best):
            best = shared
    content = [word for word in best if word.lower() not in _MINOR_WORDS]
    if len(best) < _ECHO_MIN_WORDS or len(content) < 2:
        return ""
    return " ".join(best).rstrip(",;:")


def _fallback_title(items: Sequence[_Block], opening: str) -> str:
    """Title for an article with no title line and no echo: its first heading or opening."""
    headings = [item.text for item in items if item.kind == "heading"]
    if headings:
        return headings[0]
    clause, _ = _opening_clause(_opening_sentence(opening))
    return " ".join(clause.split()[:_MAX_TITLE_CLAUSE_WORDS]) or " ".join(opening.split()[:8])


def _headline(title: str) -> str:
    """A title's main clause: "X Ends Y War: Compelling …" -> "X Ends Y War"."""
    head = title.split(": ", 1)[0].strip()
    return head or title


def _title_case(phrase: str) -> str:
    """Capitalise a phrase as a title, keeping acronyms and names as written."""
    words = phrase.split()
    titled: list[str] = []
    for index, word in enumerate(words):
        first = index == 0 or titled[-1].endswith(":")
        if word.lower() in _MINOR_WORDS and not first:
            titled.append(word.lower())
        else:
            titled.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(titled)


def _words(text: str) -> list[str]:
    return [fold_case(word) for word in text.split()]


def _content_words(text: str) -> list[str]:
    """Lower-cased words minus minor words and possessive endings, for overlap checks."""
    words = re.findall(r"[\w-]+", text.lower().replace("’", "'").replace("'s", ""))
    return [word for word in words if word not in _MINOR_WORDS]


def _word_count(blocks: Iterable[_Block]) -> int:
    return sum(len(block.text.split()) for block in blocks)


# --- bodies ---------------------------------------------------------------------------------


def _section(title: str, blocks: Sequence[_Block]) -> Section:
    return Section(
        title=title,
        body=_markdown(blocks),
        start=blocks[0].start,
        end=blocks[-1].end,
        paragraphs=tuple(block.text for block in blocks),
    )


def _markdown(blocks: Sequence[_Block]) -> str:
    """Blocks as markdown: blank lines between blocks, single newlines inside a list."""
    parts: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        if previous is not None:
            same_list = block.kind == previous.kind == "item" and (
                block.marker[0].isdigit() == previous.marker[0].isdigit()
            )
            parts.append("\n" if same_list else "\n\n")
        parts.append(_block_markdown(block))
        previous = block
    return "".join(parts)


def _block_markdown(block: _Block) -> str:
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
