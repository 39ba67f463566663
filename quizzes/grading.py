"""Grading a submitted answer against a question's answer key: pure functions, no Django.

``submitted`` is raw form data, field name -> list of strings (``dict(request.POST.lists())``):

================  ==============================================================================
kind              fields
================  ==============================================================================
multiple_choice   ``choice``: the chosen option's text
spot_error        ``choice``: the chosen option's text
true_false        ``choice``: ``"true"`` or ``"false"``
numeric           ``value``: a number; "1,244", "38.000", "38 000", " 78 ", "78 days",
                  "about 38,000", "seventy-eight", "38 thousand" are fine
cloze             ``text``: the missing words; see :func:`_grade_cloze` for the typos and
                  plurals it forgives
matching          ``match-0`` ... ``match-{n-1}``: the right-hand option chosen for each
                  left-hand item, in the order of the answer key's ``items`` (= prompt_items)
ordering          ``position-0`` ... ``position-{n-1}``: the place in time (1 = earliest) of each
                  item as displayed, i.e. of ``options[i]``
================  ==============================================================================

Anything else in ``submitted`` (a CSRF token ...) is ignored, and :func:`clean_submission` gives
what is stored: the kind's own fields only, one trimmed value each, within ``MAX_FIELD_LENGTH``
(typed) or ``MAX_CHOICE_LENGTH`` (an option's text).  No backtracking regex reads a learner's
number: :func:`_find_number` scans it once, so grading is linear in the answer's length.

A submission that cannot be graded - a missing field, several values for one field, a value
that is not a string, an option that was not offered, a huge string, a right-hand item used
twice, positions that are not 1..n - raises :class:`InvalidAnswer` with a message a learner
can act on; grading never raises anything else for bad form data.  A malformed *answer key*
is a programming error and raises a plain ``ValueError``.

Answer keys are the TypedDicts of :mod:`quizzes.answer_keys`, built by :mod:`quizzes.generation`
and checked here by that module's ``read_*`` functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lessons.text.normalise import fold_accents, fold_loose
from lessons.text.numbers import SCALES, WORD_NUMBERS, format_number, number_from_words
from lessons.text.words import word_set
from quizzes import answer_keys as keys
from quizzes.kinds import QuestionKind

__all__ = [
    "MAX_CHOICE_LENGTH",
    "MAX_FIELD_LENGTH",
    "Grade",
    "InvalidAnswer",
    "Part",
    "clean_submission",
    "grade",
]

MAX_FIELD_LENGTH = 200  # characters in a typed value: a number, the missing words, a place
MAX_CHOICE_LENGTH = 1_000  # characters in a chosen option (spot-the-error options are sentences)
_CHOICE_FIELDS = ("choice", "match-")
_MAX_DIGITS = 30


class InvalidAnswer(ValueError):
    """The submission cannot be graded; the message says what to fix."""


@dataclass(frozen=True)
class Part:
    """One part of a matching or ordering answer, as feedback shows it."""

    label: str  # the left-hand item, or the event
    given: str  # the learner's match for it, or the place they gave it ("2")
    expected: str  # the right match, or its right place

    @property
    def right(self) -> bool:
        return self.given == self.expected


@dataclass(frozen=True)
class Grade:
    correct: bool
    points: float  # 0..1; matching and ordering give partial credit
    expected: str  # the right answer in words, for feedback
    note: str = ""  # said with the feedback: "Counted as right, but check your spelling: …"
    parts: tuple[Part, ...] = ()  # matching and ordering: the learner's answer, part by part


# --------------------------------------------------------------------------- normalising

_ARTICLES = ("the ", "a ", "an ")


def _without_article(text: str) -> str:
    for article in _ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


# --------------------------------------------------------------------------- form data


ANSWER_FIELD = re.compile(r"choice|value|text|match-\d{1,3}|position-\d{1,3}")


def answer_fields(posted: Iterable[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Only the answer's own fields are graded and stored, never whatever else was posted."""
    return {key: values for key, values in posted if ANSWER_FIELD.fullmatch(key)}


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
    limit = MAX_CHOICE_LENGTH if field.startswith(_CHOICE_FIELDS) else MAX_FIELD_LENGTH
    if len(value) > limit:
        raise InvalidAnswer(f"That answer is too long (at most {limit} characters).")
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


# --------------------------------------------------------------------------- numbers

_SEPARATORS = (",", "\u00a0", "\u202f", "\u2009", " ")
_SIGNS = "+-\u2212"
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class _Written:
    """A number found in a typed answer by one left-to-right scan (no regex: linear time).

    The words before it (``prefix``), its sign, its digits as typed (``number``), whether it is
    written with dots as thousands separators (``dotted``: "38.000") and what follows it."""

    prefix: str
    sign: str
    number: str
    dotted: bool
    suffix: str


def _digit_run(text: str, at: int) -> int:
    """Where the run of ASCII digits starting at ``at`` ends."""
    end = at
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    return end


def _grouped_end(text: str, at: int, seps: str) -> int | None:
    """End of "38,000,000" (one separator from ``seps`` throughout) starting at ``at``: 1-3
    digits, then groups of a separator and exactly three digits, the longest run of groups not
    followed by a digit; None when there is no such number."""
    first = _digit_run(text, at)
    if not 1 <= first - at <= 3 or first >= len(text) or text[first] not in seps:
        return None
    sep = text[first]
    ends: list[int] = []
    cursor = first
    while cursor < len(text) and text[cursor] == sep and _digit_run(text, cursor + 1) >= cursor + 4:
        cursor += 4
        ends.append(cursor)
        if cursor < len(text) and text[cursor] in _DIGITS:
            break  # "1,2345": this group is not one
    for end in reversed(ends):
        if end < len(text) and text[end] in _DIGITS:
            continue
        return end
    return None


def _decimal_end(text: str, at: int) -> int:
    """``at`` moved past ".5" when a decimal part follows, else ``at``."""
    if at + 1 < len(text) and text[at] == "." and text[at + 1] in _DIGITS:
        return _digit_run(text, at + 1)
    return at


def _number_end(text: str, at: int) -> tuple[int, bool] | None:
    """(end, dotted) of the number written at ``at``, tried as "38,000.5", "38.000", "38.5" or
    ".5" in that order; None when no number starts there."""
    grouped = _grouped_end(text, at, ",\u00a0\u202f\u2009 ")
    if grouped is not None:
        return _decimal_end(text, grouped), False
    dotted = _grouped_end(text, at, ".")
    if dotted is not None:
        return dotted, True
    plain = _digit_run(text, at)
    if plain > at:
        return _decimal_end(text, plain), False
    decimal = _decimal_end(text, at)
    return (decimal, False) if decimal > at else None


def _find_number(text: str) -> _Written | None:
    """The first number written in digits, with the words around it; None without one."""
    first = next(
        (i for i, ch in enumerate(text) if ch in _DIGITS or ch in _SIGNS or ch == "."), None
    )
    if first is None:
        return None
    sign, at = "", first
    if text[first] in _SIGNS:
        sign, at = text[first], first + 1
        while at < len(text) and text[at].isspace():
            at += 1
    found = _number_end(text, at)
    if found is None:
        return None
    end, dotted = found
    return _Written(text[:first], sign, text[at:end], dotted, text[end:])


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
_NUMBER_WORDS = frozenset(WORD_NUMBERS) | frozenset(SCALES) | {"and"}
_TYPE_A_NUMBER = "Type a number, for example 1,244 or 78."


def _unit_words(unit: str) -> set[str]:
    words = set(fold_loose(unit).split())
    for word in list(words):
        if word.endswith("ies"):
            words.add(word[:-3] + "y")
        if word.endswith("s"):
            words.add(word[:-1])
    return words


def _check_surroundings(prefix: str, suffix: str, unit: str) -> None:
    """Only harmless words before the number ("about") and after it (its unit)."""
    if prefix and not set(prefix.split()) <= _PREFIX_WORDS:
        raise InvalidAnswer("Type just the number, for example 1,244 or 78.")
    if suffix and not set(suffix.split()) <= _unit_words(unit) | _SUFFIX_WORDS:
        where = f" in {unit}" if unit else ""
        raise InvalidAnswer(f"Type just the number{where}, for example 78.")


def _readings(written: _Written) -> list[float]:
    """What the digits may mean: "38.000" is 38000 to most of Europe and 38.0 in English, and
    either counts; every other form means one number."""
    digits = written.number
    if sum(ch.isdigit() for ch in digits) > _MAX_DIGITS:
        raise InvalidAnswer("That number is too long.")
    if written.dotted:
        thousands = float(digits.replace(".", ""))
        return [thousands, float(digits)] if digits.count(".") == 1 else [thousands]
    for sep in _SEPARATORS:
        digits = digits.replace(sep, "")
    return [float(digits)]


def _parse_digits(text: str, unit: str) -> list[float] | None:
    """The readings of a number written in digits ("about 38,000", "38 thousand sorties"),
    None when the text has no digits."""
    written = _find_number(text.replace("~", " "))
    if written is None:
        return None
    values = _readings(written)
    suffix = fold_loose(written.suffix).split()
    if suffix and suffix[0] in ("thousand", "million"):
        values = [v * SCALES[suffix.pop(0)] for v in values]
    _check_surroundings(fold_loose(written.prefix), " ".join(suffix), unit)
    if written.sign in ("-", "\u2212"):
        values = [-v for v in values]
    return values


def _parse_words(text: str, unit: str) -> float:
    """A number written in words, with the same words around it as digits may have."""
    words = fold_loose(text).split()
    start = next((i for i, word in enumerate(words) if word in WORD_NUMBERS), None)
    if start is None:
        raise InvalidAnswer(_TYPE_A_NUMBER)
    end = start
    while end < len(words) and words[end] in _NUMBER_WORDS:
        end += 1
    while words[end - 1] == "and":
        end -= 1
    value = number_from_words(words[start:end])
    if value is None:
        raise InvalidAnswer(_TYPE_A_NUMBER)
    _check_surroundings(" ".join(words[:start]), " ".join(words[end:]), unit)
    return float(value)


def _parse_number(text: str, unit: str) -> list[float]:
    """Every number the learner may have meant (one, or two for "38.000")."""
    values = _parse_digits(text, unit)
    return values if values is not None else [_parse_words(text, unit)]


def _grade_numeric(answer: object, submitted: object) -> Grade:
    key = keys.read_numeric(answer)
    value = key["value"]
    readings = _parse_number(_single(submitted, "value"), key["unit"])
    slack = key["tolerance"] + 1e-9 * max(1.0, abs(value))
    ok = any(abs(given - value) <= slack for given in readings)
    return Grade(ok, 1.0 if ok else 0.0, key["display"])


# --------------------------------------------------------------------------- typed words

_ARTICLE_WORDS = ("the", "a", "an")
_PREPOSITIONS = word_set("of for in on at to from with by against")
_TYPO_MIN_LETTERS = 6  # shorter words (and every acronym) must be spelled right


@dataclass(frozen=True)
class _Word:
    """One word of an accepted answer: folded, and whether a typo in it is forgiven."""

    text: str
    lenient: bool  # a typo is forgiven: a long word, not an acronym, a number or a number word
    noun: bool  # it may take a plural: letters only, not an acronym


def _key_words(form: str) -> list[_Word]:
    """The accepted answer's words, without a leading article."""
    words = []
    for raw in re.findall(r"[^\W_]+", fold_accents(form)):
        text = raw.casefold()
        acronym = raw.isupper() and len(raw) > 1
        noun = raw.isalpha() and not acronym
        lenient = noun and len(text) >= _TYPO_MIN_LETTERS and text not in WORD_NUMBERS
        words.append(_Word(text, lenient, noun))
    if len(words) > 1 and words[0].text in _ARTICLE_WORDS:
        words = words[1:]
    return words


def _head(words: list[_Word]) -> int:
    """Where the head noun is: the last word before a preposition ("Mission in Kosovo",
    "Organization for Security ..."), else the last word ("Kosovo Force")."""
    for index, word in enumerate(words[1:], start=1):
        if word.text in _PREPOSITIONS:
            return index - 1
    return len(words) - 1


def _one_edit_apart(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1: one letter added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


def _plural_of(a: str, b: str) -> bool:
    """One is the other's plural: force/forces, mission/missions, army/armies, bus/buses."""
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es") or (
        short.endswith("y") and long == short[:-1] + "ies"
    )


def _near_miss(given: list[str], form: str) -> str | None:
    """How ``given`` (folded words, no article) may differ from the accepted ``form`` and still
    count: "plural" (of its head noun) or "typo" (one letter in one long word); else None."""
    words = _key_words(form)
    if len(given) != len(words):
        return None
    differ = [
        i for i, (mine, word) in enumerate(zip(given, words, strict=True)) if mine != word.text
    ]
    if len(differ) != 1:
        return None
    i = differ[0]
    mine, word = given[i], words[i]
    if word.noun and mine.isalpha() and i == _head(words) and _plural_of(mine, word.text):
        return "plural"
    if word.lenient and mine not in WORD_NUMBERS and _one_edit_apart(mine, word.text):
        return "typo"
    return None


def _compact(folded: str) -> str:
    """Spaces do not matter between words ("co operation") or in thousands ("38 000"), but
    they do between other digits: "7 8" is not 78."""
    joined = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), folded)
    return _SPACE_NOT_BETWEEN_DIGITS.sub("", joined)


_THOUSANDS = re.compile(r"\b[0-9]{1,3}(?: [0-9]{3})+\b")
_SPACE_NOT_BETWEEN_DIGITS = re.compile(r"(?<![0-9]) | (?![0-9])")


def _grade_cloze(answer: object, submitted: object) -> Grade:
    """Right when the words are an accepted answer's, whatever the case, accents, punctuation,
    spacing or a leading article; also with the head noun's plural or singular ("Kosovo
    Forces"), or with one letter wrong in one word of six letters or more ("Kosove"), which
    the note points out. Acronyms, numbers and short words must be exact: "SFOR" is not
    "KFOR"."""
    accepted = keys.read_cloze(answer)["accepted"]
    given = _without_article(fold_loose(_single(submitted, "text")))
    if not given:
        raise InvalidAnswer("Type the missing words.")
    model = accepted[0]
    if _compact(given) in {_compact(_without_article(fold_loose(a))) for a in accepted}:
        return Grade(True, 1.0, model)
    for form in accepted:
        miss = _near_miss(given.split(), form)
        if miss == "typo":
            return Grade(
                True, 1.0, model, note=f"Counted as right, but check your spelling: {form}."
            )
        if miss == "plural":
            return Grade(True, 1.0, model)
    return Grade(False, 0.0, model)


# --------------------------------------------------------------------------- several parts


def _grade_matching(answer: object, options: Sequence[str], submitted: object) -> Grade:
    key = keys.read_matching(answer)
    pairs, items = key["pairs"], key["items"]
    chosen: list[str] = []
    for index in range(len(items)):
        chosen.append(_pick_option(_single(submitted, f"match-{index}"), options))
    if len(set(chosen)) != len(chosen):
        raise InvalidAnswer("Use each answer on the right only once.")
    parts = tuple(Part(item, pick, pairs[item]) for item, pick in zip(items, chosen, strict=True))
    right = sum(part.right for part in parts)
    expected = "; ".join(f"{item} → {pairs[item]}" for item in items)
    return Grade(right == len(items), right / len(items), expected, parts=parts)


def _grade_ordering(answer: object, options: Sequence[str], submitted: object) -> Grade:
    """The parts come in the learner's order, each with the place it should have had."""
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
    placed = sorted(zip(positions, options, strict=True))
    parts = tuple(Part(item, str(place), str(order.index(item) + 1)) for place, item in placed)
    right = sum(part.right for part in parts)
    expected = "; ".join(f"{place}. {item}" for place, item in enumerate(order, start=1))
    return Grade(right == n, right / n, expected, parts=parts)


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


def _fields_of(kind: str, answer: object, options: Sequence[str]) -> list[str]:
    """The form fields an answer of ``kind`` is made of (see the table above)."""
    match kind:
        case QuestionKind.MULTIPLE_CHOICE | QuestionKind.SPOT_ERROR | QuestionKind.TRUE_FALSE:
            return ["choice"]
        case QuestionKind.NUMERIC:
            return ["value"]
        case QuestionKind.CLOZE:
            return ["text"]
        case QuestionKind.MATCHING:
            return [f"match-{i}" for i in range(len(keys.read_matching(answer)["items"]))]
        case QuestionKind.ORDERING:
            return [f"position-{i}" for i in range(len(options))]
    raise ValueError(f"unknown question kind {kind!r}")


def clean_submission(
    kind: str, answer: object, options: Sequence[str], submitted: object
) -> dict[str, list[str]]:
    """What is stored of a submission: only the fields of the question's own kind, one trimmed
    value each, within the length caps; anything else raises :class:`InvalidAnswer` (a cloze
    answer cannot smuggle in a megabyte of ``choice`` or ``match-7``)."""
    return {field: [_single(submitted, field)] for field in _fields_of(kind, answer, options)}


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
