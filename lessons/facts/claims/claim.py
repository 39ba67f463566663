"""What a claim is: a checkable stretch of one sentence and the fact-base value it states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lessons.facts.values import Value

ClaimKind = Literal[
    "date",
    "year",
    "span",
    "number",
    "duration",
    "resolution",
    "acronym",
    "operation",
    "relation",
    "authorisation",
    "task",
    "concept",
]
# Where the subject of an agent relation stands: "KFOR was established by NATO" (before),
# "NATO took command of ISAF" (after), "the NATO-led force" / "KFOR, a NATO-led force" (either).
# None: not an agent relation (a titled person, or any other kind of claim).
Side = Literal["before", "after", "either"]


@dataclass(frozen=True)
class Claim:
    kind: ClaimKind
    text: str  # == sentence[start:end]
    start: int
    end: int
    value: Value
    subject_hint: str | None = None
    side: Side | None = None


class Taken:
    """Character ranges already claimed, so a year inside a date is not claimed twice."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._ranges)

    def take(self, start: int, end: int) -> None:
        self._ranges.append((start, end))
