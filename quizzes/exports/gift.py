"""GIFT, Moodle's plain-text question format (pure).

Every text is written as HTML (``[html]``) and then GIFT-escaped as Moodle's own GIFT exporter
does it: a backslash before each of ``~ = # { } :`` and before a backslash, a newline as ``\\n``.
Carried: multiple choice and spot the error (``{=right ~wrong}``), true/false (``{TRUE}``),
numeric (``{#value:tolerance}``; GIFT has no units), cloze as short answer (``{=a =b}``) and
matching (``{=left -> right}``); the explanation and source link are the general feedback
(``####``).  GIFT has no ordering question: ordering is skipped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from quizzes.exports.keys import BAD_KEY, Accepted, Choice, Key, Numeric, Order, Pairs, read_key
from quizzes.exports.records import Export, ExportQuestion, Tally
from quizzes.kinds import QuestionKind

SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """GIFT-escape ``text``: backslash first, then the special characters, then newlines."""
    out = text.replace("\\", "\\\\")
    for char in SPECIAL:
        out = out.replace(char, "\\" + char)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _answers(question: ExportQuestion, key: Key) -> list[str] | None:
    """The lines inside ``{...}``, or None when GIFT cannot express the kind."""
    if isinstance(key, Choice) and question.kind is QuestionKind.TRUE_FALSE:
        return ["TRUE" if key.correct == "True" else "FALSE"]
    if isinstance(key, Choice):
        return [("=" if option == key.correct else "~") + _text(option) for option in key.options]
    if isinstance(key, Numeric):
        return [f"#{key.text}:{key.tolerance_text}"]
    if isinstance(key, Accepted):
        return ["=" + _text(answer) for answer in key.moodle_answers]
    if isinstance(key, Pairs):
        return [f"={_text(left)} -> {_text(right)}" for left, right in key.pairs]
    assert isinstance(key, Order)
    return None


def _text(text: str) -> str:
    return escape(_html(text))


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def question_text(question: ExportQuestion) -> str | None:
    """One question in GIFT (ending in a blank line), or None when it is skipped."""
    answers = _answers(question, read_key(question))
    if answers is None:
        return None
    body = "\n".join(f"\t{line}" for line in answers)
    feedback = escape(question.feedback_html())
    return (
        f"// {question.kind.value}: {escape(question.name)}\n"
        f"::{escape(question.name)}::[html]{escape(question.prompt_html())} {{\n"
        f"{body}\n"
        f"\t####{feedback}\n"
        "}\n\n"
    )


def to_gift(questions: Iterable[ExportQuestion]) -> Export:
    tally = Tally()
    chunks: list[str] = []
    category = None
    for question in questions:
        try:
            text = question_text(question)
        except ValueError:
            tally.skip(BAD_KEY)
            continue
        if text is None:
            tally.skip(question.kind.value)
            continue
        if question.category and question.category != category:
            category = question.category
            chunks.append(f"$CATEGORY: $course$/top/{category}\n\n")
        chunks.append(text)
        tally.carried(question.kind)
    return Export(
        format="gift",
        content="".join(chunks).encode("utf-8"),
        filename="quiz.gift.txt",
        content_type="text/plain; charset=utf-8",
        exported=dict(tally.exported),
        skipped=dict(tally.skipped),
    )
