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

Answer keys are the TypedDicts of :mod:`quizzes.answer_keys`, built by :mod:`quizzes.generation`
and checked here by that module's ``read_*`` functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lessons.text.normalise import fold_loose
from lessons.text.numbers import format_number
from lessons.text.words import word_set
from quizzes import answer_keys as keys
from quizzes.kinds import QuestionKind

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


# --------------------------------------------------------------------------- kinds


def _grade_choice(answer: object, options: Sequence[str], submitted: object) -> Grade:
    key = keys.read_choice(answer)
    correct = key["correct"]
    chosen = _pick_option(_single(submitted, "choice"), options)
    accepted = {fold_loose(a) for a in [correct, *key.get("accepted", [])]}
    ok = chosen == correct or fold_loose(chosen) in accepted
    return Grade(ok, 1.0 if ok else 0.0, correct)


_TRUE = {"true", "t", "yes", "1"}
_FALSE = {"false", "f", "no", "0"}


def _grade_true_false(answer: object, submitted: object) -> Grade:
    correct = keys.read_true_false(answer)["correct"]
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


# Words a learner may put around a number without changing it.
_PREFIX_WORDS = word_set(
    """
    about approximately approx around roughly some nearly almost over more than just
    circa ca c in the year un unsc unscr security council resolution res no number
    nr
    """
)
_SUFFIX_WORDS = word_set(
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
    key = keys.read_numeric(answer)
    value = key["value"]
    given = _parse_number(_single(submitted, "value"), key["unit"])
    ok = abs(given - value) <= key["tolerance"] + 1e-9 * max(1.0, abs(value))
    return Grade(ok, 1.0 if ok else 0.0, key["display"])


def _grade_cloze(answer: object, submitted: object) -> Grade:
    accepted = keys.read_cloze(answer)["accepted"]
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
    key = keys.read_matching(answer)
    pairs, items = key["pairs"], key["items"]
    chosen: list[str] = []
    for index in range(len(items)):
        chosen.append(_pick_option(_single(submitted, f"match-{index}"), options))
    if len(set(chosen)) != len(chosen):
        raise InvalidAnswer("Use each answer on the right only once.")
    right = sum(1 for item, pick in zip(items, chosen, strict=True) if pairs[item] == pick)
    expected = "; ".join(f"{item} → {pairs[item]}" for item in items)
    return Grade(right == len(items), right / len(items), expected)


def _grade_ordering(answer: object, options: Sequence[str], submitted: object) -> Grade:
    order = keys.read_ordering(answer, options)["order"]
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
    kind: str, answer: object, options: Sequence[str], submitted: Mapping[str, list[str]]
) -> Grade:
    """Grade ``submitted`` (raw form data) for a question of ``kind`` with ``answer`` as key."""
    match kind:
        case QuestionKind.MULTIPLE_CHOICE | QuestionKind.SPOT_ERROR:
            return _grade_choice(answer, options, submitted)
        case QuestionKind.TRUE_FALSE:
            return _grade_true_false(answer, submitted)
        case QuestionKind.NUMERIC:
            return _grade_numeric(answer, submitted)
        case QuestionKind.CLOZE:
            return _grade_cloze(answer, submitted)
        case QuestionKind.MATCHING:
            return _grade_matching(answer, options, submitted)
        case QuestionKind.ORDERING:
            return _grade_ordering(answer, options, submitted)
    raise ValueError(f"unknown question kind {kind!r}")


def model_answer(kind: str, answer: object, options: Sequence[str]) -> dict[str, list[str]]:
    """The form data of a fully right answer: for demo data and tests."""
    match kind:
        case QuestionKind.MULTIPLE_CHOICE | QuestionKind.SPOT_ERROR:
            return {"choice": [keys.read_choice(answer)["correct"]]}
        case QuestionKind.TRUE_FALSE:
            return {"choice": ["true" if keys.read_true_false(answer)["correct"] else "false"]}
        case QuestionKind.NUMERIC:
            return {"value": [format_number(float(keys.read_numeric(answer)["value"]))]}
        case QuestionKind.CLOZE:
            return {"text": [keys.read_cloze(answer)["accepted"][0]]}
        case QuestionKind.MATCHING:
            matching = keys.read_matching(answer)
            pairs = matching["pairs"]
            return {f"match-{i}": [pairs[item]] for i, item in enumerate(matching["items"])}
        case QuestionKind.ORDERING:
            order = keys.read_ordering(answer, options)["order"]
            return {f"position-{i}": [str(order.index(item) + 1)] for i, item in enumerate(options)}
    raise ValueError(f"unknown question kind {kind!r}")
