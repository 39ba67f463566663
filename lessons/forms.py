"""Admin forms: a reference fact edited through typed fields, never raw JSON.

:class:`FactForm` shows a *value type* select and the fields of each value shape (a date with
its precision, a span, a number with unit and qualifier, …); it builds the fact-base value from
the chosen type's fields and validates it with :func:`lessons.facts.schema.parse_value`, so an
error is shown on the field it is about. List fields (aliases, cues, tags, generic names,
confirmed errors) are one item per line. :func:`suggested_value_type` guesses the value type a
sentence states, for the "add a fact" link of the unchecked-sentence queue.

:class:`HandClaimForm` adds (or edits) a claim by hand: a sentence of the lesson, the claim's
words in it, its kind, the admin's verdict with a note, and the fact it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, get_args

from django import forms

from lessons.facts import values as fv
from lessons.facts.claims.claim import ClaimKind
from lessons.facts.schema import FactBaseError, parse_date, parse_value
from lessons.facts.verdicts import Verdict
from lessons.services.content import find_sentence, words_at
from lessons.text.sentences import body_sentences

from .models import Claim, Fact, Lesson

VALUE_TYPES: dict[str, str] = {
    "date": "Date (a day, a month or a year)",
    "span": "Span (start and end dates)",
    "number": "Number (with unit and qualifier)",
    "duration": "Duration (amount and unit)",
    "entity": "Entity (a name, e.g. who led or authorised it)",
    "acronym": "Acronym (and what it stands for)",
    "resolution": "UN Security Council resolution",
    "boolean": "Yes or no (whether it holds)",
}

# Per value type: the value's own keys (as in seeds/facts.toml) and the form field for each.
TYPE_FIELDS: dict[str, dict[str, str]] = {
    "date": {"date": "date"},
    "span": {"start": "span_start", "end": "span_end"},
    "number": {"value": "number", "unit": "number_unit", "qualifier": "number_qualifier"},
    "duration": {"amount": "duration_amount", "unit": "duration_unit"},
    "entity": {"name": "entity_name", "aliases": "entity_aliases"},
    "acronym": {"acronym": "acronym", "expansion": "acronym_expansion"},
    "resolution": {"number": "resolution_number", "year": "resolution_year"},
    "boolean": {"holds": "holds"},
}
OPTIONAL_KEYS = {
    ("span", "end"),
    ("number", "qualifier"),
    ("entity", "aliases"),
    ("resolution", "year"),
}
VALUE_FIELD_NAMES = tuple(name for shape in TYPE_FIELDS.values() for name in shape.values())
LIST_FIELDS = ("aliases", "cues", "tags", "generic", "confirmed_errors")

_DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD: the precision is what you type (1999, 1999-06, …)."
_ERROR_FIELD = re.compile(r"\bvalue\.(?P<key>\w+)(?:\[\d+\])?: (?P<problem>.*)")


class LinesField(forms.CharField):
    """A list of strings edited as one item per line (blank lines and repeats dropped)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        text = super().to_python(value) or ""
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _date_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=10, help_text=_DATE_HELP)


class FactForm(forms.ModelForm):
    """A fact with its value edited per value type; the value is validated by the fact-base
    schema and stored in its shape ({"type": "date", "date": "1999-06-12"}, …)."""

    value_type = forms.ChoiceField(choices=list(VALUE_TYPES.items()))
    date = _date_field("Date")
    span_start = _date_field("Starts")
    span_end = _date_field("Ends")
    number = forms.FloatField(label="Number", required=False)
    number_unit = forms.CharField(label="Unit", required=False, help_text="e.g. troops, sorties")
    number_qualifier = forms.ChoiceField(
        label="Qualifier", required=False, choices=[(q, q) for q in get_args(fv.Qualifier)]
    )
    duration_amount = forms.IntegerField(label="Amount", required=False, min_value=1)
    duration_unit = forms.ChoiceField(
        label="Unit", required=False, choices=[(u, u) for u in get_args(fv.DurationUnit)]
    )
    entity_name = forms.CharField(label="Name", required=False, max_length=200)
    entity_aliases = LinesField(label="Other names of the value")
    acronym = forms.CharField(label="Acronym", required=False, max_length=20)
    acronym_expansion = forms.CharField(label="Stands for", required=False, max_length=200)
    resolution_number = forms.IntegerField(label="Resolution number", required=False, min_value=1)
    resolution_year = forms.IntegerField(
        label="Year adopted", required=False, min_value=1946, max_value=2100
    )
    holds = forms.ChoiceField(
        label="Holds", required=False, choices=[("true", "yes"), ("false", "no")]
    )
    aliases = LinesField(help_text="Other names of the subject, one per line.")
    cues = LinesField(help_text="Words that say a sentence states this predicate, one per line.")
    tags = LinesField(help_text='One per line, e.g. "timeline", "glossary", "kosovo".')
    generic = LinesField(
        help_text='Loose names ("the air campaign") that name the subject only inside an '
        "article about it, one per line."
    )
    confirmed_errors = LinesField(
        help_text="Wrong values the articles state whose refutation is confirmed, one per line."
    )
    as_of = forms.CharField(
        required=False, max_length=10, help_text="When the value held. " + _DATE_HELP
    )

    parsed_value: fv.Value

    class Meta:
        model = Fact
        fields = [
            "key",
            "subject",
            "aliases",
            "generic",
            "predicate",
            "cues",
            "statement",
            "question",
            "false_statement",
            "single",
            "as_of",
            "confirmed_errors",
            "reference",
            "tags",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "question": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "false_statement": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.value:
            self.initial.update(value_initial(self.instance.value))
        for name, field in self.fields.items():  # the text a list field shows and posts back
            if isinstance(field, LinesField) and name in self.initial:
                self.initial[name] = field.prepare_value(self.initial[name])

    def clean_as_of(self) -> str:
        raw = self.cleaned_data["as_of"].strip()
        if not raw:
            return ""
        try:
            return parse_date(raw, where="as of").iso()
        except FactBaseError as error:
            raise forms.ValidationError(_problem(str(error))) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("value_type")
        if kind not in TYPE_FIELDS:
            return data
        raw = self._raw_value(kind, data)
        if raw is None:
            return data
        try:
            self.parsed_value = parse_value(raw, where=self.instance.key or "this fact")
        except FactBaseError as error:
            for field, problem in _field_errors(kind, str(error)):
                self.add_error(field, problem)
        return data

    def _raw_value(self, kind: str, data: dict[str, Any]) -> dict[str, object] | None:
        """The value table from the type's fields; None (with field errors) when one is missing."""
        raw: dict[str, object] = {"type": kind}
        missing = False
        for key, field in TYPE_FIELDS[kind].items():
            if field in self.errors:
                missing = True
                continue
            value = _field_value(field, data.get(field))
            if value in (None, "", []):
                if (kind, key) not in OPTIONAL_KEYS:
                    self.add_error(field, f"Required for a {kind} value.")
                    missing = True
                continue
            raw[key] = value
        return None if missing else raw

    def save(self, commit: bool = True) -> Fact:
        self.instance.set_value(self.parsed_value)
        return super().save(commit)


def _field_value(field: str, value: object) -> object:
    if field == "holds":
        return {"true": True, "false": False}.get(str(value))
    if isinstance(value, str):
        return value.strip()
    return value


def _problem(message: str) -> str:
    """The problem part of a schema error ("this fact: value.date: bad date …" → "bad date …")."""
    return message.rsplit(": ", 1)[-1]


def _field_errors(kind: str, message: str) -> Iterable[tuple[str | None, str]]:
    """Each line of a schema error on the form field it is about (else on the value type)."""
    fields = TYPE_FIELDS[kind]
    for line in message.splitlines():
        found = _ERROR_FIELD.search(line)
        if found and found.group("key") in fields:
            yield fields[found.group("key")], found.group("problem")
        else:
            yield "value_type", _problem(line)


def value_initial(value: dict[str, Any]) -> dict[str, Any]:
    """The form's initial data for a stored value (fact-base shape)."""
    kind = str(value.get("type", ""))
    initial: dict[str, Any] = {"value_type": kind}
    for key, field in TYPE_FIELDS.get(kind, {}).items():
        if key in value:
            stored = value[key]
            initial[field] = ("true" if stored else "false") if field == "holds" else stored
    return initial


# --------------------------------------------------------------------------- claims by hand

HAND_CLAIM_FIELDS = [
    "lesson",
    "sentence",
    "text",
    "kind",
    "override_verdict",
    "override_note",
    "fact",
    "override_reference",
]


class HandClaimForm(forms.ModelForm):
    """A claim an admin adds: its sentence must be one of the lesson's and its words must be in
    that sentence (their offsets are computed); the verdict is an override, with a note."""

    kind = forms.ChoiceField(choices=[(k, k) for k in get_args(ClaimKind)])

    class Meta:
        model = Claim
        fields = HAND_CLAIM_FIELDS
        labels = {
            "text": "The claim's words",
            "override_verdict": "Verdict",
            "override_note": "Why (a note)",
            "override_reference": "Reference (when no fact cites one)",
        }
        help_texts = {
            "sentence": "A sentence of the lesson, as the lesson page shows it.",
            "text": "Copied from the sentence: the words the mark underlines.",
        }
        widgets = {
            "sentence": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "override_note": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "override_verdict" in self.fields:
            self.fields["override_verdict"].required = True
        self._offer_sentences()

    def _offer_sentences(self) -> None:
        """Once the lesson is known (``?lesson=`` or the claim's own), its sentences are offered."""
        field = self.fields.get("sentence")
        lesson = self._known_lesson()
        if field is None or lesson is None:
            return
        texts = [sentence.text for sentence in body_sentences(lesson.body)]
        current = self.instance.sentence if self.instance.pk else ""
        if current and current not in texts:
            texts.append(current)  # its sentence left the lesson: shown, and flagged on saving
        field.widget = forms.Select(choices=[("", "---------"), *((t, t) for t in texts)])

    def _known_lesson(self) -> Lesson | None:
        if self.instance.lesson_id:
            return self.instance.lesson
        raw = (
            self.data.get(self.add_prefix("lesson"))
            if self.is_bound
            else self.initial.get("lesson")
        )
        pk = str(getattr(raw, "pk", raw) or "")
        return Lesson.objects.filter(pk=int(pk)).first() if pk.isdigit() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override_verdict") and not (data.get("override_note") or "").strip():
            self.add_error("override_note", "Say why: a claim added by hand needs a note.")
        lesson, text = data.get("lesson"), (data.get("sentence") or "").strip()
        if lesson is None or not text:
            return data
        found = find_sentence(lesson.body, text, anchor=self.instance.anchor)
        if found is None:
            self.add_error(
                "sentence",
                f"This is not a sentence of the lesson “{lesson.title}”: copy it as the lesson "
                "page shows it.",
            )
            return data
        self._place(lesson, *found, words=(data.get("text") or "").strip())
        return data

    def _place(self, lesson: Lesson, position: int, sentence: Any, *, words: str) -> None:
        start = words_at(sentence.text, words, start=self.instance.start or 0)
        if not words:
            return
        if start < 0:
            self.add_error("text", f"“{words}” is not in that sentence: copy the words from it.")
            return
        twin = Claim.objects.filter(
            lesson=lesson, anchor=sentence.anchor, start=start, text=words
        ).exclude(pk=self.instance.pk)
        if twin.exists():
            self.add_error(
                "text", "That claim is already listed: change its verdict on its own page."
            )
            return
        claim = self.instance
        claim.anchor, claim.position, claim.sentence = sentence.anchor, position, sentence.text
        claim.start, claim.end, claim.text = start, start + len(words), words

    def save(self, commit: bool = True) -> Claim:
        claim = self.instance
        claim.by_hand = True
        claim.auto_verdict = claim.auto_verdict or Verdict.NOT_ENOUGH_INFO  # nothing checked it
        claim.reason = claim.reason or "Added by hand in the admin."
        claim.reviewed = True
        fact = self.cleaned_data.get("fact")
        verdict = self.cleaned_data.get("override_verdict")
        # What the claim states: the fact's value when it agrees; the correction when it does not.
        claim.value = fact.value if fact and verdict == Verdict.SUPPORTED else None
        claim.correct_value = fact.value_display if fact and verdict == Verdict.REFUTED else ""
        return super().save(commit)


# --------------------------------------------------------------------------- suggestions

_RESOLUTION = re.compile(r"\bResolution\s+\d{3,4}\b", re.I)
_YEAR = r"\b(?:1[89]\d\d|20\d\d)\b"
_SPAN = re.compile(rf"\b(?:from|between)\b[^.;]*?{_YEAR}[^.;]*?\b(?:to|and|until)\b[^.;]*?{_YEAR}")
_DATE = re.compile(_YEAR)
_DURATION = re.compile(r"\b\d+\s+(?:days?|weeks?|months?|years?)\b", re.I)
_NUMBER = re.compile(r"\b\d{1,3}(?:[,.\s]\d{3})+\b|\b(?!1[89]\d\d\b|20\d\d\b)\d+\b")
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&-]{1,9})\)")


def suggested_value_type(sentence: str) -> str:
    """The value type a sentence most likely states, for prefilling an "add a fact" form."""
    for kind, pattern in (
        ("resolution", _RESOLUTION),
        ("span", _SPAN),
        ("duration", _DURATION),
        ("date", _DATE),
        ("number", _NUMBER),
        ("acronym", _ACRONYM),
    ):
        if pattern.search(sentence):
            return kind
    return "entity"
