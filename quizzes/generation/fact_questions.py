"""Questions about a lesson's key facts ("What the sources say"), asked without a sentence.

A key fact is verified by construction, so every question here is keyed on the fact's own
value and explained by its cited statement.  In order of preference:

* a task of a multi-valued mandate (KFOR's and UNMIK's under Resolution 1244) as "Which of
  these was responsible for ...?" among the bodies the same source gives tasks to, when none
  of their tasks shares a word with it (both had a part in the return of refugees: not asked);
* the fact's own teacher question ("Which body ran the civil administration of Kosovo after
  June 1999?"), multiple choice among values of the same kind (other bodies for a body);
* a boolean fact as true/false: its statement (true) and its ``false_statement`` (false);
* a date as "In which month and year did ...?", a name or figure as the statement with its
  value blanked out, an acronym as "What does ... stand for?";
* the statement to judge true, and a false one: the fact's ``false_statement``, else (a
  single-valued fact only) the statement with its value changed to a clearly wrong one;
* a year or a figure to type.

Every question links to the fact's item in the lesson's key facts panel (``kf-<fact id>``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lessons.facts import values as fv
from lessons.facts.factbase import Fact
from lessons.text.normalise import fold_loose
from quizzes.answer_keys import AnswerKey, ChoiceKey, NumericKey, TrueFalseKey
from quizzes.generation.blanks import Spot, digits_in, fill, locate, statement_spot
from quizzes.generation.distractors import (
    acronym_distractors,
    distractor_values,
    entity_distractors,
    operation_distractors,
)
from quizzes.generation.drafts import (
    BLANK,
    KeyFactInput,
    QuestionDraft,
    options,
    quote,
    rng_for,
    stable,
)
from quizzes.generation.numeric import numeric_key
from quizzes.generation.phrasing import when_question
from quizzes.generation.pools import Pools, names_role
from quizzes.generation.true_false import falsify
from quizzes.kinds import QuestionKind

_WHICH_OF = re.compile(r"^Which of (?:the )?([A-Z][\w-]*) and ([A-Z][\w-]*)\b")
MIN_DISTRACTORS = 2  # a choice among at least three
_ROLE_NOUNS = {
    "mission": "body",
    "organisation": "body",
    "person": "person",
    "post": "post",
    "state": "state",
    "operation": "operation",
}
_TF = ("True", "False")


class _Asker:
    """Builds the questions about one key fact, for any lesson (:class:`FactQuestions` files
    them under each lesson that has the fact)."""

    def __init__(self, fact: Fact, pools: Pools, seed: int) -> None:
        self.fact, self.pools, self.seed = fact, pools, seed

    def key(self, prefix: str) -> str:
        return f"{prefix}:fact:{self.fact.id}"

    def rng(self, prefix: str) -> random.Random:
        return rng_for(self.seed, self.key(prefix))

    def draft(
        self,
        prefix: str,
        kind: QuestionKind,
        prompt: str,
        offered: tuple[str, ...],
        answer: AnswerKey,
        explanation: str = "",
    ) -> QuestionDraft:
        return QuestionDraft(
            key=self.key(prefix),
            kind=kind,
            prompt=prompt,
            options=offered,
            answer=answer,
            explanation=explanation or self.fact.statement,
            claim_id=None,
            fact_id=self.fact.id,
            lesson_id=None,
            anchor=f"kf-{self.fact.id}",
        )

    def choice(self, prefix: str, prompt: str, right: str, wrong: list[str]) -> QuestionDraft:
        offered = options(right, wrong, self.rng(prefix))
        return self.draft(
            prefix, QuestionKind.MULTIPLE_CHOICE, prompt, offered, ChoiceKey(correct=right)
        )

    # ------------------------------------------------------------------ multiple choice

    def whose_task(self) -> QuestionDraft | None:
        """A mandate task: which of the bodies its source gives tasks to had it."""
        fact, value = self.fact, self.fact.value
        if (
            fact.single
            or not isinstance(value, fv.EntityValue)
            or names_role(value.names) != "other"
        ):
            return None
        others = _task_holders(fact, self.pools.factbase.facts)
        if not others:
            return None
        prompt = f"Which of these was responsible for {value.name}?"
        return self.choice("kf-whose", prompt, fact.subject, others[:3])

    def teacher_question(self) -> QuestionDraft | None:
        """The fact's own question.  Its answer is the value (a date, a figure; a name when
        the question names the subject: "Which body authorised Operation Allied Force?"), the
        subject when it names the value instead ("Which body ran the civil administration
        ...?": UNMIK), yes or no for a boolean fact; a question about a name that names
        neither is not asked (its answer is unclear)."""
        fact, question = self.fact, self.fact.question
        if not question:
            return None
        if isinstance(fact.value, fv.BooleanValue):
            answer = "Yes" if fact.value.holds else "No"
            return self.choice("kf-ask", question, answer, ["No" if fact.value.holds else "Yes"])
        if not isinstance(fact.value, fv.EntityValue) or _names_any(question, fact.names):
            if isinstance(fact.value, fv.EntityValue) and names_role(fact.value.names) == "other":
                return None  # a phrase, not a name: no options of the same kind to offer
            wrong = self._wrong_texts("kf-ask")
            return None if wrong is None else self.choice("kf-ask", question, _answer(fact), wrong)
        if isinstance(fact.value, fv.EntityValue) and _names_any(question, fact.value.names):
            return self._subject_asked()
        return None

    def _subject_asked(self) -> QuestionDraft | None:
        """ "Which body ran ...?": the subject among bodies of its kind (or among the two the
        question names: "Which of KFOR and UNMIK ...?")."""
        fact, question = self.fact, self.fact.question
        pair = _WHICH_OF.match(question)
        if pair is not None:
            named = [pair.group(1), pair.group(2)]
            right = next((n for n in named if _names_any(n, fact.names)), None)
            if right is None:
                return None
            return self.choice("kf-ask", question, right, [n for n in named if n != right])
        subject = fv.EntityValue(fact.subject, fact.aliases)
        if names_role(fact.names) == "other":
            return None
        rng = self.rng("kf-ask")
        others = entity_distractors(subject, fact, self.pools, rng) or entity_distractors(
            subject, fact, self.pools, rng, count=MIN_DISTRACTORS
        )
        if others is None:
            return None
        return self.choice("kf-ask", question, fact.subject, [o.name for o in others])

    def _wrong_texts(self, prefix: str, style: fv.Style = "full") -> list[str] | None:
        value, rng = self.fact.value, self.rng(prefix)
        if isinstance(value, fv.EntityValue) and names_role(value.names) == "operation":
            named = next(n for n in value.names if n.startswith("Operation "))
            return operation_distractors(named, self.pools, rng)
        if isinstance(value, fv.EntityValue):  # few bodies (people, posts) of a kind: three
            entities = entity_distractors(value, self.fact, self.pools, rng) or (
                entity_distractors(value, self.fact, self.pools, rng, count=MIN_DISTRACTORS)
            )
            return [e.name for e in entities] if entities else None
        if isinstance(value, fv.AcronymValue):
            return acronym_distractors(value, self.pools, rng, reverse=False)
        values = distractor_values(value, self.fact, self.pools, rng)
        if values is None:
            return None
        texts = [v.display() if style == "full" else v.render(style) for v in values]
        return texts if len(set(texts)) == len(texts) >= MIN_DISTRACTORS else None

    def phrased(self) -> QuestionDraft | None:
        """A question worded from the fact: "When did ...?", "What does ... stand for?", or
        the statement with the value blanked out."""
        value = self.fact.value
        if isinstance(value, fv.AcronymValue):
            return self._acronym(value)
        if isinstance(value, fv.DateValue):
            question = when_question(self.fact, value.granularity)
            wrong = self._wrong_texts("kf-mc")
            if question is not None and wrong is not None:
                return self.choice("kf-mc", question, value.display(), wrong)
        return self._completion()

    def _acronym(self, value: fv.AcronymValue) -> QuestionDraft | None:
        wrong = acronym_distractors(value, self.pools, self.rng("kf-mc"), reverse=False)
        if wrong is None:
            return None
        prompt = f"What does the abbreviation {value.acronym} stand for?"
        return self.choice("kf-mc", prompt, value.expansion, wrong)

    def _completion(self) -> QuestionDraft | None:
        value = self.fact.value
        found = (
            None
            if isinstance(value, fv.BooleanValue)
            else statement_spot(self.fact.statement, value)
        )
        if found is None:
            return None
        statement, spot = found
        wrong = self._wrong_texts("kf-mc", spot.style)
        if wrong is None:
            return None
        if isinstance(value, fv.EntityValue) and not value.is_operation:
            right = statement[spot.start : spot.end]
            noun = _ROLE_NOUNS.get(names_role(value.names), "name")
        else:
            right, noun = value.render(spot.style), value.noun()
        granularity = value.granularity if isinstance(value, fv.DateValue) else None
        gapped = fill(statement, spot, BLANK, granularity)
        prompt = f"Which {noun} completes this statement? {quote(gapped)}"
        return self.choice("kf-mc", prompt, right, wrong)

    # ------------------------------------------------------------------ true / false

    def true_statement(self) -> QuestionDraft:
        value = self.fact.value
        statement = (
            f"{value.acronym} stands for {value.expansion}."
            if isinstance(value, fv.AcronymValue)
            else self.fact.statement
        )
        return self.draft(
            "kf-true",
            QuestionKind.TRUE_FALSE,
            f"True or false? {statement}",
            _TF,
            TrueFalseKey(correct=True),
        )

    def false_statement(self) -> QuestionDraft | None:
        """The fact's own false statement, else (single-valued only) the statement with a
        clearly wrong value of the same kind."""
        if self.fact.false_statement:
            statement = self.fact.false_statement
            explanation = f"False. {self.fact.statement}"
        elif self.fact.single:
            made = falsify(self.fact, self.pools, self.rng("kf-false"))
            if made is None:
                return None
            statement, wrong, right = made
            explanation = f"False: it is {right}, not {wrong}. {self.fact.statement}"
        else:
            return None
        return self.draft(
            "kf-false",
            QuestionKind.TRUE_FALSE,
            f"True or false? {statement}",
            _TF,
            TrueFalseKey(correct=False),
            explanation,
        )

    # ------------------------------------------------------------------ typed numbers

    def typed_number(self) -> QuestionDraft | None:
        value = self.fact.value
        if isinstance(value, fv.DateValue):
            question = when_question(self.fact, "year") if value.granularity == "year" else None
            if question is None:
                return None
            key = NumericKey(value=value.year, tolerance=0, unit="", display=str(value.year))
            return self.draft("kf-num", QuestionKind.NUMERIC, f"{question} Type the year.", (), key)
        answer = numeric_key(value)
        spot = locate(self.fact.statement, value)
        if answer is None or spot is None or spot.style == "words":
            return None
        if spot.style == "full":
            digits = digits_in(self.fact.statement[spot.start : spot.end], spot.start)
            if digits is None:
                return None
            spot = Spot(*digits, "digits")
        prompt = f"Type the missing number: {quote(fill(self.fact.statement, spot, BLANK))}"
        return self.draft("kf-num", QuestionKind.NUMERIC, prompt, (), answer)


_PLAIN_WORDS = frozenset(
    [
        "kosovo",
        "international",
        "ensuring",
        "supporting",
        "establishing",
        "including",
        "security",
        "return",
    ]
)


def _is_body(name: str) -> bool:
    """An organisation or a mission (KFOR, UNMIK), which can be given tasks."""
    return names_role((name,)) in ("organisation", "mission")


def _task_words(fact: Fact) -> set[str]:
    """The telling words of a task (5 letters or more, not the ones every task uses)."""
    assert isinstance(fact.value, fv.EntityValue)
    words = fold_loose(" ".join(fact.value.names)).split()
    return {w for w in words if len(w) >= 5 and w not in _PLAIN_WORDS}


def _task_holders(fact: Fact, facts: tuple[Fact, ...]) -> list[str]:
    """The other bodies its source gives tasks to, when none of theirs is like this one."""
    tasks: dict[str, list[Fact]] = {}
    for other in facts:
        if (
            other.reference.id == fact.reference.id
            and not other.single
            and isinstance(other.value, fv.EntityValue)
            and names_role(other.value.names) == "other"
            and fold_loose(other.subject) != fold_loose(fact.subject)
            and _is_body(other.subject)
        ):
            tasks.setdefault(other.subject, []).append(other)
    words = _task_words(fact)
    return sorted(
        subject
        for subject, theirs in tasks.items()
        if not any(words & _task_words(task) for task in theirs)
    )


def _names_any(text: str, names: tuple[str, ...]) -> bool:
    """One of the names stands in the text as whole words (ignoring case and accents)."""
    folded = f" {fold_loose(text)} "
    return any(f" {fold_loose(n)} " in folded for n in names if fold_loose(n))


def _answer(fact: Fact) -> str:
    """The value as the answer to a question: a name as named, other values as displayed."""
    value = fact.value
    if isinstance(value, fv.EntityValue):
        return value.name
    return value.render("full") if isinstance(value, fv.ResolutionValue) else value.display()


@dataclass
class FactQuestions:
    """The questions about each key fact, built once per fact and filed under every lesson
    that has the fact (the same wording in each: one fact, one way to ask it)."""

    pools: Pools
    seed: int
    _built: dict[str, list[QuestionDraft]] = field(default_factory=dict)

    def for_lesson(self, item: KeyFactInput) -> list[QuestionDraft]:
        """The fact's questions, best first, keyed and linked for the item's lesson."""
        fact = item.fact
        if fact.id not in self._built:
            self._built[fact.id] = questions_about(fact, self.pools, self.seed)
        return [
            replace(d, key=f"{d.key}:lesson:{item.lesson_id}", lesson_id=item.lesson_id)
            for d in self._built[fact.id]
        ]


def questions_about(fact: Fact, pools: Pools, seed: int) -> list[QuestionDraft]:
    """The questions one fact gives, best first (each kind at most once); not yet filed under
    a lesson."""
    asker = _Asker(fact, pools, seed)
    # A false statement comes early: a lesson asks two questions on a fact at most, most
    # concept facts have only a true statement, and a quiz always answered "True" teaches
    # nothing.  The true statement is the last resort.
    builders: list[Callable[[], QuestionDraft | None]] = [
        asker.whose_task,
        asker.teacher_question,
        asker.false_statement,
        asker.phrased,
        asker.typed_number,
        asker.true_statement,
    ]
    if stable(fact.id) % 2:  # half the facts ask a second choice before the false statement
        builders[2], builders[3] = builders[3], builders[2]
    drafts = (build() for build in builders)
    return [draft for draft in drafts if draft is not None]
