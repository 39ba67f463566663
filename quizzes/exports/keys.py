"""The answer key of each kind, read once for every format (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from quizzes.answer_keys import (
    read_choice,
    read_cloze,
    read_matching,
    read_numeric,
    read_ordering,
    read_true_false,
)
from quizzes.exports.records import ExportQuestion
from quizzes.kinds import QuestionKind

BAD_KEY = "bad key"


@dataclass(frozen=True)
class Choice:
    """multiple_choice, spot_error and true_false: the options and the right one."""

    options: tuple[str, ...]
    correct: str


@dataclass(frozen=True)
class Numeric:
    value: float
    tolerance: float
    unit: str

    @property
    def text(self) -> str:
        return number_text(self.value)

    @property
    def tolerance_text(self) -> str:
        return number_text(self.tolerance)


@dataclass(frozen=True)
class Accepted:
    """cloze: every accepted answer, the model answer first."""

    answers: tuple[str, ...]

    @property
    def moodle_answers(self) -> tuple[str, ...]:
        """As Moodle's short answer reads them: ``*`` is its wildcard, so a literal one is
        written ``\\*``."""
        return tuple(answer.replace("*", "\\*") for answer in self.answers)


@dataclass(frozen=True)
class Pairs:
    """matching: (left, right) in the order shown, and the right-hand choices as offered."""

    pairs: tuple[tuple[str, str], ...]
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Order:
    """ordering: the options as shown, and the right order (earliest first)."""

    options: tuple[str, ...]
    order: tuple[str, ...]


Key = Choice | Numeric | Accepted | Pairs | Order

TRUE_FALSE_OPTIONS = ("True", "False")


def number_text(value: float) -> str:
    """A plain decimal, never ``1e+20``: ``78``, ``0.5``."""
    if float(value).is_integer():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".")


def read_key(question: ExportQuestion) -> Key:
    """The key of the question's kind; ``ValueError`` when it cannot be read (or a choice's
    right answer is not among its options)."""
    kind, answer = question.kind, question.answer
    if kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.SPOT_ERROR):
        correct = read_choice(answer)["correct"]
        if correct not in question.options:
            raise ValueError(f"bad answer key: {correct!r} is not among the options")
        return Choice(options=question.options, correct=correct)
    if kind is QuestionKind.TRUE_FALSE:
        truth = read_true_false(answer)["correct"]
        return Choice(options=TRUE_FALSE_OPTIONS, correct="True" if truth else "False")
    if kind is QuestionKind.NUMERIC:
        key = read_numeric(answer)
        return Numeric(value=key["value"], tolerance=key["tolerance"], unit=key["unit"])
    if kind is QuestionKind.CLOZE:
        return Accepted(answers=tuple(dict.fromkeys(read_cloze(answer)["accepted"])))
    if kind is QuestionKind.MATCHING:
        matching = read_matching(answer)
        pairs = tuple((item, matching["pairs"][item]) for item in matching["items"])
        rights = tuple(dict.fromkeys(right for _, right in pairs))
        offered = question.options if set(question.options) == set(rights) else rights
        return Pairs(pairs=pairs, choices=tuple(dict.fromkeys(offered)))
    order = read_ordering(answer, question.options)["order"]
    return Order(options=question.options, order=tuple(order))
