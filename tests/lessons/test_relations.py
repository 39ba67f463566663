"""Relation and concept claims, and refutations that are never wrong (issue 9, points 2 and 5).

Every fact base here is written inline, so the rules are tested apart from the seeds' data.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.facts.claims import Claim, extract_claims
from lessons.facts.factbase import Fact, FactBase, Reference
from lessons.facts.index import is_loose_name
from lessons.facts.outline import sentences_with_sections
from lessons.facts.values import (
    BooleanValue,
    DateValue,
    EntityValue,
    NumberValue,
    ResolutionValue,
    Value,
)
from lessons.facts.verify import Check, Context, check_sentence

REF = Reference("ref", "A cited page", "Publisher", "https://example.org/page", "2026-11-21")

ALLIED_FORCE = ("Operation Allied Force", "Allied Force")
KFOR = ("KFOR", "Kosovo Force")
ISAF = ("ISAF", "International Security Assistance Force")
EULEX = ("EULEX", "European Union Rule of Law Mission in Kosovo")
NATO = EntityValue("NATO", ("North Atlantic Treaty Organization",))
EU = EntityValue("European Union", ("EU",))
NOWHERE = Context()  # no titles, no earlier sentences


def fact(
    fact_id: str,
    names: tuple[str, ...],
    predicate: str,
    value: Value,
    cues: tuple[str, ...] = (),
    **fields: object,
) -> Fact:
    return Fact(
        id=fact_id,
        subject=names[0],
        aliases=names[1:],
        predicate=predicate,
        value=value,
        statement=f"{names[0]} {predicate}.",
        reference=REF,
        cues=cues,
        **fields,  # type: ignore[arg-type]
    )


def base(*facts: Fact) -> FactBase:
    return FactBase(references=(REF,), facts=facts)


def check(sentence: str, text: str, factbase: FactBase, context: Context = NOWHERE) -> Check:
    """The check of the claim whose words are ``text``."""
    found = [c for c in check_sentence(sentence, factbase, context) if c.claim.text == text]
    claims = [c.claim.text for c in check_sentence(sentence, factbase, context)]
    assert len(found) == 1, claims
    return found[0]


def verdict(sentence: str, text: str, factbase: FactBase, context: Context = NOWHERE) -> str:
    return str(check(sentence, text, factbase, context).verdict)


def claims_of(sentence: str, kind: str) -> list[str]:
    return [c.text for c in extract_claims(sentence) if c.kind == kind]


# --------------------------------------------------------------------------- generic names

CAMPAIGN_BEGAN = fact(
    "allied-force-began",
    ALLIED_FORCE,
    "began",
    DateValue(1999, 3, 24),
    ("began",),
    generic=("the air campaign",),
)
# The same fact written the old way: the loose name listed among the aliases.
CAMPAIGN_BEGAN_ALIAS = fact(
    "allied-force-began",
    (*ALLIED_FORCE, "air campaign"),
    "began",
    DateValue(1999, 3, 24),
    ("began",),
)
BOSNIA = Context(document="NATO in Bosnia: Operation Deliberate Force", heading="The air war")
KOSOVO = Context(document="NATO's Kosovo War", heading="Operation Allied Force: The Initial Phase")


@pytest.mark.parametrize("factbase", [base(CAMPAIGN_BEGAN), base(CAMPAIGN_BEGAN_ALIAS)])
def test_a_generic_name_outside_its_topic_settles_nothing(factbase) -> None:
    sentence = "The air campaign began on 30 August 1995."
    assert verdict(sentence, "30 August 1995", factbase, BOSNIA) == "NOT_ENOUGH_INFO"
    assert verdict(sentence, "30 August 1995", factbase) == "NOT_ENOUGH_INFO"


@pytest.mark.parametrize("factbase", [base(CAMPAIGN_BEGAN), base(CAMPAIGN_BEGAN_ALIAS)])
def test_a_generic_name_inside_its_topic_is_the_subject(factbase) -> None:
    assert verdict(
        "The air campaign began on 24 March 1999.", "24 March 1999", factbase, KOSOVO
    ) == ("SUPPORTED")
    wrong = check("The air campaign began on 30 August 1995.", "30 August 1995", factbase, KOSOVO)
    assert (wrong.verdict, wrong.correct_value) == ("REFUTED", "24 March 1999")


def test_a_sub_heading_is_part_of_the_topic() -> None:
    context = Context(
        document="NATO's Peace Enforcement Missions", sections=("Allied Force in 1999",)
    )
    sentence = "The air campaign began on 24 March 1999."
    assert verdict(sentence, "24 March 1999", base(CAMPAIGN_BEGAN), context) == "SUPPORTED"


def test_a_loose_alias_is_recognised_whoever_wrote_the_fact() -> None:
    assert is_loose_name("the air campaign")
    assert is_loose_name("NATO bombing campaign")
    assert is_loose_name("UN administration")
    assert not is_loose_name("Kosovo conflict")
    assert not is_loose_name("1995 NATO air campaign in Bosnia")
    assert not is_loose_name("NATO")


def test_a_subject_from_an_earlier_sentence_refutes_only_within_the_topic() -> None:
    previous = ("Unlike Operation Allied Force, the Bosnian operation was short.",)
    sentence = "The campaign began on 30 August 1995."
    off_topic = Context(document="NATO in Bosnia", previous=previous)
    assert verdict(sentence, "30 August 1995", base(CAMPAIGN_BEGAN), off_topic) == "NOT_ENOUGH_INFO"
    on_topic = Context(document="Operation Allied Force", previous=previous)
    assert verdict(sentence, "30 August 1995", base(CAMPAIGN_BEGAN), on_topic) == "REFUTED"
    # support from an earlier sentence needs no topic: agreeing with a cited fact is safe
    true = "The campaign began on 24 March 1999."
    assert verdict(true, "24 March 1999", base(CAMPAIGN_BEGAN), off_topic) == "SUPPORTED"


def test_a_sentence_that_names_its_own_subject_is_not_about_an_earlier_one() -> None:
    eulex_launched = fact("eulex-launched", EULEX, "was launched", DateValue(2008), ("launched",))
    context = Context(document="From UNMIK to EULEX", previous=("EULEX took over in 2008.",))
    sentence = "In January 2009 the Kosovo Security Force was launched."
    assert verdict(sentence, "January 2009", base(eulex_launched), context) == "NOT_ENOUGH_INFO"
    # nor does it borrow the earlier subject's fact to agree
    same_year = "In 2008 the Kosovo Security Force was launched."
    assert verdict(same_year, "2008", base(eulex_launched), context) == "NOT_ENOUGH_INFO"


# --------------------------------------------------------------------------- time

STRENGTH_1999 = fact(
    "kfor-strength-1999",
    KFOR,
    "had troops",
    NumberValue(50_000, "troops", "approximately"),
    ("troops",),
    as_of=DateValue(1999, 6),
)
STRENGTH_NOW = fact(
    "kfor-strength-now",
    KFOR,
    "has troops",
    NumberValue(4_500, "troops", "approximately"),
    ("troops",),
    as_of=DateValue(2025, 3),
)


def test_a_1999_troop_figure_is_never_compared_with_todays_strength() -> None:
    today_only = base(STRENGTH_NOW)
    sentence = "In June 1999 KFOR had about 50,000 troops."
    assert verdict(sentence, "about 50,000 troops", today_only) == "NOT_ENOUGH_INFO"
    at_peak = "At its peak in 1999 KFOR had about 50,000 troops."
    assert verdict(at_peak, "about 50,000 troops", today_only) == "NOT_ENOUGH_INFO"


def test_a_figure_of_the_facts_time_is_compared() -> None:
    both = base(STRENGTH_1999, STRENGTH_NOW)
    assert verdict("In June 1999 KFOR had about 50,000 troops.", "about 50,000 troops", both) == (
        "SUPPORTED"
    )
    wrong = check("In June 1999 KFOR had 20,000 troops.", "20,000 troops", both)
    assert wrong.fact is not None
    assert (wrong.verdict, wrong.fact.id) == ("REFUTED", "kfor-strength-1999")
    assert verdict("Today KFOR has about 4,500 troops.", "about 4,500 troops", both) == "SUPPORTED"
    assert verdict("Today KFOR has 20,000 troops.", "20,000 troops", both) == "REFUTED"


def test_an_undated_figure_may_agree_but_never_refutes_a_dated_fact() -> None:
    only_1999 = base(STRENGTH_1999)
    assert verdict("KFOR had about 50,000 troops.", "about 50,000 troops", only_1999) == "SUPPORTED"
    assert verdict("KFOR had 20,000 troops.", "20,000 troops", only_1999) == "NOT_ENOUGH_INFO"


def test_a_cue_that_names_the_facts_time_dates_the_claim() -> None:
    peak = fact(
        "kfor-peak",
        KFOR,
        "initial strength",
        NumberValue(50_000, "troops", "approximately"),
        ("troops", "at its height"),
        as_of=DateValue(1999),
    )
    sentence = "At its height KFOR had 20,000 troops."
    assert verdict(sentence, "20,000 troops", base(peak)) == "REFUTED"
    assert verdict("KFOR had 20,000 troops.", "20,000 troops", base(peak)) == "NOT_ENOUGH_INFO"


def test_a_dated_strength_is_not_refuted_by_a_fact_that_gives_no_time() -> None:
    undated = base(
        fact("kfor-strength", KFOR, "has troops", NumberValue(4_500, "troops"), ("troops",))
    )
    assert verdict("In 1999 KFOR had 50,000 troops.", "50,000 troops", undated) == "NOT_ENOUGH_INFO"


# --------------------------------------------------------------------------- other missions

KFOR_1244 = fact(
    "kfor-mandate",
    KFOR,
    "derives its mandate from",
    ResolutionValue(1244, 1999),
    ("mandate", "authorised", "authorized", "under"),
)
ISAF_1386 = fact(
    "isaf-mandate",
    ISAF,
    "was authorised by",
    ResolutionValue(1386, 2001),
    ("mandate", "authorised", "authorized", "under"),
)


def test_another_missions_resolution_is_not_a_refutation() -> None:
    sentence = "Like KFOR, ISAF was authorized under Resolution 1386."
    assert verdict(sentence, "Resolution 1386", base(KFOR_1244)) == "NOT_ENOUGH_INFO"
    assert verdict(sentence, "Resolution 1386", base(KFOR_1244, ISAF_1386)) == "SUPPORTED"
    # a mission the fact base does not know, named nearer the claim than KFOR
    unknown = "After KFOR, the UNMIL mission was authorized under Resolution 1509."
    assert verdict(unknown, "Resolution 1509", base(KFOR_1244)) == "NOT_ENOUGH_INFO"


def test_a_wrong_resolution_of_an_unambiguous_subject_is_refuted() -> None:
    wrong = check("KFOR was authorized under Resolution 1386.", "Resolution 1386", base(KFOR_1244))
    assert (wrong.verdict, wrong.correct_value) == ("REFUTED", "Resolution 1244 (1999)")


def test_two_facts_of_one_relation_with_different_values_refuse() -> None:
    oup = ("Operation Unified Protector", "Unified Protector")
    enforced = ("enforced",)
    both = base(
        fact("oup-1970", oup, "enforced", ResolutionValue(1970, 2011), enforced),
        fact("oup-1973", oup, "enforced", ResolutionValue(1973, 2011), enforced),
    )
    sentence = "Operation Unified Protector enforced Resolution 1975."
    assert verdict(sentence, "Resolution 1975", both) == "NOT_ENOUGH_INFO"
    assert verdict("Unified Protector enforced Resolution 1973.", "Resolution 1973", both) == (
        "SUPPORTED"
    )


def test_two_subjects_with_facts_of_the_kind_refuse() -> None:
    unmik = ("UNMIK", "United Nations Interim Administration Mission in Kosovo")
    both = base(
        KFOR_1244,
        fact("unmik-mandate", unmik, "mandate", ResolutionValue(1244, 1999), ("mandate", "under")),
    )
    sentence = "UNMIK and KFOR both worked under Resolution 1199."
    assert verdict(sentence, "Resolution 1199", both) == "NOT_ENOUGH_INFO"


# --------------------------------------------------------------------------- organisations

EULEX_BY_EU = fact(
    "eulex-established-by",
    EULEX,
    "was established by",
    EU,
    ("established by", "launched by", "led by", "EU-led"),
    single=True,
)


def test_a_wrong_organisation_is_refuted_with_the_correction() -> None:
    wrong = check(
        "EULEX was established by NATO in 2008.", "established by NATO", base(EULEX_BY_EU)
    )
    assert (wrong.verdict, wrong.correct_value) == ("REFUTED", "European Union")
    assert verdict(
        "EULEX was established by the EU.", "established by the EU", base(EULEX_BY_EU)
    ) == ("SUPPORTED")
    led = base(fact("eulex-led-by", EULEX, "is led by", EU, ("led by",), single=True))
    assert verdict("The NATO-led EULEX mission began in 2008.", "NATO-led", led) == "REFUTED"


def test_only_a_single_valued_relation_refutes_an_organisation() -> None:
    # the loader makes entity facts multi-valued unless the file says single = true
    many = base(
        fact(
            "eulex-established-by",
            EULEX,
            "was established by",
            EU,
            ("established by",),
            single=False,
        )
    )
    assert (
        verdict("EULEX was established by NATO.", "established by NATO", many) == "NOT_ENOUGH_INFO"
    )


def test_a_person_or_an_office_never_refutes_a_body() -> None:
    kfor_led = base(fact("kfor-led-by", KFOR, "is led by", NATO, ("led by",), single=True))
    assert verdict("KFOR was led by General Jackson.", "led by General Jackson", kfor_led) == (
        "NOT_ENOUGH_INFO"
    )
    assert verdict("KFOR was led by SACEUR.", "led by SACEUR", kfor_led) == "NOT_ENOUGH_INFO"
    assert verdict("KFOR was led by the EU.", "led by the EU", kfor_led) == "REFUTED"


def test_a_value_that_names_the_claimed_body_does_not_refute_it() -> None:
    presence = EntityValue(
        "UN member states and relevant international organisations, with substantial NATO "
        "participation"
    )
    resolution = ("UN Security Council Resolution 1244", "Resolution 1244")
    facts = base(
        fact(
            "res-presence",
            resolution,
            "authorised the presence",
            presence,
            ("authorized",),
            single=True,
        )
    )
    sentence = "Resolution 1244 authorized NATO to lead a peacekeeping operation."
    assert claims_of(sentence, "relation") == ["authorized NATO to lead"]
    assert verdict(sentence, "authorized NATO to lead", facts) == "NOT_ENOUGH_INFO"


def test_who_took_command_is_checked_on_the_subject_after_the_verb() -> None:
    isaf_command = base(
        fact("isaf-command", ISAF, "came under the command of", NATO, ("command",), single=True)
    )
    sentence = "In August 2003 NATO took command of ISAF."
    assert claims_of(sentence, "relation") == ["NATO took command of"]
    assert verdict(sentence, "NATO took command of", isaf_command) == "SUPPORTED"
    wrong = check(
        "In 2003 the European Union took command of ISAF.",
        "European Union took command of",
        isaf_command,
    )
    assert (wrong.verdict, wrong.correct_value) == ("REFUTED", "NATO")


def test_another_relation_of_the_subject_never_refutes() -> None:
    # the fact says who leads KFOR; "established by" is another relation, whatever the cues
    kfor_led = base(
        fact("kfor-led-by", KFOR, "is led by", NATO, ("led by", "established by"), single=True)
    )
    sentence = "KFOR was established by the UN Security Council in 1999."
    assert verdict(sentence, "established by the UN Security Council", kfor_led) == (
        "NOT_ENOUGH_INFO"
    )
    # "deployed by" and "launched by" say the same: who set the mission up
    launched = base(fact("eulex-by", EULEX, "was launched by", EU, ("launched by",), single=True))
    assert (
        verdict("EULEX, deployed by NATO, began work.", "deployed by NATO", launched) == "REFUTED"
    )


def test_a_body_that_is_part_of_the_value_is_not_contradicted() -> None:
    althea = EntityValue("EUFOR (Operation Althea)", ("EUFOR", "European Union force"))
    sfor = ("SFOR", "Stabilisation Force")
    succeeded = base(
        fact("sfor-next", sfor, "was succeeded by", althea, ("handed over",), single=True)
    )
    sentence = "SFOR handed over to the European Union in December 2004."
    assert verdict(sentence, "handed over to the European Union", succeeded) == "NOT_ENOUGH_INFO"


def test_an_agent_that_only_describes_a_longer_name_is_no_claim() -> None:
    assert claims_of("SFOR was succeeded by the UN mission in Bosnia.", "relation") == []
    assert claims_of("The force was led by NATO forces.", "relation") == ["led by NATO"]
    assert claims_of("IFOR was succeeded by SFOR in December 1996.", "relation") == [
        "succeeded by SFOR"
    ]


def test_handed_over_and_succeeded_by_are_relations() -> None:
    assert claims_of("In 2004 SFOR handed over to the EU.", "relation") == ["handed over to the EU"]
    assert claims_of("SFOR was succeeded by EUFOR Althea.", "relation") == [
        "succeeded by EUFOR Althea"
    ]


# --------------------------------------------------------------------------- authorisation

NO_UNSC = fact(
    "allied-force-unsc",
    ALLIED_FORCE,
    "had UN Security Council authorisation",
    BooleanValue(False),
    ("approval", "authorisation", "authorization", "mandate", "Security Council"),
)


def test_without_un_approval_is_a_yes_no_claim() -> None:
    sentence = "NATO's decision, without explicit UN Security Council approval, was controversial."
    [claim] = [c for c in extract_claims(sentence) if c.kind == "authorisation"]
    assert (claim.text, claim.value) == (
        "without explicit UN Security Council approval",
        BooleanValue(False),
    )
    assert claims_of("It went ahead without authorisation.", "authorisation") == []


def test_authorisation_claims_are_checked_against_boolean_facts() -> None:
    facts = base(NO_UNSC)
    true = "Operation Allied Force went ahead without UN Security Council authorisation."
    assert verdict(true, "without UN Security Council authorisation", facts) == "SUPPORTED"
    false = check(
        "Operation Allied Force was launched under a UN Security Council mandate.",
        "under a UN Security Council mandate",
        facts,
    )
    assert (false.verdict, false.correct_value) == ("REFUTED", "no")


def test_only_authorisation_facts_settle_an_authorisation_claim() -> None:
    isaf = base(
        fact("isaf-un-force", ISAF, "was a UN force", BooleanValue(False), ("UN force",)),
        fact("isaf-mandate", ISAF, "was UN-mandated", BooleanValue(True), ("mandate",)),
    )
    sentence = "ISAF was a UN force deployed under United Nations mandate."
    assert verdict(sentence, "under United Nations mandate", isaf) == "SUPPORTED"


def test_an_authorisation_claim_finds_its_subject_in_the_lesson() -> None:
    context = Context(previous=("The initial phase, Operation Allied Force, began in 1999.",))
    sentence = "NATO's decision to intervene, without UN Security Council approval, was debated."
    assert verdict(sentence, "without UN Security Council approval", base(NO_UNSC), context) == (
        "SUPPORTED"
    )


# --------------------------------------------------------------------------- tasks


def task(fact_id: str, name: str, *aliases: str) -> Fact:
    return fact(
        fact_id,
        KFOR,
        "mandate included",
        EntityValue(name, aliases),
        ("mandate", "tasks"),
        single=False,
    )


TASKS = base(
    task("kfor-secure", "a secure environment", "safe and secure environment"),
    task("kfor-borders", "border monitoring", "patrolling borders"),
)


def test_each_listed_task_is_a_claim_with_its_own_words() -> None:
    sentence = (
        "KFOR's mandate included patrolling borders, establishing a secure environment and "
        "running the civil administration."
    )
    assert claims_of(sentence, "task") == [
        "patrolling borders",
        "establishing a secure environment",
        "running the civil administration",
    ]
    assert claims_of(
        "Its primary mandate was to establish and maintain a secure environment.", "task"
    ) == ["establish and maintain a secure environment"]


def test_a_listed_task_supports_and_one_not_listed_is_never_refuted() -> None:
    sentence = (
        "KFOR's mandate included patrolling borders, establishing a secure environment and "
        "running the civil administration."
    )
    assert verdict(sentence, "patrolling borders", TASKS) == "SUPPORTED"
    assert verdict(sentence, "establishing a secure environment", TASKS) == "SUPPORTED"
    assert verdict(sentence, "running the civil administration", TASKS) == "NOT_ENOUGH_INFO"


def test_tasks_of_a_mission_named_earlier_are_found() -> None:
    context = Context(previous=("NATO deployed KFOR in June 1999.",))
    sentence = "Its mandate was to ensure a secure environment."
    assert verdict(sentence, "ensure a secure environment", TASKS, context) == "SUPPORTED"
    # a place the sentence names is where, not what: "in Kosovo" does not hide the subject
    kosovo = fact("kosovo-capital", ("Kosovo",), "capital", EntityValue("Pristina"), ("capital",))
    in_kosovo = "In Kosovo, its mandate was to ensure a secure environment."
    facts = base(*TASKS.facts, kosovo)
    assert verdict(in_kosovo, "ensure a secure environment", facts, context) == "SUPPORTED"


# --------------------------------------------------------------------------- the lesson's context


def test_each_sentence_knows_the_sub_headings_above_it() -> None:
    body = (
        "Intro sentence.\n\n### Kosovo Force (KFOR) in 1999\n\nKFOR arrived.\n\n"
        "#### Its tasks\n\nIt patrolled.\n\n### Libya\n\nThe mission began."
    )
    got = [(s.text, sections) for s, sections in sentences_with_sections(body)]
    assert got == [
        ("Intro sentence.", ()),
        ("Kosovo Force (KFOR) in 1999", ()),
        ("KFOR arrived.", ("Kosovo Force (KFOR) in 1999",)),
        ("Its tasks", ("Kosovo Force (KFOR) in 1999",)),
        ("It patrolled.", ("Kosovo Force (KFOR) in 1999", "Its tasks")),
        ("Libya", ()),
        ("The mission began.", ("Libya",)),
    ]


# --------------------------------------------------------------------------- properties

PIECES = [
    "KFOR",
    "NATO-led",
    "took command of",
    "established by NATO",
    "without UN Security Council approval",
    "under United Nations mandate",
    "its mandate included",
    "patrolling borders,",
    "and",
    "authorized NATO to",
    "lead",
    "in June 1999",
    "Resolution 1244",
    "the air campaign",
    "Later",
    "EU",
    ",",
    "The",
    "mission",
    "aimed to",
    "(KFOR)",
    "handed over to the",
    "Operation Joint Guardian",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25))
def test_every_claim_lies_inside_its_sentence(words: list[str]) -> None:
    sentence = " ".join(words) + "."
    for claim in extract_claims(sentence):
        assert 0 <= claim.start < claim.end <= len(sentence)
        assert sentence[claim.start : claim.end] == claim.text


MULTI_VALUED = base(
    *(
        fact(f.id, f.names, f.predicate, f.value, f.cues, single=False, generic=f.generic)
        for f in (CAMPAIGN_BEGAN, KFOR_1244, EULEX_BY_EU, NO_UNSC, STRENGTH_1999)
    ),
    fact("kfor-led", KFOR, "is led by", NATO, ("led by", "NATO-led", "command"), single=False),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "EULEX", "Resolution 1199", "in 2003"]), max_size=20))
def test_a_multi_valued_fact_never_refutes(words: list[str]) -> None:
    sentence = " ".join(words) + "."
    topic = Context(document="Operation Allied Force and KFOR", previous=("KFOR arrived.",))
    assert all(c.verdict != "REFUTED" for c in check_sentence(sentence, MULTI_VALUED, topic))


def _pathological() -> list[str]:
    return [
        "Its mandate included " + ", ".join(f"patrolling border number {i}" for i in range(800)),
        " ".join(["Allied"] * 3000) + " took command of",
        "NATO took command of " * 500,
        "without " + "explicit " * 3000 + "UN approval",
        " ".join(["Kosovo Force and"] * 1500),
        "aimed to " * 2000,
    ]


@pytest.mark.parametrize("sentence", _pathological())
def test_extraction_is_bounded_in_time_on_long_pathological_input(sentence: str) -> None:
    started = time.process_time()
    claims: list[Claim] = extract_claims(sentence)
    assert time.process_time() - started < 2.0
    assert all(sentence[c.start : c.end] == c.text for c in claims)


# --------------------------------------------------------------------------- concept claims


def concept(
    fact_id: str, names: tuple[str, ...], phrases: tuple[str, ...], generic: tuple[str, ...] = ()
) -> Fact:
    """A concept fact: multi-valued, tagged "concept", its value named by ``phrases``."""
    value = EntityValue(phrases[0], phrases[1:])
    return fact(
        fact_id,
        names,
        "is charged with",
        value,
        single=False,
        tags=("concept",),
        generic=generic,
    )


DETER = concept(
    "kfor-deter",
    KFOR,
    (
        "deterring renewed hostilities",
        "deter renewed conflict",
        "deterrent against renewed conflict",
    ),
    generic=("NATO Kosovo Mission",),
)
DEMINING = concept("kfor-demining", KFOR, ("supervising demining", "demining"))
ISAF_TRAINING = concept("isaf-training", ISAF, ("training Afghan security forces",))
CONCEPTS = base(DETER, DEMINING, ISAF_TRAINING)
KFOR_LESSON = Context(
    document="NATO's Kosovo Mission", heading="The Future of the NATO Kosovo Mission"
)


def concept_checks(sentence: str, context: Context = NOWHERE) -> list[Check]:
    return [c for c in check_sentence(sentence, CONCEPTS, context) if c.claim.kind == "concept"]


def test_a_concept_phrase_about_a_named_subject_is_supported_on_exactly_its_words() -> None:
    sentence = "KFOR's presence remains a critical deterrent against renewed conflict in Kosovo."
    [found] = concept_checks(sentence)
    assert found.verdict == "SUPPORTED"
    assert found.fact is DETER
    assert found.claim.text == "deterrent against renewed conflict"
    assert sentence[found.claim.start : found.claim.end] == found.claim.text


def test_a_concept_phrase_is_supported_when_the_titles_name_the_subject() -> None:
    sentence = "The key reason is to deter renewed conflict and provide a safety net."
    assert concept_checks(sentence) == []  # nothing says what the sentence is about
    [found] = concept_checks(sentence, KFOR_LESSON)  # "NATO Kosovo Mission" is KFOR here
    assert (found.verdict, found.claim.text) == ("SUPPORTED", "deter renewed conflict")


def test_a_concept_of_another_subject_named_in_the_sentence_is_not_claimed() -> None:
    # The lesson is about KFOR, but the sentence is about ISAF: KFOR's concept is not its.
    sentence = "ISAF also had to deter renewed conflict while training Afghan security forces."
    found = concept_checks(sentence, KFOR_LESSON)
    assert [(c.claim.text, c.fact) for c in found] == [
        ("training Afghan security forces", ISAF_TRAINING)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "KFOR did not deter renewed conflict in 2004.",
        "KFOR failed to deter renewed conflict.",
        "KFOR could deter renewed conflict if reinforced.",
        "In the future KFOR may deter renewed conflict.",
        "KFOR would never deter renewed conflict.",
    ],
)
def test_a_denied_or_hedged_concept_is_never_supported(sentence: str) -> None:
    [found] = concept_checks(sentence)
    assert found.verdict == "NOT_ENOUGH_INFO"
    assert found.fact is None


def test_a_hedge_in_another_clause_does_not_touch_the_concept() -> None:
    sentence = "KFOR supervised demining, though some argue it could have done more."
    [found] = concept_checks(sentence)
    assert (found.claim.text, found.verdict) == ("demining", "SUPPORTED")


def test_phrases_match_whole_words_only_and_the_longest_wins() -> None:
    assert concept_checks("KFOR's deminingteam arrived.") == []
    [found] = concept_checks("KFOR was supervising demining in 1999.")
    assert found.claim.text == "supervising demining"


def test_concept_facts_never_refute_and_are_not_looked_up_as_subjects() -> None:
    # A concept fact is found only by its phrases: "KFOR was led by the UN" is not compared
    # with it, and a sentence without the phrase gets no concept claim.
    sentence = "KFOR was established by the UN in 1999 to patrol the border."
    checks = check_sentence(sentence, CONCEPTS, KFOR_LESSON)
    assert all(c.verdict != "REFUTED" for c in checks)
    assert all(c.fact is None or c.fact.id not in {"kfor-deter", "kfor-demining"} for c in checks)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["KFOR", "deter", "renewed", "conflict", "did", "not", "demining", ",", "but", "may"]
        ),
        max_size=25,
    )
)
def test_concept_claims_are_never_refuted_and_keep_exact_offsets(words: list[str]) -> None:
    sentence = " ".join(words) + "."
    for found in check_sentence(sentence, CONCEPTS, KFOR_LESSON):
        assert sentence[found.claim.start : found.claim.end] == found.claim.text
        if found.claim.kind == "concept":
            assert found.verdict != "REFUTED"


@pytest.mark.parametrize(
    "sentence",
    [
        " ".join(["deter renewed"] * 4000) + " KFOR.",
        "KFOR " + "deterrent against renewed " * 3000,
        " ".join(["Kosovo Force"] * 4000),
    ],
)
def test_concept_matching_is_bounded_in_time(sentence: str) -> None:
    started = time.process_time()
    found = concept_checks(sentence, KFOR_LESSON)
    assert time.process_time() - started < 2.0
    assert all(sentence[c.claim.start : c.claim.end] == c.claim.text for c in found)


# --- a decision's date is not the event's ---------------------------------------------------

SFOR_ENDED = fact(
    "sfor-ended",
    ("SFOR", "Stabilisation Force"),
    "mission officially ended",
    DateValue(2004, 12, 2),
    ("ended", "concluded", "conclude"),
)


@pytest.mark.parametrize(
    "sentence",
    [
        "At the Istanbul Summit in June 2004, NATO leaders decided to conclude SFOR by the end "
        "of the year.",
        "In June 2004 the allies agreed to end SFOR.",
        "In June 2004 NATO announced that SFOR would be concluded.",
    ],
)
def test_the_date_of_a_decision_never_refutes_the_event(sentence: str) -> None:
    assert verdict(sentence, "June 2004", base(SFOR_ENDED)) == "NOT_ENOUGH_INFO"


def test_the_date_of_the_event_itself_still_refutes() -> None:
    sentence = "SFOR ended in June 2004."
    assert verdict(sentence, "June 2004", base(SFOR_ENDED)) == "REFUTED"
