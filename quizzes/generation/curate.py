"""Which of the questions a lesson could ask go into its quiz, and which a module test adds.

A module's pool (its lesson quizzes and its test, which draws on them all) follows the rules
of a quiz worth taking:

* no prompt asked twice (equal but for case, accents and punctuation);
* at most one acronym-expansion item per acronym (an abbreviation matching question counts
  for each of its abbreviations);
* the answer never shows before it is asked for: not in the quiz page's heading (the lesson's
  and the module's titles), not in the prompt outside its blank, not inside another option's
  wording - in any of its spellings (an entity's aliases, a date's other forms), ignoring case;
* the facts spread out: every fact of the lesson once before any fact twice, at most
  ``per_fact`` questions on one fact.

A question waiting for an admin to confirm its refutation is kept (inactive) whatever the
rules: it is not in any pool until it is confirmed and regenerated.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lessons.facts import values as fv
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.verdicts import Verdict
from lessons.text.normalise import fold_loose as _fold_loose
from lessons.text.numbers import format_number
from quizzes.generation.drafts import BLANK, KeyFactInput, QuestionDraft
from quizzes.generation.fact_questions import FactQuestions
from quizzes.generation.plan import QuestionPlan
from quizzes.kinds import QuestionKind

fold_loose = functools.lru_cache(maxsize=8192)(_fold_loose)  # prompts are folded again and again
ABBREVIATION_MATCHING = "Match each abbreviation with what it stands for."


def lesson_candidates(
    plan: QuestionPlan,
    key_facts: Sequence[KeyFactInput],
    asked: FactQuestions,
    *,
    variants: int = 3,
) -> list[QuestionDraft]:
    """What a lesson could ask, best first: the corrections of its refuted claims (a false
    statement, spot the error), one question per other claim, then one per key fact (those its
    own sentences state first), then the key facts' other kinds and the claims' other kinds."""
    refuted = {c.claim_id for c in plan.claims if c.verdict == Verdict.REFUTED}
    first = sorted(plan.questions(1), key=lambda d: d.claim_id not in refuted)
    stated = {c.fact.id for c in plan.claims if c.verdict == Verdict.SUPPORTED}
    ordered = sorted(key_facts, key=lambda item: item.fact.id not in stated)  # stable
    about_facts = [asked.for_lesson(item) for item in ordered]
    depth = max(map(len, about_facts), default=0)
    rounds = [qs[i] for i in range(depth) for qs in about_facts if i < len(qs)]
    return _unique([*first, *rounds, *plan.questions(variants)])


def _unique(drafts: Iterable[QuestionDraft]) -> list[QuestionDraft]:
    """Each question once (the first time it comes)."""
    out: dict[str, QuestionDraft] = {}
    for draft in drafts:
        out.setdefault(draft.key, draft)
    return list(out.values())


MIN_POOL = 8  # a small pool may still hold four "True" statements


def is_true_statement(draft: QuestionDraft) -> bool:
    return draft.kind == QuestionKind.TRUE_FALSE and draft.answer == {"correct": True}


@dataclass
class PoolRules:
    """What one module's pool asks so far; :meth:`select` adds to it.

    A lesson quiz never repeats a prompt; two lessons of a module may ask the same one (the
    module test draws it once, :meth:`quizzes.models.Quiz.pool`) when the lesson has nothing
    fresh to ask, and an acronym is asked with one prompt only in the whole module."""

    facts: dict[str, Fact]
    prompts: set[str] = field(default_factory=set)  # folded, over the module
    acronyms: dict[str, str] = field(default_factory=dict)  # acronym -> the folded prompt

    @classmethod
    def for_factbase(cls, factbase: FactBase) -> PoolRules:
        return cls({fact.id: fact for fact in factbase.facts})

    def select(
        self,
        candidates: Sequence[QuestionDraft],
        *,
        headings: Sequence[str],
        limit: int,
        per_fact: int = 2,
        share: bool = False,
    ) -> list[QuestionDraft]:
        """Up to ``limit`` active candidates that keep the rules, every fact once before any
        fact twice, prompts new to the module before (with ``share``) ones another lesson
        asks; plus the inactive ones (awaiting confirmation) that do not leak."""
        chosen: set[str] = set()
        mine: set[str] = set()  # this quiz's prompts
        asked: Counter[str] = Counter()
        trues = 0  # "True" to tick: at most half, so answering "True" to all never passes
        for cap in range(1, per_fact + 1):
            for fresh in (True, False) if share else (True,):
                for draft in candidates:
                    if len(chosen) >= limit:
                        break
                    if not draft.active or draft.key in chosen or asked[draft.fact_id] >= cap:
                        continue
                    true = is_true_statement(draft)
                    if true and 2 * (trues + 1) > max(limit, MIN_POOL):
                        continue
                    prompt = fold_loose(draft.prompt)
                    if prompt in mine or (fresh and prompt in self.prompts):
                        continue
                    if self._admit(draft, prompt, headings):
                        chosen.add(draft.key)
                        mine.add(prompt)
                        asked[draft.fact_id] += 1
                        trues += true
        pending = {
            d.key
            for d in candidates
            if not d.active and not leaks(d, self.facts.get(d.fact_id), headings)
        }
        return [d for d in candidates if d.key in chosen | pending]

    def _admit(self, draft: QuestionDraft, prompt: str, headings: Sequence[str]) -> bool:
        acronyms = acronyms_asked(draft, self.facts.get(draft.fact_id))
        if any(self.acronyms.get(a, prompt) != prompt for a in acronyms):
            return False
        if leaks(draft, self.facts.get(draft.fact_id), headings):
            return False
        self.prompts.add(prompt)
        self.acronyms |= dict.fromkeys(acronyms, prompt)
        return True


def acronyms_asked(draft: QuestionDraft, fact: Fact | None) -> set[str]:
    """The acronyms whose expansion the question asks about (none for most questions)."""
    if draft.kind == QuestionKind.MATCHING and draft.prompt == ABBREVIATION_MATCHING:
        return set(draft.prompt_items)
    if fact is not None and isinstance(fact.value, fv.AcronymValue):
        return {fact.value.acronym}
    return set()


# --------------------------------------------------------------------------- leaks


def leaks(draft: QuestionDraft, fact: Fact | None, headings: Sequence[str]) -> bool:
    """The answer shows in the heading, in the prompt outside its blank, or inside another
    option's wording."""
    answers = answer_spellings(draft, fact)
    if not answers:
        return False
    if any(_holds(heading, a) for heading in headings for a in answers):
        return True
    if draft.kind == QuestionKind.SPOT_ERROR:
        return False  # the wrong part is in the sentence by design
    if any(_holds(draft.prompt.replace(BLANK, " "), a) for a in answers):
        return True
    others = [o for o in draft.options if fold_loose(o) not in {fold_loose(a) for a in answers}]
    return any(_holds(option, a) for option in others for a in answers)


def _holds(text: str, part: str) -> bool:
    """``part`` stands in ``text`` as whole words, ignoring case, accents and punctuation."""
    needle = fold_loose(part)
    return bool(needle) and f" {needle} " in f" {fold_loose(text)} "


def answer_spellings(draft: QuestionDraft, fact: Fact | None) -> list[str]:
    """The answer as the key gives it, and its other spellings the fact knows."""
    key: dict[str, object] = dict(draft.answer)
    match draft.kind:
        case QuestionKind.MULTIPLE_CHOICE | QuestionKind.SPOT_ERROR:
            texts = [str(key["correct"]), *_strings(key.get("accepted"))]
        case QuestionKind.CLOZE:
            texts = _strings(key.get("accepted"))
        case QuestionKind.NUMERIC:
            value = key["value"]
            number = format_number(float(value)) if isinstance(value, int | float) else ""
            texts = [number, str(key.get("display", ""))]
        case _:
            return []
    return texts + _equivalents(texts, fact)


def _strings(items: object) -> list[str]:
    return [i for i in items if isinstance(i, str)] if isinstance(items, list) else []


def _equivalents(texts: list[str], fact: Fact | None) -> list[str]:
    """The fact value's other names or date forms, when the answer is its value."""
    if fact is None:
        return []
    value = fact.value
    groups: list[list[str]] = []
    if isinstance(value, fv.EntityValue):
        groups.append(list(value.names))
    if isinstance(value, fv.AcronymValue):
        groups.append([value.expansion])
    for date in value.dates():
        for granularity in ("day", "month", "year"):
            if date.precise_to(granularity):
                groups.append(date.coarsen(granularity).spellings())
    folded = {fold_loose(t) for t in texts}
    return [name for group in groups if folded & {fold_loose(n) for n in group} for name in group]
