"""Verdicts for claims: match each claim to a reference fact and compare the values.

Pure functions (no Django).  A claim is SUPPORTED only when one fact about the same subject,
with the same predicate and a comparable value, agrees with it; REFUTED when such a fact
clearly contradicts it; NOT_ENOUGH_INFO otherwise.  Precision beats recall: whenever the
subject, the predicate or the choice between facts is uncertain, the answer is
NOT_ENOUGH_INFO, because only SUPPORTED claims become answer keys.

How a claim finds its fact:

1. **Subject** - a fact's subject or alias occurs in the sentence (case-insensitive and
   word-bounded; all-caps aliases such as "KFOR" or "UN" match case-sensitively).  When the
   sentence names no subject with a usable fact but refers back ("this mission", "the
   campaign", "it"), the previous sentences (nearest first, at most three) and then the
   heading are searched.  A name after "led by"/"established by" is the agent, not the subject.
   (:mod:`lessons.facts.subjects`)
2. **Predicate** - one of the fact's cue words (or, with no cues, the predicate's words) occurs
   in the sentence; "deployed" also matches "deploy", "deploying", "deployment".
3. **Value** - the fact's value must be comparable with the claim (a date with a date, a
   number with a number of the same unit ...).  Facts with the same value type beat facts of
   a neighbouring type (a date claim against a span fact).  (:mod:`lessons.facts.compare`)
4. **Choice** - when several facts remain, the one whose cue is nearest the claim wins if it
   is clearly nearest; if the remaining facts would give different verdicts and none is
   clearly nearest, the verdict is NOT_ENOUGH_INFO.

Values are compared at the claim's precision: "June 1999" agrees with 12 June 1999, "12 June
1999" against a month-only fact is NOT_ENOUGH_INFO; numbers respect "over"/"about"/"up to"
on both sides and are REFUTED only when clearly outside what the fact allows; "eleven weeks"
agrees with 78 days.  Acronyms are checked against the fact that expands them, whatever the
sentence is about.  A person, organisation or title in a relation ("led by X") can be
confirmed but is never REFUTED, since such relations have several true values.
(:mod:`lessons.facts.names`)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from lessons.facts.claims import Claim, qualifier_of
from lessons.facts.compare import Outcome, compare, tier
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.index import Entry, FactIndex, Ruling, index_of
from lessons.facts.names import check_acronym, check_operation, check_titled, norm_name
from lessons.facts.subjects import (
    AGENT_RE,
    FOLLOW_WORDS,
    Reading,
    Span,
    is_attributive,
    is_bound,
    overlaps,
    reading_of,
    role,
    subject_facts,
)
from lessons.facts.values import (
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    Value,
    format_value,
)
from lessons.facts.verdicts import Verdict

__all__ = ["Check", "Context", "check_claim", "check_sentence"]

SUPPORTED, REFUTED, NEI = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.NOT_ENOUGH_INFO
Subjects = list[tuple[Entry, list[Span]]]
Judge = Callable[[Value], Outcome]


@dataclass(frozen=True)
class Context:
    heading: str = ""  # the lesson/section title
    previous: tuple[str, ...] = ()  # earlier sentences of the same lesson, nearest last


@dataclass(frozen=True)
class Check:
    claim: Claim
    verdict: Verdict
    fact: Fact | None  # the evidence (SUPPORTED and REFUTED only)
    correct_value: str | None  # REFUTED only: format_value(fact.value)
    reason: str

    @classmethod
    def of(cls, claim: Claim, ruling: Ruling) -> Check:
        fact = ruling.fact
        correct = format_value(fact.value) if fact and ruling.verdict == REFUTED else None
        return cls(claim, ruling.verdict, fact, correct, ruling.reason)


def check_sentence(sentence: str, factbase: FactBase, context: Context = Context()) -> list[Check]:
    """A check for every claim :func:`lessons.facts.claims.extract_claims` finds in ``sentence``."""
    reading, index = reading_of(sentence), index_of(factbase)
    return [_check(claim, reading, index, context) for claim in reading.claims]


def check_claim(
    claim: Claim, sentence: str, factbase: FactBase, context: Context = Context()
) -> Check:
    """The verdict for one claim of ``sentence``, with the fact that decided it."""
    return _check(claim, reading_of(sentence), index_of(factbase), context)


def _check(claim: Claim, reading: Reading, index: FactIndex, context: Context) -> Check:
    """Names have checks of their own; every other claim states a value about a subject."""
    match claim.kind, claim.value:
        case "acronym", AcronymValue() as acronym:
            ruling = check_acronym(acronym, index)
        case "operation", EntityValue() as operation:
            ruling = check_operation(claim, operation, reading, index)
        case "relation", EntityValue() as person if not AGENT_RE.match(claim.text):
            ruling = check_titled(claim, person, reading, index)
        case (("date" | "year"), _) if is_bound(reading.sentence, claim):
            ruling = Ruling(NEI, f"'{claim.text}' is only a bound here, not a date.")
        case _:
            ruling = _check_stated(claim, reading, index, context)
    return Check.of(claim, ruling)


# --------------------------------------------------------------------------- stated values


def _check_stated(claim: Claim, reading: Reading, index: FactIndex, context: Context) -> Ruling:
    """A date, number, duration, resolution or agent the sentence states about a subject."""
    judge = _judge(claim, reading)
    attributive = claim.kind == "year" and is_attributive(reading.sentence, claim)
    subjects = _own_subjects(claim, reading, index, attributive=attributive)
    candidates, missing_cue = _candidates(claim, reading, subjects, judge, same_sentence=True)
    if claim.kind == "relation":
        # The predicate of a relation is its own verb ("led by"): the cue must be in it.
        candidates = [
            c
            for c in candidates
            if any(claim.start <= h[0] < claim.end for h in reading.cue_hits(c.entry))
        ]
    where = ""
    if not candidates and reading.refers_back and claim.kind != "relation" and not attributive:
        candidates, where, earlier_missing = _earlier_subject(claim, reading, index, judge, context)
        missing_cue |= earlier_missing
    if not candidates:
        return _no_candidate(claim, missing_cue)
    return _ruling(claim, reading, candidates, where)


def _judge(claim: Claim, reading: Reading) -> Judge:
    """How the claim's value meets a fact's, with what the sentence says about it read once:
    whether a date is a start or an end, and a duration's qualifier ("over 78 days")."""
    date_role = role(reading.sentence, claim) if isinstance(claim.value, DateValue) else None
    duration = isinstance(claim.value, DurationValue)
    qualifier = qualifier_of(claim.text) if duration else "exact"
    return functools.partial(compare, claim.value, role=date_role, qualifier=qualifier)


def _can_own(span: Span, claim: Claim, reading: Reading, *, attributive: bool) -> bool:
    """Whether a subject named at ``span`` can be the one the claim is about."""
    if attributive:
        # "the 1999 conflict": only a subject named right after the year can own the date.
        return reading.within(2, claim.end, span[0])
    if claim.kind == "relation":
        # "KFOR was established by NATO": the subject comes just before the verb.
        return reading.within(FOLLOW_WORDS, span[1], claim.start)
    # A subject named after the claim must follow it closely ("In June 1999, KFOR ..."); one
    # named far later belongs to another clause.
    return span[1] <= claim.start or reading.within(FOLLOW_WORDS, claim.end, span[0])


def _own_subjects(
    claim: Claim, reading: Reading, index: FactIndex, *, attributive: bool
) -> Subjects:
    """The sentence's subjects that can own the claim; the claim itself (and, for a relation,
    its own entity) and the agents of "led by X" are never its subject."""
    exclude = [(claim.start, claim.end), *reading.agents]
    kept = [
        (entry, [s for s in spans if _can_own(s, claim, reading, attributive=attributive)])
        for entry, spans in subject_facts(index, reading, exclude=exclude)
    ]
    return [(entry, spans) for entry, spans in kept if spans]


def _earlier_subject(
    claim: Claim, reading: Reading, index: FactIndex, judge: Judge, context: Context
) -> tuple[list[_Candidate], str, set[str]]:
    """The sentence refers back: candidates about a subject of a previous sentence (nearest
    first, at most three) or of the heading; also the subjects that lacked a cue."""
    missing_cue: set[str] = set()
    for previous in [*reversed(context.previous[-3:]), context.heading]:
        subjects = subject_facts(index, reading_of(previous), exclude=()) if previous else []
        if not subjects:
            continue
        found, missing = _candidates(claim, reading, subjects, judge, same_sentence=False)
        missing_cue |= missing
        if found:
            source = "the heading" if previous == context.heading else "an earlier sentence"
            return found, f" (subject from {source})", missing_cue
    return [], "", missing_cue


def _no_candidate(claim: Claim, missing_cue: set[str]) -> Ruling:
    if missing_cue:
        return Ruling(
            NEI,
            f"The fact base has facts about {', '.join(sorted(missing_cue))} of this kind, "
            "but no cue word in the sentence says which one this is.",
        )
    return Ruling(
        NEI,
        f"No fact about anything this sentence names can confirm or contradict '{claim.text}'.",
    )


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Candidate:
    entry: Entry
    tier: int  # 0: same value type as the claim; 1: a neighbouring type
    distance: int  # words between the nearest cue and the claim
    cues: frozenset[str]  # the fact's cue phrases found in the sentence
    outcome: Outcome


def _distance(reading: Reading, hit: Span, claim: Claim, skip: list[Span]) -> int:
    """Words between a cue and the claim (0 inside it), not counting words in ``skip``."""
    if hit[1] <= claim.start:
        return reading.words_between(hit[1], claim.start, skip)
    if hit[0] >= claim.end:
        return reading.words_between(claim.end, hit[0], skip)
    return 0


def _candidates(
    claim: Claim, reading: Reading, subjects: Subjects, judge: Judge, *, same_sentence: bool
) -> tuple[list[_Candidate], set[str]]:
    """Candidate facts, and the subjects that had a comparable fact but no cue in the sentence."""
    out: list[_Candidate] = []
    missing_cue: set[str] = set()
    for entry, spans in subjects:
        rank = tier(claim.value, entry.fact.value)
        if rank is None:
            continue
        # A cue inside the subject's own name is not a predicate: "resolution" in
        # "Resolution 1244" says nothing about when it was adopted.
        names = reading.mentions(entry)
        free = {
            cue: [h for h in reading.find(cue, True) if not any(overlaps(h, n) for n in names)]
            for cue in entry.cues
        }
        hits = [hit for cue in entry.cues for hit in free[cue]]
        if not hits:
            missing_cue.add(entry.fact.subject)
            continue
        skip = [*(spans if same_sentence else []), (claim.start, claim.end)]
        distance = min(_distance(reading, hit, claim, skip) for hit in hits)
        matched = frozenset(cue for cue in entry.cues if free[cue])
        out.append(_Candidate(entry, rank, distance, matched, judge(entry.fact.value)))
    return out, missing_cue


def _same_relation(a: Fact, b: Fact) -> bool:
    return norm_name(a.subject) == norm_name(b.subject) and a.predicate == b.predicate


def _choose(candidates: list[_Candidate]) -> tuple[_Candidate | None, str]:
    best_tier = min(c.tier for c in candidates)
    pool = sorted((c for c in candidates if c.tier == best_tier), key=lambda c: c.distance)
    best = pool[0]
    if len({c.outcome.verdict for c in pool}) == 1:
        return best, ""
    rivals = [c for c in pool[1:] if c.outcome.verdict != best.outcome.verdict]
    # A clearly nearer cue decides ("the launch of ISAF in 2003" is about the launch, not about
    # the sentence's "began")...
    if rivals and rivals[0].distance >= best.distance + 3 and best.distance <= 6:
        return best, ""
    # ... and so does a cue only one fact has ("initially 50,000 troops" vs "currently").
    for winner in pool:
        others = [c for c in pool if c.outcome.verdict != winner.outcome.verdict]
        if others and all(c.distance >= winner.distance and c.cues < winner.cues for c in others):
            return winner, ""
    # ... and so does a predicate with several true values: when every disagreeing fact has the
    # same subject and predicate as a supporting one ("enforced Resolutions 1970 and 1973"),
    # the claim matches one of the values.
    supporting = [c for c in pool if c.outcome.verdict == SUPPORTED]
    if supporting and all(
        any(_same_relation(c.entry.fact, s.entry.fact) for s in supporting)
        for c in pool
        if c.outcome.verdict != SUPPORTED
    ):
        return supporting[0], ""
    # Otherwise the facts disagree and nothing is certain.
    names = ", ".join(sorted({c.entry.fact.id for c in pool}))
    return None, f"several facts apply and they disagree ({names})"


# --------------------------------------------------------------------------- the ruling

# Words that say an event happened again or went on: "deployed additional troops in 2011",
# "was still deployed in 2008". A date in such a sentence is not the fact's one-time event.
_RECURRENCE = re.compile(
    r"\b(?:additional|again|still|further|another|reinforc\w*|continu\w*|remain\w*|redeploy\w*)\b",
    re.IGNORECASE,
)
_DATE_KINDS = frozenset({"date", "year", "span"})
_MAX_REFUTING_DISTANCE = 10  # words between the predicate's cue and a date it contradicts


def _maybe_another_occurrence(claim: Claim, sentence: str, chosen: _Candidate) -> bool:
    """Precision over recall for dates: refute one only when it clearly dates the fact's event."""
    if claim.kind not in _DATE_KINDS:
        return False
    return bool(_RECURRENCE.search(sentence)) or chosen.distance > _MAX_REFUTING_DISTANCE


def _ruling(claim: Claim, reading: Reading, candidates: list[_Candidate], where: str) -> Ruling:
    """The chosen fact's verdict, told with its evidence (``where`` names an earlier subject)."""
    chosen, why = _choose(candidates)
    if chosen is None:
        return Ruling(NEI, f"Not settled: {why}.")
    fact, outcome = chosen.entry.fact, chosen.outcome
    if outcome.verdict == SUPPORTED:
        said = f"{outcome.why[:1].upper()}{outcome.why[1:]}"
        return Ruling(SUPPORTED, f"{said}{where}: {fact.statement}", fact)
    if outcome.verdict == REFUTED and _maybe_another_occurrence(claim, reading.sentence, chosen):
        return Ruling(
            NEI,
            f"'{claim.text}' differs from {fact.id}, but may date another occurrence "
            f"(a later deployment, a continuing presence){where}.",
        )
    if outcome.verdict == REFUTED:
        correct = format_value(fact.value)
        return Ruling(
            REFUTED,
            f"{fact.subject} {fact.predicate}: {correct}, not '{claim.text}' "
            f"({outcome.why}){where}.",
            fact,
        )
    return Ruling(NEI, f"The closest fact ({fact.id}) does not settle it: {outcome.why}{where}.")
