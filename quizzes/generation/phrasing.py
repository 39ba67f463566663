"""How questions about a fact are worded: the subject as a noun phrase ("the Račak massacre"),
"When did KFOR enter Kosovo?" from a subject and a predicate, and a dated event told without
its date ("KFOR entered Kosovo") for timeline questions.

The verb table is data: a predicate's past tense -> the base form a "did" question needs.  A
predicate the table does not know gives no question rather than a wrong one.
"""

from __future__ import annotations

import itertools
import re

from lessons.facts.factbase import Fact
from lessons.text.words import word_set
from quizzes.generation.blanks import locate

# Subjects that read with "the" ("the Rambouillet talks"), by any of their words.
_ARTICLE_NOUNS = word_set(
    """
    massacre conference agreement force mission corps embargo treaty council tribunal
    talks campaign police constitution protocol accords accord summit bombing war crisis
    """
)
# Past tense / base form, for "When did X <verb> ...?".
_VERB_TABLE = """
    began/begin took/take came/come ran/run held/hold had/have led/lead became/become went/go
    fell/fall won/win made/make left/leave met/meet sent/send broke/break gave/give rose/rise
    built/build fought/fight struck/strike withdrew/withdraw drew/draw split/split bombed/bomb
    entered/enter declared/declare ceased/cease completed/complete signed/sign arrived/arrive
    reconvened/reconvene ended/end started/start launched/launch joined/join agreed/agree
    deployed/deploy stopped/stop opened/open closed/close expired/expire lasted/last
    attacked/attack invaded/invade occupied/occupy adopted/adopt approved/approve
    collapsed/collapse surrendered/surrender resigned/resign died/die voted/vote passed/pass
    expanded/expand returned/return reached/reach concluded/conclude announced/announce
    assumed/assume handed/hand moved/move captured/capture liberated/liberate
    dissolved/dissolve disbanded/disband merged/merge ratified/ratify visited/visit
    replaced/replace succeeded/succeed transformed/transform demilitarised/demilitarise
    demilitarized/demilitarize
"""
_BASE_FORMS: dict[str, str] = dict(pair.split("/", 1) for pair in _VERB_TABLE.split())
# A predicate that starts with one of these names what the subject ran ("mission began ...").
_HEAD_NOUNS = word_set("mission operation campaign deployment presence")
_PREDICATE_VERB_OK = frozenset(["was", "were", *_BASE_FORMS])
_WHEN = {"day": "On what date", "month": "In which month and year", "year": "In which year"}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bare_predicate(fact: Fact) -> str:
    """The predicate without its parenthesised notes."""
    return re.sub(r"\s*\([^)]*\)", "", fact.predicate).strip()


def subject_np(fact: Fact) -> str:
    """The subject as it reads inside a sentence: "the Račak massacre", "KFOR", "NATO"."""
    subject = fact.subject
    words = subject.split()
    if (
        words[0] == "Operation"
        or words[0].endswith(("'s", "\u2019s"))
        or words[-1].isdigit()
        or (len(words) == 1 and not words[0].islower())
    ):
        return subject
    if any(w.casefold() in _ARTICLE_NOUNS for w in words):
        return f"the {subject}"
    return subject


def _clause(fact: Fact) -> tuple[str, str] | None:
    """("did", "KFOR enter Kosovo") or ("was", "Resolution 1244 adopted"); None if unsure."""
    words = _bare_predicate(fact).split()
    subject = subject_np(fact)
    if len(words) >= 2 and words[0] in _HEAD_NOUNS:
        subject = f"the {fact.subject} {words.pop(0)}"
    adverbs = []
    while words and words[0].endswith("ly") and words[0].islower():
        adverbs.append(words.pop(0))
    if not words or not words[0].islower():
        return None
    first, rest = words[0], words[1:]
    if any(a == "and" and b in _BASE_FORMS for a, b in itertools.pairwise(rest)):
        return None  # "was established and entered Kosovo": two verbs, no clean question
    if first in ("was", "were"):
        return first, " ".join([subject, *adverbs, *rest])
    base = _BASE_FORMS.get(first)
    if base is None:
        return None
    return "did", " ".join([subject, *adverbs, base, *rest])


def when_question(fact: Fact, granularity: str) -> str | None:
    """ "In which month and year did KFOR enter Kosovo?"; None when the predicate is unclear."""
    clause = _clause(fact)
    if clause is None:
        return None
    aux, rest = clause
    return f"{_WHEN[granularity]} {aux} {rest}?"


def event_text(fact: Fact) -> str | None:
    """A short description of a dated event without its date ("KFOR entered Kosovo")."""
    predicate = _bare_predicate(fact)
    words = predicate.split()
    if words and (words[0] in _HEAD_NOUNS and len(words) > 1):
        return capitalise(f"the {fact.subject} {predicate}")
    adverb_free = [w for w in words if not (w.endswith("ly") and w.islower())]
    if adverb_free and adverb_free[0] in _PREDICATE_VERB_OK:
        return capitalise(f"{subject_np(fact)} {predicate}")
    return _statement_without_date(fact)


def _statement_without_date(fact: Fact) -> str | None:
    """The statement with its date taken out ("On 12 June 2008 NATO agreed ...")."""
    spot = locate(fact.statement, fact.value)
    if spot is None:
        return None
    start, end = spot.start, spot.end
    prep = re.search(r"\b(?:on|in|by|from)\s+$", fact.statement[:start], re.IGNORECASE)
    if prep:
        start = prep.start()
    text = (fact.statement[:start].rstrip(" ,") + " " + fact.statement[end:].lstrip(" ,")).strip()
    text = re.split(r";|\s[\u2013\u2014-]\s", text)[0]  # the main clause is enough
    text = re.sub(r"\s+([,.;])", r"\1", text).rstrip(".;, ")
    return capitalise(text) if len(text.split()) >= 3 else None
