"""The question editor: each kind's options and answer key as plain fields, never JSON.

:class:`QuestionForm` shows the fields of the question's kind (:data:`KIND_FIELDS`) and turns
them into the ``options``, ``prompt_items`` and ``answer`` that :mod:`quizzes.generation` writes
and :mod:`quizzes.grading` reads (the table in :mod:`quizzes.answer_keys`):

==================================  ===========================================================
kind                                fields
==================================  ===========================================================
multiple choice, spot the error     the options one per line, and which one is right
true or false                       whether the statement is true
numeric                             the number, its tolerance, its unit, the answer as shown
fill in the blank                   the answer, and other ways to write it
matching                            the pairs, one "item = its match" per line
ordering                            the items, earliest first
==================================  ===========================================================

A key that already says what the fields say is kept as it is (with its other accepted
spellings), and the options keep the order learners saw unless their set changed, so opening a
generated question and saving it unchanged changes nothing. Every key is checked at the end by
grading the answer it calls right: what grading could not mark right is never saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django import forms

from lessons.forms import LinesField
from lessons.text.normalise import fold_case
from lessons.text.numbers import format_number
from quizzes import answer_keys as keys
from quizzes.grading import grade, model_answer
from quizzes.kinds import QuestionKind
from quizzes.models import Question

__all__ = ["KIND_FIELDS", "QuestionForm", "TypedQuestion", "parse_number"]

K = QuestionKind
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    K.MULTIPLE_CHOICE: ("choices", "right_choice"),
    K.SPOT_ERROR: ("choices", "right_choice"),
    K.TRUE_FALSE: ("truth",),
    K.NUMERIC: ("number", "tolerance", "unit", "display"),
    K.CLOZE: ("model_answer", "aliases"),
    K.MATCHING: ("pairs",),
    K.ORDERING: ("order",),
}
TRUE_FALSE_OPTIONS = ["True", "False"]  # as generation offers them
PAIR_SEPARATOR = "="
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*|\d+)(?:\.\d+)?|[+-]?\.\d+")


@dataclass(frozen=True)
class TypedQuestion:
    """What the form saves: the stored JSON of a question, built from its plain fields."""

    options: list[str]
    prompt_items: list[str]
    answer: dict[str, Any]


class Invalid(Exception):
    """Field name -> what is wrong with it, in words an editor can act on."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


def parse_number(text: str) -> int | float:
    """ "38000", "38,000", "38 000", "2.5", "-3" -> the number (an int when whole and written
    without a decimal point); ValueError when it is not one."""
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(cleaned)
    plain = cleaned.replace(",", "").replace(" ", "")
    return float(plain) if "." in plain else int(plain)


def _number_text(value: float) -> str:
    """How a stored number shows in its field: 38000 -> "38000", 2.5 -> "2.5"."""
    return str(int(value)) if float(value).is_integer() else str(value)


class QuestionForm(forms.ModelForm):
    """A question with its options and answer key edited through its kind's fields."""

    kind_to_add: ClassVar[str] = K.MULTIPLE_CHOICE  # the admin sets the kind of a new question

    choices = LinesField(
        label="Options", help_text="One per line, in the order learners see them (two or more)."
    )
    right_choice = forms.CharField(
        label="Right answer",
        required=False,
        widget=forms.Select,
        help_text="One of the options (without JavaScript: save new options first).",
    )
    truth = forms.ChoiceField(
        label="The statement is",
        required=False,
        choices=[("true", "True"), ("false", "False")],
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label="Number", required=False, max_length=40, help_text="e.g. 78, 38000 or 2.5"
    )
    tolerance = forms.CharField(
        label="Tolerance",
        required=False,
        max_length=40,
        help_text="How far off an answer may be and still count; 0 or empty: exactly.",
    )
    unit = forms.CharField(
        label="Unit", required=False, max_length=100, help_text='Words after the number ("days").'
    )
    display = forms.CharField(
        label="Answer as feedback shows it",
        required=False,
        max_length=200,
        help_text="Empty: the number and its unit.",
    )
    model_answer = forms.CharField(label="Answer", required=False, max_length=200)
    aliases = LinesField(
        label="Also accepted", help_text="Other ways to write the answer, one per line."
    )
    pairs = LinesField(
        label="Pairs",
        help_text=f"One per line: an item {PAIR_SEPARATOR} its match (two or more).",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )
    order = LinesField(
        label="Items in order",
        help_text="Earliest first, one per line (two or more); learners see them shuffled.",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )

    typed: TypedQuestion

    class Media:
        js = ["js/question-editor.js"]  # the right-answer list follows the options as typed

    class Meta:
        model = Question
        fields = ["quiz", "prompt", "explanation", "lesson", "claim", "fact", "anchor", "active"]
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "explanation": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.kind = self.kind_to_add
        elif self.instance.kind in KIND_FIELDS:
            self.initial.update(key_initial(self.instance))
        for name, field in self.fields.items():  # the text a list field shows and posts back
            if isinstance(field, LinesField) and name in self.initial:
                self.initial[name] = field.prepare_value(self.initial[name])
        self._offer_choices()

    @property
    def kind(self) -> str:
        return cast(str, self.instance.kind)

    def _offer_choices(self) -> None:
        """The right answer is picked among the options as posted (else as stored)."""
        field = self.fields.get("right_choice")
        if field is None:
            return
        options = list(self.instance.options or [])
        if self.is_bound:
            options = LinesField().to_python(self.data.get(self.add_prefix("choices"), ""))
        picked = self.data.get(self.add_prefix("right_choice")) if self.is_bound else None
        if picked and picked not in options:
            options.append(picked)  # shown again, with the error that it is not an option
        field.widget.choices = [("", "---------"), *((o, o) for o in options)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fields = KIND_FIELDS.get(self.kind, ())
        if any(name in self.errors for name in fields):
            return data
        try:
            self.typed = typed_question(self.kind, data, previous=self.instance)
        except Invalid as invalid:
            for name, message in invalid.errors.items():
                self.add_error(name, message)
        return data

    def save(self, commit: bool = True) -> Question:
        self.instance.options = self.typed.options
        self.instance.prompt_items = self.typed.prompt_items
        self.instance.answer = self.typed.answer
        return cast(Question, super().save(commit))


# --------------------------------------------------------------------------- stored -> fields


def key_initial(question: Question) -> dict[str, Any]:
    """The kind's fields for a stored question (its options and answer key)."""
    answer = question.answer if isinstance(question.answer, dict) else {}
    match question.kind:
        case K.MULTIPLE_CHOICE | K.SPOT_ERROR:
            return {"choices": list(question.options), "right_choice": answer.get("correct", "")}
        case K.TRUE_FALSE:
            correct = answer.get("correct")
            return {"truth": "" if correct is None else ("true" if correct else "false")}
        case K.NUMERIC:
            return {
                "number": _number_text(answer["value"]) if "value" in answer else "",
                "tolerance": _number_text(answer.get("tolerance", 0)),
                "unit": answer.get("unit", ""),
                "display": answer.get("display", ""),
            }
        case K.CLOZE:
            accepted = list(answer.get("accepted", []))
            return {"model_answer": accepted[0] if accepted else "", "aliases": accepted[1:]}
        case K.MATCHING:
            pairs = answer.get("pairs", {})
            items = answer.get("items", list(pairs))
            return {"pairs": [f"{item} {PAIR_SEPARATOR} {pairs.get(item, '')}" for item in items]}
        case K.ORDERING:
            return {"order": list(answer.get("order", []))}
    return {}


# --------------------------------------------------------------------------- fields -> stored


def typed_question(kind: str, data: Mapping[str, Any], *, previous: Question) -> TypedQuestion:
    """The options, prompt items and key the fields say; :class:`Invalid` when they cannot be
    one (each message on the field it is about)."""
    same_kind = previous.pk is not None and previous.kind == kind
    old_key = previous.answer if same_kind and isinstance(previous.answer, dict) else {}
    old_options = list(previous.options or []) if same_kind else []
    items = list(previous.prompt_items or []) if same_kind else []
    match kind:
        case K.MULTIPLE_CHOICE | K.SPOT_ERROR:
            options, answer = _choice(kind, data, old_key)
        case K.TRUE_FALSE:
            options, answer = old_options or list(TRUE_FALSE_OPTIONS), _true_false(data)
        case K.NUMERIC:
            options, answer = old_options, _numeric(data)
        case K.CLOZE:
            options, answer = old_options, _cloze(data)
        case K.MATCHING:
            options, items, answer = _matching(data, old_options)
        case K.ORDERING:
            options, answer = _ordering(data, old_options)
        case _:
            raise Invalid({"__all__": f"Unknown question kind {kind!r}."})
    _check_gradable(kind, answer, options, KIND_FIELDS[kind][0])
    return TypedQuestion(options=options, prompt_items=items, answer=answer)


def _kept(old_key: Mapping[str, Any], core: Mapping[str, Any], fresh: dict[str, Any]) -> dict:
    """The old key when it already says ``core`` (its other parts kept), else ``fresh``."""
    if old_key and all(old_key.get(name) == value for name, value in core.items()):
        return dict(old_key)
    return fresh


def _choice(kind: str, data: Mapping[str, Any], old_key: Mapping[str, Any]) -> tuple[list, dict]:
    options: list[str] = data.get("choices") or []
    right = (data.get("right_choice") or "").strip()
    if len(options) < 2:
        raise Invalid({"choices": "Give at least two options, one per line."})
    if not right:
        raise Invalid({"right_choice": "Choose which option is the right answer."})
    if right not in options:
        raise Invalid({"right_choice": f"“{right}” is not one of the options: choose among them."})
    twins = [o for o in options if o != right and fold_case(o) == fold_case(right)]
    if twins:
        raise Invalid(
            {"choices": f"“{twins[0]}” is the right answer again: every other option must differ."}
        )
    fresh: dict[str, Any] = (
        dict(keys.SpotErrorKey(correct=right, wrong=right, accepted=[right]))
        if kind == K.SPOT_ERROR
        else dict(keys.ChoiceKey(correct=right))
    )
    return options, _kept(old_key, {"correct": right}, fresh)


def _true_false(data: Mapping[str, Any]) -> dict[str, Any]:
    truth = data.get("truth")
    if truth not in ("true", "false"):
        raise Invalid({"truth": "Say whether the statement is true or false."})
    return dict(keys.TrueFalseKey(correct=truth == "true"))


def _numeric(data: Mapping[str, Any]) -> dict[str, Any]:
    raw_value = (data.get("number") or "").strip()
    raw_tolerance = (data.get("tolerance") or "").strip() or "0"
    errors: dict[str, str] = {}
    value: int | float = 0
    tolerance: int | float = 0
    try:
        value = parse_number(raw_value)
    except ValueError:
        errors["number"] = (
            f"“{raw_value}” is not a number: type digits, e.g. 78, 38000 or 2.5."
            if raw_value
            else "Give the number learners must type."
        )
    try:
        tolerance = parse_number(raw_tolerance)
    except ValueError:
        errors["tolerance"] = f"“{raw_tolerance}” is not a number: type e.g. 0 or 1900."
    else:
        if tolerance < 0:
            errors["tolerance"] = "The tolerance cannot be negative: 0 means exactly the number."
    if errors:
        raise Invalid(errors)
    unit = (data.get("unit") or "").strip()
    display = (data.get("display") or "").strip() or f"{format_number(value)} {unit}".strip()
    return dict(keys.NumericKey(value=value, tolerance=tolerance, unit=unit, display=display))


def _cloze(data: Mapping[str, Any]) -> dict[str, Any]:
    answer = (data.get("model_answer") or "").strip()
    if not answer:
        raise Invalid({"model_answer": "Give the answer learners must type."})
    aliases = [a for a in data.get("aliases") or [] if a != answer]
    return dict(keys.ClozeKey(accepted=[answer, *aliases]))


def _matching(data: Mapping[str, Any], old_options: list[str]) -> tuple[list, list, dict]:
    pairs: dict[str, str] = {}
    for number, line in enumerate(data.get("pairs") or [], start=1):
        item, separator, match = (part.strip() for part in line.partition(PAIR_SEPARATOR))
        if not (separator and item and match):
            raise Invalid(
                {"pairs": f"Line {number} (“{line}”) is not “item {PAIR_SEPARATOR} its match”."}
            )
        pairs[item] = match
    if len(pairs) < 2:
        raise Invalid({"pairs": f"Give at least two pairs, “item {PAIR_SEPARATOR} match”."})
    for side, texts in (("item", list(pairs)), ("match", list(pairs.values()))):
        twice = _repeated(texts)
        if twice:
            raise Invalid({"pairs": f"“{twice}” is used twice: each {side} must differ."})
    items = list(pairs)
    options = _shown_order(list(pairs.values()), old_options, answer_order=None)
    return options, items, dict(keys.MatchingKey(pairs=pairs, items=items))


def _ordering(data: Mapping[str, Any], old_options: list[str]) -> tuple[list, dict]:
    order: list[str] = data.get("order") or []
    if len(order) < 2:
        raise Invalid({"order": "Give at least two items, earliest first, one per line."})
    twice = _repeated(order)
    if twice:
        raise Invalid({"order": f"“{twice}” is listed twice: each item must differ."})
    options = _shown_order(order, old_options, answer_order=order)
    return options, dict(keys.OrderingKey(order=order))


def _repeated(texts: Sequence[str]) -> str:
    """The first text that occurs again (case and spacing aside), else ""."""
    seen: set[str] = set()
    for text in texts:
        if fold_case(text) in seen:
            return text
        seen.add(fold_case(text))
    return ""


def _shown_order(texts: list[str], old_options: list[str], *, answer_order: list | None) -> list:
    """The order learners see: as before while the same texts are offered, else alphabetical
    (turned by one when that would give the answer away)."""
    if sorted(old_options) == sorted(texts):
        return old_options
    shown = sorted(texts, key=fold_case)
    return shown[1:] + shown[:1] if shown == answer_order else shown


def _check_gradable(kind: str, answer: object, options: list[str], field: str) -> None:
    """Grading must mark the key's own answer right; else the key is not saved."""
    try:
        right = grade(kind, answer, options, model_answer(kind, answer, options)).correct
    except ValueError as error:  # grading's InvalidAnswer, or a key it cannot read
        raise Invalid({field: f"Learners could not answer this: {error}"}) from error
    if not right:
        raise Invalid({field: "Grading would not count this answer key's own answer as right."})
