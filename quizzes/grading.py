"""Grading a submitted answer against a question's answer key: pure functions, no Django.

``submitted`` is raw form data, field name -> list of strings (``dict(request.POST.lists())``):

================  ==============================================================================
kind              fields
================  ==============================================================================
multiple_choice   ``choice``: the chosen option's text
spot_error        ``choice``: the chosen option's text
true_false        ``choice``: ``"true"`` or ``"false"``
numeric           ``value``: a number; "1,244", " 78 ", "78 days", "about 38,000" are fine
cloze             ``text``: the missing words
matching          ``match-0`` ... ``match-{n-1}``: the right-hand option chosen for each
                  left-hand item, in the order of the answer key's ``items`` (= prompt_items)
ordering          ``position-0`` ... ``position-{n-1}``: the place in time (1 = earliest) of each
                  item as displayed, i.e. of ``options[i]``
================  ==============================================================================

Anything else in ``submitted`` (a CSRF token ...) is ignored.  A submission that cannot be
graded - a missing field, several values for one field, a value that is not a string, an
option that was not offered, a huge string, a right-hand item used twice, positions that are
not 1..n - raises :class:`InvalidAnswer` with a message a learner can act on; grading never
raises anything else for bad form data.  A malformed *answer key* is a programming error
and raises a plain ``ValueError``.

Answer keys (as written by :mod:`quizzes.generation`):

* multiple_choice ``{"correct": "12 June 1999"}``
* true_false ``{"correct": true}``
* numeric ``{"value": 78, "tolerance": 0, "unit": "days", "display": "78 days"}``
* cloze ``{"accepted": ["Slobodan Milošević", "Milosevic", ...]}`` (first = the model answer)
* matching ``{"pairs": {"KFOR": "Kosovo Force", ...}, "items": ["KFOR", ...]}`` - ``items``
  keeps the left-hand order because PostgreSQL's jsonb does not keep object key order
* ordering ``{"order": ["earliest event", ..., "latest event"]}``
* spot_error ``{"correct": "20 December 2001", "wrong": "2003", "accepted": [...]}``
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lessons.text.normalise import fold_loose
from lessons.text.numbers import format_number

__all__ = ["MAX_FIELD_LENGTH", "Grade", "InvalidAnswer", "grade"]

MAX_FIELD_LENGTH = 500  # characters in one submitted value
_MAX_DIGITS = 30


class InvalidAnswer(ValueError):
    """The submission cannot be graded; the message says what to fix."""


@dataclass(frozen=True)
class Grade:
    correct: bool
    points: float  # 0..1; matching and ordering give partial credit
    expected: str  # the right answer in words, for feedback


# --------------------------------------------------------------------------- normalising

_ARTICLES = ("the ", "a ", "an ")


def _without_article(text: str) -> str:
    for article in _ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


# --------------------------------------------------------------------------- form data


def _values(submitted: object, field: str) -> list[str]:
    if not isinstance(submitted, Mapping):
        raise InvalidAnswer("The answer must be form data (field name -> list of values).")
    if field not in submitted:
        raise InvalidAnswer(f"No answer was given (the form field '{field}' is missing).")
    values = submitted[field]
    if not isinstance(values, list | tuple):
        raise InvalidAnswer(f"The form field '{field}' must hold a list of values.")
    if not all(isinstance(v, str) for v in values):
        raise InvalidAnswer(f"The form field '{field}' must hold text.")
    return list(values)


def _single(submitted: object, field: str) -> str:
    values = _values(submitted, field)
    if not values:
        raise InvalidAnswer(f"No answer was given in '{field}'.")
    if len(values) > 1:
        raise InvalidAnswer(f"Give one answer in '{field}', not {len(values)}.")
    value = values[0]
    if len(value) > MAX_FIELD_LENGTH:
        raise InvalidAnswer(f"The answer is too long (at most {MAX_FIELD_LENGTH} characters).")
    if not value.strip():
        raise InvalidAnswer("The answer is empty.")
    return value.strip()


def _pick_option(choice: str, options: Sequence[str]) -> str:
    """The offered option the learner chose (exact text, else one option equal when normalised)."""
    if choice in options:
        return choice
    matches = [o for o in options if fold_loose(o) == fold_loose(choice)]
    if len(set(matches)) == 1:
        return matches[0]
    raise InvalidAnswer("Choose one of the options offered.")


# --------------------------------------------------------------------------- answer keys


def _key(answer: object, name: str, kind: type | tuple[type, ...]) -> object:
    if not isinstance(answer, Mapping) or name not in answer:
        raise ValueError(f"bad answer key: missing {name!r} in {answer!r}")
    value = answer[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"bad answer key: {name!r} has the wrong type in {answer!r}")
    return value


def _str_list(answer: object, name: str) -> list[str]:
    value = _key(answer, name, list | tuple)
    assert isinstance(value, list | tuple)
    if not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"bad answer key: {name!r} must be a non-empty list of strings")
    return list(value)


# --------------------------------------------------------------------------- kinds


def _grade_choice(answer: object, options: Sequence[str], submitted: object) -> Grade:
    correct = _key(answer, "correct", str)
    assert isinstance(correct, str)
    chosen = _pick_option(_single(submitted, "choice"), options)
    accepted = {fold_loose(correct)}
    if isinstance(answer, Mapping) and isinstance(answer.get("accepted"), list | tuple):
        accepted |= {fold_loose(a) for a in answer["accepted"] if isinstance(a, str)}
    ok = chosen == correct or fold_loose(chosen) in accepted
    return Grade(ok, 1.0 if ok else 0.0, correct)


_TRUE = {"true", "t", "yes", "1"}
_FALSE = {"false", "f", "no", "0"}


def _grade_true_false(answer: object, submitted: object) -> Grade:
    correct = _key(answer, "correct", bool)
    choice = fold_loose(_single(submitted, "choice"))
    if choice in _TRUE:
        said = True
    elif choice in _FALSE:
        said = False
    else:
        raise InvalidAnswer("Answer 'true' or 'false'.")
    ok = said == correct
    return Grade(ok, 1.0 if ok else 0.0, "True" if correct else "False")


_NUMBER_RE = re.compile(
    r"^(?P<prefix>[^0-9+\-\u2212.]*?)\s*"
    r"(?P<sign>[+\-\u2212]?)\s*"
    r"(?P<number>[0-9]{1,3}(?:(?P<sep>[,\u00a0\u202f\u2009 ])[0-9]{3})(?:(?P=sep)[0-9]{3})*"
    r"(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
    r"\s*(?P<suffix>.*)$",
    re.DOTALL,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a learner may put around a number without changing it.
_PREFIX_WORDS = _words(
    """
    about approximately approx around roughly some nearly almost over more than just
    circa ca c in the year un unsc unscr security council resolution res no number
    nr
    """
)
_SUFFIX_WORDS = _words(
    """
    in total altogether approximately about roughly
    """
)


def _unit_words(unit: str) -> set[str]:
    words = set(fold_loose(unit).split())
    for word in list(words):
        if word.endswith("ies"):
            words.add(word[:-3] + "y")
        if word.endswith("s"):
            words.add(word[:-1])
    return words


def _parse_number(text: str, unit: str) -> float:
    match = _NUMBER_RE.match(text.replace("~", " "))
    if not match:
        raise InvalidAnswer("Type a number, for example 1,244 or 78.")
    digits = match.group("number")
    if sum(ch.isdigit() for ch in digits) > _MAX_DIGITS:
        raise InvalidAnswer("That number is too long.")
    prefix = fold_loose(match.group("prefix"))
    if prefix and not set(prefix.split()) <= _PREFIX_WORDS:
        raise InvalidAnswer("Type just the number, for example 1,244 or 78.")
    suffix = fold_loose(match.group("suffix"))
    if suffix and not set(suffix.split()) <= _unit_words(unit) | _SUFFIX_WORDS:
        where = f" in {unit}" if unit else ""
        raise InvalidAnswer(f"Type just the number{where}, for example 78.")
    for sep in (",", "\u00a0", "\u202f", "\u2009", " "):
        digits = digits.replace(sep, "")
    value = float(digits)
    if match.group("sign") in ("-", "\u2212"):
        value = -value
    return value


def _grade_numeric(answer: object, submitted: object) -> Grade:
    value = _key(answer, "value", int | float)
    tolerance = _key(answer, "tolerance", int | float) if "tolerance" in answer else 0  # type: ignore[operator]
    unit = answer.get("unit", "") if isinstance(answer, Mapping) else ""
    assert isinstance(value, int | float)
    assert isinstance(tolerance, int | float)
    if not isinstance(unit, str) or not math.isfinite(value) or tolerance < 0:
        raise ValueError(f"bad answer key: {answer!r}")
    display = answer.get("display") if isinstance(answer, Mapping) else None
    if not isinstance(display, str) or not display:
        display = f"{format_number(value)} {unit}".strip()
    given = _parse_number(_single(submitted, "value"), unit)
    ok = abs(given - value) <= tolerance + 1e-9 * max(1.0, abs(value))
    return Grade(ok, 1.0 if ok else 0.0, display)


def _grade_cloze(answer: object, submitted: object) -> Grade:
    accepted = _str_list(answer, "accepted")
    given = fold_loose(_single(submitted, "text"))
    if not given:
        raise InvalidAnswer("Type the missing words.")
    forms = {fold_loose(a) for a in accepted} | {_without_article(fold_loose(a)) for a in accepted}
    squashed = {f.replace(" ", "") for f in forms}
    ok = (
        given in forms
        or _without_article(given) in forms
        or _without_article(given).replace(" ", "") in squashed
    )
    return Grade(ok, 1.0 if ok else 0.0, accepted[0])


def _grade_matching(answer: object, options: Sequence[str], submitted: object) -> Grade:
    pairs = _key(answer, "pairs", Mapping)
    assert isinstance(pairs, Mapping)
    items = _str_list(answer, "items") if "items" in answer else list(pairs)  # type: ignore[operator]
    if set(items) != set(pairs) or len(items) != len(pairs):
        raise ValueError(f"bad answer key: items and pairs disagree in {answer!r}")
    chosen: list[str] = []
    for index in range(len(items)):
        chosen.append(_pick_option(_single(submitted, f"match-{index}"), options))
    if len(set(chosen)) != len(chosen):
        raise InvalidAnswer("Use each answer on the right only once.")
    right = sum(1 for item, pick in zip(items, chosen, strict=True) if pairs[item] == pick)
    expected = "; ".join(f"{item} → {pairs[item]}" for item in items)
    return Grade(right == len(items), right / len(items), expected)


def _grade_ordering(answer: object, options: Sequence[str], submitted: object) -> Grade:
    order = _str_list(answer, "order")
    if sorted(order) != sorted(options):
        raise ValueError("bad answer key: the order does not list the options")
    n = len(options)
    positions: list[int] = []
    for index in range(n):
        raw = _single(submitted, f"position-{index}")
        if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= n:
            raise InvalidAnswer(f"Give each event a place from 1 to {n}.")
        positions.append(int(raw))
    if sorted(positions) != list(range(1, n + 1)):
        raise InvalidAnswer(f"Use each place from 1 to {n} exactly once.")
    right = sum(
        1 for item, place in zip(options, positions, strict=True) if order.index(item) == place - 1
    )
    expected = "; ".join(f"{place}. {item}" for place, item in enumerate(order, start=1))
    return Grade(right == n, right / n, expected)


def grade(
    kind: str, answer: dict, options: Sequence[str], submitted: Mapping[str, list[str]]
) -> Grade:
    """Grade ``submitted`` (raw form data) for a question of ``kind`` with ``answer`` as key."""
    match kind:
        case "multiple_choice" | "spot_error":
            return _grade_choice(answer, options, submitted)
        case "true_false":
            return _grade_true_false(answer, submitted)
        case "numeric":
            return _grade_numeric(answer, submitted)
        case "cloze":
            return _grade_cloze(answer, submitted)
        case "matching":
            return _grade_matching(answer, options, submitted)
        case "ordering":
            return _grade_ordering(answer, options, submitted)
    raise ValueError(f"unknown question kind {kind!r}")


def model_answer(
    kind: str, answer: Mapping[str, object], options: Sequence[str]
) -> dict[str, list[str]]:
    """The form data of a fully right answer: for demo data and tests."""
    match kind:
        case "multiple_choice" | "spot_error":
            return {"choice": [str(answer["correct"])]}
        case "true_false":
            return {"choice": ["true" if answer["correct"] else "false"]}
        case "numeric":
            return {"value": [format_number(float(answer["value"]))]}
        case "cloze":
            return {"text": [str(answer["accepted"][0])]}
        case "matching":
            pairs = answer["pairs"]
            return {f"match-{i}": [pairs[item]] for i, item in enumerate(answer["items"])}
        case "ordering":
            order = list(answer["order"])
            return {f"position-{i}": [str(order.index(item) + 1)] for i, item in enumerate(options)}
    raise ValueError(f"unknown question kind {kind!r}")
