"""Which questions a set of verified claims gets, each built at most once.

* A SUPPORTED claim gets up to ``variants`` questions of different kinds.  Which kinds fit
  depends on the claim's kind (:data:`PLANS`); the first one rotates with the claim id, so
  repeated claims about the same fact get different kinds, and never depends on the seed.  A
  question already asked by an earlier claim (the same acronym in two sentences) is asked
  again only when the claim has no other.
* A REFUTED claim is only ever a *false* true/false statement and a spot-the-error item.
* Matching and timeline-ordering questions go across the SUPPORTED claims' facts.

:func:`plan_questions` builds a question of a kind for a claim only when a selection first
needs it and keeps it, so a lesson can ask for one question per claim, then two, then three
without building anything twice.  :func:`questions_for_claims` is the one-call form.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from lessons.facts import values as fv
from lessons.facts.claims import extract_claims_cached
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.verdicts import Verdict
from lessons.text.normalise import fold_loose
from quizzes.generation.cloze import cloze
from quizzes.generation.drafts import Answer, ClaimContext, ClaimInput, QuestionDraft
from quizzes.generation.matching import matching_questions
from quizzes.generation.multiple_choice import multiple_choice
from quizzes.generation.numeric import numeric
from quizzes.generation.ordering import ordering_questions
from quizzes.generation.pools import Pools, pools_for
from quizzes.generation.spot_error import Part, spot_error
from quizzes.generation.true_false import refuted_true_false, true_false
from quizzes.kinds import QuestionKind

MC, TF, NUM, CLOZE = (
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.TRUE_FALSE,
    QuestionKind.NUMERIC,
    QuestionKind.CLOZE,
)
Builder = Callable[[ClaimContext], QuestionDraft | None]
BUILDERS: dict[QuestionKind, Builder] = {
    MC: multiple_choice,
    TF: true_false,
    NUM: numeric,
    CLOZE: cloze,
}
# The kinds that fit each kind of claim, in order of preference.
PLANS: dict[str, tuple[QuestionKind, ...]] = {
    "acronym": (MC, CLOZE, TF),
    "date": (MC, CLOZE, TF),
    "year": (MC, NUM, CLOZE, TF),
    "span": (MC, TF),
    "number": (MC, NUM, CLOZE, TF),
    "duration": (NUM, MC, CLOZE, TF),
    "resolution": (MC, NUM, CLOZE, TF),
    "operation": (MC, CLOZE),
    "relation": (CLOZE, MC, TF),
    # A concept or a mandate task is a phrase ("withdrawal of hostile forces"): its sentence
    # only restates the fact, which the lesson's key facts ask about ("Which of these was
    # responsible for ...?") - a "True" to tick would teach nothing.
    "concept": (),
    "task": (),
}
_DEFAULT_PLAN = (MC, TF, CLOZE)


def questions_for_claims(
    claims: Sequence[ClaimInput],
    factbase: FactBase,
    *,
    seed: int,
    variants: int = 1,
    unverified: Collection[tuple[int, str]] = (),
) -> list[QuestionDraft]:
    """Questions for the given verified claims: up to ``variants`` per SUPPORTED claim (when
    one can be built honestly), a false true/false and a spot-the-error item per REFUTED
    claim, then matching and timeline-ordering questions over the SUPPORTED claims' facts.

    ``unverified`` holds the (lesson id, anchor) of sentences with a NOT_ENOUGH_INFO claim:
    like sentences with a refuted claim, they are never quoted as a question's context."""
    plan = plan_questions(claims, factbase, seed=seed, unverified=unverified)
    return plan.questions(variants)


def plan_questions(
    claims: Sequence[ClaimInput],
    factbase: FactBase,
    *,
    seed: int,
    unverified: Collection[tuple[int, str]] = (),
) -> QuestionPlan:
    """The questions the claims can give, to select from with :meth:`QuestionPlan.questions`."""
    _validate(claims)
    refuted = {(c.lesson_id, c.anchor) for c in claims if c.verdict == Verdict.REFUTED}
    return QuestionPlan(
        claims=tuple(claims),
        pools=pools_for(factbase),
        seed=seed,
        doubtful=frozenset(refuted | set(unverified)),
        unverified=frozenset(unverified),
    )


@dataclass
class QuestionPlan:
    """The claims' questions, each built the first time a selection needs it."""

    claims: tuple[ClaimInput, ...]
    pools: Pools
    seed: int
    doubtful: frozenset[tuple[int, str]]  # sentences never quoted as context
    unverified: frozenset[tuple[int, str]] = frozenset()  # sentences with a NOT_ENOUGH_INFO claim
    _built: dict[tuple[int, QuestionKind], QuestionDraft | None] = field(default_factory=dict)

    def questions(self, variants: int = 1) -> list[QuestionDraft]:
        asked: set[str] = set()
        out: list[QuestionDraft] = []
        for claim in self.claims:
            if claim.verdict == Verdict.REFUTED:
                out += self._refuted(claim)
            else:
                out += self._supported(claim, variants, asked)
        return out + self._across_facts

    def _refuted(self, claim: ClaimInput) -> list[QuestionDraft]:
        """A false true/false and a spot-the-error item, active once the refutation is
        confirmed; the article's sentence is quoted only when it holds no unverified claim
        (and, to spot the error in, no other refuted one)."""
        sentence = (claim.lesson_id, claim.anchor)
        clean = sentence not in self.unverified
        false = refuted_true_false(claim, quote_sentence=clean)
        spot = None
        if clean and not self._other_refuted(claim):
            spot = self._once(
                claim,
                QuestionKind.SPOT_ERROR,
                lambda: spot_error(claim, self._parts(claim), self.pools, active=claim.confirmed),
            )
        return [q for q in (spot, false) if q is not None]  # spotting it is the richer item

    def _other_refuted(self, claim: ClaimInput) -> bool:
        return any(
            c.verdict == Verdict.REFUTED
            and c.claim_id != claim.claim_id
            and (c.lesson_id, c.anchor) == (claim.lesson_id, claim.anchor)
            for c in self.claims
        )

    def _parts(self, claim: ClaimInput) -> list[Part]:
        """The sentence's other checkable parts, right as written: its verified claims, the
        other claims the extractor finds in it, then the names of the fact base it holds."""
        sentence = claim.sentence
        parts: list[Part] = [
            (c.start, c.text)
            for c in self.claims
            if (c.lesson_id, c.anchor) == (claim.lesson_id, claim.anchor)
            and c.verdict == Verdict.SUPPORTED
        ]
        parts += [(c.start, c.text) for c in extract_claims_cached(sentence)]
        return parts + _names_in(sentence, self.pools.factbase)

    def _supported(self, claim: ClaimInput, variants: int, asked: set[str]) -> list[QuestionDraft]:
        """Up to ``variants`` questions of different kinds on one claim; one already
        ``asked`` only when the claim has no other."""
        plan = PLANS.get(claim.kind, _DEFAULT_PLAN)
        if not plan:
            return []
        first = claim.claim_id % len(plan)
        drafts: list[QuestionDraft] = []
        repeats: list[QuestionDraft] = []
        for kind in (*plan[first:], *plan[:first]):
            draft = self._build(claim, kind)
            if draft is None:
                continue
            if _asked_key(draft.prompt) in asked:
                repeats.append(draft)
                continue
            asked.add(_asked_key(draft.prompt))
            drafts.append(draft)
            if len(drafts) == variants:
                break
        # Every claim keeps a question, even when the only ones possible were asked already.
        return drafts or repeats[:1]

    def _build(self, claim: ClaimInput, kind: QuestionKind) -> QuestionDraft | None:
        def build() -> QuestionDraft | None:
            context = self._context(claim)
            return None if context is None else BUILDERS[kind](context)

        return self._once(claim, kind, build)

    def _once(
        self, claim: ClaimInput, kind: QuestionKind, build: Callable[[], QuestionDraft | None]
    ) -> QuestionDraft | None:
        """The claim's question of this kind, built on first use."""
        key = (claim.claim_id, kind)
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def _context(self, claim: ClaimInput) -> ClaimContext | None:
        answer = answer_for(claim)
        if answer is None:
            return None
        clean = (claim.lesson_id, claim.anchor) not in self.doubtful
        return ClaimContext(claim, answer, self.pools, self.seed, clean_sentence=clean)

    @functools.cached_property
    def _across_facts(self) -> list[QuestionDraft]:
        supported = [c for c in self.claims if c.verdict == Verdict.SUPPORTED]
        return matching_questions(supported, self.seed) + ordering_questions(supported, self.seed)


def _names_in(sentence: str, factbase: FactBase) -> list[Part]:
    """Where the fact base's subject names (three letters or more) stand in the sentence."""
    found: dict[int, str] = {}
    for fact in factbase.facts:
        for name in fact.names:
            if len(name) < 3:
                continue
            match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sentence)
            if match and len(name) > len(found.get(match.start(), "")):
                found[match.start()] = match.group()
    return sorted(found.items())


@functools.lru_cache(maxsize=4096)
def _asked_key(prompt: str) -> str:
    """Two prompts ask the same when they are equal but for case, accents and punctuation."""
    return fold_loose(prompt)


def _validate(claims: Sequence[ClaimInput]) -> None:
    ids: set[int] = set()
    for claim in claims:
        if claim.verdict not in (Verdict.SUPPORTED, Verdict.REFUTED):
            raise ValueError(
                f"claim {claim.claim_id}: only SUPPORTED or REFUTED claims can be quizzed, "
                f"not {claim.verdict}"
            )
        if not isinstance(claim.fact, Fact):
            raise ValueError(f"claim {claim.claim_id}: a verified claim needs its fact")
        if claim.sentence[claim.start : claim.end] != claim.text:
            raise ValueError(f"claim {claim.claim_id}: text does not match the sentence offsets")
        if claim.claim_id in ids:
            raise ValueError(f"claim {claim.claim_id} is given twice")
        ids.add(claim.claim_id)


# --------------------------------------------------------------------------- what is asked


def answer_for(claim: ClaimInput) -> Answer | None:
    """The fact's value at the precision the lesson used ("June 1999", not "12 June 1999"),
    and whether the claim agrees with it; None when the claim cannot be asked about."""
    fact_value, claimed = claim.fact.value, claim.value
    if isinstance(claimed, fv.DateValue):
        return _date_answer(fact_value, claimed)
    if isinstance(claimed, fv.SpanValue) and isinstance(fact_value, fv.SpanValue):
        return _span_answer(fact_value, claimed)
    if claim.kind == "operation":
        return Answer(fv.EntityValue(claim.text), True)
    return _value_answer(fact_value, claimed, claim.kind)


def _date_answer(fact_value: fv.Value, claimed: fv.DateValue) -> Answer | None:
    g = claimed.granularity
    if isinstance(fact_value, fv.DateValue | fv.SpanValue):
        for date in fact_value.dates():
            if date.precise_to(g) and date.coarsen(g) == claimed:
                return Answer(claimed, True)
    if isinstance(fact_value, fv.DateValue):
        return Answer(fact_value.coarsen(g) if fact_value.precise_to(g) else fact_value, False)
    return None


def _span_answer(fact_value: fv.SpanValue, claimed: fv.SpanValue) -> Answer:
    if fact_value.end is None or claimed.end is None:
        return Answer(fact_value, claimed == fact_value)
    g_start, g_end = claimed.start.granularity, claimed.end.granularity
    if fact_value.start.precise_to(g_start) and fact_value.end.precise_to(g_end):
        coarse = fv.SpanValue(fact_value.start.coarsen(g_start), fact_value.end.coarsen(g_end))
        return Answer(coarse, coarse == claimed)
    return Answer(fact_value, False)


def _value_answer(fact_value: fv.Value, claimed: fv.Value | None, kind: str) -> Answer | None:
    """The fact's own value; whether the claim says the same."""
    match fact_value:
        case fv.AcronymValue():
            ok = isinstance(claimed, fv.AcronymValue) and claimed.acronym == fact_value.acronym
        case fv.NumberValue():
            ok = isinstance(claimed, fv.NumberValue) and abs(
                claimed.value - fact_value.value
            ) <= max(1.0, 0.01 * fact_value.value)
        case fv.DurationValue():
            ok = claimed == fact_value
        case fv.ResolutionValue():
            ok = isinstance(claimed, fv.ResolutionValue) and claimed.number == fact_value.number
        case fv.EntityValue():
            ok = kind == "relation"
        case fv.DateValue() | fv.SpanValue():
            ok = False
        case fv.BooleanValue():
            ok = True  # a concept claim ("without UN approval") that its fact supports
        case _:
            return None
    return Answer(fact_value, ok)
