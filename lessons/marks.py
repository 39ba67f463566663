"""Fact-check marks on lesson sentences: the `decorate` hook of `render_body`.

Not colour alone: every mark has a symbol and words, and screen readers get the full text.
Supported sentences are marked quietly: the mark is a button that toggles its tip in place (a
popover: no script; Escape or a tap elsewhere closes it), and the source link is in the tip,
so tapping a mark never leaves the lesson. Refuted sentences show the correction and its source
inline; unverified ones say so the same way supported ones do. Marks are per claim: a sentence
with a supported and an unverified claim shows both marks, never a bare ✓. A sentence with no
checkable claim is visibly "not checked", and :func:`coverage` says how much of a lesson that is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from lessons.text.render import Decorate
from lessons.text.sentences import Sentence

from .models import Claim, Verdict

# How a sentence with several claims is underlined: as its worst claim (the lowest number).
SEVERITY: dict[str, int] = {Verdict.REFUTED: 0, Verdict.NOT_ENOUGH_INFO: 1, Verdict.SUPPORTED: 2}
UNDERLINE: dict[str, str] = {
    Verdict.REFUTED: "checked-refuted",
    Verdict.NOT_ENOUGH_INFO: "checked-unverified",
    Verdict.SUPPORTED: "checked-supported",
}


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
            return "unchecked", ""
        worst = min((c.verdict for c in found), key=lambda v: SEVERITY[v])
        supported, unverified, refuted = (
            [c for c in found if c.verdict == verdict]
            for verdict in (Verdict.SUPPORTED, Verdict.NOT_ENOUGH_INFO, Verdict.REFUTED)
        )
        marks = [
            _support(supported) if supported else "",
            _unverified(unverified) if unverified else "",
            _corrections(refuted),
        ]
        return f"checked {UNDERLINE[worst]}", "".join(marks)

    return decorate


@dataclass(frozen=True)
class Coverage:
    """How much of a lesson the sources checked; a sentence counts as its worst claim."""

    sentences: int
    supported: int = 0
    refuted: int = 0
    unverified: int = 0

    @property
    def checked(self) -> int:
        return self.supported + self.refuted + self.unverified

    def __str__(self) -> str:
        return (
            f"{self.checked} of {self.sentences} sentences checked: {self.supported} supported, "
            f"{self.refuted} contradicted, {self.unverified} unverified"
        )


def coverage(sentences: Sequence[Sentence], claims: Iterable[Claim]) -> Coverage:
    by_anchor = _claims_by_anchor(claims)
    worst = [
        min((c.verdict for c in by_anchor[s.anchor]), key=lambda v: SEVERITY[v])
        for s in sentences
        if s.anchor in by_anchor
    ]
    return Coverage(
        sentences=len(sentences),
        supported=worst.count(Verdict.SUPPORTED),
        refuted=worst.count(Verdict.REFUTED),
        unverified=worst.count(Verdict.NOT_ENOUGH_INFO),
    )


def _mark(claim: Claim, kind: str, words: str, symbol: str, tip: str) -> str:
    """The button and the tip it toggles; the wrapper scopes the CSS anchor that places the tip
    next to its own mark."""
    tip_id = f"tip-{kind}-{claim.anchor}"
    return format_html(
        '<span class="mark-wrap"><button type="button" class="mark mark-{}" popovertarget="{}">'
        '<span aria-hidden="true">{}</span><span class="visually-hidden">Fact check: {}</span>'
        '</button><span class="tip" id="{}" popover>{}</span></span>',
        kind,
        tip_id,
        symbol,
        words,
        tip_id,
        tip,
    )


def _support(claims: list[Claim]) -> str:
    return _mark(claims[0], "supported", "supported", "✓", _evidence(claims))


def _evidence(claims: list[Claim]) -> str:
    """What supports the claims, each fact once, with its source when it has one."""
    shown: dict[str, str] = {}
    for claim in claims:
        reference = claim.evidence_reference
        statement = _statement(claim)
        if reference is None:
            shown.setdefault(statement, format_html("Supported: {}", statement))
            continue
        shown.setdefault(
            statement,
            format_html(
                'Supported by {}: {} <a href="{}" rel="noopener">Source: {}</a>',
                reference.publisher,
                statement,
                reference.url,
                reference.title,
            ),
        )
    return format_html_join(" ", "{}", ((entry,) for entry in shown.values()))


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
    tip = format_html(
        'Not verified: no cited fact confirms or contradicts {}. <a href="{}#claim-{}">'
        "See it in the fact-check report</a>",
        texts,
        reverse("facts:report"),
        claims[0].pk,
    )
    return _mark(claims[0], "unverified", "not verified", "?", tip)
