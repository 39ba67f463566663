"""Question generation (quizzes.generation) over the real seeds and the real fact base.

The claims are made the way the database makes them: the four seed articles are cleaned into
lessons (lessons.articles), split into sentences (lessons.text.sentences), every claim checked
against seeds/facts.toml (lessons.facts.claims + lessons.facts.verify).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import pathlib
import re
import subprocess
import sys
from collections import Counter

import pytest

from lessons.articles import read_article
from lessons.facts.factbase import Fact, FactBase, load_factbase_file
from lessons.facts.values import DateValue, SpanValue, format_value
from lessons.facts.verify import Check, Context, check_sentence
from lessons.text.normalise import fold_loose as normalise
from lessons.text.sentences import body_sentences
from quizzes.generation import (
    GENERATOR_VERSION,
    ClaimInput,
    QuestionDraft,
    questions_for_claims,
)
from quizzes.grading import grade

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FACTBASE = load_factbase_file(SEEDS / "facts.toml")
ALL_KINDS = {
    "multiple_choice",
    "true_false",
    "numeric",
    "cloze",
    "matching",
    "ordering",
    "spot_error",
}
BLANK = "_____"


# --------------------------------------------------------------------------- real inputs


def _input(claim_id: int, lesson_id: int, title: str, anchor: str, sentence: str, check: Check):
    return ClaimInput(
        claim_id=claim_id,
        lesson_id=lesson_id,
        lesson_title=title,
        anchor=anchor,
        sentence=sentence,
        start=check.claim.start,
        end=check.claim.end,
        text=check.claim.text,
        kind=check.claim.kind,
        verdict=check.verdict,  # type: ignore[arg-type]
        fact=check.fact,  # type: ignore[arg-type]
        correct_value=check.correct_value or "",
    )


@functools.cache
def seed_checks() -> tuple[tuple[ClaimInput | None, Check], ...]:
    """Every claim of the four seeds with its check; the ClaimInput is None for NEI."""
    out = []
    claim_id = lesson_id = 0
    for path in sorted(SEEDS.glob("*.txt")):
        for section in read_article(path).sections:
            lesson_id += 1
            previous: list[str] = []
            for sentence in body_sentences(section.body):
                context = Context(heading=section.title, previous=tuple(previous[-3:]))
                for check in check_sentence(sentence.text, FACTBASE, context):
                    claim_id += 1
                    claim = None
                    if check.verdict != "NOT_ENOUGH_INFO":
                        claim = _input(
                            claim_id,
                            lesson_id,
                            section.title,
                            sentence.anchor,
                            sentence.text,
                            check,
                        )
                    out.append((claim, check))
                previous.append(sentence.text)
    return tuple(out)


def seed_claims() -> list[ClaimInput]:
    return [claim for claim, _ in seed_checks() if claim is not None]


@functools.cache
def statement_claims() -> tuple[ClaimInput, ...]:
    """A SUPPORTED claim for every fact whose own statement confirms it: every value type."""
    out = []
    for number, fact in enumerate(FACTBASE.facts, start=1000):
        for check in check_sentence(fact.statement, FACTBASE):
            if check.verdict == "SUPPORTED" and check.fact and check.fact.id == fact.id:
                out.append(
                    _input(number, 900, "Reference facts", f"s-{number}", fact.statement, check)
                )
                break
    return tuple(out)


@functools.cache
def generated(seed: int = 7) -> tuple[QuestionDraft, ...]:
    return tuple(questions_for_claims(seed_claims(), FACTBASE, seed=seed))


def by_claim(questions) -> dict[int, list[QuestionDraft]]:
    out: dict[int, list[QuestionDraft]] = {}
    for question in questions:
        out.setdefault(question.claim_id, []).append(question)
    return out


def refuted() -> list[ClaimInput]:
    return [c for c in seed_claims() if c.verdict == "REFUTED"]


# --------------------------------------------------------------------------- equivalence

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}


def parse_date(text: str) -> DateValue | None:
    """ "12 June 1999", "June 1999", "1999" -> DateValue (the option formats used)."""
    words = normalise(text).split()
    if len(words) == 3 and words[0].isdigit() and words[1] in _MONTHS and words[2].isdigit():
        return DateValue(int(words[2]), _MONTHS[words[1]], int(words[0]))
    if len(words) == 2 and words[0] in _MONTHS and words[1].isdigit():
        return DateValue(int(words[1]), _MONTHS[words[0]])
    if len(words) == 1 and re.fullmatch(r"1[89]\d\d|20\d\d", words[0]):
        return DateValue(int(words[0]))
    return None


def same_at_coarser(a: DateValue, b: DateValue) -> bool:
    rank = {"year": 0, "month": 1, "day": 2}
    coarse = min(a.granularity, b.granularity, key=rank.__getitem__)
    return (a.year, a.month if coarse != "year" else None, a.day if coarse == "day" else None) == (
        b.year,
        b.month if coarse != "year" else None,
        b.day if coarse == "day" else None,
    )


def parse_number(text: str) -> float | None:
    match = re.fullmatch(r"(?:about |over |approximately )?([\d,]+)(?: [a-z ]+)?", text.strip())
    return float(match.group(1).replace(",", "")) if match else None


def equivalent(a: str, b: str, *, identifier: bool = False) -> bool:
    """Two option texts that would both be right: equal when normalised, the same date at the
    coarser precision ("June 1999" ~ "12 June 1999"), or figures within 10 % (small counts
    and identifiers such as resolution numbers only when equal)."""
    if normalise(a) == normalise(b) or normalise(a).replace(" ", "") == normalise(b).replace(
        " ", ""
    ):
        return True
    da, db = parse_date(a), parse_date(b)
    if da and db:
        return same_at_coarser(da, db)
    na, nb = parse_number(a), parse_number(b)
    if na is not None and nb is not None and not (parse_date(a) or parse_date(b)):
        lengths = re.search(r"\b(days?|weeks?|months?|years?)$", a + "|" + b)  # exact: "78 days"
        if identifier or lengths or max(na, nb) <= 12:
            return na == nb
        return abs(na - nb) <= 0.1 * max(na, nb)
    return False


def test_the_equivalence_helper_itself_catches_what_it_must():
    assert equivalent("June 1999", "12 June 1999")
    assert equivalent("1999", "24 March 1999")
    assert equivalent("over 38,000", "38,004")
    assert equivalent("Kosovo Force (KFOR)", "kosovo force kfor")
    assert not equivalent("June 1999", "July 1999")
    assert not equivalent("1031", "1088", identifier=True)
    assert not equivalent("10", "11")
    assert not equivalent("72 days", "78 days")  # a length in days is exact
    assert not equivalent("38,000", "57,000")


# --------------------------------------------------------------------------- the big picture


def test_all_seven_kinds_appear_over_the_four_seeds():
    kinds = Counter(q.kind for q in generated())
    assert set(kinds) == ALL_KINDS, kinds


def test_the_seeds_have_both_verdicts_to_work_with():
    verdicts = Counter(c.verdict for c in seed_claims())
    assert verdicts["SUPPORTED"] >= 20
    assert verdicts["REFUTED"] >= 1


def test_every_supported_claim_gets_a_question():
    asked = by_claim(generated())
    missing = [
        (c.claim_id, c.text, c.fact.id)
        for c in seed_claims()
        if c.verdict == "SUPPORTED" and c.claim_id not in asked
    ]
    assert not missing


def test_keys_are_unique_and_name_their_source():
    keys = [q.key for q in generated()]
    assert len(keys) == len(set(keys))
    for question in generated():
        if question.kind in ("matching", "ordering"):
            assert re.fullmatch(r"(match|order):facts:[a-z0-9-]+(\+[a-z0-9-]+){2,}", question.key)
        else:
            assert question.key.endswith(f":claim:{question.claim_id}")


def test_every_question_keeps_its_provenance_and_explains_itself():
    claims = {c.claim_id: c for c in seed_claims()}
    fact_ids = {f.id for f in FACTBASE.facts}
    for question in generated():
        claim = claims[question.claim_id]
        assert question.fact_id in fact_ids
        assert (question.lesson_id, question.anchor) == (claim.lesson_id, claim.anchor)
        assert question.explanation.strip()
        assert question.prompt.strip()
        assert not question.prompt.casefold().startswith(("in this sentence", "in the sentence"))
        assert json.loads(json.dumps(question.answer)) == question.answer
        if question.kind not in ("matching", "ordering"):
            assert question.fact_id == claim.fact.id
    assert GENERATOR_VERSION >= 1


def test_options_have_the_shape_each_kind_needs():
    for question in [*generated(), *questions_for_claims(statement_claims(), FACTBASE, seed=3)]:
        options = question.options
        assert len(options) == len(set(options)), question
        match question.kind:
            case "multiple_choice" | "spot_error":
                assert len(options) == 4
                assert options.count(question.answer["correct"]) == 1
            case "true_false":
                assert options == ("True", "False")
                assert isinstance(question.answer["correct"], bool)
            case "numeric" | "cloze":
                assert options == ()
            case "matching":
                assert 3 <= len(options) <= 5
                assert question.prompt_items == tuple(question.answer["items"])
                assert sorted(options) == sorted(question.answer["pairs"].values())
                pairs = question.answer["pairs"]
                assert options != tuple(pairs[item] for item in question.prompt_items)
            case "ordering":
                assert 3 <= len(options) <= 5
                assert sorted(options) == sorted(question.answer["order"])
                assert list(options) != question.answer["order"]  # not shown in order


# --------------------------------------------------------------------------- honesty


def test_not_enough_info_claims_are_refused():
    nei = next(check for claim, check in seed_checks() if claim is None)
    fake = ClaimInput(
        claim_id=1,
        lesson_id=1,
        lesson_title="L",
        anchor="s-1",
        sentence="x" * nei.claim.end,
        start=nei.claim.start,
        end=nei.claim.end,
        text="x" * (nei.claim.end - nei.claim.start),
        kind=nei.claim.kind,
        verdict="NOT_ENOUGH_INFO",  # type: ignore[arg-type]
        fact=FACTBASE.facts[0],
        correct_value="",
    )
    with pytest.raises(ValueError, match="NOT_ENOUGH_INFO"):
        questions_for_claims([*seed_claims(), fake], FACTBASE, seed=1)


def test_a_claim_whose_text_is_not_in_its_sentence_is_refused():
    claim = seed_claims()[0]
    with pytest.raises(ValueError, match="offsets"):
        questions_for_claims([dataclasses.replace(claim, start=0)], FACTBASE, seed=1)
    with pytest.raises(ValueError, match="twice"):
        questions_for_claims([claim, claim], FACTBASE, seed=1)


def test_a_refuted_claim_is_only_a_false_statement_or_a_spot_the_error_item():
    questions = generated()
    for claim in refuted():
        asked = by_claim(questions)[claim.claim_id]
        assert {q.kind for q in asked} == {"true_false", "spot_error"}
        for question in asked:
            if question.kind == "true_false":
                assert question.answer == {"correct": False}
                # The article's wrong value is what the statement asserts.
                assert claim.text in question.prompt
                assert claim.correct_value in question.explanation
            else:
                assert question.answer["correct"] == claim.correct_value
                assert question.answer["wrong"] == claim.text
                assert normalise(claim.text) not in {
                    normalise(a) for a in question.answer["accepted"]
                }
                assert question.answer["correct"] in question.options


def test_a_refuted_date_becomes_a_plain_false_statement_about_its_fact():
    isaf = next(c for c in refuted() if c.fact.id == "isaf-established-by-un")
    false = next(q for q in generated() if q.claim_id == isaf.claim_id and q.kind == "true_false")
    assert false.prompt == "True or false? ISAF was established by the UN Security Council in 2003."


def test_no_question_presents_a_refuted_sentence_as_true():
    """Only the refuted claim's own false T/F and spot-the-error item may show its sentence."""
    for claim in refuted():
        for question in generated():
            shows = claim.sentence in question.prompt or claim.sentence.replace(
                claim.text, ""
            ) in question.prompt.replace(BLANK, "")
            if not shows:
                continue
            assert question.claim_id == claim.claim_id, question
            assert question.kind == "spot_error" or question.answer == {"correct": False}


def test_a_sentence_with_a_refuted_claim_is_never_the_context_of_another_question():
    """The ISAF sentence also has a SUPPORTED acronym: whatever kind it gets, the sentence with
    its wrong "2003" is not shown as if it were right."""
    for claim in refuted():
        mates = [
            c
            for c in seed_claims()
            if c.anchor == claim.anchor
            and c.verdict == "SUPPORTED"
            and c.lesson_id == claim.lesson_id
        ]
        assert mates
        for offset in range(12):  # every kind the rotation can pick
            shifted = [
                dataclasses.replace(m, claim_id=1200 + offset + 12 * i) for i, m in enumerate(mates)
            ]
            for question in questions_for_claims([claim, *shifted], FACTBASE, seed=offset):
                if question.claim_id != claim.claim_id:
                    assert claim.text not in question.prompt, question.prompt


def test_a_refuted_value_is_never_an_answer_key():
    for claim in refuted():
        wrong = normalise(claim.text)
        for question in generated():
            if question.fact_id != claim.fact.id:
                continue
            answer = question.answer
            keyed = [answer.get("correct"), *answer.get("accepted", [])]
            if question.kind == "numeric":
                keyed.append(str(answer["value"]))
            assert wrong not in {normalise(str(k)) for k in keyed if isinstance(k, str | int)}


def test_a_changed_fact_in_a_false_statement_is_refuted_by_the_verifier():
    """Controlled changes are clearly wrong: lessons.facts.verify itself refutes the new value."""
    refuted_ids = {c.claim_id for c in refuted()}
    checked = 0
    for offset in range(6):
        claims = [
            dataclasses.replace(c, claim_id=c.claim_id * 12 + offset)
            for c in [*seed_claims(), *statement_claims()]
        ]
        for question in questions_for_claims(claims, FACTBASE, seed=offset):
            if question.kind != "true_false" or question.answer["correct"]:
                continue
            if (question.claim_id - offset) // 12 in refuted_ids:
                continue
            statement = question.prompt.removeprefix("True or false? ")
            if " stands for " in statement:
                acronym, expansion = statement.rstrip(".").split(" stands for ")
                fact = FACTBASE.by_id(question.fact_id)
                assert (acronym, expansion) != (fact.value.acronym, fact.value.expansion)
                continue
            fact = FACTBASE.by_id(question.fact_id)
            alone = FactBase(references=FACTBASE.references, facts=(fact,))
            verdicts = {c.verdict for c in check_sentence(statement, alone)}
            assert "REFUTED" in verdicts, statement
            checked += 1
    assert checked >= 20


def test_matching_and_ordering_use_only_supported_facts():
    supported = {c.fact.id for c in seed_claims() if c.verdict == "SUPPORTED"}
    for question in generated():
        if question.kind in ("matching", "ordering"):
            assert set(question.key.split(":")[2].split("+")) <= supported


def test_an_overridden_claim_that_disagrees_with_its_fact_is_asked_only_with_the_fact_value():
    """An admin marks "2003" SUPPORTED against a fact of 20 December 2001: never key 2003."""
    claim = refuted()[0]
    overridden = dataclasses.replace(claim, verdict="SUPPORTED", correct_value="")
    for seed in range(6):
        for question in questions_for_claims([overridden], FACTBASE, seed=seed):
            flat = json.dumps(question.answer)
            assert "2003" not in flat
            assert question.kind != "cloze"


def test_a_refuted_claim_without_a_correct_value_falls_back_to_the_fact():
    claim = dataclasses.replace(refuted()[0], correct_value="")
    spot = next(
        q for q in questions_for_claims([claim], FACTBASE, seed=1) if q.kind == "spot_error"
    )
    assert spot.answer["correct"] == format_value(claim.fact.value)


# --------------------------------------------------------------------------- distractors


def mc_first(claims) -> list[ClaimInput]:
    """The same claims with ids a multiple of 12: the kind rotation then starts with multiple
    choice for every claim kind that can have one."""
    return [dataclasses.replace(c, claim_id=12 * (i + 1)) for i, c in enumerate(claims)]


def choice_questions(seed: int = 7) -> list[QuestionDraft]:
    questions = [
        *questions_for_claims(mc_first(seed_claims()), FACTBASE, seed=seed),
        *questions_for_claims(mc_first(statement_claims()), FACTBASE, seed=seed),
    ]
    return [q for q in questions if q.kind in ("multiple_choice", "spot_error")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_distractor_equals_or_is_equivalent_to_the_answer(seed):
    questions = choice_questions(seed)
    assert len(questions) >= 40
    for question in questions:
        right = question.answer["correct"]
        identifier = "resolution number" in question.prompt
        for option in question.options:
            if option != right:
                assert not equivalent(option, right, identifier=identifier), (
                    question.prompt,
                    option,
                    right,
                )


def test_a_month_answer_never_has_a_day_of_that_month_as_distractor():
    june = next(
        q
        for q in choice_questions()
        if q.answer.get("correct") == "June 1999" and q.fact_id == "kfor-entered-kosovo"
    )
    for option in june.options:
        date = parse_date(option)
        assert date is not None
        assert date.granularity == "month"
        assert option == "June 1999" or (date.year, date.month) != (1999, 6)


def test_a_qualified_figure_has_distractors_well_apart():
    sorties = [q for q in choice_questions() if q.fact_id == "allied-force-sorties"]
    assert sorties
    for question in sorties:
        numbers = [parse_number(o) for o in question.options]
        assert all(n is not None for n in numbers)
        for n in numbers:
            assert n == 38000 or abs(n - 38000) > 0.3 * 38000


RANK = {"year": 0, "month": 1, "day": 2}


def coarsen(date: DateValue, granularity: str) -> DateValue:
    return DateValue(
        date.year,
        date.month if RANK[granularity] >= 1 else None,
        date.day if RANK[granularity] >= 2 else None,
    )


def test_a_bound_is_never_asked_with_distractors():
    """ "up to 1,000 troops": "up to 500" would not be false, so no choice of figures."""
    fact = FACTBASE.by_id("kfor-2023-reinforcement")
    sentence = (
        "In its largest reinforcement in a decade, KFOR deployed up to 1,000 additional troops."
    )
    text = "up to 1,000 additional troops"
    start = sentence.index(text)
    kinds = set()
    for claim_id in range(12):
        claim = ClaimInput(
            claim_id, 1, "KFOR today", "s-1", sentence, start, start + len(text), text,
            "number", "SUPPORTED", fact, "",
        )  # fmt: skip
        for question in questions_for_claims([claim], FACTBASE, seed=claim_id):
            kinds.add(question.kind)
            if question.kind == "numeric":
                assert question.answer["value"] == 1000
    assert kinds
    assert "multiple_choice" not in kinds


def dates_of_subject(fact: Fact) -> set[DateValue]:
    """The dates every *other* fact about the same subject gives."""
    names = {normalise(n) for n in fact.names}
    out: set[DateValue] = set()
    for other in FACTBASE.facts:
        if other.id == fact.id or not names & {normalise(n) for n in other.names}:
            continue
        value = other.value
        if isinstance(value, DateValue):
            out.add(value)
        if isinstance(value, SpanValue):
            out |= {value.start} | ({value.end} if value.end else set())
    return out


def test_no_date_distractor_is_another_date_of_the_same_subject():
    """ "When was Allied Force suspended?" must not offer 20 June (formally terminated)."""
    checked = 0
    for question in choice_questions():
        if question.kind != "multiple_choice" or parse_date(question.answer["correct"]) is None:
            continue
        if not isinstance(FACTBASE.by_id(question.fact_id).value, DateValue | SpanValue):
            continue  # "1973" here is a resolution number, not a year
        others = dates_of_subject(FACTBASE.by_id(question.fact_id))
        for option in set(question.options) - {question.answer["correct"]}:
            date = parse_date(option)
            assert date is not None, (question.prompt, question.options)
            checked += 1
            for other in others:
                if RANK[other.granularity] >= RANK[date.granularity]:
                    assert coarsen(other, date.granularity) != date, (question.prompt, option)
    assert checked >= 30


def test_resolution_options_are_real_resolutions_and_not_another_true_one():
    numbers = {1031, 1088, 1244, 1386, 1510, 1970, 1973}
    for question in choice_questions():
        if "resolution number" in question.prompt:
            assert {int(o) for o in question.options} <= numbers
    # Operation Unified Protector enforced 1970 and 1973: neither may be a distractor.
    oup = [q for q in choice_questions() if q.fact_id.startswith("oup-enforced")]
    for question in oup:
        assert not {"1970", "1973"} & (set(question.options) - {question.answer["correct"]})


def test_spot_the_error_options_are_wrong_at_the_articles_precision():
    for claim in refuted():
        spot = next(q for q in generated() if q.key == f"spot:claim:{claim.claim_id}")
        correct = parse_date(spot.answer["correct"])
        wrong = parse_date(claim.text)
        assert correct
        assert wrong
        for option in spot.options:
            if option != spot.answer["correct"]:
                date = parse_date(option)
                assert date
                assert date.year != correct.year  # the article's error is the year


# --------------------------------------------------------------------------- determinism


def test_the_same_seed_gives_the_same_questions():
    again = questions_for_claims(seed_claims(), FACTBASE, seed=7)
    assert again == list(generated(7))


def test_another_seed_changes_options_but_never_keys_or_kinds():
    first, second = generated(7), generated(8)
    assert [(q.key, q.kind) for q in first] == [(q.key, q.kind) for q in second]
    assert [q.options for q in first] != [q.options for q in second]
    for a, b in zip(first, second, strict=True):
        assert sorted(a.options) == sorted(b.options) or a.kind in ("multiple_choice", "spot_error")
        if a.kind in ("numeric", "cloze", "matching", "ordering"):
            assert a.answer.get("accepted") == b.answer.get("accepted")


def test_a_claims_question_does_not_depend_on_the_other_claims():
    everything = {q.key: q for q in generated()}
    for claim in seed_claims()[:12]:
        for question in questions_for_claims([claim], FACTBASE, seed=7):
            assert everything[question.key] == question


def test_generation_does_not_depend_on_hash_randomisation():
    script = (
        "import json, dataclasses, sys; sys.path.insert(0, 'tests/quizzes');"
        "import test_generate as t;"
        "print(json.dumps([dataclasses.asdict(q) for q in t.generated(5)], sort_keys=True))"
    )
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.add(done.stdout)
    assert len(outputs) == 1


# --------------------------------------------------------------------------- each kind


def test_cloze_blanks_the_claim_in_the_lessons_own_sentence():
    claims = {c.claim_id: c for c in seed_claims()}
    clozes = [q for q in generated() if q.kind == "cloze"]
    assert clozes
    for question in clozes:
        claim = claims[question.claim_id]
        gapped = question.prompt.split("\u201c")[-1].rstrip("\u201d")
        assert gapped.count(BLANK) == 1
        assert any(
            normalise(gapped.replace(BLANK, answer)) == normalise(claim.sentence)
            for answer in question.answer["accepted"]
        ), question


def test_cloze_accepts_aliases_and_spellings_without_diacritics():
    milosevic = next(
        q for q in generated() if q.kind == "cloze" and q.fact_id == "milosevic-office"
    )
    accepted = {normalise(a) for a in milosevic.answer["accepted"]}
    assert {"slobodan milosevic", "milosevic"} <= accepted
    assert grade("cloze", milosevic.answer, (), {"text": ["Milosevic"]}).correct


def test_cloze_accepts_the_usual_short_forms_of_an_expansion():
    unmik = next(c for c in seed_claims() if c.fact.id == "unmik-acronym")
    clozes = [
        q
        for offset in range(3)
        for q in questions_for_claims(
            [dataclasses.replace(unmik, claim_id=offset)], FACTBASE, seed=offset
        )
        if q.kind == "cloze"
    ]
    assert len(clozes) == 1
    (cloze,) = clozes
    assert "(UNMIK)" in cloze.prompt  # the acronym stays as the clue
    for typed in (
        "United Nations Interim Administration Mission in Kosovo",
        "UN Interim Administration Mission in Kosovo",
        "the united nations interim administration mission in kosovo",
    ):
        assert grade("cloze", cloze.answer, (), {"text": [typed]}).correct, typed
    assert not grade("cloze", cloze.answer, (), {"text": ["UNMIK"]}).correct


def test_numeric_tolerance_follows_the_qualifier():
    claims = [*seed_claims(), *statement_claims()]
    numeric = {}
    for offset in range(12):  # every claim id modulo the kind rotation
        shifted = [dataclasses.replace(c, claim_id=c.claim_id * 12 + offset) for c in claims]
        for question in questions_for_claims(shifted, FACTBASE, seed=1):
            if question.kind == "numeric":
                numeric[question.fact_id] = question
    assert numeric["allied-force-duration"].answer["tolerance"] == 0
    assert numeric["kfor-mandate-resolution"].answer["tolerance"] == 0
    over = numeric["allied-force-sorties"].answer
    assert over["value"] == 38000
    assert 0 < over["tolerance"] <= 0.1 * 38000
    years = [q for q in numeric.values() if q.answer["unit"] == "" and q.answer["value"] < 2100]
    assert years
    assert all(q.answer["tolerance"] == 0 for q in years)


def test_ordering_lists_events_in_time_without_their_dates():
    orderings = [q for q in generated() if q.kind == "ordering"]
    assert orderings
    for question in orderings:
        ids = question.key.split(":")[2].split("+")
        dates = [FACTBASE.by_id(i).value for i in ids]
        assert all(isinstance(d, DateValue) for d in dates)
        keys = [d.sort_key() for d in dates]
        assert keys == sorted(keys)
        assert len(set(keys)) == len(keys)
        for item, date in zip(question.answer["order"], dates, strict=True):
            assert not re.search(rf"(?<!Resolution ){date.year}", item), item


def test_matching_needs_three_pairs():
    acronyms = [c for c in seed_claims() if c.kind == "acronym" and c.verdict == "SUPPORTED"]
    facts: dict[str, ClaimInput] = {}
    for claim in acronyms:
        facts.setdefault(claim.fact.id, claim)
    two = list(facts.values())[:2]
    assert not [q for q in questions_for_claims(two, FACTBASE, seed=1) if q.kind == "matching"]
    three = list(facts.values())[:3]
    matching = [q for q in questions_for_claims(three, FACTBASE, seed=1) if q.kind == "matching"]
    assert len(matching) == 1
    assert set(matching[0].answer["pairs"]) == {c.fact.value.acronym for c in three}


def test_ordering_needs_three_distinct_dates():
    claims = list(dated_claims().values())
    same_day = [c for c in claims if c.fact.id in ("allied-force-suspended", "unscr-1244-adopted")]
    assert len(same_day) == 2  # both 10 June 1999: cannot be ordered
    third = next(c for c in claims if c.fact.id == "allied-force-began")
    assert not [
        q
        for q in questions_for_claims([*same_day, third], FACTBASE, seed=1)
        if q.kind == "ordering"
    ]
    fourth = next(c for c in claims if c.fact.id == "kosovo-independence")
    ordering = [
        q
        for q in questions_for_claims([*same_day, third, fourth], FACTBASE, seed=1)
        if q.kind == "ordering"
    ]
    assert len(ordering) == 1
    assert len(ordering[0].options) == 3


def dated_claims() -> dict[str, ClaimInput]:
    out: dict[str, ClaimInput] = {}
    for claim in [*seed_claims(), *statement_claims()]:
        if claim.verdict == "SUPPORTED" and isinstance(claim.fact.value, DateValue):
            out.setdefault(claim.fact.id, claim)
    return out


def test_ordering_leaves_out_events_only_days_apart():
    dated = dated_claims()
    close = [dated["eulex-launched"], dated["kosovo-independence"]]  # 16 and 17 February 2008
    claims = [*close, dated["allied-force-began"]]
    assert not [q for q in questions_for_claims(claims, FACTBASE, seed=1) if q.kind == "ordering"]


def test_operations_are_matched_with_the_year_they_began():
    matching = [
        q
        for q in questions_for_claims(statement_claims(), FACTBASE, seed=4)
        if q.kind == "matching" and q.prompt == "Match each operation with the year it began."
    ]
    assert matching
    for question in matching:
        for operation, year in question.answer["pairs"].items():
            assert operation.startswith("Operation ")
            facts = [f for f in FACTBASE.facts if operation in f.names]
            assert any(str(year) in f.statement for f in facts)


def test_every_generated_answer_key_grades_its_own_answer_right_and_a_wrong_one_wrong():
    for question in [*generated(), *questions_for_claims(statement_claims(), FACTBASE, seed=2)]:
        answer, options = question.answer, question.options
        match question.kind:
            case "multiple_choice" | "spot_error":
                right = {"choice": [answer["correct"]]}
                wrong = {"choice": [next(o for o in options if o != answer["correct"])]}
            case "true_false":
                right = {"choice": [str(answer["correct"]).lower()]}
                wrong = {"choice": [str(not answer["correct"]).lower()]}
            case "numeric":
                right = {"value": [f"{answer['value']:,}"]}
                wrong = {"value": [str(answer["value"] * 3 + 7)]}
            case "cloze":
                right = {"text": [answer["accepted"][-1]]}
                wrong = {"text": ["Kosovo Polje"]}
            case "matching":
                picks = [answer["pairs"][item] for item in answer["items"]]
                right = {f"match-{i}": [p] for i, p in enumerate(picks)}
                rotated = picks[1:] + picks[:1]
                wrong = {f"match-{i}": [p] for i, p in enumerate(rotated)}
            case "ordering":
                order = answer["order"]
                right = {f"position-{i}": [str(order.index(o) + 1)] for i, o in enumerate(options)}
                wrong = {
                    f"position-{i}": [str(len(order) - order.index(o))]
                    for i, o in enumerate(options)
                }
        good = grade(question.kind, answer, options, right)
        assert (good.correct, good.points) == (True, 1.0), question
        bad = grade(question.kind, answer, options, wrong)
        assert not bad.correct, question
        assert good.expected
