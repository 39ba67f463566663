"""Question generation, kind by kind: the options (distractors) of choice questions and how
each kind of question is built, over the real seeds (see tests/quizzes/seed_questions.py).
"""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from lessons.facts.claims import extract_claims
from lessons.facts.factbase import Fact
from lessons.facts.values import DateValue, NumberValue, SpanValue
from lessons.text.normalise import fold_loose as normalise
from quizzes.generation import ClaimInput, QuestionDraft, questions_for_claims
from quizzes.generation.distractors import distractor_values
from quizzes.generation.pools import pools_for
from quizzes.generation.true_false import falsify
from quizzes.grading import grade
from tests.quizzes.seed_questions import (
    BLANK,
    FACTBASE,
    equivalent,
    generated,
    parse_date,
    parse_number,
    refuted,
    seed_claims,
    statement_claims,
)

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
    (claimed,) = [c.value for c in extract_claims(sentence) if c.text == text]
    kinds = set()
    for claim_id in range(12):
        claim = ClaimInput(
            claim_id, 1, "KFOR today", "s-1", sentence, start, start + len(text), text,
            "number", "SUPPORTED", fact, "", claimed,
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
    numbers = set(pools_for(FACTBASE).resolutions)
    for question in choice_questions():
        if "resolution number" in question.prompt:
            assert {int(o) for o in question.options} <= numbers
    # Operation Unified Protector enforced 1970 and 1973: neither may be a distractor.
    oup = [q for q in choice_questions() if q.fact_id.startswith("oup-enforced")]
    for question in oup:
        assert not {"1970", "1973"} & (set(question.options) - {question.answer["correct"]})


def test_spot_the_error_offers_the_sentences_checkable_parts_in_their_order():
    for claim in refuted():
        spot = next(q for q in generated() if q.key == f"spot:claim:{claim.claim_id}")
        assert spot.answer["correct"] == claim.text
        assert claim.sentence.strip() in spot.prompt
        outside = spot.prompt.replace(claim.sentence.strip(), "")
        assert claim.text not in outside  # the wrong part is not named
        assert 2 <= len(spot.options) <= 4
        assert all(option in claim.sentence for option in spot.options)
        assert list(spot.options) == sorted(spot.options, key=claim.sentence.index)


def test_spot_the_error_gives_the_correction_with_its_nuance():
    """ "2003" is wrong for when ISAF was established, but right for another ISAF event."""
    isaf = next(c for c in refuted() if c.fact.id == "isaf-established-by-un")
    spot = next(q for q in generated() if q.key == f"spot:claim:{isaf.claim_id}")
    assert spot.explanation.startswith("“2003” is wrong: the right value is 20 December 2001.")
    assert isaf.fact.statement in spot.explanation
    assert "“2003” belongs to another event:" in spot.explanation


def test_spot_the_error_needs_another_part_to_choose_from():
    isaf = next(c for c in refuted() if c.fact.id == "isaf-established-by-un")
    alone = dataclasses.replace(isaf, sentence="In 2003.", start=3, end=7, text="2003")
    drafts = questions_for_claims([alone], FACTBASE, seed=1)
    assert [q.kind for q in drafts] == ["true_false"]  # no multiple choice with one option


def test_questions_on_an_unconfirmed_refutation_are_inactive():
    isaf = next(c for c in refuted() if c.fact.id == "isaf-established-by-un")
    waiting = questions_for_claims([dataclasses.replace(isaf, confirmed=False)], FACTBASE, seed=1)
    confirmed = questions_for_claims([isaf], FACTBASE, seed=1)
    assert {q.kind for q in waiting} == {"true_false", "spot_error"}
    assert not any(q.active for q in waiting)
    assert all(q.active for q in confirmed)


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
    claim = next(c for c in seed_claims() if c.fact.id == "milosevic-office")
    milosevic = next(  # the first kind asked rotates with the claim id: try each
        q
        for offset in range(3)
        for q in questions_for_claims(
            [dataclasses.replace(claim, claim_id=offset)], FACTBASE, seed=offset
        )
        if q.kind == "cloze"
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


def test_a_vote_count_is_never_offered_beyond_the_security_council():
    fact = FACTBASE.by_id("unscr-1244-vote")
    values = distractor_values(fact.value, fact, pools_for(FACTBASE), random.Random(1))
    assert values
    assert all(isinstance(v, NumberValue) and v.value <= 15 for v in values)


def test_a_false_date_keeps_the_order_with_the_other_years_of_its_statement():
    """ "The Kosovo War, which began in February 1998, ended in June 1995" gives itself away."""
    ended = FACTBASE.by_id("kosovo-war-ended")
    assert "1998" in ended.statement
    pools = pools_for(FACTBASE)
    for seed in range(20):
        made = falsify(ended, pools, random.Random(seed))
        assert made is not None
        _, wrong, _ = made
        assert int(re.findall(r"\d{4}", wrong)[-1]) > 1998, wrong
