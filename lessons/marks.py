"""Fact-check marks on lesson sentences: the `decorate` hook of `render_body`.

Marks are per claim and sit on the claim's words: the words are underlined by their verdict and
followed by a mark, a button that toggles its tip in place (a popover: no script; Escape or a
tap elsewhere closes it) with the verdict, the fact's statement and its source link, so tapping
a mark never leaves the lesson. A sentence with a supported and an unverified claim shows a ✓ on
the one and a ? on the other, never a bare ✓, and the sentence is classed by its worst claim.
Refuted claims also show the correction and its source under the sentence. A sentence with no
checkable claim is visibly "not checked", and :func:`coverage` says how much of a lesson that is.

Not colour alone: every mark has a symbol and words, and screen readers get the full text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html

from lessons.text.render import Decorate, Decoration, Highlight
from lessons.text.sentences import Sentence

from .models import Claim, Verdict

# How a sentence with several claims is classed: as its worst claim (the lowest number).
SEVERITY: dict[str, int] = {Verdict.REFUTED: 0, Verdict.NOT_ENOUGH_INFO: 1, Verdict.SUPPORTED: 2}
# Per verdict: the CSS name, the symbol on the mark and the words a screen reader hears.
KIND: dict[str, str] = {
    Verdict.REFUTED: "refuted",
    Verdict.NOT_ENOUGH_INFO: "unverified",
    Verdict.SUPPORTED: "supported",
}
SYMBOL: dict[str, str] = {
    Verdict.REFUTED: "✗",
    Verdict.NOT_ENOUGH_INFO: "?",
    Verdict.SUPPORTED: "✓",
}
WORDS: dict[str, str] = {
    Verdict.REFUTED: "contradicted by the sources",
    Verdict.NOT_ENOUGH_INFO: "not verified",
    Verdict.SUPPORTED: "supported",
}


def _claims_by_anchor(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    by_anchor: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_anchor[claim.anchor].append(claim)
    return by_anchor


def worst_verdict(claims: Iterable[Claim]) -> str:
    return min((c.verdict for c in claims), key=lambda v: SEVERITY[v])


def decorator(claims: Iterable[Claim]) -> Decorate:
    by_anchor = _claims_by_anchor(claims)

    def decorate(sentence: Sentence) -> Decoration:
        found = sorted(by_anchor.get(sentence.anchor, []), key=lambda c: (c.start, c.end))
        if not found:
            return Decoration("unchecked")
        tips = _tip_ids(found)
        return Decoration(
            classes=f"checked checked-{KIND[worst_verdict(found)]}",
            highlights=[_highlight(sentence, c, tips[i]) for i, c in enumerate(found)],
            after=_corrections(c for c in found if c.verdict == Verdict.REFUTED),
        )

    return decorate


def _tip_ids(claims: list[Claim]) -> list[str]:
    """``tip-<kind>-<sentence anchor>``, numbered from the second claim of a kind on."""
    seen: dict[str, int] = defaultdict(int)
    ids = []
    for claim in claims:
        base = f"tip-{KIND[claim.verdict]}-{claim.anchor}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def _highlight(sentence: Sentence, claim: Claim, tip_id: str) -> Highlight:
    start, end = _words(sentence.text, claim)
    return Highlight(
        start,
        end,
        open=format_html('<span class="claim-words claim-words-{}">', KIND[claim.verdict]),
        close="</span>",
        mark=_mark(claim, tip_id),
    )


def _words(text: str, claim: Claim) -> tuple[int, int]:
    """Where the claim's words are in the sentence: its offsets, else where its text is found
    (an edited body), else nowhere (the mark then follows the sentence)."""
    if text[claim.start : claim.end] == claim.text:
        return claim.start, claim.end
    found = text.find(claim.text) if claim.text else -1
    return (found, found + len(claim.text)) if found >= 0 else (len(text), len(text))


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
    worst = [worst_verdict(by_anchor[s.anchor]) for s in sentences if s.anchor in by_anchor]
    return Coverage(
        sentences=len(sentences),
        supported=worst.count(Verdict.SUPPORTED),
        refuted=worst.count(Verdict.REFUTED),
        unverified=worst.count(Verdict.NOT_ENOUGH_INFO),
    )


def _mark(claim: Claim, tip_id: str) -> str:
    """The button and the tip it toggles; the wrapper scopes the CSS anchor that places the tip
    next to its own mark."""
    return format_html(
        '<span class="mark-wrap"><button type="button" class="mark mark-{}" popovertarget="{}">'
        '<span aria-hidden="true">{}</span><span class="visually-hidden">Fact check of “{}”: {}'
        '</span></button><span class="tip" id="{}" popover>{}{}</span></span>',
        KIND[claim.verdict],
        tip_id,
        SYMBOL[claim.verdict],
        claim.text,
        WORDS[claim.verdict],
        tip_id,
        _tip(claim),
        _report_link(claim),
    )


def _report_link(claim: Claim) -> str:
    """The same for every reader (the page may be cached): the report page asks to sign in."""
    return format_html(
        ' <span class="tip-report"><a href="{}?claim={}">Report a problem'
        '<span class="visually-hidden"> with this mark</span></a></span>',
        reverse("quizzes:report_problem"),
        claim.pk,
    )


def _tip(claim: Claim) -> str:
    match claim.verdict:
        case Verdict.SUPPORTED:
            return _support_tip(claim)
        case Verdict.REFUTED:
            return format_html(
                "Contradicted: the article says “{}”; the sources say {}. {}{}",
                claim.text,
                claim.correct_value or "otherwise",
                _statement(claim),
                _source(claim),
            )
        case _:
            return format_html(
                "Not verified: no cited fact confirms or contradicts “{}”. "
                '<a href="{}#claim-{}">See it in the fact-check report</a>',
                claim.text,
                reverse("facts:report"),
                claim.pk,
            )


def _support_tip(claim: Claim) -> str:
    reference = claim.evidence_reference
    if reference is None:
        return format_html("Supported: {}", _statement(claim))
    return format_html(
        "Supported by {}: {}{}", reference.publisher, _statement(claim), _source(claim)
    )


def _source(claim: Claim) -> str:
    reference = claim.evidence_reference
    if reference is None:
        return ""
    return format_html(
        ' <a href="{}" rel="noopener">Source: {}</a>', reference.url, reference.title
    )


def _statement(claim: Claim) -> str:
    """What the evidence says: the matched fact's statement, else the admin's override note."""
    return claim.fact.statement if claim.fact else claim.override_note


def _corrections(claims: Iterable[Claim]) -> str:
    return "".join(_correction(c) for c in claims)


def _correction(claim: Claim) -> str:
    return format_html(
        '<span class="correction" role="note"><strong><span aria-hidden="true">✗ </span>'
        "Fact check: “{}” is wrong.</strong> The sources say {}. {}{}</span>",
        claim.text,
        claim.correct_value or "otherwise",
        _statement(claim),
        _source(claim),
    )
