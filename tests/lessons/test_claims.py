"""Checkable claims in a sentence (lessons.facts.claims): seeds, exact offsets, vagueness."""

from __future__ import annotations

import pathlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.facts.claims import Claim, extract_claims, qualifier_of
from lessons.facts.values import (
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    NumberValue,
    ResolutionValue,
    SpanValue,
)
from lessons.text.sentences import split_sentences

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# Lines that are page furniture, not article text (see DESIGN.md "boilerplate").
BOILERPLATE = re.compile(
    r"^(?:\d+ min read|#|See also\b|Updated By:|Published:|Explore the Life Moments|"
    r"Scroll to top|\| )"
)
# A numbered-list marker ("  1. Command hierarchy ...") is layout, not a number.
LIST_MARKER = re.compile(r"^\s*\d{1,2}\.\s")

YEAR = re.compile(r"(?<![\w,.])(?:1[89]\d\d|20\d\d)(?!\w)")
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
RESOLUTION = re.compile(r"\bResolution\s+\d+")
PAREN_ACRONYM = re.compile(r"\(([A-Z]{2,})\)")
# Decades and centuries are vague by design ("the late 1990s", "the 21st century"): no claim.
VAGUE_NUMBER = re.compile(r"\b\d{3}0s\b|\b\d+(?:st|nd|rd|th) century\b")
# "(UNMIK)" after "UN administrators" is a gloss, not an expansion of the acronym.
NOT_AN_EXPANSION = {"working with UN administrators (UNMIK)"}


def content_sentences() -> list[tuple[str, str]]:
    """(seed name, sentence) for every sentence of article text in the four seeds."""
    out = []
    for path in SEED_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or BOILERPLATE.match(line.strip()):
                continue
            marker = LIST_MARKER.match(line)
            text = line[marker.end() :] if marker else line
            out.extend((path.name, text[a:b]) for a, b in split_sentences(text))
    return out


SENTENCES = content_sentences()


def covered(sentence: str, start: int, end: int, claims: list[Claim]) -> bool:
    return any(c.start <= start and end <= c.end for c in claims)


def test_the_seeds_are_there() -> None:
    assert len(SEED_FILES) == 4
    assert len(SENTENCES) > 300


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("year", YEAR), ("number", DIGITS), ("resolution", RESOLUTION), ("acronym", PAREN_ACRONYM)],
)
def test_every_date_number_resolution_and_acronym_in_the_seeds_is_claimed(name, pattern) -> None:
    missed = []
    seen = 0
    for seed, sentence in SENTENCES:
        claims = extract_claims(sentence)
        for m in pattern.finditer(sentence):
            context = sentence[: m.end()]
            if name == "acronym" and any(context.endswith(x) for x in NOT_AN_EXPANSION):
                continue
            if any(v.start() <= m.start() < v.end() for v in VAGUE_NUMBER.finditer(sentence)):
                assert not covered(sentence, m.start(), m.end(), claims), sentence
                continue
            seen += 1
            if not covered(sentence, m.start(), m.end(), claims):
                missed.append(f"{seed}: {m.group(0)!r} in {sentence!r}")
    assert seen > 0
    assert not missed, "\n".join(missed)


def test_the_seeds_give_the_expected_claims() -> None:
    found = {(c.kind, c.text) for _, s in SENTENCES for c in extract_claims(s)}
    assert {
        ("number", "over 38,000 sorties"),
        ("number", "approximately 23,000 bombs and missiles"),
        ("number", "over 40 countries"),
        ("duration", "78 days"),
        ("date", "June 1999"),
        ("date", "March 2011"),
        ("span", "from 2001 to 2014"),
        ("year", "2003"),
        ("resolution", "Resolution 1244"),
        ("resolution", "Resolution 1973"),
        ("operation", "Operation Allied Force"),
        ("operation", "Operation Unified Protector"),
        ("acronym", "Kosovo Force (KFOR)"),
        ("acronym", "KFOR (Kosovo Force)"),
        ("acronym", "United Nations Interim Administration Mission in Kosovo (UNMIK)"),
        ("acronym", "Supreme Allied Commander Europe (SACEUR)"),
        ("acronym", "International Security Assistance Force (ISAF)"),
        ("relation", "Yugoslav President Slobodan Milošević"),
        ("relation", "led by NATO’s Supreme Allied Commander Europe (SACEUR)"),
    } <= found


def test_offsets_slice_the_sentence_for_every_seed_claim() -> None:
    total = 0
    for _, sentence in SENTENCES:
        for claim in extract_claims(sentence):
            total += 1
            assert sentence[claim.start : claim.end] == claim.text
            assert claim.text == claim.text.strip()
    assert total >= 35


def one(sentence: str, kind: str, text: str | None = None) -> Claim:
    matches = [c for c in extract_claims(sentence) if c.kind == kind and text in (None, c.text)]
    assert len(matches) == 1, extract_claims(sentence)
    return matches[0]


# Verbatim from the seeds, with what each must yield.
@pytest.mark.parametrize(
    ("sentence", "kind", "text", "value"),
    [
        (
            "Key statistics include over 38,000 sorties flown by NATO aircraft and approximately "
            "23,000 bombs and missiles deployed over the duration of the campaign.",
            "number",
            "over 38,000 sorties",
            NumberValue(38000, "sorties", "over"),
        ),
        (
            "The bombing campaign lasted 78 days, and while it was effective in forcing Serbia "
            "to withdraw its forces from Kosovo, it also left a legacy of debate about "
            "interventionism and international law.",
            "duration",
            "78 days",
            DurationValue(78, "days"),
        ),
        (
            "Following the air campaign, NATO deployed the Kosovo Force (KFOR) in June 1999.",
            "date",
            "June 1999",
            DateValue(1999, 6),
        ),
        (
            "NATO also played a significant role in Afghanistan through its International Security "
            "Assistance Force (ISAF), which operated from 2001 to 2014.",
            "span",
            "from 2001 to 2014",
            SpanValue(DateValue(2001), DateValue(2014)),
        ),
        (
            "KFOR was established under United Nations Security Council Resolution 1244, which "
            "authorized NATO to lead a multi-national peacekeeping operation.",
            "resolution",
            "Resolution 1244",
            ResolutionValue(1244),
        ),
        (
            "The results were significant, leading to the withdrawal of Yugoslav troops, the entry "
            "of NATO peacekeeping forces, and the establishment of the United Nations Interim "
            "Administration Mission in Kosovo (UNMIK) to oversee the transition and reconstruction "
            "efforts.",
            "acronym",
            "United Nations Interim Administration Mission in Kosovo (UNMIK)",
            AcronymValue("UNMIK", "United Nations Interim Administration Mission in Kosovo"),
        ),
        (
            "The deployment of KFOR (Kosovo Force) marked a significant milestone in the "
            "international effort to maintain peace and stability in Kosovo following the 1999 "
            "conflict.",
            "acronym",
            "KFOR (Kosovo Force)",
            AcronymValue("KFOR", "Kosovo Force"),
        ),
        (
            "The NATO bombing campaign, which was Operation Allied Force, targeted military "
            "assets, strategic installations, and even some civilian infrastructure in "
            "Yugoslavia.",
            "operation",
            "Operation Allied Force",
            EntityValue("Operation Allied Force"),
        ),
        (
            "This intervention aimed to put pressure on Yugoslav President Slobodan Milošević to "
            "cease hostilities and withdraw forces from Kosovo.",
            "relation",
            "Yugoslav President Slobodan Milošević",
            EntityValue("Slobodan Milošević", ("Yugoslav President Slobodan Milošević",)),
        ),
        (
            "Command hierarchy led by NATO’s Supreme Allied Commander Europe (SACEUR).",
            "relation",
            "led by NATO’s Supreme Allied Commander Europe (SACEUR)",
            EntityValue("Supreme Allied Commander Europe", ("SACEUR",)),
        ),
        (
            "NATO’s involvement in Libya was primarily driven by the enforcement of UN Security "
            "Council Resolutions, notably Resolution 1973 adopted in March 2011.",
            "date",
            "March 2011",
            DateValue(2011, 3),
        ),
    ],
)
def test_seed_sentences_give_exact_claims(sentence, kind, text, value) -> None:
    claim = one(sentence, kind, text)
    assert (claim.text, claim.value) == (text, value)
    assert sentence[claim.start : claim.end] == text


@pytest.mark.parametrize(
    ("sentence", "kind", "text", "value"),
    [
        ("KFOR entered Kosovo on 12 June 1999.", "date", "12 June 1999", DateValue(1999, 6, 12)),
        ("It began on March 24, 1999.", "date", "March 24, 1999", DateValue(1999, 3, 24)),
        ("It ended on 10th June 1999.", "date", "10th June 1999", DateValue(1999, 6, 10)),
        (
            "The campaign ran from 24 March to 10 June 1999.",
            "span",
            "from 24 March to 10 June 1999",
            SpanValue(DateValue(1999, 3, 24), DateValue(1999, 6, 10)),
        ),
        (
            "UNMIK governed between 1999 and 2008.",
            "span",
            "between 1999 and 2008",
            SpanValue(DateValue(1999), DateValue(2008)),
        ),
        (
            "ISAF (2001–2014) was NATO-led.",
            "span",
            "2001–2014",
            SpanValue(DateValue(2001), DateValue(2014)),
        ),
        (
            "KFOR has served since June 1999.",
            "span",
            "since June 1999",
            SpanValue(DateValue(1999, 6), None),
        ),
        (
            "The bombing lasted eleven weeks.",
            "duration",
            "eleven weeks",
            DurationValue(11, "weeks"),
        ),
        ("It was a 78-day campaign.", "duration", "78-day", DurationValue(78, "days")),
        ("UNSCR 1244 applies.", "resolution", "UNSCR 1244", ResolutionValue(1244)),
        (
            "Resolution 1244 (1999) applies.",
            "resolution",
            "Resolution 1244 (1999)",
            ResolutionValue(1244, 1999),
        ),
        (
            "KFOR had 50,000 troops.",
            "number",
            "50,000 troops",
            NumberValue(50000, "troops", "exact"),
        ),
        (
            "Some 50,000 NATO troops arrived.",
            "number",
            "Some 50,000 NATO troops",
            NumberValue(50000, "NATO troops", "approximately"),
        ),
        (
            "It deployed up to 1,000 additional troops.",
            "number",
            "up to 1,000 additional troops",
            NumberValue(1000, "additional troops", "up to"),
        ),
        (
            "At least 13 aircraft were lost.",
            "number",
            "At least 13 aircraft",
            NumberValue(13, "aircraft", "at least"),
        ),
        (
            "About 1.5 million people fled.",
            "number",
            "About 1.5 million people",
            NumberValue(1_500_000, "people", "approximately"),
        ),
        (
            "KFOR deployed under Operation Joint Guardian.",
            "operation",
            "Operation Joint Guardian",
            EntityValue("Operation Joint Guardian"),
        ),
        (
            "The Kosovo Force (KFOR) was established by NATO in 1999.",
            "relation",
            "established by NATO",
            EntityValue("NATO"),
        ),
    ],
)
def test_forms_of_dates_spans_numbers_and_names(sentence, kind, text, value) -> None:
    claim = one(sentence, kind)
    assert (claim.text, claim.value) == (text, value)
    assert sentence[claim.start : claim.end] == text


def test_a_year_inside_a_full_date_is_not_a_second_claim() -> None:
    claims = extract_claims(
        "KFOR entered Kosovo on 12 June 1999, and Operation Allied Force ended."
    )
    assert [(c.kind, c.text) for c in claims if c.kind in ("date", "year")] == [
        ("date", "12 June 1999")
    ]
    span = extract_claims("It ran from 24 March to 10 June 1999.")
    assert [c.kind for c in span] == ["span"]


def test_a_possessive_year_is_a_year_but_a_decade_is_not() -> None:
    claims = extract_claims("The 1999’s settlement differed from the 1990’s wars.")
    assert [(c.kind, c.text) for c in claims] == [("year", "1999")]


def test_resolution_numbers_are_not_years() -> None:
    claims = extract_claims("Resolution 1973 was adopted.")
    assert [(c.kind, c.value) for c in claims] == [("resolution", ResolutionValue(1973))]


def test_list_of_resolutions_gives_one_claim_each() -> None:
    claims = extract_claims("Resolutions 1160, 1199 and 1203 preceded the war.")
    assert [c.value for c in claims] == [
        ResolutionValue(1160),
        ResolutionValue(1199),
        ResolutionValue(1203),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # verbatim from the seeds
        "It was a massive undertaking, involving thousands of troops from numerous NATO and "
        "partner nations.",
        "The geopolitical implications were immense, signaling a new era of NATO intervention in "
        "humanitarian crises and reshaping the relationship between the alliance and Serbia.",
        "It's a long game, and NATO's commitment underscores the enduring importance of the "
        "Balkans to European security.",
        "Throughout the 1990s, NATO’s peace enforcement operations gained prominence, notably "
        "during the Kosovo crisis.",
        "The origins of allied peacekeeping in Kosovo trace back to the regional conflict that "
        "erupted in the late 1990s, following years of ethnic tensions and political turmoil.",
        "NATO’s peace enforcement mandates have their roots in the alliance’s post-World War II "
        "origins, initially focusing on collective defense against external threats.",
        "One of the most prominent missions, it has shaped the Balkans for decades.",
        # made up, equally vague
        "Throughout the 1990’s the region was unstable.",
        "The mission has lasted for over a decade.",
        "Dozens of countries sent hundreds of soldiers.",
        "One of the two sides may agree.",
    ],
)
def test_vague_sentences_give_no_claim(sentence) -> None:
    assert extract_claims(sentence) == []


def test_subject_hint_names_the_nearest_specific_subject() -> None:
    claims = extract_claims(
        "Following the air campaign, NATO deployed the Kosovo Force (KFOR) in June 1999."
    )
    assert one("x in June 1999.", "date").subject_hint is None
    assert {c.kind: c.subject_hint for c in claims}["date"] == "KFOR"
    launch = extract_claims(
        "The initial phase, Operation Allied Force, launched in 1999, was a direct response."
    )
    assert {c.kind: c.subject_hint for c in launch}["year"] == "Operation Allied Force"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("over 78 days", "over"),
        ("More than 50,000 troops", "over"),
        ("approximately 23,000 bombs", "approximately"),
        ("78 days", "exact"),
        ("up to 1,000 troops", "up to"),
    ],
)
def test_qualifier_of_reads_the_claim_text(text, qualifier) -> None:
    assert qualifier_of(text) == qualifier


TOKENS = [
    "12",
    "June",
    "1999",
    "March",
    "24,",
    "from",
    "to",
    "between",
    "and",
    "since",
    "over",
    "about",
    "38,000",
    "sorties",
    "78",
    "days",
    "eleven",
    "weeks",
    "-",
    "–",
    "Resolution",
    "Resolutions",
    "UNSCR",
    "1244",
    "(1999)",
    "Kosovo",
    "Force",
    "(KFOR)",
    "KFOR",
    "(Kosovo Force)",
    "Operation",
    "Allied",
    "led",
    "by",
    "NATO’s",
    "President",
    "Slobodan",
    "Milošević",
    "the",
    ",",
    ".",
    "(",
    ")",
    "31",
    "February",
    "0",
    "1.5",
    "million",
    "%",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join),
        st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
    )
)
def test_extract_claims_never_raises_and_offsets_slice(sentence: str) -> None:
    claims = extract_claims(sentence)
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(sentence)
        assert sentence[claim.start : claim.end] == claim.text
    assert claims == sorted(claims, key=lambda c: (c.start, -c.end, c.kind))
    assert extract_claims(sentence) == claims  # deterministic
