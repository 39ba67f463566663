"""Verified claims -> quiz questions.  Pure (no Django) and deterministic for a seed.

Every answer key comes from a reference fact: one a SUPPORTED claim agrees with, or one of the
lesson's key facts.  A REFUTED claim is only ever asked about as a *false* true/false statement
or as a "spot the error" item (find the wrong part; the feedback corrects it), both inactive
until an admin confirms the refutation.  NOT_ENOUGH_INFO claims are refused.

Where things live:

==========================  ===================================================================
``plan.py``                 the entry point :func:`questions_for_claims`; which kinds fit which
                            claim; what is asked (the fact's value at the lesson's precision)
``drafts.py``               :class:`ClaimInput` (in), :class:`QuestionDraft` (out), the context
                            a kind's builder gets, seeded randomness
``multiple_choice.py``      one module per question kind: how that kind of question is built
``true_false.py``
``numeric.py``
``cloze.py``
``matching.py``
``ordering.py``
``spot_error.py``
``fact_questions.py``       questions on a lesson's key facts, without a sentence: the fact's
                            own question, concept true/false, "Which body ...?" (anchor kf-<id>)
``curate.py``               what a lesson quiz and a module test keep: no repeated prompt, one
                            acronym item per acronym, no answer in the heading, prompt or options
``distractors.py``          wrong options of the answer's type, never equivalent to it
``pools.py``                what distractors are drawn from, built once per fact base
``phrasing.py``             wording: "When did KFOR enter Kosovo?", the verb table
``blanks.py``               finding a value in a fact's statement and blanking it out
``groups.py``               splitting facts into matching/ordering questions of 3-5 items
==========================  ===================================================================

Answer keys are the TypedDicts of :mod:`quizzes.answer_keys`; question kinds are
:class:`quizzes.kinds.QuestionKind`; values format, coarsen and shift themselves
(:mod:`lessons.facts.values`).
"""

from quizzes.generation.drafts import GENERATOR_VERSION, ClaimInput, QuestionDraft
from quizzes.generation.ordering import ordering_questions
from quizzes.generation.plan import QuestionPlan, plan_questions, questions_for_claims

__all__ = [
    "GENERATOR_VERSION",
    "ClaimInput",
    "QuestionDraft",
    "QuestionPlan",
    "ordering_questions",
    "plan_questions",
    "questions_for_claims",
]
