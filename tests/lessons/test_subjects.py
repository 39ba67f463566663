"""The verifier's reading of a sentence (lessons.facts.subjects) and its fact index."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from lessons.facts.factbase import Fact, FactBase, Reference
from lessons.facts.index import index_of
from lessons.facts.subjects import Reading
from lessons.facts.values import DateValue
from lessons.text.normalise import plain_punctuation
from lessons.text.words import count_words

WORDS = st.sampled_from(["KFOR", "entered", "Kosovo", "in", "June", "1999", "NATO’s", "–", ","])
SENTENCES = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


def brute_force(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> int:
    """Words of text[start:end] (clipped at both ends) not wholly inside a skip range."""
    matches = re.finditer(r"[\w'-]+", text[:end])
    words = [(max(m.start(), start), m.end()) for m in matches if m.end() > start]
    return sum(1 for a, b in words if not any(s <= a and b <= e for s, e in skip))


@given(SENTENCES, st.data())
def test_words_between_counts_like_count_words(sentence: str, data: st.DataObject) -> None:
    reading = Reading(sentence)
    start = data.draw(st.integers(0, len(sentence)))
    end = data.draw(st.integers(0, len(sentence)))
    plain = plain_punctuation(sentence)
    assert reading.words_between(start, end) == count_words(plain, start, end)
    skip = [(0, start // 2), (end // 2, end)]
    expected = brute_force(plain, start, end, skip) if end > start else 0
    assert reading.words_between(start, end, skip) == expected


def test_within_counts_words_in_reading_order() -> None:
    reading = Reading("In June 1999, the first KFOR troops entered Kosovo.")
    june, kfor = reading.find("June"), reading.find("KFOR")
    assert reading.within(3, june[0][1], kfor[0][0])  # " 1999, the first " = 3 words
    assert not reading.within(2, june[0][1], kfor[0][0])
    assert not reading.within(10, kfor[0][0], june[0][1])  # not after it


def test_a_fact_base_is_indexed_once() -> None:
    ref = Reference("ref", "A page", "Publisher", "https://example.org/", "2026-11-21")
    fact = Fact("f", "KFOR", (), "entered Kosovo", DateValue(1999, 6, 12), "KFOR entered.", ref)
    base = FactBase((ref,), (fact,))
    assert index_of(base) is index_of(base)
    assert index_of(FactBase((ref,), (fact,))) is not index_of(base)
