"""A seed's bytes checked and decoded: anything that is not a text article is refused by name."""

from __future__ import annotations

from collections.abc import Sequence

MAX_SEED_BYTES: int = 1_000_000
"""Largest seed accepted: the articles are ~20 KB; anything near a megabyte is not an article."""
MAX_LINE_CHARS: int = 20_000
"""Longest line accepted: a line is one paragraph (the seeds' longest is 2,209 characters)."""
MAX_HEADINGS: int = 1_000
"""Most headings (and sub-headings) in one article: the seeds have about a dozen each."""
MAX_LESSONS: int = 500
"""Most lessons cut from one article."""
MAX_LESSON_CHARS: int = 100_000
"""Longest lesson body accepted (the seeds' longest is about 4,000 characters)."""


class IngestError(ValueError):
    """A seed cannot become lessons; the message always starts with the file's name."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")


def decode_seed(raw: bytes, *, name: str) -> str:
    """Check a seed's bytes and decode them as UTF-8 (a leading BOM is dropped)."""
    if len(raw) > MAX_SEED_BYTES:
        raise IngestError(name, f"file is larger than {MAX_SEED_BYTES:,} bytes ({len(raw):,})")
    if not raw.strip():
        raise IngestError(name, "file is empty")
    if b"\x00" in raw:
        raise IngestError(name, "file is binary (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(name, f"file is not UTF-8 text (byte {error.start})") from None
    check_line_lengths(text, name=name)
    return text


def check_line_lengths(text: str, *, name: str) -> None:
    """Every line within ``MAX_LINE_CHARS``; else the first long one is named."""
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise IngestError(
                name,
                f"line {number} is {len(line):,} characters long; at most {MAX_LINE_CHARS:,} "
                "(one paragraph per line)",
            )


def check_size(name: str, *, headings: int, lessons: Sequence[tuple[str, str]]) -> None:
    """An article's shape within the caps: ``lessons`` are (title, body) pairs."""
    if headings > MAX_HEADINGS:
        raise IngestError(name, f"{headings:,} headings; at most {MAX_HEADINGS:,} in one article")
    if len(lessons) > MAX_LESSONS:
        raise IngestError(name, f"{len(lessons):,} lessons; at most {MAX_LESSONS:,} in one article")
    for title, body in lessons:
        if len(body) > MAX_LESSON_CHARS:
            raise IngestError(
                name,
                f"lesson {title!r} is {len(body):,} characters long; at most {MAX_LESSON_CHARS:,}",
            )


def _short(title: str, *, limit: int = 60) -> str:
    return title if len(title) <= limit else title[:limit].rstrip() + "…"
