"""Reference fact base: the records every check and question reads, and the loader for them.

The fact base is the only source of truth for quiz questions: every quiz claim must be
verified against a :class:`Fact`, and every fact cites a :class:`Reference` that a human
can open.  The file format is declared in :mod:`lessons.facts.schema`; this module turns a
validated document into frozen records.  No Django imports, so it can be used (and tested)
anywhere.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

from lessons.facts.schema import FactBaseError, decode_document, read_document
from lessons.facts.values import DateValue, EntityValue, Value
from lessons.text.normalise import fold_case

__all__ = [
    "Fact",
    "FactBase",
    "FactBaseError",
    "Reference",
    "load_factbase",
    "load_factbase_file",
]


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
    single: bool = True  # one right value: only then may a different value refute
    as_of: DateValue | None = None  # when the value held (a strength in June 1999)
    generic: tuple[str, ...] = ()  # loose names, valid only inside an article on the subject
    question: str = ""  # a teacher's question whose answer is the value
    false_statement: str = ""  # a plausible false statement for a true/false item
    confirmed_errors: tuple[str, ...] = ()  # wrong values in the seeds, refutation confirmed

    @property
    def names(self) -> tuple[str, ...]:
        """The subject followed by its aliases (deduplicated, original order)."""
        return tuple(dict.fromkeys((self.subject, *self.aliases)))


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


def default_single(value: Value) -> bool:
    """Dates, figures, resolutions and acronyms have one right value; an entity relation is
    single-valued only when the fact says so (``single = true``)."""
    return not isinstance(value, EntityValue)


def load_factbase(text: str, *, source: str = "fact base") -> FactBase:
    """Parse and validate a fact-base TOML document; every problem raises FactBaseError.

    ``source`` (the file's name) starts every error message.
    """
    document = read_document(text, source=source)
    references = {
        ref_id: Reference(ref_id, table.title, table.publisher, table.url, table.accessed)
        for ref_id, table in document.references.items()
    }
    facts = tuple(
        Fact(
            id=table.id,
            subject=table.subject,
            aliases=table.aliases,
            predicate=table.predicate,
            value=table.value.to_value(),
            statement=table.statement,
            reference=references[table.reference],
            cues=table.cues,
            tags=table.tags,
            single=default_single(table.value.to_value()) if table.single is None else table.single,
            as_of=table.as_of,
            generic=table.generic,
            question=table.question,
            false_statement=table.false_statement,
            confirmed_errors=table.confirmed_errors,
        )
        for table in document.facts
    )
    return FactBase(references=tuple(references.values()), facts=facts)


def load_factbase_file(path: pathlib.Path) -> FactBase:
    """Read, check and load one fact-base file; every problem raises FactBaseError by name."""
    try:
        raw = pathlib.Path(path).read_bytes()
    except OSError as exc:
        raise FactBaseError(f"cannot read fact base {path}: {exc.strerror or exc}") from None
    name = pathlib.Path(path).name
    return load_factbase(decode_document(raw, source=name), source=name)
