"""Tests for the reference fact base (lessons.facts.factbase, lessons.facts.schema) and
seeds/facts.toml."""

from __future__ import annotations

import datetime as dt
import pathlib
import tomllib
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.facts.factbase import (
    Fact,
    FactBase,
    FactBaseError,
    load_factbase,
    load_factbase_file,
)
from lessons.facts.schema import dump_value, parse_value
from lessons.facts.values import (
    AcronymValue,
    BooleanValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    ResolutionValue,
    SpanValue,
    format_value,
)

FACTS_PATH = pathlib.Path(__file__).resolve().parents[2] / "seeds" / "facts.toml"

VALUE_TYPES = (
    DateValue,
    SpanValue,
    NumberValue,
    DurationValue,
    EntityValue,
    AcronymValue,
    ResolutionValue,
    BooleanValue,
)


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase_file(FACTS_PATH)


@pytest.fixture(scope="module")
def raw_doc() -> dict:
    return tomllib.loads(FACTS_PATH.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the real file


def test_real_factbase_loads_with_enough_facts(factbase: FactBase) -> None:
    assert len(factbase.facts) >= 45
    assert len(factbase.references) >= 10
    assert all(isinstance(f, Fact) for f in factbase.facts)


def test_every_fact_cites_an_https_reference_read_on_an_iso_date(factbase: FactBase) -> None:
    for fact in factbase.facts:
        ref = fact.reference
        assert ref.url.startswith("https://"), fact.id
        assert ref.title, fact.id
        assert ref.publisher, fact.id
        dt.date.fromisoformat(ref.accessed)
        assert ref in factbase.references, fact.id


def test_ids_are_unique_in_the_source_file(raw_doc: dict) -> None:
    fact_ids = Counter(f["id"] for f in raw_doc["facts"])
    assert [i for i, n in fact_ids.items() if n > 1] == []
    assert len(raw_doc["references"]) == len(set(raw_doc["references"]))


def test_every_reference_is_cited(factbase: FactBase) -> None:
    cited = {f.reference.id for f in factbase.facts}
    assert {r.id for r in factbase.references} == cited


def test_every_value_type_is_exercised(factbase: FactBase) -> None:
    present = {type(f.value) for f in factbase.facts}
    assert present == set(VALUE_TYPES)


def test_statements_are_single_learnable_sentences(factbase: FactBase) -> None:
    for fact in factbase.facts:
        assert fact.statement[0].isupper() or fact.statement[0].isdigit(), fact.id
        assert fact.statement.endswith("."), fact.id
        assert fact.predicate, fact.id
        assert fact.subject, fact.id
        assert len(fact.statement) < 300, fact.id


def test_timeline_facts_are_dated_and_glossary_facts_are_names(factbase: FactBase) -> None:
    timeline = factbase.tagged("timeline")
    glossary = factbase.tagged("glossary")
    assert len(timeline) >= 20
    assert len(glossary) >= 10
    assert all(isinstance(f.value, DateValue | SpanValue) for f in timeline)
    assert all(isinstance(f.value, AcronymValue | EntityValue) for f in glossary)


@pytest.mark.parametrize(
    "acronym",
    ["NATO", "KFOR", "UNMIK", "KLA", "SACEUR", "IFOR", "SFOR", "ISAF", "EULEX", "OSCE", "KSF"],
)
def test_article_acronyms_are_in_the_glossary(factbase: FactBase, acronym: str) -> None:
    expansions = [f.value for f in factbase.facts if isinstance(f.value, AcronymValue)]
    assert acronym in {v.acronym for v in expansions}


def test_isaf_facts_distinguish_un_authorisation_from_nato_command(factbase: FactBase) -> None:
    isaf = factbase.about("International Security Assistance Force")
    assert {f.id for f in isaf} >= {"isaf-established-by-un", "nato-took-command-of-isaf"}

    un = factbase.by_id("isaf-established-by-un")
    nato = factbase.by_id("nato-took-command-of-isaf")
    assert un.value == DateValue(2001, 12, 20)
    assert nato.value == DateValue(2003, 8, 11)
    assert un.predicate != nato.predicate
    assert "UN" in un.predicate
    assert "NATO" in nato.predicate
    assert format_value(factbase.by_id("isaf-mission-years").value) == "2001–2014"
    assert factbase.by_id("isaf-resolution").value == ResolutionValue(1386, 2001)
    assert factbase.by_id("isaf-ended").value == DateValue(2014, 12)


def test_core_kosovo_facts(factbase: FactBase) -> None:
    assert factbase.by_id("allied-force-began").value == DateValue(1999, 3, 24)
    assert factbase.by_id("allied-force-suspended").value == DateValue(1999, 6, 10)
    assert factbase.by_id("allied-force-duration").value == DurationValue(78, "days")
    assert factbase.by_id("allied-force-sorties").value == NumberValue(
        38000, "combat sorties", "over"
    )
    assert factbase.by_id("unscr-1244-adopted").value == DateValue(1999, 6, 10)
    assert factbase.by_id("kfor-mandate-resolution").value == ResolutionValue(1244, 1999)
    assert factbase.by_id("kosovo-independence").value == DateValue(2008, 2, 17)
    assert factbase.by_id("oup-enforced-resolution").value == ResolutionValue(1973, 2011)


def test_june_1999_events_are_in_order(factbase: FactBase) -> None:
    order = [
        "mta-signed",
        "unscr-1244-adopted",
        "kfor-entered-kosovo",
        "yugoslav-withdrawal-complete",
        "kla-demilitarisation-undertaking",
    ]
    keys = [factbase.by_id(i).value.sort_key() for i in order]  # type: ignore[union-attr]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_about_is_case_insensitive_and_uses_aliases(factbase: FactBase) -> None:
    by_subject = {f.id for f in factbase.about("kfor")}
    by_alias = {f.id for f in factbase.about("  KOSOVO   force ")}
    assert by_subject == by_alias
    assert "kfor-entered-kosovo" in by_subject
    assert factbase.about("no such thing") == []


def test_by_id_unknown_raises_key_error(factbase: FactBase) -> None:
    with pytest.raises(KeyError):
        factbase.by_id("no-such-fact")


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (DateValue(1999, 6, 12), "12 June 1999"),
        (DateValue(1999, 6), "June 1999"),
        (DateValue(1999), "1999"),
        (SpanValue(DateValue(1999), DateValue(2014)), "1999–2014"),
        (SpanValue(DateValue(2001, 12), DateValue(2014, 12)), "December 2001 – December 2014"),
        (SpanValue(DateValue(1999, 6, 12), None), "12 June 1999 – present"),
        (NumberValue(38000, "sorties", "over"), "over 38,000 sorties"),
        (NumberValue(50000, "troops", "approximately"), "approximately 50,000 troops"),
        (NumberValue(45, "killed"), "45 killed"),
        (NumberValue(2.5, ""), "2.5"),
        (DurationValue(78, "days"), "78 days"),
        (DurationValue(1, "years"), "1 year"),
        (EntityValue("Slobodan Milošević", ("Milosevic",)), "Slobodan Milošević"),
        (AcronymValue("KFOR", "Kosovo Force"), "Kosovo Force (KFOR)"),
        (ResolutionValue(1244, 1999), "Resolution 1244 (1999)"),
        (ResolutionValue(1031), "Resolution 1031"),
    ],
)
def test_format_value(value, expected: str) -> None:
    assert format_value(value) == expected


def test_format_value_rejects_non_values() -> None:
    with pytest.raises(TypeError):
        format_value("1999")  # type: ignore[arg-type]


def parse_date(text: str) -> DateValue:
    value = parse_value({"type": "date", "date": text}, where="test")
    assert isinstance(value, DateValue)
    return value


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("1999-06-12", DateValue(1999, 6, 12), "day"),
        ("1999-06", DateValue(1999, 6), "month"),
        ("1999", DateValue(1999), "year"),
    ],
)
def test_parse_date_granularity(text: str, expected: DateValue, granularity: str) -> None:
    value = parse_date(text)
    assert value == expected
    assert value.granularity == granularity


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"type": "date", "date": "1999-06-12"}, DateValue(1999, 6, 12)),
        (
            {"type": "span", "start": "2001-12", "end": "2014-12"},
            SpanValue(DateValue(2001, 12), DateValue(2014, 12)),
        ),
        ({"type": "span", "start": "1999-06-12"}, SpanValue(DateValue(1999, 6, 12), None)),
        (
            {"type": "number", "value": 38000, "unit": "sorties", "qualifier": "over"},
            NumberValue(38000.0, "sorties", "over"),
        ),
        ({"type": "number", "value": 19, "unit": "members"}, NumberValue(19, "members")),
        ({"type": "duration", "amount": 78, "unit": "days"}, DurationValue(78, "days")),
        (
            {"type": "entity", "name": "Slobodan Milošević", "aliases": ["Milosevic"]},
            EntityValue("Slobodan Milošević", ("Milosevic",)),
        ),
        (
            {"type": "acronym", "acronym": "KFOR", "expansion": "Kosovo Force"},
            AcronymValue("KFOR", "Kosovo Force"),
        ),
        ({"type": "resolution", "number": 1244, "year": 1999}, ResolutionValue(1244, 1999)),
        ({"type": "resolution", "number": 1031}, ResolutionValue(1031, None)),
    ],
)
def test_parse_value_shapes(data: dict, expected) -> None:
    assert parse_value(data, where="fact 'x'") == expected


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_parse_date_round_trips_iso(day: dt.date) -> None:
    value = parse_date(day.isoformat())
    assert value.iso() == day.isoformat()
    assert parse_date(value.iso()[:7]).granularity == "month"


# --------------------------------------------------------------------------- validation

VALID = """
[references.nato-kfor]
title = "NATO's role in Kosovo"
publisher = "NATO"
url = "https://www.nato.int/cps/en/natohq/topics_48818.htm"
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
"""

SECOND_FACT = """
[[facts]]
id = "{id}"
subject = "Operation Allied Force"
predicate = "lasted"
value = {{ type = "duration", amount = 78, unit = "days" }}
statement = "The air campaign lasted 78 days."
reference = "nato-kfor"
"""


def test_minimal_document_loads() -> None:
    fb = load_factbase(VALID)
    fact = fb.by_id("kfor-entered-kosovo")
    assert fact.value == DateValue(1999, 6, 12)
    assert fact.aliases == ("Kosovo Force", "KFOR")
    assert fact.cues == ("deployed", "entered", "arrived")
    assert fact.tags == ("timeline",)
    assert fact.reference.id == "nato-kfor"
    assert fb.about("kosovo force") == [fact]


def _expect_error(text: str, *needles: str) -> None:
    with pytest.raises(FactBaseError) as info:
        load_factbase(text)
    message = str(info.value)
    for needle in needles:
        assert needle in message, message


@pytest.mark.parametrize(
    ("old", "new", "needles"),
    [
        pytest.param(
            'type = "date", date = "1999-06-12"',
            'type = "timestamp", date = "1999-06-12"',
            ("kfor-entered-kosovo", "unknown value type", "timestamp"),
            id="unknown-type",
        ),
        pytest.param(
            'date = "1999-06-12"',
            'date = "1999-02-30"',
            ("kfor-entered-kosovo", "bad date"),
            id="impossible-date",
        ),
        pytest.param(
            'date = "1999-06-12"',
            'date = "12 June 1999"',
            ("kfor-entered-kosovo", "bad date"),
            id="unparseable-date",
        ),
        pytest.param(
            'date = "1999-06-12"',
            'day = "1999-06-12"',
            ("kfor-entered-kosovo", "'date'"),
            id="missing-value-field",
        ),
        pytest.param(
            'statement = "The first KFOR troops entered Kosovo on 12 June 1999."\n',
            "",
            ("kfor-entered-kosovo", "missing field 'statement'"),
            id="missing-statement",
        ),
        pytest.param(
            'predicate = "entered Kosovo"',
            'predicate = "   "',
            ("kfor-entered-kosovo", "predicate:", "empty"),
            id="blank-predicate",
        ),
        pytest.param(
            'statement = "The first KFOR troops entered Kosovo on 12 June 1999."',
            'statement = ""',
            ("kfor-entered-kosovo", "statement:", "empty"),
            id="empty-statement",
        ),
        pytest.param(
            'reference = "nato-kfor"',
            'reference = "nato-missing"',
            ("kfor-entered-kosovo", "unknown reference id", "nato-missing"),
            id="unknown-reference",
        ),
        pytest.param(
            'url = "https://www.nato.int/cps/en/natohq/topics_48818.htm"',
            'url = "http://www.nato.int/cps/en/natohq/topics_48818.htm"',
            ("nato-kfor", "https"),
            id="non-https-url",
        ),
        pytest.param(
            'accessed = "2026-11-21"',
            'accessed = "last week"',
            ("nato-kfor", "accessed"),
            id="bad-accessed-date",
        ),
        pytest.param(
            'publisher = "NATO"\n',
            "",
            ("nato-kfor", "missing field 'publisher'"),
            id="missing-reference-field",
        ),
        pytest.param(
            'tags = ["timeline"]',
            'tags = "timeline"',
            ("kfor-entered-kosovo", "tags:", "list"),
            id="tags-not-a-list",
        ),
        pytest.param(
            'tags = ["timeline"]',
            'tags = ["timeline"]\nsource = "x"',
            ("kfor-entered-kosovo", "unknown field", "source"),
            id="unknown-fact-field",
        ),
        pytest.param(
            'value = { type = "date", date = "1999-06-12" }',
            'value = { type = "number", value = 38000, unit = "sorties", qualifier = "roughly" }',
            ("kfor-entered-kosovo", "qualifier", "roughly"),
            id="unknown-qualifier",
        ),
        pytest.param(
            'value = { type = "date", date = "1999-06-12" }',
            'value = { type = "duration", amount = 78, unit = "fortnights" }',
            ("kfor-entered-kosovo", "fortnights"),
            id="unknown-duration-unit",
        ),
        pytest.param(
            'value = { type = "date", date = "1999-06-12" }',
            'value = { type = "span", start = "2014-12", end = "2001-12" }',
            ("kfor-entered-kosovo", "before it starts"),
            id="span-ends-before-start",
        ),
        pytest.param(
            'value = { type = "date", date = "1999-06-12" }',
            'value = { type = "resolution", number = "1244" }',
            ("kfor-entered-kosovo", "value.number:", "integer"),
            id="resolution-number-not-int",
        ),
        pytest.param(
            'value = { type = "date", date = "1999-06-12" }',
            'value = { type = "acronym", acronym = "KFOR" }',
            ("kfor-entered-kosovo", "'expansion'"),
            id="acronym-missing-expansion",
        ),
        pytest.param(
            'value = { type = "date", date = "1999-06-12" }\n',
            "",
            ("kfor-entered-kosovo", "'value'"),
            id="missing-value",
        ),
    ],
)
def test_validation_errors_name_the_id(old: str, new: str, needles: tuple[str, ...]) -> None:
    assert old in VALID
    _expect_error(VALID.replace(old, new, 1), *needles)


def test_an_error_names_the_file_the_fact_and_the_field(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(VALID.replace('date = "1999-06-12"', 'date = "1999-13"'), encoding="utf-8")
    with pytest.raises(FactBaseError) as info:
        load_factbase_file(path)
    assert str(info.value).startswith(
        "facts.toml: fact 'kfor-entered-kosovo': value.date: bad date '1999-13'"
    )


def test_every_problem_of_a_fact_is_reported() -> None:
    # A misspelt field is both missing and unknown.
    text = VALID.replace("statement =", "statment =", 1)
    _expect_error(text, "missing field 'statement'", "unknown field 'statment'")


def test_duplicate_fact_id_is_rejected() -> None:
    text = VALID + SECOND_FACT.format(id="kfor-entered-kosovo")
    _expect_error(text, "kfor-entered-kosovo", "duplicate")
    assert len(load_factbase(VALID + SECOND_FACT.format(id="allied-force-duration")).facts) == 2


def test_fact_without_id_is_rejected() -> None:
    _expect_error(VALID.replace('id = "kfor-entered-kosovo"\n', ""), "facts[0]", "'id'")


def test_invalid_toml_is_a_factbase_error() -> None:
    _expect_error(VALID + "\n[[facts]\n", "not valid TOML")


def test_missing_file_is_a_factbase_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FactBaseError, match="cannot read"):
        load_factbase_file(tmp_path / "missing.toml")


def test_file_loader_reads_utf8(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(VALID.replace("KFOR troops", "KFOR troops (Milošević)"), encoding="utf-8")
    assert "Milošević" in load_factbase_file(path).facts[0].statement


def test_parse_value_rejects_missing_type() -> None:
    with pytest.raises(FactBaseError, match=r"fact 'x'.*'type'"):
        parse_value({"date": "1999"}, where="fact 'x'")


def test_parse_value_names_the_field() -> None:
    with pytest.raises(FactBaseError, match=r"^fact 'x': value\.date: bad date '1999-13'"):
        parse_value({"type": "date", "date": "1999-13"}, where="fact 'x'")


def test_date_value_rejects_day_without_month() -> None:
    with pytest.raises(ValueError, match="month"):
        DateValue(1999, None, 12)


def test_dump_value_round_trips_every_fact_of_the_real_fact_base():
    base = load_factbase_file(FACTS_PATH)
    for fact in base.facts:
        assert parse_value(dump_value(fact.value), where=fact.id) == fact.value


# --------------------------------------------------------------------------- cue hygiene


def test_dated_facts_never_use_a_year_as_a_cue(factbase: FactBase) -> None:
    # A cue inside the claim it should confirm ("2008" for "EULEX ... in 2008") confirms itself.
    for fact in factbase.facts:
        if isinstance(fact.value, DateValue | SpanValue):
            assert not [c for c in fact.cues if any(ch.isdigit() for ch in c)], fact.id


def test_operation_unified_protector_lists_both_of_its_resolutions(factbase: FactBase) -> None:
    # OUP enforced Resolutions 1970 and 1973: a fact for only one would refute the other.
    numbers = {
        f.value.number
        for f in factbase.about("Operation Unified Protector")
        if isinstance(f.value, ResolutionValue)
    }
    assert numbers == {1970, 1973}


def test_kfor_is_nato_led_from_june_1999(factbase: FactBase) -> None:
    led = factbase.by_id("kfor-led-by-nato")
    assert isinstance(led.value, EntityValue)
    assert led.value.name == "NATO"
    assert led.reference.url.startswith("https://www.nato.int/")
    assert factbase.by_id("kfor-entered-kosovo").reference is led.reference
    assert "established" in factbase.by_id("kfor-entered-kosovo").cues
