"""Fill in the blank: the lesson's own sentence with the claim blanked out.

Only a sentence that can be quoted (no REFUTED or unverified claim in it, and the claim agrees
with its fact) is used.  What is blanked, and what is accepted:

* an acronym's expansion ("_____ (KFOR)"), accepting the subject's other spellings;
* an operation's name, accepting it with or without "Operation";
* a date, accepting the usual ways to write it ("June 12, 1999", "12th June 1999" ...);
* a number as written ("78", "seventy-eight"), accepting digits and words;
* a person or body in a relation ("led by _____"), accepting its aliases.

Grading ignores case, accents, punctuation and a leading article on top of these.
"""

from __future__ import annotations

import re

from lessons.facts.values import AcronymValue, DateValue, DurationValue, EntityValue, NumberValue
from lessons.text.normalise import fold_loose
from lessons.text.numbers import format_number, spell_number
from quizzes.answer_keys import ClozeKey
from quizzes.generation.blanks import digits_in
from quizzes.generation.drafts import ClaimContext, ClaimInput, QuestionDraft, dedupe, quote
from quizzes.generation.pools import initials
from quizzes.kinds import QuestionKind

PREFIX = "cloze"
_ACRONYM_CLAIM = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]+)\)$")
_SHORT_FORMS = (("United Nations", "UN"), ("European Union", "EU"), ("United States", "US"))

Blank = tuple[int, int, list[str]]  # start and end in the sentence, the answers accepted


def cloze(ctx: ClaimContext) -> QuestionDraft | None:
    if not ctx.sentence_usable():
        return None
    blank = _blank(ctx)
    if blank is None:
        return None
    start, end, accepted = blank
    accepted += [_abbreviated(a) for a in accepted]
    prompt = f"Fill in the blank in this sentence from the lesson: {quote(ctx.gapped(start, end))}"
    key = ClozeKey(accepted=dedupe(accepted))
    return ctx.draft(PREFIX, QuestionKind.CLOZE, prompt, (), key, ctx.fact.statement)


def _blank(ctx: ClaimContext) -> Blank | None:
    claim, value = ctx.claim, ctx.answer.value
    if isinstance(value, AcronymValue):
        return _acronym(ctx, value)
    if claim.kind == "operation":
        return claim.start, claim.end, _operation_names(ctx)
    if isinstance(value, DateValue):
        return claim.start, claim.end, value.spellings()
    number = value.magnitude()
    if number is not None:
        return _number(
            claim,
            number,
            counted=isinstance(value, NumberValue),
            words=isinstance(value, DurationValue),
        )
    if isinstance(value, EntityValue) and claim.kind == "relation":
        return _relation(claim, value)
    return None


def _acronym(ctx: ClaimContext, value: AcronymValue) -> Blank | None:
    """ "_____ (KFOR)" or "KFOR (_____)": the acronym stays as the clue."""
    claim = ctx.claim
    match = _ACRONYM_CLAIM.match(claim.text)
    if not match:
        return None
    start, end = claim.start, claim.end
    if match.group("short").strip() == value.acronym:  # "Kosovo Force (KFOR)"
        end = start + len(match.group("long"))
    else:  # "KFOR (Kosovo Force)"
        start, end = claim.start + match.start("short"), claim.start + match.end("short")
    expansion = fold_loose(value.expansion)
    spelled = [
        n
        for n in ctx.fact.names
        if fold_loose(n).endswith(expansion) or initials(n) == value.acronym
    ]
    return start, end, [value.expansion, claim.sentence[start:end], *spelled]


def _operation_names(ctx: ClaimContext) -> list[str]:
    """The claimed name, the operation's other names, each also without "Operation"."""
    names = [ctx.claim.text]
    for group in ctx.pools.operations:
        if fold_loose(ctx.claim.text) in {fold_loose(n) for n in group}:
            names += sorted(n for n in group if n.startswith("Operation "))
    return [*names, *(n.removeprefix("Operation ") for n in names)]


def _number(claim: ClaimInput, number: float, *, counted: bool, words: bool) -> Blank | None:
    """The number as the sentence writes it: digits, or words for a duration ("six months").
    A figure written rounded ("about 50,000" for 49,800) is not the fact's figure: no blank."""
    digits = digits_in(claim.text, claim.start)
    if digits is None:
        word = re.match(r"[a-z]+(?:-[a-z]+)?", claim.text)
        if not words or word is None:
            return None
        digits = (claim.start, claim.start + word.end())
    start, end = digits
    written = claim.sentence[start:end]
    if counted and abs(float(written.replace(",", "")) - number) > 0:
        return None
    whole = number == int(number)
    if not written[:1].isdigit() and fold_loose(written) not in spell_number(int(number)):
        return None
    accepted = [written, format_number(number), str(int(number)) if whole else ""]
    return start, end, accepted + (spell_number(int(number)) if whole else [])


def _relation(claim: ClaimInput, value: EntityValue) -> Blank | None:
    """ "Yugoslav President Slobodan Milošević": blank the person, who is the subject here;
    else the related name ("led by _____")."""
    subject = list(claim.fact.names)
    folded = fold_loose(claim.text)
    person = next((n for n in _longest_first(subject) if fold_loose(n) in folded), None)
    if person is not None:
        return _named(claim, person, subject)
    hit = next((n for n in _longest_first(value.names) if n in claim.text), None)
    return None if hit is None else _named(claim, hit, list(value.names))


def _longest_first(names: list[str] | tuple[str, ...]) -> list[str]:
    return sorted(names, key=len, reverse=True)


def _named(claim: ClaimInput, name: str, names: list[str]) -> Blank | None:
    index = claim.text.find(name)
    if index < 0:
        return None
    start = claim.start + index
    return start, start + len(name), [name, *names]


def _abbreviated(text: str) -> str:
    """ "United Nations Interim ..." -> "UN Interim ...": people write both."""
    for long, short in _SHORT_FORMS:
        text = text.replace(long, short)
    return text
