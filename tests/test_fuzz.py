"""Fuzz: grading and the text pipeline on arbitrary input, each case within a time budget.

Grading either grades or raises :class:`InvalidAnswer` (never anything else) for any form data of
any kind; the text pipeline (sentence splitting, claim extraction, checking) never fails and
never takes long.  The numeric scanner is also checked against the regex it replaced.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lessons.facts.claims import extract_claims
from lessons.facts.factbase import load_factbase_file
from lessons.facts.verify import check_sentence
from lessons.text.sentences import MAX_SENTENCE_CHARS, body_sentences, split_sentences
from quizzes.grading import InvalidAnswer, _find_number, clean_submission, grade

BUDGET = 0.5  # seconds per case
FUZZ = hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FACTBASE = load_factbase_file(Path(settings.SEEDS_DIR) / "facts.toml")

KEYS = {
    "multiple_choice": ({"correct": "12 June 1999"}, ("12 June 1999", "10 June 1999")),
    "spot_error": ({"correct": "2001"}, ("2001", "2003")),
    "true_false": ({"correct": True}, ("True", "False")),
    "numeric": ({"value": 38000.0, "tolerance": 0.0, "unit": "troops", "display": "38,000"}, ()),
    "cloze": ({"accepted": ["Kosovo Force", "KFOR"]}, ()),
    "matching": (
        {"pairs": {"KFOR": "NATO", "UNMIK": "UN"}, "items": ["KFOR", "UNMIK"]},
        ("NATO", "UN"),
    ),
    "ordering": ({"order": ["A", "B", "C"]}, ("B", "A", "C")),
}
FIELDS = ["choice", "value", "text", "match-0", "match-1", "position-0", "position-1", "x"]
NUMBERISH = "0123456789 ,.~-+\u2212\u00a0\u202f\u2009abtx"

# Values: short arbitrary text, text built from number-like characters, or something huge.
values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=NUMBERISH, max_size=250),
    st.builds(lambda ch, n: ch * n, st.sampled_from("~ 1,.x-"), st.integers(0, 5_000)),
    st.sampled_from(["12 June 1999", "NATO", "UN", "1", "2", "3", "true", "38,000", "KFOR"]),
)
forms = st.dictionaries(st.sampled_from(FIELDS), st.lists(values, max_size=3), max_size=6)


def timed(call, *args):
    started = time.perf_counter()
    try:
        return call(*args)
    finally:
        elapsed = time.perf_counter() - started
        assert elapsed < BUDGET, f"{elapsed:.2f}s"


@FUZZ
@given(kind=st.sampled_from(sorted(KEYS)), submitted=forms)
def test_grading_any_form_grades_or_says_what_to_fix_in_time(kind, submitted):
    answer, options = KEYS[kind]
    try:
        cleaned = timed(clean_submission, kind, answer, options, submitted)
    except InvalidAnswer:
        with pytest.raises(InvalidAnswer):  # what cannot be stored cannot be graded
            timed(grade, kind, answer, options, submitted)
        return
    assert set(cleaned) <= set(submitted)
    assert all(len(values) == 1 for values in cleaned.values())
    try:
        result = timed(grade, kind, answer, options, submitted)
    except InvalidAnswer:
        with pytest.raises(InvalidAnswer):
            grade(kind, answer, options, cleaned)
        return
    assert 0.0 <= result.points <= 1.0
    assert grade(kind, answer, options, cleaned) == result  # what is stored grades the same


# The numeric-answer regex the scanner replaced (cubic on "x~~~…~x"), for short inputs only.
_OLD_NUMBER_RE = re.compile(
    r"^(?P<prefix>[^0-9+\-\u2212.]*?)\s*"
    r"(?P<sign>[+\-\u2212]?)\s*"
    r"(?P<number>"
    r"[0-9]{1,3}(?P<sep>[,\u00a0\u202f\u2009 ])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?"
    r"|(?P<dotted>[0-9]{1,3}(?:\.[0-9]{3})+)"
    r"|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
    r")(?![0-9])"
    r"\s*(?P<suffix>.*)$",
    re.DOTALL,
)


NUMBER_PIECES = [
    *"0123456789", "12", "123", "000", "0000", *",. ~-+\u2212\u00a0\u202f\u2009\n", "about ", "x"
]  # fmt: skip
number_texts = st.one_of(
    st.text(alphabet=NUMBERISH + "\n\t", max_size=30),
    st.lists(st.sampled_from(NUMBER_PIECES), max_size=12).map("".join),
)


@hypothesis_settings(max_examples=1_000, deadline=None)
@given(number_texts)
def test_the_number_scanner_reads_what_the_old_regex_read(text):
    old = _OLD_NUMBER_RE.match(text)
    new = _find_number(text)
    if old is None:
        assert new is None
        return
    assert new is not None
    assert (new.prefix.rstrip(), new.sign, new.number, new.dotted, new.suffix.lstrip()) == (
        old.group("prefix").rstrip(),
        old.group("sign"),
        old.group("number"),
        bool(old.group("dotted")),
        old.group("suffix"),
    )


# --------------------------------------------------------------------------- text pipeline

WORDS = [
    "NATO", "KFOR", "UNMIK", "Kosovo", "Force", "(KFOR)", "on", "12", "June", "1999", "78",
    "days", "38,000", "troops", "Resolution", "1244", "led", "by", "Operation", "Allied",
    "the", "U.S.", "Dr.", "No.", "...", ".", ",", ";", "—", "\n", "\n\n", "###", "-", "1.",
    "[link](http://x)", "`code`", "**bold**", "Milošević", "in", "March", "24", "2008", "and",
]  # fmt: skip
prose = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=400).map(" ".join),
    st.builds(lambda w, n: (w + " ") * n, st.sampled_from(WORDS), st.integers(0, 300)),
)
# Larger inputs cost about a millisecond a sentence (pysbd), linearly: tests/test_abuse.py
# times a 16 KB sentence, a 200 KB paragraph and a 1 MB article.


@FUZZ
@given(prose)
def test_the_text_pipeline_never_fails_and_is_bounded(text):
    def run() -> list[tuple[int, int]]:
        spans = split_sentences(text)
        for start, end in spans:
            assert end - start <= MAX_SENTENCE_CHARS
            sentence = text[start:end]
            extract_claims(sentence)
            check_sentence(sentence, FACTBASE)
        body_sentences(text)
        return spans

    # The faster of two runs: a pause of the machine (another process, a collection) is not
    # the input's cost; a pathological input is slow both times.
    elapsed, spans = min(_timed(run), _timed(run))
    assert elapsed < BUDGET, f"{elapsed:.2f}s for {len(text)} characters"
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())  # every character, once


def _timed[T](work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    done = work()
    return time.perf_counter() - started, done
