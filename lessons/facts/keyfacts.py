"""The key facts of a lesson: what the sources say about the subjects it discusses.

Pure (no Django).  :func:`key_facts` picks, from the fact base, the facts a lesson's "What the
sources say" panel shows and its quiz may ask about: corrections of the lesson's refuted claims
first, then the facts an admin chose, then the facts its verified claims rest on, then facts
about the subjects the lesson names (within the lesson's scope and time).

PLACEHOLDER: the selection by subject, scope and time is still to be written; today it returns
corrections, chosen and claimed facts only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from lessons.facts.factbase import Fact, FactBase


def key_facts(
    sentences: Sequence[str],
    factbase: FactBase,
    *,
    corrections: Collection[str] = (),
    chosen: Collection[str] = (),
    claimed: Collection[str] = (),
) -> list[Fact]:
    """The lesson's key facts, most important first, each once.

    ``corrections``, ``chosen`` and ``claimed`` are fact ids: the facts that correct the lesson's
    refuted claims, the ones an admin chose, and the ones its SUPPORTED claims rest on.
    """
    order = [*corrections, *chosen, *claimed]
    by_id = {fact.id: fact for fact in factbase.facts}
    return [by_id[fact_id] for fact_id in dict.fromkeys(order) if fact_id in by_id]
