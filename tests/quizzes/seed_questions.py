"""The real inputs question generation is tested on, and what counts as "the same answer".

The claims are made the way the database makes them: the four seed articles are cleaned into
lessons (lessons.articles), split into sentences (lessons.text.sentences), every claim checked
against seeds/facts.toml (lessons.facts.claims + lessons.facts.verify), its value kept as
verification stores it in ``Claim.value``.
"""

from __future__ import annotations

import functools
import pathlib
import re

from lessons.articles import read_article
from lessons.facts.factbase import load_factbase_file
from lessons.facts.values import DateValue
from lessons.facts.verify import Check, Context, check_sentence
from lessons.text.normalise import fold_loose as normalise
from lessons.text.sentences import body_sentences
from quizzes.generation import ClaimInput, QuestionDraft, questions_for_claims
from quizzes.kinds import QuestionKind

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FACTBASE = load_factbase_file(SEEDS / "facts.toml")
ALL_KINDS = {kind.value for kind in QuestionKind}
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
        value=check.claim.value,  # what verification stores in Claim.value
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
