"""Seed article text -> a cleaned article made of titled sections (one lesson each).

Pure functions over plain data classes: no Django, no I/O except :func:`read_article`.
The same input always gives the same :class:`Article`.

- ``reading``   - a seed's bytes checked and decoded; the caps (``IngestError``, ``MAX_*``);
- ``cleaning``  - the disclaimer, site metadata and site chrome set aside;
- ``sections``  - headings, sub-headings, drafts, and grouping unheaded text;
- ``titles``    - titles for unheaded sections: introduction, echo, conclusion, opening sentence;
- ``casing``    - Title Case, read and written;
- ``bodies``    - a section's body as markdown;
- ``blocks``    - the plain data passed between them;
- ``article``   - the pipeline: ``parse_article`` and ``read_article``.

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
    into sections of at least ``MIN_SECTION_WORDS`` (150) words, short paragraphs staying with
    the one before; a short article stays one section named after the article's headline.  Each
    section is titled from its opening sentence, with framing like "Now, let's talk about"
    removed: "the impact and legacy of X" -> "The Impact and Legacy of X", "X has evolved" ->
    "How X Evolved", a short statement as it stands, and when the sentence only restates the
    article's subject, the named thing the section introduces in apposition ("The initial
    phase, Operation Allied Force, …" -> "Operation Allied Force: The Initial Phase").

Each :class:`Section` records the character range of its content in the source text and its
content blocks verbatim, so admins can diff a re-ingested source against an edited body.
"""

from lessons.articles.article import parse_article, read_article
from lessons.articles.blocks import Article, Section
from lessons.articles.reading import (
    MAX_HEADINGS,
    MAX_LESSON_CHARS,
    MAX_LESSONS,
    MAX_LINE_CHARS,
    MAX_SEED_BYTES,
    IngestError,
    decode_seed,
)

__all__ = [
    "MAX_HEADINGS",
    "MAX_LESSONS",
    "MAX_LESSON_CHARS",
    "MAX_LINE_CHARS",
    "MAX_SEED_BYTES",
    "Article",
    "IngestError",
    "Section",
    "decode_seed",
    "parse_article",
    "read_article",
]
