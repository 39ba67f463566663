"""Reference fact base: a pure loader for ``seeds/facts.toml``.

The fact base is the only source of truth for quiz questions: every quiz claim must be
verified against a :class:`Fact`, and every fact cites a :class:`Reference` that a human
can open.  This module deliberately has no Django imports so it can be used (and tested)
anywhere.

TOML shape::

    [references.nato-kfor]
    title = "NATO's role in Kosovo"
    publisher = "NATO"
    url = "https://www.nato.int/..."
    accessed = "2026-11-21"

    [[facts]]
    id = "kfor-entered-kosovo"
    subject = "KFOR"
    aliases = ["Kosovo Force", "KFOR"]
    predicate = "entered Kosovo"
    cues = ["deployed", "entered", "arrived"]
    value = { type = "date", date = "1999-06-12" }
    statement = "The first KFOR troops entered Kosovo on 12 June 1999."
    reference = "nato-kfor"
    tags = ["timeline"]

Value shapes (``type``): ``date`` (``date = "1999-06-12" | "1999-06" | "1999"``),
``span`` (``start``, optional ``end``; omitted end = ongoing), ``number`` (``value``,
``unit``, optional ``qualifier``), ``duration`` (``amount``, ``unit``), ``entity``
(``name``, optional ``aliases``), ``acronym`` (``acronym``, ``expansion``) and
``resolution`` (``number``, optional ``year``).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import tomllib
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import cast

from lessons.facts.values import (
    DURATION_UNITS,
    QUALIFIERS,
    VALUE_TYPES,
    AcronymValue,
    DateValue,
    DurationUnit,
    DurationValue,
    EntityValue,
    NumberValue,
    Qualifier,
    ResolutionValue,
    SpanValue,
    Value,
)
from lessons.text.normalise import fold_case

__all__ = [
    "Fact",
    "FactBase",
    "FactBaseError",
    "Reference",
    "load_factbase",
    "load_factbase_file",
    "parse_date",
    "parse_value",
]


class FactBaseError(ValueError):
    """A problem in the fact base; the message names the fact/reference id and the problem."""


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Reference:
    id: str
    title: str
    publisher: str
    url: str
    accessed: str  # ISO date the page was read


@dataclass(frozen=True)
class Fact:
    id: str
    subject: str
    aliases: tuple[str, ...]
    predicate: str
    value: Value
    statement: str
    reference: Reference
    cues: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The subject followed by its aliases (deduplicated, original order)."""
        seen: dict[str, None] = {}
        for name in (self.subject, *self.aliases):
            seen.setdefault(name, None)
        return tuple(seen)


@dataclass(frozen=True)
class FactBase:
    references: tuple[Reference, ...]
    facts: tuple[Fact, ...]

    def by_id(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def about(self, name: str) -> list[Fact]:
        """Facts whose subject or one of its aliases matches ``name`` (case-insensitive)."""
        wanted = fold_case(name)
        return [f for f in self.facts if any(fold_case(n) == wanted for n in f.names)]

    def tagged(self, tag: str) -> list[Fact]:
        return [f for f in self.facts if tag in f.tags]

    def reference(self, ref_id: str) -> Reference:
        for ref in self.references:
            if ref.id == ref_id:
                return ref
        raise KeyError(ref_id)

    def __len__(self) -> int:
        return len(self.facts)


# --------------------------------------------------------------------------- parsing


def parse_date(text: object, *, where: str) -> DateValue:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a TOML date is accepted too)."""
    if isinstance(text, dt.datetime):
        raise FactBaseError(f"{where}: expected a date, got a date-time {text!r}")
    if isinstance(text, dt.date):
        return DateValue(text.year, text.month, text.day)
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise FactBaseError(f"{where}: date must be a string like '1999-06-12', got {text!r}")
    match = _DATE_RE.match(text.strip())
    if not match:
        raise FactBaseError(f"{where}: bad date {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(p) if p is not None else None for p in match.groups())
    try:
        return DateValue(cast(int, year), month, day)
    except ValueError as exc:
        raise FactBaseError(f"{where}: bad date {text!r} ({exc})") from None


def _require(data: Mapping[str, object], key: str, *, where: str) -> object:
    if key not in data:
        raise FactBaseError(f"{where}: missing field {key!r}")
    return data[key]


def _str(data: Mapping[str, object], key: str, *, where: str) -> str:
    value = _require(data, key, where=where)
    if not isinstance(value, str):
        raise FactBaseError(f"{where}: field {key!r} must be a string, got {value!r}")
    value = value.strip()
    if not value:
        raise FactBaseError(f"{where}: field {key!r} is empty")
    return value


def _int(data: Mapping[str, object], key: str, *, where: str) -> int:
    value = _require(data, key, where=where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactBaseError(f"{where}: field {key!r} must be an integer, got {value!r}")
    return value


def _str_tuple(data: Mapping[str, object], key: str, *, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str) or not isinstance(value, list):
        raise FactBaseError(f"{where}: field {key!r} must be a list of strings, got {value!r}")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise FactBaseError(f"{where}: field {key!r} has a non-string/empty item {item!r}")
        if item.strip() not in out:
            out.append(item.strip())
    return tuple(out)


def _check_keys(
    data: Mapping[str, object],
    allowed: AbstractSet[str],
    *,
    where: str,
    required: AbstractSet[str] = frozenset(),
) -> None:
    """Missing required fields are reported first (a typo shows up as both)."""
    missing = sorted(required - set(data))
    extra = sorted(set(data) - allowed - required)
    if missing:
        hint = f" (unknown field(s) {', '.join(map(repr, extra))})" if extra else ""
        raise FactBaseError(f"{where}: missing field {', '.join(map(repr, missing))}{hint}")
    if extra:
        raise FactBaseError(f"{where}: unknown field(s) {', '.join(map(repr, extra))}")


def parse_value(data: Mapping[str, object], *, where: str) -> Value:
    """Parse one ``value = { type = ..., ... }`` table; ``where`` prefixes error messages."""
    if not isinstance(data, Mapping):
        raise FactBaseError(f"{where}: value must be a table, got {data!r}")
    kind = data.get("type")
    if kind is None:
        raise FactBaseError(f"{where}: value is missing field 'type'")
    if kind not in VALUE_TYPES:
        raise FactBaseError(
            f"{where}: unknown value type {kind!r} (expected one of {', '.join(VALUE_TYPES)})"
        )
    w = f"{where} ({kind} value)"
    match kind:
        case "date":
            _check_keys(data, {"type"}, required={"date"}, where=w)
            return parse_date(_require(data, "date", where=w), where=w)
        case "span":
            _check_keys(data, {"type", "end"}, required={"start"}, where=w)
            start = parse_date(_require(data, "start", where=w), where=w)
            raw_end = data.get("end")
            end = None if raw_end in (None, "", "ongoing") else parse_date(raw_end, where=w)
            if end is not None and end.sort_key() < start.sort_key():
                raise FactBaseError(
                    f"{w}: span ends ({end.iso()}) before it starts ({start.iso()})"
                )
            return SpanValue(start, end)
        case "number":
            _check_keys(data, {"type", "qualifier"}, required={"value", "unit"}, where=w)
            raw = _require(data, "value", where=w)
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise FactBaseError(f"{w}: field 'value' must be a number, got {raw!r}")
            qualifier = data.get("qualifier", "exact")
            if qualifier not in QUALIFIERS:
                raise FactBaseError(
                    f"{w}: unknown qualifier {qualifier!r} "
                    f"(expected one of {', '.join(QUALIFIERS)})"
                )
            return NumberValue(float(raw), _str(data, "unit", where=w), cast(Qualifier, qualifier))
        case "duration":
            _check_keys(data, {"type"}, required={"amount", "unit"}, where=w)
            amount = _int(data, "amount", where=w)
            if amount <= 0:
                raise FactBaseError(f"{w}: field 'amount' must be positive, got {amount}")
            unit = _str(data, "unit", where=w)
            if unit not in DURATION_UNITS:
                raise FactBaseError(
                    f"{w}: unknown unit {unit!r} (expected one of {', '.join(DURATION_UNITS)})"
                )
            return DurationValue(amount, cast(DurationUnit, unit))
        case "entity":
            _check_keys(data, {"type", "aliases"}, required={"name"}, where=w)
            return EntityValue(_str(data, "name", where=w), _str_tuple(data, "aliases", where=w))
        case "acronym":
            _check_keys(data, {"type"}, required={"acronym", "expansion"}, where=w)
            return AcronymValue(_str(data, "acronym", where=w), _str(data, "expansion", where=w))
        case "resolution":
            _check_keys(data, {"type", "year"}, required={"number"}, where=w)
            number = _int(data, "number", where=w)
            year = _int(data, "year", where=w) if "year" in data else None
            return ResolutionValue(number, year)
    raise AssertionError(kind)  # pragma: no cover


def dump_value(value: Value) -> dict[str, object]:
    """The fact-base table for a value: the inverse of `parse_value` (stored as JSON)."""
    match value:
        case DateValue():
            return {"type": "date", "date": value.iso()}
        case SpanValue():
            span: dict[str, object] = {"type": "span", "start": value.start.iso()}
            if value.end is not None:
                span["end"] = value.end.iso()
            return span
        case NumberValue():
            number = int(value.value) if value.value.is_integer() else value.value
            return {
                "type": "number",
                "value": number,
                "unit": value.unit,
                "qualifier": value.qualifier,
            }
        case DurationValue():
            return {"type": "duration", "amount": value.amount, "unit": value.unit}
        case EntityValue():
            return {"type": "entity", "name": value.name, "aliases": list(value.aliases)}
        case AcronymValue():
            return {"type": "acronym", "acronym": value.acronym, "expansion": value.expansion}
        case ResolutionValue():
            resolution: dict[str, object] = {"type": "resolution", "number": value.number}
            if value.year is not None:
                resolution["year"] = value.year
            return resolution
    raise AssertionError(value)  # pragma: no cover


def _parse_reference(ref_id: str, data: object) -> Reference:
    where = f"reference {ref_id!r}"
    if not _ID_RE.match(ref_id):
        raise FactBaseError(f"{where}: id must be lower-case words joined by '-'")
    if not isinstance(data, Mapping):
        raise FactBaseError(f"{where}: must be a table")
    _check_keys(data, set(), required={"title", "publisher", "url", "accessed"}, where=where)
    url = _str(data, "url", where=where)
    if not url.startswith("https://") or len(url) <= len("https://") or " " in url:
        raise FactBaseError(f"{where}: url must be an https:// URL, got {url!r}")
    accessed_raw = _require(data, "accessed", where=where)
    if isinstance(accessed_raw, dt.date) and not isinstance(accessed_raw, dt.datetime):
        accessed = accessed_raw.isoformat()
    elif isinstance(accessed_raw, str):
        try:
            accessed = dt.date.fromisoformat(accessed_raw.strip()).isoformat()
        except ValueError:
            raise FactBaseError(
                f"{where}: 'accessed' must be an ISO date (YYYY-MM-DD), got {accessed_raw!r}"
            ) from None
    else:
        raise FactBaseError(f"{where}: 'accessed' must be an ISO date, got {accessed_raw!r}")
    return Reference(
        id=ref_id,
        title=_str(data, "title", where=where),
        publisher=_str(data, "publisher", where=where),
        url=url,
        accessed=accessed,
    )


_FACT_KEYS = {
    "id",
    "subject",
    "aliases",
    "predicate",
    "cues",
    "value",
    "statement",
    "reference",
    "tags",
}

_FACT_REQUIRED = {"id", "subject", "predicate", "value", "statement", "reference"}


def _parse_fact(index: int, data: object, refs: Mapping[str, Reference]) -> Fact:
    if not isinstance(data, Mapping):
        raise FactBaseError(f"facts[{index}]: must be a table")
    raw_id = data.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise FactBaseError(f"facts[{index}]: missing field 'id'")
    fact_id = raw_id.strip()
    where = f"fact {fact_id!r}"
    if not _ID_RE.match(fact_id):
        raise FactBaseError(f"{where}: id must be lower-case words joined by '-'")
    _check_keys(data, _FACT_KEYS, required=_FACT_REQUIRED, where=where)
    subject = _str(data, "subject", where=where)
    predicate = _str(data, "predicate", where=where)
    statement = _str(data, "statement", where=where)
    ref_id = _str(data, "reference", where=where)
    if ref_id not in refs:
        raise FactBaseError(f"{where}: unknown reference id {ref_id!r}")
    value = parse_value(
        cast(Mapping[str, object], _require(data, "value", where=where)), where=where
    )
    return Fact(
        id=fact_id,
        subject=subject,
        aliases=_str_tuple(data, "aliases", where=where),
        predicate=predicate,
        value=value,
        statement=statement,
        reference=refs[ref_id],
        cues=_str_tuple(data, "cues", where=where),
        tags=_str_tuple(data, "tags", where=where),
    )


def load_factbase(text: str) -> FactBase:
    """Parse and validate a fact-base TOML document; every problem raises FactBaseError."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FactBaseError(f"fact base is not valid TOML: {exc}") from None
    extra = sorted(set(doc) - {"references", "facts"})
    if extra:
        raise FactBaseError(f"fact base: unknown top-level key(s) {', '.join(map(repr, extra))}")
    raw_refs = doc.get("references", {})
    if not isinstance(raw_refs, dict):
        raise FactBaseError("fact base: [references] must be a table of tables")
    refs = {ref_id: _parse_reference(ref_id, data) for ref_id, data in raw_refs.items()}
    raw_facts = doc.get("facts", [])
    if not isinstance(raw_facts, list):
        raise FactBaseError("fact base: 'facts' must be an array of tables ([[facts]])")
    facts: list[Fact] = []
    seen: set[str] = set()
    for index, data in enumerate(raw_facts):
        fact = _parse_fact(index, data, refs)
        if fact.id in seen:
            raise FactBaseError(f"fact {fact.id!r}: duplicate fact id")
        seen.add(fact.id)
        facts.append(fact)
    return FactBase(references=tuple(refs.values()), facts=tuple(facts))


def load_factbase_file(path: pathlib.Path) -> FactBase:
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FactBaseError(f"cannot read fact base {path}: {exc}") from None
    return load_factbase(text)
