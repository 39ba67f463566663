"""Sentence splitting and anchors: abbreviations, exact offsets, stable and unique anchors."""

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.text.numbers import parse_number_words
from lessons.text.sentences import body_sentences, sentence_anchor, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Army and Dr. Smith met in Pristina. They talked.",
            ["The U.S. Army and Dr. Smith met in Pristina.", "They talked."],
        ),
        (
            "KFOR was set up under Resolution No. 1244 in June 1999. It still serves.",
            ["KFOR was set up under Resolution No. 1244 in June 1999.", "It still serves."],
        ),
        (
            "The war ended in 1999. About 3.5 million people lived there. Mr. Thaçi agreed.",
            [
                "The war ended in 1999.",
                "About 3.5 million people lived there.",
                "Mr. Thaçi agreed.",
            ],
        ),
        (
            "Was it legal? Many said no! Others, e.g. lawyers, disagreed.",
            ["Was it legal?", "Many said no!", "Others, e.g. lawyers, disagreed."],
        ),
    ],
)
def test_abbreviations_and_numbers_do_not_split_sentences(text, expected):
    assert sentences(text) == expected


def test_offsets_are_exact_and_trimmed():
    text = "  First one.   Second one.\n\nThird one.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one.", "Third one."]
    assert spans[0] == (2, 12)


def test_blank_text_has_no_sentences():
    assert split_sentences("") == split_sentences(" \n\t ") == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?U.S1\n’é"), max_size=120) | st.text(max_size=80))
def test_every_character_lands_in_exactly_one_sentence(text):
    spans = split_sentences(text)
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(text.split())
    for (start, end), (next_start, _) in itertools.pairwise(spans):
        assert start < end <= next_start
    for start, end in spans:
        assert text[start:end].strip() == text[start:end]


def test_anchor_is_a_short_hash_of_the_normalised_text():
    anchor = sentence_anchor("KFOR deployed in June 1999.")
    assert re.fullmatch(r"s-[0-9a-f]{10}", anchor)
    assert sentence_anchor("  KFOR deployed\nin   June 1999. ") == anchor
    assert sentence_anchor("KFOR deployed in July 1999.") != anchor


def test_anchors_stay_put_when_another_sentence_changes():
    before = body_sentences("NATO acted in 1999. KFOR followed.\n\nPeace held.")
    after = body_sentences("NATO acted in March 1999. KFOR followed.\n\nNew text. Peace held.")
    anchors_before = {s.text: s.anchor for s in before}
    anchors_after = {s.text: s.anchor for s in after}
    for text in ("KFOR followed.", "Peace held."):
        assert anchors_before[text] == anchors_after[text]
    assert anchors_before["NATO acted in 1999."] != anchors_after["NATO acted in March 1999."]


def test_duplicate_sentences_get_numbered_anchors():
    found = body_sentences("It held. Then more.\n\nIt held.\n\n- It held.")
    base = sentence_anchor("It held.")
    assert [s.anchor for s in found if s.text == "It held."] == [base, f"{base}-2", f"{base}-3"]
    assert len({s.anchor for s in found}) == len(found)


def test_body_sentences_cover_paragraphs_items_and_subheadings_in_order():
    markdown = (
        "Intro with **bold** and _emphasis_. Then a [link](https://nato.int).\n\n"
        "### A sub-heading\n\n"
        "- First item. Still first.\n"
        "- Second item\n\n"
        "1. 1999 was the year.\n"
        "2. Peace followed."
    )
    found = body_sentences(markdown)
    # Past the markup, what the reader sees is the source itself (list and ### markers aside).
    plain = ["A sub-heading", "First item.", "Still first.", "Second item"]
    plain += ["1999 was the year.", "Peace followed."]
    assert [s.text for s in found] == ["Intro with bold and emphasis.", "Then a link.", *plain]
    # Offsets index the markdown: the sentence's source, markup included, markers excluded.
    assert [markdown[s.start : s.end] for s in found] == [
        "Intro with **bold** and _emphasis_.",
        "Then a [link](https://nato.int).",
        *plain,
    ]


def test_anchor_ignores_markup():
    (plain,) = body_sentences("KFOR deployed in June 1999.")
    (marked,) = body_sentences("**KFOR** deployed in _June_ 1999.")
    assert plain.anchor == marked.anchor


def test_a_link_or_image_is_never_cut_in_two():
    found = body_sentences("See [the U.N. site. It is long](https://un.org) now. Next one.")
    assert [s.text for s in found] == ["See the U.N. site. It is long now.", "Next one."]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eleven", 11.0),
        ("seventy-eight", 78.0),
        ("twenty one", 21.0),
        ("thirty-eight thousand", 38_000.0),
        ("one thousand two hundred and forty-four", 1_244.0),
        ("eight seventy", None),  # nobody writes 78 so
        ("hundred", None),
        ("a few", None),
    ],
)
def test_number_words_are_read_one_way_everywhere(text, value):
    assert parse_number_words(text) == value
