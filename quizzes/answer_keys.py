"""What a question's answer key (``Question.answer``, JSON) holds, one TypedDict per kind.

:mod:`quizzes.generation` builds these keys and :mod:`quizzes.grading` reads them back.  A key
read back from the database is checked by the ``read_*`` function of its kind, which returns it
typed (optional fields filled in) or raises ``ValueError("bad answer key: ...")``: a malformed or
tampered key is a programming error, never the learner's.  Pure Python, no Django.

======================  =======================================================================
kind                    key
======================  =======================================================================
multiple_choice         ``{"correct": "12 June 1999"}``
true_false              ``{"correct": true}``
numeric                 ``{"value": 78, "tolerance": 0, "unit": "days", "display": "78 days"}``
cloze                   ``{"accepted": ["Slobodan Milošević", "Milosevic", ...]}`` (first = the
                        model answer)
matching                ``{"pairs": {"KFOR": "Kosovo Force", ...}, "items": ["KFOR", ...]}`` -
                        ``items`` keeps the left-hand order (PostgreSQL's jsonb does not keep
                        object key order)
ordering                ``{"order": ["earliest event", ..., "latest event"]}``
spot_error              ``{"correct": "20 December 2001", "wrong": "2003", "accepted": [...]}``
======================  =======================================================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NotRequired, TypedDict, cast

from lessons.text.numbers import format_number

__all__ = [
    "AnswerKey",
    "ChoiceKey",
    "ClozeKey",
    "MatchingKey",
    "NumericKey",
    "OrderingKey",
    "SpotErrorKey",
    "TrueFalseKey",
    "read_choice",
    "read_cloze",
    "read_matching",
    "read_numeric",
    "read_ordering",
    "read_true_false",
]


class ChoiceKey(TypedDict):
    """multiple_choice: the right option's text (grading also honours a spot_error's
    ``accepted`` spellings, so one reader serves both)."""

    correct: str
    accepted: NotRequired[list[str]]


class TrueFalseKey(TypedDict):
    correct: bool


class NumericKey(TypedDict):
    value: int | float
    tolerance: int | float  # how far off an answer may be and still count
    unit: str  # words a learner may type after the number ("days")
    display: str  # the right answer as feedback shows it


class ClozeKey(TypedDict):
    accepted: list[str]  # the first is the model answer


class MatchingKey(TypedDict):
    pairs: dict[str, str]  # left-hand item -> its right-hand match
    items: list[str]  # the left-hand items in the order shown


class OrderingKey(TypedDict):
    order: list[str]  # earliest first


class SpotErrorKey(TypedDict):
    correct: str  # the right value, as offered among the options
    wrong: str  # the article's wrong text
    accepted: list[str]  # other ways to write the right value


AnswerKey = (
    ChoiceKey | TrueFalseKey | NumericKey | ClozeKey | MatchingKey | OrderingKey | SpotErrorKey
)


# --------------------------------------------------------------------------- reading keys back


def _field(answer: object, name: str, kind: type | tuple[type, ...]) -> object:
    if not isinstance(answer, Mapping) or name not in answer:
        raise ValueError(f"bad answer key: missing {name!r} in {answer!r}")
    value = answer[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"bad answer key: {name!r} has the wrong type in {answer!r}")
    return value


def _str_list(answer: object, name: str) -> list[str]:
    value = cast(Sequence[object], _field(answer, name, (list, tuple)))
    if not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"bad answer key: {name!r} must be a non-empty list of strings")
    return [cast(str, v) for v in value]


def read_choice(answer: object) -> ChoiceKey:
    """multiple_choice and spot_error; non-text ``accepted`` entries are ignored."""
    key = ChoiceKey(correct=cast(str, _field(answer, "correct", str)))
    accepted = cast(Mapping[str, object], answer).get("accepted")
    if isinstance(accepted, list | tuple):
        key["accepted"] = [a for a in accepted if isinstance(a, str)]
    return key


def read_true_false(answer: object) -> TrueFalseKey:
    return TrueFalseKey(correct=cast(bool, _field(answer, "correct", bool)))


def read_numeric(answer: object) -> NumericKey:
    """``tolerance`` defaults to 0, ``unit`` to none, ``display`` to the number and unit."""
    value = cast(float, _field(answer, "value", (int, float)))
    fields = cast(Mapping[str, object], answer)
    tolerance = (
        cast(float, _field(answer, "tolerance", (int, float))) if "tolerance" in fields else 0
    )
    unit = fields.get("unit", "")
    if not isinstance(unit, str) or not math.isfinite(value) or tolerance < 0:
        raise ValueError(f"bad answer key: {answer!r}")
    display = fields.get("display")
    if not isinstance(display, str) or not display:
        display = f"{format_number(value)} {unit}".strip()
    return NumericKey(value=value, tolerance=tolerance, unit=unit, display=display)


def read_cloze(answer: object) -> ClozeKey:
    return ClozeKey(accepted=_str_list(answer, "accepted"))


def read_matching(answer: object) -> MatchingKey:
    """``items`` defaults to the order of ``pairs``; both must name the same items."""
    pairs = cast(dict[str, str], _field(answer, "pairs", Mapping))
    fields = cast(Mapping[str, object], answer)
    items = _str_list(answer, "items") if "items" in fields else list(pairs)
    if set(items) != set(pairs) or len(items) != len(pairs):
        raise ValueError(f"bad answer key: items and pairs disagree in {answer!r}")
    return MatchingKey(pairs=pairs, items=items)


def read_ordering(answer: object, options: Sequence[str]) -> OrderingKey:
    """The order must list exactly the options shown."""
    order = _str_list(answer, "order")
    if sorted(order) != sorted(options):
        raise ValueError("bad answer key: the order does not list the options")
    return OrderingKey(order=order)
