"""A seed's bytes checked and decoded: anything that is not a text article is refused by name."""

from __future__ import annotations

MAX_SEED_BYTES: int = 1_000_000
"""Largest seed accepted: the articles are ~20 KB; anything near a megabyte is not an article."""


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
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(name, f"file is not UTF-8 text (byte {error.start})") from None
