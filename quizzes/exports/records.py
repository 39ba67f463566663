"""What a formatter takes (one question as plain values) and what it gives back (pure)."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from quizzes.kinds import QuestionKind

_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ExportQuestion:
    """One question as an export needs it; ``answer`` is the stored key, read by the
    :mod:`quizzes.answer_keys` reader of its kind when a formatter writes it."""

    name: str  # stable across regenerations (``Question.key``)
    kind: QuestionKind
    prompt: str
    explanation: str
    answer: object
    options: tuple[str, ...] = ()
    prompt_items: tuple[str, ...] = ()
    source_url: str = ""
    source_title: str = ""
    category: str = ""  # where it sits in the target's question bank ("Module / Lesson")

    @property
    def identifier(self) -> str:
        """The name as an XML/QTI identifier: letters, digits, ``_ . -``, starting with a
        letter."""
        return "Q-" + _NOT_IDENTIFIER.sub("-", self.name).strip("-")

    def feedback_html(self) -> str:
        """The explanation, then the source as a link: what every format keeps as feedback."""
        parts = [f"<p>{html.escape(self.explanation)}</p>"] if self.explanation else []
        if self.source_url:
            title = html.escape(self.source_title or self.source_url)
            url = html.escape(self.source_url, quote=True)
            parts.append(f'<p>Source: <a href="{url}">{title}</a></p>')
        return "".join(parts)

    def prompt_html(self) -> str:
        return html.escape(self.prompt, quote=False)


@dataclass(frozen=True)
class Export:
    """A finished export: the file, and per kind how many questions it carried and skipped
    (``skipped`` also counts questions whose answer key could not be read, as ``bad key``)."""

    format: str
    content: bytes
    filename: str
    content_type: str
    exported: Mapping[str, int] = field(default_factory=dict)
    skipped: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.exported.values())

    def report_lines(self) -> list[str]:
        """``gift: 42 exported (multiple_choice 20, ...); skipped: ordering 3`` as lines."""
        carried = ", ".join(f"{kind} {n}" for kind, n in sorted(self.exported.items()))
        lines = [f"{self.format}: {self.total} questions exported ({carried or 'none'})"]
        if self.skipped:
            missed = ", ".join(f"{kind} {n}" for kind, n in sorted(self.skipped.items()))
            lines.append(f"{self.format}: skipped {missed}")
        else:
            lines.append(f"{self.format}: nothing skipped")
        return lines


class Tally:
    """Counts, while a formatter writes, what it carried and what it skipped."""

    def __init__(self) -> None:
        self.exported: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    def carried(self, kind: QuestionKind) -> None:
        self.exported[kind.value] += 1

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1
