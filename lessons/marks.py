"""Fact-check marks on lesson sentences: the `decorate` hook of `render_body`.

Not colour alone: every mark has a symbol and words, and screen readers get the full text.
Supported sentences are marked quietly (the source is one hover, focus or tap away); refuted
ones show the correction and its source inline; unverified ones say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from lessons.text.render import Decorate
from lessons.text.sentences import Sentence

from .models import Claim, Verdict

# Which claim's mark a sentence shows when it holds several: the lowest number wins.
SEVERITY: dict[str, int] = {Verdict.REFUTED: 0, Verdict.SUPPORTED: 1, Verdict.NOT_ENOUGH_INFO: 2}


def _claims_by_anchor(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    by_anchor: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_anchor[claim.anchor].append(claim)
    return by_anchor


def decorator(claims: Iterable[Claim]) -> Decorate:
    by_anchor = _claims_by_anchor(claims)

    def decorate(sentence: Sentence) -> tuple[str, str]:
        found = by_anchor.get(sentence.anchor)
        if not found:
            return "", ""
        verdict = min((c.verdict for c in found), key=lambda v: SEVERITY[v])
        if verdict == Verdict.REFUTED:
            return "checked checked-refuted", _corrections(c for c in found if c.verdict == verdict)
        if verdict == Verdict.SUPPORTED:
            return "checked checked-supported", _support(
                next(c for c in found if c.verdict == verdict)
            )
        return "checked checked-unverified", _unverified(found)

    return decorate


def _support(claim: Claim) -> str:
    reference = claim.evidence_reference
    statement = _statement(claim)
    if reference is None:
        return format_html(
            '<span class="mark mark-supported"><span aria-hidden="true">✓</span>'
            '<span class="visually-hidden"> Supported: {}</span></span>',
            statement,
        )
    return format_html(
        '<a class="mark mark-supported" href="{}" rel="noopener">'
        '<span aria-hidden="true">✓</span>'
        '<span class="tip"> Supported by {}: {}</span></a>',
        reference.url,
        reference.publisher,
        statement,
    )


def _statement(claim: Claim) -> str:
    """What the evidence says: the matched fact's statement, else the admin's override note."""
    return claim.fact.statement if claim.fact else claim.override_note


def _corrections(claims: Iterable[Claim]) -> str:
    return format_html_join("", "{}", ((_correction(c),) for c in claims))


def _correction(claim: Claim) -> str:
    reference = claim.evidence_reference
    source = (
        format_html(' <a href="{}" rel="noopener">Source: {}</a>', reference.url, reference.title)
        if reference
        else ""
    )
    statement = _statement(claim)
    return format_html(
        '<span class="correction" role="note"><strong><span aria-hidden="true">✗ </span>'
        "Fact check: “{}” is wrong.</strong> The sources say {}. {}{}</span>",
        claim.text,
        claim.correct_value or "otherwise",
        statement,
        source,
    )


def _unverified(claims: list[Claim]) -> str:
    texts = ", ".join(f"“{c.text}”" for c in claims)
    return format_html(
        '<a class="mark mark-unverified" href="{}#claim-{}">'
        '<span aria-hidden="true">?</span>'
        '<span class="tip"> Not verified: no cited fact confirms or contradicts {}.</span></a>',
        reverse("facts:report"),
        claims[0].pk,
        texts,
    )
