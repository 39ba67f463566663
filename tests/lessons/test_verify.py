"""Verdicts for claims (lessons.facts.verify): granularity, qualifiers, fact choice, seeds."""

from __future__ import annotations

import pathlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.facts.claims import Claim, extract_claims
from lessons.facts.factbase import Fact, FactBase, Reference, load_factbase_file
from lessons.facts.values import (
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    ResolutionValue,
    SpanValue,
    Value,
)
from lessons.facts.verify import Check, Context, check_claim, check_sentence
from lessons.text.sentences import split_sentences

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

REF = Reference("ref", "A cited page", "Publisher", "https://example.org/page", "2026-11-21")

KFOR = ("KFOR", "Kosovo Force")
CAMPAIGN = ("Operation Allied Force", "Allied Force", "NATO bombing campaign", "bombing campaign")
ISAF = ("ISAF", "International Security Assistance Force")


def fact(
    fact_id: str,
    names: tuple[str, ...],
    predicate: str,
    value: Value,
    cues: tuple[str, ...] = (),
    statement: str = "",
) -> Fact:
    return Fact(
        id=fact_id,
        subject=names[0],
        aliases=names[1:],
        predicate=predicate,
        value=value,
        statement=statement or f"{names[0]} {predicate}.",
        reference=REF,
        cues=cues,
    )


def base(*facts: Fact) -> FactBase:
    return FactBase(references=(REF,), facts=facts)


KFOR_ENTERED = fact(
    "kfor-entered", KFOR, "entered Kosovo", DateValue(1999, 6, 12), ("deployed", "entered")
)
FB = base(
    KFOR_ENTERED,
    fact("kfor-acronym", KFOR, "stands for", AcronymValue("KFOR", "Kosovo Force"), ("KFOR",)),
    fact(
        "nato-acronym",
        ("NATO",),
        "stands for",
        AcronymValue("NATO", "North Atlantic Treaty Organization"),
    ),
    fact(
        "kfor-mandate",
        KFOR,
        "derives its mandate from",
        ResolutionValue(1244, 1999),
        ("mandate", "authorized", "established under"),
    ),
    fact(
        "kfor-strength",
        KFOR,
        "initial troop strength",
        NumberValue(50000, "troops", "approximately"),
        ("troops", "initially"),
    ),
    fact(
        "campaign-sorties",
        CAMPAIGN,
        "sorties flown",
        NumberValue(38004, "combat sorties"),
        ("sorties",),
    ),
    fact("campaign-duration", CAMPAIGN, "lasted", DurationValue(78, "days"), ("lasted",)),
    fact(
        "campaign-commander",
        CAMPAIGN,
        "was commanded by",
        EntityValue("Wesley Clark", ("General Wesley Clark",)),
        ("commanded",),
    ),
    fact(
        "isaf-established",
        ISAF,
        "was established",
        DateValue(2001, 12, 20),
        ("established", "launch", "launched"),
    ),
    fact(
        "isaf-nato-command",
        ISAF,
        "came under NATO command",
        DateValue(2003, 8, 11),
        ("NATO's involvement", "took command"),
    ),
    fact(
        "isaf-years",
        ISAF,
        "mission ran",
        SpanValue(DateValue(2001, 12), DateValue(2014, 12)),
        ("operated", "ran"),
    ),
    fact(
        "unmik-years",
        ("UNMIK",),
        "has been in Kosovo",
        SpanValue(DateValue(1999, 6, 10), None),
        ("present", "served"),
    ),
    fact(
        "milosevic-office",
        ("Slobodan Milošević", "Milošević"),
        "held the office of",
        EntityValue("President of the Federal Republic of Yugoslavia", ("Yugoslav President",)),
        ("President",),
    ),
)


def check(
    sentence: str, text: str, factbase: FactBase = FB, context: Context | None = None
) -> Check:
    """The check of the claim whose text is ``text``."""
    context = context or Context()
    checks = [c for c in check_sentence(sentence, factbase, context) if c.claim.text == text]
    assert len(checks) == 1, [c.claim.text for c in check_sentence(sentence, factbase, context)]
    return checks[0]


ALLIED_FORCE_LESSON = "Operation Allied Force: The Initial Phase"


def verdict(sentence: str, text: str, factbase: FactBase = FB, **context) -> str:
    return check(sentence, text, factbase, Context(**context)).verdict


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("NATO deployed KFOR in June 1999.", "June 1999", "SUPPORTED"),
        ("NATO deployed KFOR on 12 June 1999.", "12 June 1999", "SUPPORTED"),
        ("NATO deployed KFOR in 1999.", "1999", "SUPPORTED"),
        ("NATO deployed KFOR in March 1999.", "March 1999", "REFUTED"),
        ("NATO deployed KFOR on 13 June 1999.", "13 June 1999", "REFUTED"),
        ("NATO deployed KFOR in 2000.", "2000", "REFUTED"),
        ("KFOR entered Kosovo on June 12, 1999.", "June 12, 1999", "SUPPORTED"),
    ],
)
def test_dates_are_compared_at_the_claims_granularity(sentence, text, expected) -> None:
    assert verdict(sentence, text) == expected


def test_a_claim_finer_than_the_fact_is_not_enough_info() -> None:
    month_only = base(
        fact("kfor-entered", KFOR, "entered Kosovo", DateValue(1999, 6), ("deployed",))
    )
    assert verdict("NATO deployed KFOR on 12 June 1999.", "12 June 1999", month_only) == (
        "NOT_ENOUGH_INFO"
    )
    assert verdict("NATO deployed KFOR on 12 May 1999.", "12 May 1999", month_only) == "REFUTED"
    assert verdict("NATO deployed KFOR in June 1999.", "June 1999", month_only) == "SUPPORTED"


def test_a_refutation_names_the_fact_and_the_correct_value() -> None:
    result = check("NATO deployed KFOR in March 1999.", "March 1999")
    assert result.verdict == "REFUTED"
    assert result.fact == KFOR_ENTERED
    assert result.correct_value == "12 June 1999"
    assert "12 June 1999" in result.reason


def test_a_supported_claim_keeps_its_evidence_and_no_correction() -> None:
    result = check("NATO deployed KFOR in June 1999.", "June 1999")
    assert (result.fact, result.correct_value) == (KFOR_ENTERED, None)
    assert result.reason


def test_a_bound_is_not_a_date() -> None:
    assert verdict("KFOR was deployed after 1999.", "1999") == "NOT_ENOUGH_INFO"
    assert verdict("KFOR was deployed by 1999.", "1999") == "NOT_ENOUGH_INFO"


def test_an_attributive_year_belongs_to_its_noun() -> None:
    # "the 1999 conflict" dates the conflict, not KFOR's deployment.
    sentence = "The deployment of KFOR followed the 1999 conflict."
    assert verdict(sentence, "1999") == "NOT_ENOUGH_INFO"


# --------------------------------------------------------------------------- spans


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("ISAF operated from 2001 to 2014.", "from 2001 to 2014", "SUPPORTED"),
        ("ISAF operated 2001–2014.", "2001–2014", "SUPPORTED"),
        (
            "ISAF operated between December 2001 and 2014.",
            "between December 2001 and 2014",
            "SUPPORTED",
        ),
        ("ISAF operated from 2002 to 2014.", "from 2002 to 2014", "REFUTED"),
        ("ISAF operated from 2001 to 2021.", "from 2001 to 2021", "REFUTED"),
        ("UNMIK has served since June 1999.", "since June 1999", "SUPPORTED"),
        ("UNMIK has served since 2001.", "since 2001", "REFUTED"),
    ],
)
def test_spans_compare_both_ends(sentence, text, expected) -> None:
    assert verdict(sentence, text) == expected


def test_a_date_against_a_span_needs_to_say_start_or_end() -> None:
    spans_only = base(
        fact(
            "isaf-years",
            ISAF,
            "mission ran",
            SpanValue(DateValue(2001, 12), DateValue(2014, 12)),
            ("operated", "ran", "launched"),
        )
    )
    assert verdict("ISAF was launched in 2001.", "2001", spans_only) == "SUPPORTED"
    assert verdict("ISAF was launched in 2003.", "2003", spans_only) == "REFUTED"
    assert verdict("ISAF operated in 2005.", "2005", spans_only) == "NOT_ENOUGH_INFO"


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("Pilots flew over 38,000 sorties in Allied Force.", "over 38,000 sorties", "SUPPORTED"),
        ("Pilots flew 38,004 sorties in Allied Force.", "38,004 sorties", "SUPPORTED"),
        ("Pilots flew 38,000 sorties in Allied Force.", "38,000 sorties", "SUPPORTED"),
        (
            "Pilots flew approximately 38,500 sorties in Allied Force.",
            "approximately 38,500 sorties",
            "SUPPORTED",
        ),
        ("Pilots flew 39,000 sorties in Allied Force.", "39,000 sorties", "NOT_ENOUGH_INFO"),
        ("Pilots flew 30,000 sorties in Allied Force.", "30,000 sorties", "REFUTED"),
        ("Pilots flew over 45,000 sorties in Allied Force.", "over 45,000 sorties", "REFUTED"),
        ("Pilots flew under 30,000 sorties in Allied Force.", "under 30,000 sorties", "REFUTED"),
        (
            "Pilots flew at least 30,000 sorties in Allied Force.",
            "at least 30,000 sorties",
            "SUPPORTED",
        ),
        ("KFOR initially had 50,000 troops.", "50,000 troops", "SUPPORTED"),
        ("KFOR initially had about 48,000 troops.", "about 48,000 troops", "SUPPORTED"),
        ("KFOR initially had 5,000 troops.", "5,000 troops", "REFUTED"),
    ],
)
def test_numbers_respect_qualifiers_and_rounding(sentence, text, expected) -> None:
    assert verdict(sentence, text) == expected


def test_a_number_about_another_quantity_is_not_compared() -> None:
    # "troops" is not "sorties": no fact about the campaign counts troops.
    assert verdict("Allied Force sorties needed 50,000 troops.", "50,000 troops") == (
        "NOT_ENOUGH_INFO"
    )


def test_a_number_with_qualifier_over_against_a_fact_with_over() -> None:
    over = base(
        fact(
            "campaign-sorties",
            CAMPAIGN,
            "sorties flown",
            NumberValue(38000, "combat sorties", "over"),
            ("sorties",),
        )
    )
    assert verdict("Allied Force flew over 38,000 sorties.", "over 38,000 sorties", over) == (
        "SUPPORTED"
    )
    assert verdict("Allied Force flew over 30,000 sorties.", "over 30,000 sorties", over) == (
        "SUPPORTED"
    )
    assert verdict("Allied Force flew 38,000 sorties.", "38,000 sorties", over) == (
        "NOT_ENOUGH_INFO"
    )
    assert verdict("Allied Force flew 20,000 sorties.", "20,000 sorties", over) == "REFUTED"


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("The bombing campaign lasted 78 days.", "78 days", "SUPPORTED"),
        ("The bombing campaign lasted eleven weeks.", "eleven weeks", "SUPPORTED"),
        ("The bombing campaign lasted 79 days.", "79 days", "NOT_ENOUGH_INFO"),
        ("The bombing campaign lasted three months.", "three months", "NOT_ENOUGH_INFO"),
        ("The bombing campaign lasted 60 days.", "60 days", "REFUTED"),
        ("The bombing campaign lasted six months.", "six months", "REFUTED"),
        ("The bombing campaign lasted over 70 days.", "over 70 days", "SUPPORTED"),
        ("The bombing campaign lasted over 90 days.", "over 90 days", "REFUTED"),
    ],
)
def test_durations_compare_in_the_claims_unit(sentence, text, expected) -> None:
    # "the bombing campaign" is a loose name: it is Operation Allied Force in a lesson on it
    assert verdict(sentence, text, heading=ALLIED_FORCE_LESSON) == expected


def test_a_duration_can_be_checked_against_a_dated_span() -> None:
    span = base(
        fact(
            "campaign-span",
            CAMPAIGN,
            "ran",
            SpanValue(DateValue(1999, 3, 24), DateValue(1999, 6, 10)),
            ("lasted",),
        )
    )
    topic = {"heading": ALLIED_FORCE_LESSON}
    assert verdict("The bombing campaign lasted 78 days.", "78 days", span, **topic) == "SUPPORTED"
    assert verdict("The bombing campaign lasted 40 days.", "40 days", span, **topic) == "REFUTED"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("NATO deployed the Kosovo Force (KFOR).", "Kosovo Force (KFOR)", "SUPPORTED"),
        ("NATO deployed the Kosovo force (KFOR).", "Kosovo force (KFOR)", "SUPPORTED"),
        ("NATO deployed KFOR (Kosovo Force).", "KFOR (Kosovo Force)", "SUPPORTED"),
        (
            "NATO deployed the Kosovo Protection Force (KFOR).",
            "Kosovo Protection Force (KFOR)",
            "REFUTED",
        ),
        (
            "The North Atlantic Treaty Organisation (NATO) acted.",
            "North Atlantic Treaty Organisation (NATO)",
            "SUPPORTED",
        ),
        (
            "The Kosovo Security Force (KSF) trains.",
            "Kosovo Security Force (KSF)",
            "NOT_ENOUGH_INFO",
        ),
    ],
)
def test_acronym_expansions(sentence, text, expected) -> None:
    assert verdict(sentence, text) == expected


def test_a_wrong_acronym_expansion_is_corrected() -> None:
    result = check(
        "NATO deployed the Kosovo Protection Force (KFOR).", "Kosovo Protection Force (KFOR)"
    )
    assert result.correct_value == "Kosovo Force (KFOR)"


def test_resolutions() -> None:
    assert verdict("KFOR was established under Resolution 1244.", "Resolution 1244") == "SUPPORTED"
    assert verdict("KFOR's mandate came from UNSCR 1244 (1999).", "UNSCR 1244 (1999)") == (
        "SUPPORTED"
    )
    wrong = check("KFOR was established under Resolution 1199.", "Resolution 1199")
    assert (wrong.verdict, wrong.correct_value) == ("REFUTED", "Resolution 1244 (1999)")
    assert verdict("KFOR's mandate came from UNSCR 1244 (2000).", "UNSCR 1244 (2000)") == (
        "REFUTED"
    )


def test_relations() -> None:
    assert (
        verdict(
            "Operation Allied Force was commanded by General Wesley Clark.",
            "commanded by General Wesley Clark",
        )
        == "SUPPORTED"
    )
    wrong = check(
        "Operation Allied Force was commanded by General Mike Jackson.",
        "commanded by General Mike Jackson",
    )
    # another name is not a contradiction: relations can have several values over time
    assert (wrong.verdict, wrong.fact) == ("NOT_ENOUGH_INFO", None)
    # a part of the name is not a different person
    assert (
        verdict("Operation Allied Force was commanded by Clark.", "commanded by Clark")
        == "NOT_ENOUGH_INFO"
    )
    # the relation's verb must be one of the fact's cues
    assert (
        verdict(
            "Operation Allied Force was overseen by General Mike Jackson.",
            "overseen by General Mike Jackson",
        )
        == "NOT_ENOUGH_INFO"
    )


def test_titles_are_confirmed_but_never_refuted() -> None:
    assert (
        verdict(
            "The pressure was on Yugoslav President Slobodan Milošević.",
            "Yugoslav President Slobodan Milošević",
        )
        == "SUPPORTED"
    )
    assert (
        verdict(
            "The pressure was on Serbian Prime Minister Slobodan Milošević.",
            "Serbian Prime Minister Slobodan Milošević",
        )
        == "NOT_ENOUGH_INFO"
    )


def test_operation_names() -> None:
    named = base(
        fact(
            "kfor-operation",
            KFOR,
            "deployed under",
            EntityValue("Operation Joint Guardian"),
            ("operation", "named", "deployed under"),
        ),
        fact(
            "campaign-began",
            CAMPAIGN,
            "began",
            DateValue(1999, 3, 24),
            ("began",),
            statement="NATO's Operation Allied Force began on 24 March 1999.",
        ),
    )
    assert (
        verdict("KFOR deployed under Operation Joint Guardian.", "Operation Joint Guardian", named)
        == "SUPPORTED"
    )
    wrong = check(
        "KFOR deployed under Operation Desert Guardian.", "Operation Desert Guardian", named
    )
    assert (wrong.verdict, wrong.correct_value) == ("REFUTED", "Operation Joint Guardian")
    # an operation the fact base knows is another operation, not a wrong name for KFOR's
    assert (
        verdict("KFOR followed Operation Allied Force.", "Operation Allied Force", named)
        == "NOT_ENOUGH_INFO"
    )
    assert (
        verdict(
            "The NATO bombing campaign, which was Operation Allied Force, targeted Yugoslavia.",
            "Operation Allied Force",
            named,
        )
        == "SUPPORTED"
    )
    # the name alone, with nothing else the fact base knows it by, proves nothing
    assert (
        verdict(
            "The initial phase, Operation Allied Force, was a response.",
            "Operation Allied Force",
            named,
        )
        == "NOT_ENOUGH_INFO"
    )


# --------------------------------------------------------------------------- matching


def test_a_subject_without_a_predicate_cue_is_not_enough_info() -> None:
    result = check("KFOR was praised in June 1999.", "June 1999")
    assert result.verdict == "NOT_ENOUGH_INFO"
    assert result.fact is None
    assert result.correct_value is None


def test_no_subject_is_not_enough_info() -> None:
    assert verdict("Troops were deployed in March 1999.", "March 1999") == "NOT_ENOUGH_INFO"


def test_subjects_match_whole_words_and_acronyms_match_case() -> None:
    assert verdict("Kforce was deployed in March 1999.", "March 1999") == "NOT_ENOUGH_INFO"
    assert verdict("kfor was deployed in March 1999.", "March 1999") == "NOT_ENOUGH_INFO"
    assert verdict("The kosovo force was deployed in March 1999.", "March 1999") == "REFUTED"


@pytest.mark.parametrize("phrase", ["The force", "This mission", "It", "The operation"])
def test_a_reference_back_takes_the_subject_from_earlier_sentences(phrase) -> None:
    sentence = f"{phrase} was deployed in June 1999."
    previous = ("Kosovo needed security.", "NATO chose to send KFOR.", "Nobody disagreed.")
    assert verdict(sentence, "June 1999", previous=previous) == "SUPPORTED"
    assert verdict(sentence, "June 1999") == "NOT_ENOUGH_INFO"
    assert verdict(sentence, "June 1999", heading="KFOR in 1999") == "SUPPORTED"


def test_without_a_reference_back_earlier_sentences_are_not_used() -> None:
    previous = ("NATO chose to send KFOR.",)
    assert verdict("Troops were deployed in March 1999.", "March 1999", previous=previous) == (
        "NOT_ENOUGH_INFO"
    )


def test_the_nearest_cue_decides_between_facts_about_one_subject() -> None:
    # seeds/003: the launch of ISAF is December 2001; NATO took command only in August 2003.
    sentence = (
        "NATO’s involvement in Afghanistan primarily began with the launch of the International "
        "Security Assistance Force (ISAF) in 2003, under United Nations mandate."
    )
    result = check(sentence, "2003")
    assert result.verdict == "REFUTED"
    assert result.fact is not None
    assert result.fact.id == "isaf-established"
    assert result.correct_value == "20 December 2001"
    took = "NATO took command of the International Security Assistance Force (ISAF) in 2003."
    assert check(took, "2003").fact.id == "isaf-nato-command"
    assert check(took, "2003").verdict == "SUPPORTED"


def test_facts_that_disagree_without_a_clear_winner_give_not_enough_info() -> None:
    disagreeing = base(
        fact("a", KFOR, "entered Kosovo", DateValue(1999, 6, 12), ("deployed",)),
        fact("b", KFOR, "was reinforced", DateValue(2023, 6), ("deployed",)),
    )
    assert verdict("NATO deployed KFOR in June 1999.", "June 1999", disagreeing) == (
        "NOT_ENOUGH_INFO"
    )
    agreeing = base(
        fact("a", KFOR, "entered Kosovo", DateValue(1999, 6, 12), ("deployed",)),
        fact("b", KFOR, "first deployed", DateValue(1999, 6), ("deployed",)),
    )
    assert verdict("NATO deployed KFOR in June 1999.", "June 1999", agreeing) == "SUPPORTED"


def test_an_agent_after_by_is_not_the_subject() -> None:
    founded = base(
        fact("nato-founded", ("NATO",), "was founded", DateValue(1949, 4, 4), ("established",))
    )
    sentence = "KFOR was established by NATO in 1999."
    assert verdict(sentence, "1999", founded) == "NOT_ENOUGH_INFO"
    assert verdict("In 1999 peace was established, driven by NATO.", "1999", founded) == (
        "NOT_ENOUGH_INFO"
    )
    assert verdict("NATO was established in 1949.", "1949", founded) == "SUPPORTED"


def test_check_claim_checks_one_claim() -> None:
    sentence = "NATO deployed KFOR in March 1999."
    claim = next(c for c in extract_claims(sentence) if c.kind == "date")
    assert check_claim(claim, sentence, FB).verdict == "REFUTED"
    assert isinstance(claim, Claim)


# --------------------------------------------------------------------------- the real fact base

FACTS = load_factbase_file(SEEDS / "facts.toml")


def seed_sentences() -> list[tuple[str, str, Context]]:
    """(seed name, sentence, context) for every sentence of the four seeds, in reading order.

    A short line without end punctuation is a heading: it becomes the context's heading and
    starts a new list of previous sentences.
    """
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        heading, previous = "", []
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines()):
            line = re.sub(r"^\s*\d{1,2}\.\s+", "", raw).strip()
            if not line:
                continue
            if number == 0 or (len(line) < 120 and not line.endswith((".", "!", "?", ":"))):
                heading, previous = line, []
                continue
            for a, b in split_sentences(line):
                sentence = line[a:b]
                out.append((path.name, sentence, Context(heading, tuple(previous))))
                previous.append(sentence)
    return out


SEED_SENTENCES = seed_sentences()


def real(sentence: str, text: str, *previous: str) -> Check:
    return check(sentence, text, FACTS, Context(previous=previous))


@pytest.mark.parametrize(
    ("sentence", "text", "previous"),
    [
        (
            "Following the air campaign, NATO deployed the Kosovo Force (KFOR) in June 1999.",
            "June 1999",
            (),
        ),
        (
            "Following the air campaign, NATO deployed the Kosovo Force (KFOR) in June 1999.",
            "Kosovo Force (KFOR)",
            (),
        ),
        (
            "The bombing campaign lasted 78 days, and while it was effective in forcing Serbia "
            "to withdraw its forces from Kosovo, it also left a legacy of debate about "
            "interventionism and international law.",
            "78 days",
            (
                "The initial phase, Operation Allied Force, launched in 1999, was a direct "
                "response to the escalating conflict.",
            ),
        ),
        (
            "NATO also played a significant role in Afghanistan through its International Security "
            "Assistance Force (ISAF), which operated from 2001 to 2014.",
            "from 2001 to 2014",
            (),
        ),
        (
            "KFOR was established under United Nations Security Council Resolution 1244, which "
            "authorized NATO to lead a multi-national peacekeeping operation.",
            "Resolution 1244",
            (),
        ),
        (
            "NATO’s involvement in Libya was primarily driven by the enforcement of UN Security "
            "Council Resolutions, notably Resolution 1973 adopted in March 2011.",
            "March 2011",
            (),
        ),
        (
            "The initial phase, Operation Allied Force, launched in 1999, was a direct response to "
            "the escalating conflict and the widespread human rights abuses occurring in Kosovo.",
            "1999",
            (),
        ),
        (
            "This intervention aimed to put pressure on Yugoslav President Slobodan Milošević to "
            "cease hostilities and withdraw forces from Kosovo.",
            "Yugoslav President Slobodan Milošević",
            (),
        ),
        (
            "The results were significant, leading to the withdrawal of Yugoslav troops, the entry "
            "of NATO peacekeeping forces, and the establishment of the United Nations Interim "
            "Administration Mission in Kosovo (UNMIK) to oversee the transition and reconstruction "
            "efforts.",
            "United Nations Interim Administration Mission in Kosovo (UNMIK)",
            (),
        ),
        (
            "Key statistics include over 38,000 sorties flown by NATO aircraft and approximately "
            "23,000 bombs and missiles deployed over the duration of the campaign.",
            "over 38,000 sorties",
            (
                "The NATO bombing campaign, which was Operation Allied Force, targeted military "
                "assets, strategic installations, and even some civilian infrastructure in "
                "Yugoslavia.",
            ),
        ),
    ],
)
def test_claims_the_sources_back_are_supported(sentence, text, previous) -> None:
    result = real(sentence, text, *previous)
    assert result.verdict == "SUPPORTED", result.reason
    assert result.fact is not None
    assert result.fact.reference.url.startswith("https://")


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "The UN Interim Administration Mission in Kosovo (UNMIK) took over.",
            "UN Interim Administration Mission in Kosovo (UNMIK)",
        ),
        (
            "The Organization for Security and Cooperation in Europe (OSCE) stayed.",
            "Organization for Security and Cooperation in Europe (OSCE)",
        ),
        ("The Stabilization Force (SFOR) replaced IFOR.", "Stabilization Force (SFOR)"),
    ],
)
def test_acronyms_match_whatever_the_spelling(sentence, text) -> None:
    assert real(sentence, text).verdict == "SUPPORTED"


def test_the_isaf_start_date_in_seed_003_is_refuted_with_the_correct_date() -> None:
    sentence = (
        "NATO’s involvement in Afghanistan primarily began with the launch of the International "
        "Security Assistance Force (ISAF) in 2003, under United Nations mandate."
    )
    result = real(sentence, "2003")
    assert result.verdict == "REFUTED"
    assert result.fact is not None
    assert result.fact.subject == "ISAF"
    assert result.fact.value == DateValue(2001, 12, 20)
    assert result.correct_value == "20 December 2001"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        # dates the conflict, not KFOR's deployment
        (
            "The deployment of KFOR (Kosovo Force) marked a significant milestone in the "
            "international effort to maintain peace and stability in Kosovo following the 1999 "
            "conflict.",
            "1999",
        ),
        # "after 2011" is a bound; NATO's Libya operation ran within 2011
        (
            "Additionally, NATO participated in operations in Libya after 2011, enforcing United "
            "Nations Security Council resolutions.",
            "2011",
        ),
        # no source in the fact base gives the munitions count or the contributor count
        (
            "Key statistics include over 38,000 sorties flown by NATO aircraft and approximately "
            "23,000 bombs and missiles deployed over the duration of the campaign.",
            "approximately 23,000 bombs and missiles",
        ),
        (
            "Key contributors numbered over 40 countries, each playing distinct roles.",
            "over 40 countries",
        ),
        # KFOR's commander reports to JFC Naples, which answers to SACEUR: not a contradiction,
        # and the sentence does not name KFOR
        (
            "Command hierarchy led by NATO’s Supreme Allied Commander Europe (SACEUR).",
            "led by NATO’s Supreme Allied Commander Europe (SACEUR)",
        ),
        (
            "See also  Strategic Analysis of Operation Crossbow Against V-Weapon Sites",
            "Operation Crossbow",
        ),
        ("4 min read", "4 min"),
        # KFOR's chain of command does end at SACEUR; its first commander was General Jackson
        (
            "KFOR’s command hierarchy is led by NATO’s Supreme Allied Commander Europe (SACEUR).",
            "led by NATO’s Supreme Allied Commander Europe (SACEUR)",
        ),
        # invented errors must not pass either
        ("NATO deployed the Kosovo Force (KFOR) in March 1999.", "March 1999"),
        ("The bombing campaign lasted 11 days.", "11 days"),
        ("The bombing campaign lasted six months.", "six months"),
        ("KFOR was established under Resolution 1199.", "Resolution 1199"),
        ("NATO deployed the Kosovo Protection Force (KFOR).", "Kosovo Protection Force (KFOR)"),
        ("ISAF operated from 2003 to 2014.", "from 2003 to 2014"),
        ("Allied aircraft flew 10,000 sorties in Operation Allied Force.", "10,000 sorties"),
        ("KFOR currently has 50,000 troops.", "50,000 troops"),
        ("Operation Allied Force began in June 1999.", "June 1999"),
    ],
)
def test_claims_the_sources_do_not_back_are_never_supported(sentence, text) -> None:
    assert real(sentence, text).verdict != "SUPPORTED"


@pytest.mark.parametrize(
    ("sentence", "text", "fact_id"),
    [
        # "1999" is the end of the Kosovo War, not NATO's founding (1949) nor anything NATO did.
        (
            "The end of the Kosovo War in 1999 led to the establishment of a framework for "
            "international peace efforts, primarily driven by NATO and the United Nations.",
            "1999",
            "kosovo-war-ended",
        ),
        # the EU facilitates the Belgrade-Pristina dialogue; KFOR is not the subject here
        (
            "The ongoing dialogue between Belgrade and Pristina, facilitated by the EU, is also "
            "crucial, and KFOR's presence can provide a stable backdrop for these diplomatic "
            "efforts.",
            "facilitated by the EU",
            "belgrade-pristina-dialogue-facilitator",
        ),
    ],
)
def test_claims_about_other_subjects_are_supported_by_their_own_facts(sentence, text, fact_id):
    check = real(sentence, text)
    assert check.verdict == "SUPPORTED"
    assert check.fact.id == fact_id


@pytest.mark.parametrize(
    ("sentence", "text", "correct"),
    [
        ("NATO deployed the Kosovo Force (KFOR) in March 1999.", "March 1999", "12 June 1999"),
        ("Operation Allied Force lasted 11 days.", "11 days", "78 days"),
        (
            "KFOR was established under Resolution 1199.",
            "Resolution 1199",
            "Resolution 1244 (1999)",
        ),
        ("Operation Allied Force began in June 1999.", "June 1999", "24 March 1999"),
    ],
)
def test_invented_errors_are_refuted_with_the_correction(sentence, text, correct) -> None:
    result = real(sentence, text)
    assert (result.verdict, result.correct_value) == ("REFUTED", correct)


# The only errors in the four seeds that the fact base can prove.  A new entry here means a
# new fact contradicts a seed sentence: check the cited page before adding it.
KNOWN_SEED_ERRORS = {("003_ad4ac6e38d5f4d4b.txt", "2003", "20 December 2001")}


def check_all_seeds() -> list[tuple[str, Check]]:
    return [
        (name, result)
        for name, sentence, context in SEED_SENTENCES
        for result in check_sentence(sentence, FACTS, context)
    ]


def test_every_refutation_in_the_seeds_is_a_known_error() -> None:
    refuted = {
        (name, c.claim.text, c.correct_value)
        for name, c in check_all_seeds()
        if c.verdict == "REFUTED"
    }
    assert refuted == KNOWN_SEED_ERRORS


def test_every_verdict_in_the_seeds_is_consistent() -> None:
    results = check_all_seeds()
    assert sum(c.verdict == "SUPPORTED" for _, c in results) >= 20
    for _, c in results:
        assert c.reason
        if c.verdict == "NOT_ENOUGH_INFO":
            assert c.fact is None
            assert c.correct_value is None
        else:
            assert c.fact is not None
            assert c.fact in FACTS.facts
        if c.verdict == "SUPPORTED":
            assert c.correct_value is None
        if c.verdict == "REFUTED":
            assert c.correct_value


WORDS = [
    "KFOR",
    "ISAF",
    "NATO",
    "Operation Allied Force",
    "the bombing campaign",
    "it",
    "this mission",
    "deployed",
    "launched",
    "lasted",
    "led by",
    "General Mike Jackson",
    "in",
    "June 1999",
    "2003",
    "from 2001 to 2014",
    "over 38,000 sorties",
    "78 days",
    "Resolution 1244",
    "Kosovo Force (KFOR)",
    "Yugoslav President Slobodan Milošević",
    "after",
    "the",
    ",",
    ".",
]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join),
    st.lists(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join), max_size=3),
)
def test_any_sentence_gets_a_consistent_verdict_for_every_claim(sentence, previous) -> None:
    context = Context(heading=previous[0] if previous else "", previous=tuple(previous))
    results = check_sentence(sentence, FACTS, context)
    assert [r.claim for r in results] == extract_claims(sentence)
    for r in results:
        assert (r.fact is None) == (r.verdict == "NOT_ENOUGH_INFO")
        assert (r.correct_value is not None) == (r.verdict == "REFUTED")
        assert r.reason


def test_checking_the_seeds_is_deterministic() -> None:
    fresh = load_factbase_file(SEEDS / "facts.toml")  # no warm index
    first = [check_sentence(sentence, fresh, context) for _, sentence, context in SEED_SENTENCES]
    second = [check_sentence(sentence, fresh, context) for _, sentence, context in SEED_SENTENCES]
    assert first == second


def test_a_true_relation_at_another_level_of_command_is_not_refuted() -> None:
    result = real(
        "KFOR’s command hierarchy is led by NATO’s Supreme Allied Commander Europe (SACEUR).",
        "led by NATO’s Supreme Allied Commander Europe (SACEUR)",
    )
    assert result.verdict == "NOT_ENOUGH_INFO"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "In 2023 KFOR carried out its largest reinforcement in a decade, deploying up to "
            "1,000 additional troops.",
            "2023",
        ),
        ("KFOR deployed additional troops to northern Kosovo in 2011 after clashes.", "2011"),
        ("In 2008 KFOR was still deployed across Kosovo.", "2008"),
    ],
)
def test_a_date_of_a_later_occurrence_is_not_refuted(sentence, text) -> None:
    """True statements about a later deployment must not be "corrected" to June 1999."""
    assert real(sentence, text).verdict == "NOT_ENOUGH_INFO"


def test_a_wrong_date_for_the_one_time_event_is_still_refuted() -> None:
    check = real("KFOR entered Kosovo in 2011.", "2011")
    assert check.verdict == "REFUTED"
    assert check.correct_value == "12 June 1999"
