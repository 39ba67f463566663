"""The fact-base file format, declared once: pydantic models for ``seeds/facts.toml``.

The models say what a valid file is (fields, types, id shapes, https URLs, a discriminated union
of value shapes on ``type``); :mod:`lessons.facts.factbase` turns a validated document into its
frozen records.  The same value models read the JSON a value is stored as in the database
(:func:`parse_value`; :func:`dump_value` writes it).  An error names the file, the fact or
reference id and the field: ``facts.toml: fact 'kfor-entered-kosovo': value.date: bad date
'1999-13' (use YYYY, YYYY-MM or YYYY-MM-DD)``.

A file holds ``[references.<id>]`` tables (``title``, ``publisher``, an https ``url``, the
ISO date the page was ``accessed``) and ``[[facts]]`` tables (``id``, ``subject``, optional
``aliases``, ``predicate``, optional ``cues``, ``value``, ``statement``, the ``reference`` id
and optional ``tags``); ``seeds/facts.toml`` is the real one.

Value shapes (``type``): ``date`` (``date = "1999-06-12" | "1999-06" | "1999"``),
``span`` (``start``, optional ``end``; omitted end = ongoing), ``number`` (``value``,
``unit``, optional ``qualifier``), ``duration`` (``amount``, ``unit``), ``entity``
(``name``, optional ``aliases``), ``acronym`` (``acronym``, ``expansion``) and
``resolution`` (``number``, optional ``year``) and ``boolean`` (``holds = true | false``).

Optional fact fields for relations and concepts: ``single`` (one right value: only a
single-valued fact may refute; default true, false for ``entity`` values), ``as_of`` (the date
the value held, e.g. a troop strength in "1999-06"), ``generic`` (loose names such as "the air
campaign" that name the subject only inside an article about it), ``question`` (a teacher's
question whose answer is the value), ``false_statement`` (a plausible false statement, for a
false true/false item) and ``confirmed_errors`` (wrong values the seeds state, whose refutation
an admin confirmed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from lessons.facts import values

__all__ = [
    "MAX_FACTBASE_BYTES",
    "FactBaseError",
    "FactDocument",
    "decode_document",
    "dump_value",
    "parse_date",
    "parse_value",
    "read_document",
]


class FactBaseError(ValueError):
    """A problem in the fact base; the message names the file, the id, the field and the problem."""


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"


# --------------------------------------------------------------------------- field types


def _date(raw: object) -> values.DateValue:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a TOML date, or a bare TOML year, too)."""
    if isinstance(raw, dt.datetime):
        raise ValueError(f"expected a date, got a date-time {raw!r}")
    if isinstance(raw, dt.date):
        return values.DateValue(raw.year, raw.month, raw.day)
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(text, str):
        raise ValueError(f"date must be a string like '1999-06-12', got {text!r}")
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f"bad date {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(part) if part is not None else None for part in match.groups())
    try:
        return values.DateValue(year or 0, month, day)
    except ValueError as exc:
        raise ValueError(f"bad date {text!r} ({exc})") from None


def _open_end(raw: object) -> values.DateValue | None:
    """A span's end; no end, "" or "ongoing" means the span has not ended."""
    return None if raw in (None, "", "ongoing") else _date(raw)


def _figure(raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"must be a number, got {raw!r}")
    return float(raw)


def _iso_day(raw: object) -> str:
    """The day a page was read: a TOML date or an ISO string, kept as ``YYYY-MM-DD``."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw.isoformat()
    if isinstance(raw, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(raw.strip()).isoformat()
    raise ValueError(f"must be an ISO date (YYYY-MM-DD), got {raw!r}")


def _https(url: str) -> str:
    if not url.startswith("https://") or len(url) <= len("https://") or " " in url:
        raise ValueError(f"must be an https:// URL, got {url!r}")
    return url


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    """Repeats dropped, first occurrence kept (an alias listed twice is one alias)."""
    return tuple(dict.fromkeys(items))


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Words = Annotated[tuple[Text, ...], AfterValidator(_unique)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_ID_PATTERN)]
RefId = Annotated[str, StringConstraints(pattern=_ID_PATTERN)]
Integer = Annotated[int, Strict()]
FactDate = Annotated[values.DateValue, PlainValidator(_date)]
OpenEnd = Annotated[values.DateValue | None, PlainValidator(_open_end)]


class _Table(BaseModel):
    """A TOML table: every field declared, nothing else allowed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- value shapes


class _ValueTable(_Table):
    """A value's table: ``type`` and the value's own fields, which build the value."""

    builds: ClassVar[Callable[..., values.Value]]

    def to_value(self) -> values.Value:
        fields = (name for name in type(self).model_fields if name != "type")
        return self.builds(**{name: getattr(self, name) for name in fields})


class _DateTable(_ValueTable):
    type: Literal["date"]
    date: FactDate

    def to_value(self) -> values.Value:
        return self.date


class _SpanTable(_ValueTable):
    builds = values.SpanValue
    type: Literal["span"]
    start: FactDate
    end: OpenEnd = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> _SpanTable:
        if self.end is not None and self.end.sort_key() < self.start.sort_key():
            raise ValueError(f"span ends ({self.end.iso()}) before it starts ({self.start.iso()})")
        return self


class _NumberTable(_ValueTable):
    builds = values.NumberValue
    type: Literal["number"]
    value: Annotated[float, PlainValidator(_figure)]
    unit: Text
    qualifier: values.Qualifier = "exact"


class _DurationTable(_ValueTable):
    builds = values.DurationValue
    type: Literal["duration"]
    amount: Annotated[Integer, Field(gt=0)]
    unit: values.DurationUnit


class _EntityTable(_ValueTable):
    builds = values.EntityValue
    type: Literal["entity"]
    name: Text
    aliases: Words = ()


class _AcronymTable(_ValueTable):
    builds = values.AcronymValue
    type: Literal["acronym"]
    acronym: Text
    expansion: Text


class _ResolutionTable(_ValueTable):
    builds = values.ResolutionValue
    type: Literal["resolution"]
    number: Integer
    year: Integer | None = None


class _BooleanTable(_ValueTable):
    builds = values.BooleanValue
    type: Literal["boolean"]
    holds: Annotated[bool, Strict()]


ValueTable = Annotated[
    _DateTable
    | _SpanTable
    | _NumberTable
    | _DurationTable
    | _EntityTable
    | _AcronymTable
    | _ResolutionTable
    | _BooleanTable,
    Field(discriminator="type"),
]
_VALUE: TypeAdapter[ValueTable] = TypeAdapter(ValueTable)


# --------------------------------------------------------------------------- the document


class ReferenceTable(_Table):
    title: Text
    publisher: Text
    url: Annotated[Text, AfterValidator(_https)]
    accessed: Annotated[str, PlainValidator(_iso_day)]


class FactTable(_Table):
    id: Id
    subject: Text
    aliases: Words = ()
    predicate: Text
    cues: Words = ()
    value: ValueTable
    statement: Text
    reference: Text
    tags: Words = ()
    single: Annotated[bool, Strict()] | None = None
    as_of: FactDate | None = None
    generic: Words = ()
    question: str = ""
    false_statement: str = ""
    confirmed_errors: Words = ()

    @field_validator("reference")
    @classmethod
    def _cited(cls, ref_id: str, info: ValidationInfo) -> str:
        """The reference must be one of the file's ``[references.*]`` tables."""
        known = info.context.get("references", ()) if info.context else ()
        if ref_id not in known:
            raise ValueError(f"unknown reference id {ref_id!r}")
        return ref_id


class FactDocument(_Table):
    references: dict[RefId, ReferenceTable] = Field(default_factory=dict)
    facts: list[FactTable] = Field(default_factory=list)

    @field_validator("facts")
    @classmethod
    def _unique_ids(cls, facts: list[FactTable]) -> list[FactTable]:
        seen: set[str] = set()
        for fact in facts:
            if fact.id in seen:
                raise ValueError(f"duplicate fact id {fact.id!r}")
            seen.add(fact.id)
        return facts


MAX_FACTBASE_BYTES = 2_000_000
"""Largest fact base accepted (``seeds/facts.toml`` is about 160 KB)."""


def decode_document(raw: bytes, *, source: str) -> str:
    """A fact-base file's bytes checked and decoded as UTF-8 (a leading BOM is dropped)."""
    if len(raw) > MAX_FACTBASE_BYTES:
        raise FactBaseError(
            f"{source}: file is larger than {MAX_FACTBASE_BYTES:,} bytes ({len(raw):,})"
        )
    if b"\x00" in raw:
        raise FactBaseError(f"{source}: file is binary (contains NUL bytes), not TOML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FactBaseError(f"{source}: file is not UTF-8 text (byte {error.start})") from None


def _parse_toml(text: str, *, source: str) -> dict[str, Any]:
    if len(text) > MAX_FACTBASE_BYTES:
        raise FactBaseError(f"{source}: larger than {MAX_FACTBASE_BYTES:,} characters")
    if not text.strip():
        raise FactBaseError(f"{source}: file is empty")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FactBaseError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise FactBaseError(f"{source}: nested too deeply to be a fact base") from None
    if not raw.get("references") and not raw.get("facts"):
        raise FactBaseError(f"{source}: no [references] and no [[facts]]: nothing to load")
    return raw


def read_document(text: str, *, source: str) -> FactDocument:
    """Parse and validate a fact-base TOML document; every problem raises FactBaseError."""
    raw = _parse_toml(text, source=source)
    references = raw.get("references")
    context = {"references": set(references) if isinstance(references, dict) else set()}
    try:
        return FactDocument.model_validate(raw, context=context)
    except ValidationError as error:
        raise FactBaseError(_describe(error, raw, source=source)) from None
    except RecursionError:
        raise FactBaseError(f"{source}: nested too deeply to be a fact base") from None


# --------------------------------------------------------------------------- values as JSON


def parse_value(data: Mapping[str, object], *, where: str) -> values.Value:
    """Parse one ``value = { type = ..., ... }`` table; ``where`` prefixes error messages."""
    try:
        return _VALUE.validate_python(data).to_value()
    except ValidationError as error:
        raise FactBaseError(_describe(error, {}, source=where, prefix=("value",))) from None


def parse_date(raw: str, *, where: str) -> values.DateValue:
    """A stored ``YYYY[-MM[-DD]]`` date (a fact's ``as_of``); ``where`` prefixes errors."""
    try:
        return _date(raw)
    except ValueError as exc:
        raise FactBaseError(f"{where}: {exc}") from None


def dump_value(value: values.Value) -> dict[str, object]:
    """The fact-base table for a value: the inverse of :func:`parse_value` (stored as JSON)."""
    match value:
        case values.DateValue():
            return {"type": "date", "date": value.iso()}
        case values.SpanValue(start=start, end=None):
            return {"type": "span", "start": start.iso()}
        case values.SpanValue(start=start, end=values.DateValue() as end):
            return {"type": "span", "start": start.iso(), "end": end.iso()}
        case values.NumberValue(value=figure, unit=unit, qualifier=qualifier):
            number = int(figure) if figure.is_integer() else figure
            return {"type": "number", "value": number, "unit": unit, "qualifier": qualifier}
        case values.DurationValue(amount=amount, unit=unit):
            return {"type": "duration", "amount": amount, "unit": unit}
        case values.EntityValue(name=name, aliases=aliases):
            return {"type": "entity", "name": name, "aliases": list(aliases)}
        case values.AcronymValue(acronym=acronym, expansion=expansion):
            return {"type": "acronym", "acronym": acronym, "expansion": expansion}
        case values.ResolutionValue(number=number, year=None):
            return {"type": "resolution", "number": number}
        case values.ResolutionValue(number=number, year=year):
            return {"type": "resolution", "number": number, "year": year}
        case values.BooleanValue(holds=holds):
            return {"type": "boolean", "holds": holds}
    raise AssertionError(value)  # pragma: no cover


# --------------------------------------------------------------------------- error messages


def _describe(
    error: ValidationError, raw: Mapping[str, Any], *, source: str, prefix: tuple[str, ...] = ()
) -> str:
    """One line per problem: ``source: fact 'id': field.path: problem``."""
    lines = []
    for detail in error.errors(include_url=False):
        where, path = _locate((*prefix, *detail["loc"]), raw)
        field, problem = _problem(detail, path)
        lines.append(": ".join(part for part in (source, where, field, problem) if part))
    return "\n".join(lines)


def _locate(loc: Sequence[int | str], raw: Mapping[str, Any]) -> tuple[str, list[str]]:
    """Who has the problem ("fact 'kfor-entered-kosovo'") and the path to the field."""
    owner, rest = "", list(loc)
    if loc[:1] == ("references",) and len(loc) > 1:
        owner, rest = f"reference {loc[1]!r}", rest[2:]
    elif loc[:1] == ("facts",) and len(loc) > 1 and isinstance(loc[1], int):
        fact_id = _raw_fact_id(raw, loc[1])
        owner, rest = (f"fact {fact_id!r}" if fact_id else f"facts[{loc[1]}]"), rest[2:]
    if rest[:1] == ["value"] and len(rest) > 1 and rest[1] in values.VALUE_TYPES:
        del rest[1]  # the union's tag: "value.date", not "value.date.date"
    path: list[str] = []
    for step in rest:
        if isinstance(step, int) and path:
            path[-1] += f"[{step}]"  # "aliases[1]"
        else:
            path.append("id" if step == "[key]" else str(step))
    return owner, path


def _raw_fact_id(raw: Mapping[str, Any], index: int) -> str | None:
    facts = raw.get("facts")
    fact = facts[index] if isinstance(facts, list) and index < len(facts) else None
    fact_id = fact.get("id") if isinstance(fact, dict) else None
    return fact_id.strip() if isinstance(fact_id, str) and fact_id.strip() else None


_PROBLEMS = {
    "string_type": "must be a string, got {input!r}",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must be lower-case words joined by '-', got {input!r}",
    "int_type": "must be an integer, got {input!r}",
    "list_type": "must be a list of strings, got {input!r}",
    "tuple_type": "must be a list of strings, got {input!r}",
    "dict_type": "must be a table, got {input!r}",
    "model_type": "must be a table, got {input!r}",
    "model_attributes_type": "must be a table, got {input!r}",
    "literal_error": "must be one of {expected}, got {input!r}",
    "greater_than": "must be positive, got {input!r}",
    "union_tag_invalid": "unknown value type {tag!r} (expected one of {expected_tags})",
}


def _problem(detail: ErrorDetails, path: list[str]) -> tuple[str, str]:
    """(field, problem); a missing or unknown field is a problem of the table holding it."""
    kind, context = detail["type"], detail.get("ctx", {})
    if kind in {"missing", "extra_forbidden"} and path:
        word = "missing" if kind == "missing" else "unknown"
        return ".".join(path[:-1]), f"{word} field {path[-1]!r}"
    if kind == "union_tag_not_found":
        return ".".join(path), "missing field 'type'"
    if kind in {"value_error", "assertion_error"}:
        return ".".join(path), str(context.get("error", detail["msg"]))
    template = _PROBLEMS.get(kind)
    message = template.format(input=detail["input"], **context) if template else detail["msg"]
    return ".".join(path), message
