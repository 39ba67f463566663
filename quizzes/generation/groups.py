"""Questions over several facts at once (matching, ordering): which claim stands for each
fact, and how to split a list of facts into questions of three to five items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quizzes.generation.drafts import ClaimInput

GROUP_MIN, GROUP_MAX = 3, 5  # items in one matching or ordering question


def first_claims(claims: Iterable[ClaimInput]) -> dict[str, ClaimInput]:
    """The first claim about each fact, by fact id, in the claims' order."""
    first: dict[str, ClaimInput] = {}
    for claim in claims:
        first.setdefault(claim.fact.id, claim)
    return first


def lead_claim(first: dict[str, ClaimInput], fact_ids: Iterable[str]) -> ClaimInput:
    """The claim a question over these facts points back to: the one read first."""
    order = {fact_id: index for index, fact_id in enumerate(first)}
    return min((first[i] for i in fact_ids), key=lambda c: order[c.fact.id])


def groups[T](
    items: Sequence[T], minimum: int = GROUP_MIN, maximum: int = GROUP_MAX
) -> list[list[T]]:
    """Split into as few groups of minimum..maximum items as possible, sizes as even as can be."""
    n = len(items)
    if n < minimum:
        return []
    count = -(-n // maximum)
    while count > 1 and n // count < minimum:
        count -= 1
    size, extra = divmod(n, count)
    out, at = [], 0
    for index in range(count):
        take = size + (1 if index < extra else 0)
        out.append(list(items[at : at + take]))
        at += take
    return out
