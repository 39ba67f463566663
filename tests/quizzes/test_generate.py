"""Question generation (quizzes.generation) over the real seeds and the real fact base: what
every question must be, what is never asked, and determinism.  The inputs are built in
tests/quizzes/seed_questions.py; the options and each kind are tested in test_generate_kinds.py.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from lessons.facts.factbase import FactBase
from lessons.facts.values import format_value
from lessons.facts.verify import check_sentence
from lessons.text.normalise import fold_loose as normalise
from quizzes.generation import GENERATOR_VERSION, ClaimInput, questions_for_claims
from tests.quizzes.seed_questions import (
    ALL_KINDS,
    BLANK,
    FACTBASE,
    ROOT,
    by_claim,
    equivalent,
    generated,
    refuted,
    seed_checks,
    seed_claims,
    statement_claims,
)


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
    """Every one but a concept or a mandate task: a phrase whose sentence only restates its
    fact, which the lesson's key facts ask about instead."""
    asked = by_claim(generated())
    missing = [
        (c.claim_id, c.text, c.fact.id)
        for c in seed_claims()
        if c.verdict == "SUPPORTED" and c.claim_id not in asked and c.kind not in PHRASES
    ]
    assert not missing
    phrases = [c for c in seed_claims() if c.kind in PHRASES]
    assert phrases
    assert not any(c.claim_id in asked for c in phrases)


PHRASES = ("concept", "task")


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
            else:  # the learner finds the wrong part; the feedback gives the correction
                assert question.answer["correct"] == question.answer["wrong"] == claim.text
                assert question.answer["correct"] in question.options
                assert len(question.options) >= 2
                assert claim.correct_value in question.explanation
                assert claim.fact.statement in question.explanation


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
            if question.kind == "spot_error":  # its key is the wrong part to find
                assert answer["wrong"] == claim.text
                continue
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
            assert verdicts != {"SUPPORTED"}, statement  # the changed value is not supported
            checked += "REFUTED" in verdicts
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
    assert f"the right value is {format_value(claim.fact.value)}." in spot.explanation


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
        "import seed_questions as t;"
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
