"""What goes into question generation (:class:`ClaimInput`), what comes out
(:class:`QuestionDraft`), and the small helpers every question kind shares.

Every question draws from its own ``random.Random(f"{seed}|{key}")``: adding or removing one
claim never reshuffles the others, and a question's ``key`` never depends on the seed.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lessons.facts.factbase import Fact
from lessons.facts.values import Value
from lessons.facts.verdicts import Verdict
from quizzes.answer_keys import AnswerKey
from quizzes.generation.pools import Pools
from quizzes.kinds import QuestionKind

GENERATOR_VERSION = 2

BLANK = "_____"
OPTION_COUNT = 4


@dataclass(frozen=True)
class ClaimInput:
    """One verified claim, as the database has it."""

    claim_id: int
    lesson_id: int
    lesson_title: str
    anchor: str  # sentence anchor on the lesson page
    sentence: str  # the lesson's own sentence
    start: int
    end: int  # claim offsets in the sentence
    text: str  # == sentence[start:end]
    kind: str  # claim kind from lessons.facts.claims
    verdict: Verdict  # SUPPORTED or REFUTED
    fact: Fact  # the evidence
    correct_value: str  # REFUTED: the correct value as text ("20 December 2001")
    value: Value | None = None  # what the claim itself says (Claim.value), when known
    confirmed: bool = True  # an admin confirmed the verdict (Claim.reviewed): REFUTED needs it

    def correct_text(self) -> str:
        """The right value as text: the verifier's correction, else the fact's value."""
        return self.correct_value.strip() or self.fact.value.display()


@dataclass(frozen=True)
class QuestionDraft:
    """A question as generation proposes it; quizzes.services syncs it into a Question."""

    key: str  # stable identity across regenerations and seeds
    kind: QuestionKind
    prompt: str
    options: tuple[str, ...]  # what the learner chooses from; () for numeric and cloze
    answer: AnswerKey  # JSON-serialisable answer key (see quizzes.answer_keys)
    explanation: str
    claim_id: int | None
    fact_id: str
    lesson_id: int | None
    anchor: str
    prompt_items: tuple[str, ...] = ()  # matching: the left-hand items in order
    fact_ids: tuple[str, ...] = ()  # matching and ordering: every contributing fact (in order)
    active: bool = True  # False: built on a refutation nobody confirmed yet


@dataclass(frozen=True)
class KeyFactInput:
    """One of a lesson's key facts ("What the sources say"): a question about it has no
    sentence and links to the fact's item in the lesson's key facts panel."""

    lesson_id: int
    fact: Fact

    @property
    def anchor(self) -> str:
        return f"kf-{self.fact.id}"


@dataclass(frozen=True)
class Answer:
    """What a question about a claim asks for: the verified value at the lesson's precision."""

    value: Value
    consistent: bool  # the claim's own text agrees with it (so the lesson sentence can be used)


@dataclass(frozen=True)
class ClaimContext:
    """Everything a question kind's builder needs to ask about one SUPPORTED claim."""

    claim: ClaimInput
    answer: Answer
    pools: Pools
    seed: int
    clean_sentence: bool  # no REFUTED or unverified claim in the same sentence

    @property
    def fact(self) -> Fact:
        return self.claim.fact

    def key(self, prefix: str) -> str:
        return f"{prefix}:claim:{self.claim.claim_id}"

    def rng(self, prefix: str) -> random.Random:
        return rng_for(self.seed, self.key(prefix))

    def sentence_usable(self) -> bool:
        """The lesson's own sentence may be quoted: nothing doubtful in it, the claim agrees
        with the fact, and it is a whole sentence of some length."""
        sentence = self.claim.sentence.strip()
        return (
            self.clean_sentence
            and self.answer.consistent
            and sentence[-1:] in ".!?\u201d\"'"
            and len(sentence.split()) >= 6
        )

    def gapped(self, start: int, end: int) -> str:
        """The lesson's sentence with ``start:end`` blanked out."""
        return self.claim.sentence[:start] + BLANK + self.claim.sentence[end:]

    def draft(
        self,
        prefix: str,
        kind: QuestionKind,
        prompt: str,
        options: tuple[str, ...],
        answer: AnswerKey,
        explanation: str,
    ) -> QuestionDraft:
        return draft_about(
            self.claim,
            key=self.key(prefix),
            kind=kind,
            prompt=prompt,
            options=options,
            answer=answer,
            explanation=explanation,
        )


def draft_about(
    claim: ClaimInput,
    *,
    key: str,
    kind: QuestionKind,
    prompt: str,
    options: tuple[str, ...],
    answer: AnswerKey,
    explanation: str,
    prompt_items: tuple[str, ...] = (),
    fact_ids: tuple[str, ...] = (),
    active: bool = True,
) -> QuestionDraft:
    """A draft that points back at ``claim``: its lesson, sentence anchor and fact."""
    return QuestionDraft(
        key=key,
        kind=kind,
        prompt=prompt,
        options=options,
        answer=answer,
        explanation=explanation,
        claim_id=claim.claim_id,
        fact_id=claim.fact.id,
        lesson_id=claim.lesson_id,
        anchor=claim.anchor,
        prompt_items=prompt_items,
        fact_ids=fact_ids,
        active=active,
    )


# --------------------------------------------------------------------------- randomness


def stable(text: str) -> int:
    """A hash that is the same in every process (``hash()`` of a str is salted)."""
    return zlib.crc32(text.encode("utf-8"))


def rng_for(seed: int, key: str) -> random.Random:
    """The question's own random stream: independent of every other question."""
    return random.Random(f"{seed}|{key}")


def shuffled(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    out = list(items)
    rng.shuffle(out)
    return tuple(out)


def scrambled(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """Shuffled, and never left in the given order (which would give the answer away)."""
    out = shuffled(items, rng)
    while out == tuple(items) and len(items) > 1:
        out = shuffled(items, rng)
    return out


def options(answer_text: str, distractors: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """The right answer among the distractors, in a seeded order."""
    return shuffled([answer_text, *distractors], rng)


# --------------------------------------------------------------------------- text


def dedupe(items: Iterable[str]) -> list[str]:
    """The non-empty items, each once, in order."""
    return list(dict.fromkeys(item for item in items if item))


def quote(text: str) -> str:
    return f"\u201c{text}\u201d"
