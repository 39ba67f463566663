"""What seeds/facts.toml says, checked as a teacher would: relations, mandates, authorisation.

The schema and loader are tested in test_factbase.py; these tests pin the *content* of the
real fact base: multi-valued relations never refute each other, generic names are not names,
time-bound figures carry their date, teacher questions and false statements are well formed,
the seeds' confirmed errors really are refuted, and the key teaching points (no Security
Council authorisation for Operation Allied Force; KFOR's tasks versus UNMIK's under Resolution
1244; who succeeded whom) hold with official sources.  Pure: no database.
"""

from __future__ import annotations

import pathlib
import re
from collections import defaultdict

import pytest

from lessons.facts.concepts import is_concept_fact
from lessons.facts.factbase import Fact, FactBase, load_factbase_file
from lessons.facts.tasks import is_task_fact
from lessons.facts.values import (
    BooleanValue,
    EntityValue,
    NumberValue,
    format_value,
)
from lessons.facts.verdicts import Verdict
from lessons.facts.verify import Context, check_sentence
from lessons.text.normalise import fold_case
from lessons.text.sentences import split_sentences

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "seeds"

# Loose names that may only stand for a subject inside an article about it.
GENERIC_NAMES = {
    "air campaign",
    "bombing campaign",
    "nato air campaign",
    "nato bombing campaign",
    "the mission",
    "the force",
    "the operation",
    "the campaign",
    "the intervention",
    "un administration",
}
# Publishers of the references added for issue 9: NATO, UN, EU, ICJ and governments only (a
# reproduction counts when its publisher line names the official source it reproduces).
OFFICIAL_PUBLISHERS = re.compile(
    r"NATO|United Nations|EULEX|International Court of Justice|House of Commons|White House"
    r"|Department of Defense|U\.S\. European Command"
)
ISSUE9_ACCESSED = "2026-12-01"


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase_file(SEEDS / "facts.toml")


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sentences += [line[start:end] for start, end in split_sentences(line)]
    return sentences


def _relations(factbase: FactBase) -> dict[tuple[str, str], list[Fact]]:
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in factbase.facts:
        groups[(fold_case(fact.subject), fact.predicate)].append(fact)
    return groups


def _names(fact: Fact) -> set[str]:
    """The value's name and aliases of an entity fact, case-folded."""
    assert isinstance(fact.value, EntityValue), fact.id
    return {fold_case(name) for name in (fact.value.name, *fact.value.aliases)}


# --------------------------------------------------------------------------- shape of relations


def test_a_relation_with_several_values_is_never_single_valued(factbase: FactBase) -> None:
    """Two facts with the same subject and predicate (KFOR's mandate tasks, the resolutions
    Unified Protector enforced) are values of one multi-valued relation: neither may refute."""
    shared = {key: facts for key, facts in _relations(factbase).items() if len(facts) > 1}
    assert len(shared) >= 5
    single = {f.id for facts in shared.values() for f in facts if f.single}
    assert single == set()


def test_mandates_are_multi_valued_with_one_fact_per_task(factbase: FactBase) -> None:
    relations = _relations(factbase)
    kfor = relations[("kfor", "mandate and mission include")]
    unmik = relations[("unmik", "responsibilities under Resolution 1244 included")]
    assert len(kfor) >= 10
    assert len(unmik) >= 7
    assert all(isinstance(f.value, EntityValue) and not f.single for f in kfor + unmik)
    assert len({f.value for f in kfor}) == len(kfor)  # one task per fact


def test_generic_names_are_not_names(factbase: FactBase) -> None:
    """ "the air campaign" must not name Operation Allied Force outside its article."""
    for fact in factbase.facts:
        assert {fold_case(n) for n in fact.names}.isdisjoint(GENERIC_NAMES), fact.id
    allied_force = [f for f in factbase.facts if f.subject == "Operation Allied Force"]
    assert len(allied_force) >= 12
    assert all("air campaign" in f.generic for f in allied_force)


def test_figures_that_change_over_time_carry_their_date(factbase: FactBase) -> None:
    """A troop strength or a count of members is compared only with a claim of its time."""
    for fact in factbase.facts:
        value = fact.value
        if not isinstance(value, NumberValue):
            continue
        if not re.search(r"troops|member states|contributing countries", value.unit):
            continue
        dated = fact.as_of is not None or re.search(r"peak|height|\d{4}", fact.predicate)
        assert dated, fact.id
    assert (
        factbase.by_id("kfor-initial-strength").as_of
        != factbase.by_id("kfor-current-strength").as_of
    )


# --------------------------------------------------------------------------- teacher's wording


def test_questions_ask_for_the_value_without_giving_it_away(factbase: FactBase) -> None:
    asked = [f for f in factbase.facts if f.question]
    assert len(asked) >= 40
    for fact in asked:
        assert fact.question.endswith("?"), fact.id
        assert fact.question[0].isupper(), fact.id
        if not isinstance(fact.value, BooleanValue):
            assert fold_case(format_value(fact.value)) not in fold_case(fact.question), fact.id


def test_false_statements_are_plausible_sentences_not_the_statement(factbase: FactBase) -> None:
    false = [f for f in factbase.facts if f.false_statement]
    assert len(false) >= 15
    for fact in false:
        assert fact.false_statement.endswith("."), fact.id
        assert fold_case(fact.false_statement) != fold_case(fact.statement), fact.id


def test_yes_no_facts_come_with_a_question(factbase: FactBase) -> None:
    booleans = [(f, f.value) for f in factbase.facts if isinstance(f.value, BooleanValue)]
    assert len(booleans) >= 4
    for fact, value in booleans:
        assert fact.question or fact.false_statement, fact.id
        if not value.holds:
            assert fact.false_statement, fact.id


# --------------------------------------------------------------------------- what is taught


def test_allied_force_had_no_security_council_authorisation(factbase: FactBase) -> None:
    fact = factbase.by_id("allied-force-unsc-authorisation")
    assert fact.value == BooleanValue(False)
    assert fact.single
    assert "authorised" in fact.false_statement
    assert fact.reference.publisher == "UK House of Commons"
    # The alliance's own decision is a different, single-valued fact: the North Atlantic Council.
    authorised_by = factbase.by_id("allied-force-authorised-by")
    assert isinstance(authorised_by.value, EntityValue)
    assert authorised_by.value.name == "North Atlantic Council"


def test_kfor_and_unmik_tasks_under_1244_are_not_mixed_up(factbase: FactBase) -> None:
    relations = _relations(factbase)
    kfor = set().union(*(_names(f) for f in relations[("kfor", "mandate and mission include")]))
    unmik = set().union(
        *(
            _names(f)
            for f in relations[("unmik", "responsibilities under Resolution 1244 included")]
        )
    )
    assert "demilitarizing the kla" in kfor
    assert "a secure environment" in kfor
    assert "civil administration" in unmik
    assert "law and order" in unmik
    # Civil administration and policing were UNMIK's, never KFOR's.
    civil_tasks = re.compile(r"civil(ian)? administration|local police|policing|law and order")
    assert not {n for n in kfor if civil_tasks.search(n)}
    civil = factbase.by_id("civil-administration-run-by-unmik")
    assert civil.single
    assert isinstance(civil.value, EntityValue)
    assert civil.value.name == "UNMIK"
    assert civil.question == "Which body ran the civil administration of Kosovo after June 1999?"


@pytest.mark.parametrize(
    ("fact_id", "successor"),
    [
        ("ifor-succeeded-by", "SFOR"),
        ("sfor-succeeded-by", "EUFOR (Operation Althea)"),
        ("isaf-succeeded-by", "Resolute Support Mission"),
    ],
)
def test_successions_are_single_valued(factbase: FactBase, fact_id: str, successor: str) -> None:
    fact = factbase.by_id(fact_id)
    assert fact.single
    assert isinstance(fact.value, EntityValue)
    assert fact.value.name == successor


def test_issue9_references_are_official_sources(factbase: FactBase) -> None:
    added = [r for r in factbase.references if r.accessed == ISSUE9_ACCESSED]
    assert len(added) >= 12
    for reference in added:
        assert reference.url.startswith("https://"), reference.id
        assert OFFICIAL_PUBLISHERS.search(reference.publisher), reference.id


# --------------------------------------------------------------------------- the seeds, checked


def test_confirmed_errors_are_what_the_seeds_say_and_what_is_refuted(
    factbase: FactBase, seed_sentences: list[str]
) -> None:
    """A confirmed error is a value a seed states about the fact's subject, the verifier
    refutes it with that very fact, and the fact's value is something else."""
    confirmed = [f for f in factbase.facts if f.confirmed_errors]
    assert {f.id for f in confirmed} >= {"isaf-established-by-un"}
    for fact in confirmed:
        for error in fact.confirmed_errors:
            assert fold_case(error) not in fold_case(format_value(fact.value)), fact.id
            stated = [
                s
                for s in seed_sentences
                if error in s and any(re.search(rf"\b{re.escape(n)}\b", s) for n in fact.names)
            ]
            assert stated, (fact.id, error)
            checks = [c for s in stated for c in check_sentence(s, factbase)]
            refuted = [
                c
                for c in checks
                if c.verdict == Verdict.REFUTED and c.fact is not None and c.fact.id == fact.id
            ]
            assert [fold_case(c.claim.text) for c in refuted] == [fold_case(error)], fact.id


def test_the_seeds_missing_authorisation_is_supported_by_the_boolean_fact(
    factbase: FactBase,
) -> None:
    sentence = (
        "NATO's decision to intervene militarily, without explicit UN Security Council "
        "approval, was controversial but ultimately aimed at preventing further atrocities."
    )
    checks = check_sentence(
        sentence, factbase, Context(heading="Operation Allied Force: The Initial Phase")
    )
    verdicts = {(c.verdict, c.fact.id if c.fact else None) for c in checks}
    assert (Verdict.SUPPORTED, "allied-force-unsc-authorisation") in verdicts
    assert not any(c.verdict == Verdict.REFUTED for c in checks)


# --------------------------------------------------------------------------- concept facts

# Single-word phrases a concept may have: technical terms that mean one thing in context.
_ONE_WORD_CONCEPTS = {"demining", "displacement", "unmik"}


def _concepts(factbase: FactBase) -> list[Fact]:
    return [f for f in factbase.facts if is_concept_fact(f)]


def test_concept_facts_are_multi_valued_with_specific_phrases(factbase: FactBase) -> None:
    concepts = _concepts(factbase)
    assert len(concepts) >= 20
    tagged = [f for f in factbase.facts if "concept" in f.tags]
    assert tagged == concepts  # every tagged fact is a well-formed concept fact
    for fact in concepts:
        assert not fact.single, fact.id
        for phrase in _names(fact):
            words = phrase.split()
            assert len(words) >= 2 or phrase in _ONE_WORD_CONCEPTS, (fact.id, phrase)


def test_concept_facts_cite_an_https_source_and_do_not_give_away_their_question(
    factbase: FactBase,
) -> None:
    for fact in _concepts(factbase):
        assert fact.reference.url.startswith("https://"), fact.id
        assert fact.statement.endswith("."), fact.id
        if fact.question:
            assert not any(p in fold_case(fact.question) for p in _names(fact)), fact.id


def test_concept_facts_are_not_mandate_task_facts(factbase: FactBase) -> None:
    """A concept is found by its phrases only; a task fact is found by its subject's list."""
    assert not any(is_task_fact(f) for f in _concepts(factbase))


KFOR_LESSON = Context(
    document="NATO's Kosovo Mission: A Deep Dive",
    heading="The Future of the NATO Kosovo Mission",
)
ALLIED_PEACEKEEPING = Context(
    document="Overview of Allied Peacekeeping Missions in Kosovo",
    heading="Strategic Objectives and Operational Structure",
)


@pytest.mark.parametrize(
    ("sentence", "context", "words", "fact_id"),
    [
        (
            "The key reason is to deter renewed conflict and provide a safety net as Kosovo "
            "continues its development.",
            KFOR_LESSON,
            "deter renewed conflict",
            "concept-kfor-deter-hostilities",
        ),
        (
            "The alliance remains committed to supporting a stable, secure, and multi-ethnic "
            "Kosovo.",
            KFOR_LESSON,
            "multi-ethnic Kosovo",
            "concept-kfor-multi-ethnic",
        ),
        (
            "These operations facilitated the withdrawal of hostile forces and fostered a safer "
            "environment for civilians and returning refugees.",
            ALLIED_PEACEKEEPING,
            "withdrawal of hostile forces",
            "concept-kfor-withdrawal",
        ),
        (
            "NATO’s peace enforcement mandates have their roots in the alliance’s post-World War "
            "II origins, initially focusing on collective defense against external threats.",
            Context(document="NATO’s Peace Enforcement Missions"),
            "collective defense",
            "concept-nato-collective-defence",
        ),
    ],
)
def test_seed_concepts_are_supported_on_their_words(
    factbase: FactBase, sentence: str, context: Context, words: str, fact_id: str
) -> None:
    found = [c for c in check_sentence(sentence, factbase, context) if c.claim.text == words]
    assert [(c.verdict, c.fact.id if c.fact else None) for c in found] == [
        (Verdict.SUPPORTED, fact_id)
    ]


NATO_ARTICLE = Context(document="NATO’s Peace Enforcement Missions")


@pytest.mark.parametrize(
    ("sentence", "context"),
    [
        # KFOR has no police or civilian component: nothing here may be marked as true.
        (
            "Civilian and police components integrated to support local governance and rule "
            "of law.",
            ALLIED_PEACEKEEPING,
        ),
        # KFOR was organised in multinational brigades, later battle groups, not battalions.
        (
            "Multiple multinational battalions deployed across Kosovo, each with specific "
            "regional responsibilities.",
            ALLIED_PEACEKEEPING,
        ),
        # A prediction or a possibility is not a fact, even about NATO's partnerships.
        ("Furthermore, strengthening international partnerships will remain vital.", NATO_ARTICLE),
        (
            "Collaborative frameworks involving the United Nations, European Union, and regional "
            "organizations can bolster NATO’s legitimacy and operational scope.",
            NATO_ARTICLE,
        ),
    ],
)
def test_seed_sentences_a_source_does_not_confirm_get_no_support(
    factbase: FactBase, sentence: str, context: Context
) -> None:
    checks = check_sentence(sentence, factbase, context)
    assert not any(c.verdict == Verdict.SUPPORTED for c in checks)
