"""Verdicts for claims: match each claim to a reference fact and compare the values.

Pure functions (no Django).  A claim is SUPPORTED only when one fact about the same subject,
with the same predicate and a comparable value, agrees with it; REFUTED when such a fact
clearly contradicts it; NOT_ENOUGH_INFO otherwise.  Precision beats recall: whenever the
subject, the predicate or the choice between facts is uncertain, the answer is
NOT_ENOUGH_INFO, because only SUPPORTED claims become answer keys.

How a claim finds its fact:

1. **Subject** - a fact's subject or alias occurs in the sentence (case-insensitive and
   word-bounded; all-caps aliases such as "KFOR" or "UN" match case-sensitively); a loose name
   ("the air campaign") counts only when the article's title, the lesson's or a sub-heading
   names the subject (:class:`Context`).  When the sentence names no subject with a usable
   fact, names no other subject itself, and refers back ("this mission", "the campaign", "it",
   a loose name; always for an authorisation or a task), the previous sentences (nearest
   first, at most three) and then the titles above it are searched.  A name after "led
   by"/"established by" is the agent, not the subject.  (:mod:`lessons.facts.subjects`)
2. **Predicate** - one of the fact's cue words (or, with no cues, the predicate's words) occurs
   in the sentence; "deployed" also matches "deploy", "deploying", "deployment".
3. **Value** - the fact's value must be comparable with the claim (a date with a date, a
   number with a number of the same unit ...).  Facts with the same value type beat facts of
   a neighbouring type (a date claim against a span fact).  (:mod:`lessons.facts.compare`)
4. **Choice** - when several facts remain, the one whose cue is nearest the claim wins if it
   is clearly nearest; if the remaining facts would give different verdicts and none is
   clearly nearest, the verdict is NOT_ENOUGH_INFO.

Values are compared at the claim's precision: "June 1999" agrees with 12 June 1999, "12 June
1999" against a month-only fact is NOT_ENOUGH_INFO; numbers respect "over"/"about"/"up to"
on both sides and are REFUTED only when clearly outside what the fact allows; "eleven weeks"
agrees with 78 days.  Acronyms are checked against the fact that expands them, whatever the
sentence is about.  A relation's agent ("established by NATO", "NATO took command of") is
confirmed by a fact that names it; a title is never REFUTED.  (:mod:`lessons.facts.names`)

A refutation must never be wrong, so REFUTED needs all of these, else NOT_ENOUGH_INFO:

- **an unambiguous subject**: named in the clause by a specific name, or by a loose name ("the
  air campaign") only when the article's or the lesson's title names that subject; a subject
  found in an earlier sentence must be the article's topic too; no other subject the clause
  names (a fact-base subject with a fact of this kind, or an acronym or operation the fact
  base does not know) stands as close to the claim;
- **a single-valued fact** (``single``): one right value; multi-valued facts (a mandate's
  tasks, a force's contributors) only support;
- **the same time**: a fact with ``as_of`` is compared only with a claim its sentence dates to
  that time (:mod:`lessons.facts.times`);
- **one candidate value**: when two facts of the same relation could be meant, refuse;
- **the same relation**: an agent's verb states the fact's predicate ("established by" is not
  "is led by", whatever the cues say); a body against a body, never a person or an office.

A listed task ("its mandate included patrolling borders, ...") is checked against the
multi-valued task facts of its subject: it supports or stays NOT_ENOUGH_INFO.
(:mod:`lessons.facts.tasks`)

A *concept* ("deter renewed conflict", "collective defence") is found by the fact base's own
phrases, outside every other claim, in a sentence about the concept fact's subject (named in
it or in the titles above it): SUPPORTED, or NOT_ENOUGH_INFO when its clause denies or hedges
it; never REFUTED.  (:mod:`lessons.facts.concepts`)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from lessons.facts.claims import Claim, qualifier_of
from lessons.facts.claims.subjects import mentions as named_things
from lessons.facts.compare import Outcome, compare, tier
from lessons.facts.concepts import concept_claim, concept_matches, concept_verdict
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.index import Entry, FactIndex, Ruling, index_of
from lessons.facts.names import (
    check_acronym,
    check_operation,
    check_titled,
    norm_name,
    squash,
)
from lessons.facts.relations import is_authorisation, same_verb, verb_states
from lessons.facts.subjects import (
    FOLLOW_WORDS,
    Reading,
    Span,
    is_attributive,
    is_bound,
    overlaps,
    reading_of,
    role,
    subject_facts,
    topic_subjects,
)
from lessons.facts.tasks import is_task_fact, task_matches
from lessons.facts.times import SentenceTimes, sentence_times, time_fit
from lessons.facts.values import (
    MONTH_NAMES,
    AcronymValue,
    DateValue,
    DurationValue,
    EntityValue,
    Value,
    format_value,
)
from lessons.facts.verdicts import Verdict
from lessons.text.normalise import fold_case

__all__ = ["Check", "Context", "check_claim", "check_sentence"]

SUPPORTED, REFUTED, NEI = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.NOT_ENOUGH_INFO
Subjects = list[tuple[Entry, list[Span]]]
Judge = Callable[[Value], Outcome]


@dataclass(frozen=True)
class Context:
    """Where a sentence stands: the lesson's title, the sentences before it, the article's
    title and the sub-headings above it in the lesson (outermost first)."""

    heading: str = ""  # the lesson's title
    previous: tuple[str, ...] = ()  # earlier sentences of the same lesson, nearest last
    document: str = ""  # the article's (the module's) title
    sections: tuple[str, ...] = ()  # sub-headings above the sentence, outermost first

    @property
    def topic(self) -> str:
        """What the article is about here: its title, the lesson's, the sub-headings."""
        return " | ".join(t for t in (self.document, self.heading, *self.sections) if t)

    @property
    def headings(self) -> tuple[str, ...]:
        """The titles above the sentence, nearest first."""
        return tuple(t for t in (*reversed(self.sections), self.heading, self.document) if t)


@dataclass(frozen=True)
class Check:
    claim: Claim
    verdict: Verdict
    fact: Fact | None  # the evidence (SUPPORTED and REFUTED only)
    correct_value: str | None  # REFUTED only: format_value(fact.value)
    reason: str

    @classmethod
    def of(cls, claim: Claim, ruling: Ruling) -> Check:
        fact = ruling.fact
        correct = format_value(fact.value) if fact and ruling.verdict == REFUTED else None
        return cls(claim, ruling.verdict, fact, correct, ruling.reason)


def check_sentence(sentence: str, factbase: FactBase, context: Context = Context()) -> list[Check]:
    """A check for every claim :func:`lessons.facts.claims.extract_claims` finds in ``sentence``,
    then for every concept phrase outside them (:mod:`lessons.facts.concepts`)."""
    reading, index = reading_of(sentence), index_of(factbase)
    checks = [_check(claim, reading, index, context) for claim in reading.claims]
    taken = [(claim.start, claim.end) for claim in reading.claims]
    for match in concept_matches(sentence, index.concepts, context.topic, taken):
        verdict, reason, fact = concept_verdict(sentence, match)
        checks.append(Check(concept_claim(sentence, match), verdict, fact, None, reason))
    return sorted(checks, key=lambda c: c.claim.start)


def check_claim(
    claim: Claim, sentence: str, factbase: FactBase, context: Context = Context()
) -> Check:
    """The verdict for one claim of ``sentence``, with the fact that decided it."""
    return _check(claim, reading_of(sentence), index_of(factbase), context)


def _check(claim: Claim, reading: Reading, index: FactIndex, context: Context) -> Check:
    """Names have checks of their own; every other claim states a value about a subject."""
    match claim.kind, claim.value:
        case "acronym", AcronymValue() as acronym:
            ruling = check_acronym(acronym, index)
        case "operation", EntityValue() as operation:
            ruling = check_operation(claim, operation, reading, index)
        case "relation", EntityValue() as person if claim.side is None:
            ruling = check_titled(claim, person, reading, index)
        case "task", EntityValue() as task:
            ruling = _check_task(claim, task, reading, index, context)
        case (("date" | "year"), _) if is_bound(reading.sentence, claim):
            ruling = Ruling(NEI, f"'{claim.text}' is only a bound here, not a date.")
        case _:
            ruling = _check_stated(claim, reading, index, context)
    return Check.of(claim, ruling)


# --------------------------------------------------------------------------- stated values


@dataclass(frozen=True)
class _Scene:
    """One claim in its sentence and article: what every step below reads."""

    claim: Claim
    reading: Reading
    index: FactIndex
    context: Context
    topic: frozenset[str]  # the subjects the titles name (case-folded)

    @classmethod
    def of(cls, claim: Claim, reading: Reading, index: FactIndex, context: Context) -> _Scene:
        return cls(claim, reading, index, context, topic_subjects(index, context.topic))

    def in_topic(self, fact: Fact) -> bool:
        return fold_case(fact.subject) in self.topic

    @functools.cached_property
    def times(self) -> SentenceTimes:
        return sentence_times(self.reading.sentence, self.reading.claims, self.claim)


def _check_stated(claim: Claim, reading: Reading, index: FactIndex, context: Context) -> Ruling:
    """A date, number, duration, resolution, yes/no or agent the sentence states about a subject."""
    scene = _Scene.of(claim, reading, index, context)
    judge = _judge(claim, reading)
    attributive = claim.kind == "year" and is_attributive(reading.sentence, claim)
    subjects = _own_subjects(scene, attributive=attributive)
    candidates, missing_cue = _candidates(claim, reading, subjects, judge, same_sentence=True)
    candidates = _fitting(scene, candidates)
    where = ""
    if not candidates and _may_look_back(scene, attributive=attributive) and not _named_here(scene):
        candidates, where, earlier_missing = _earlier_subject(scene, judge)
        missing_cue |= earlier_missing
    if not candidates:
        return _no_candidate(claim, missing_cue)
    ruling, chosen = _ruling(claim, reading, candidates, where)
    if ruling.verdict == REFUTED and chosen is not None:
        doubt = _refutation_doubt(scene, chosen, candidates, earlier=bool(where))
        if doubt:
            return Ruling(NEI, f"'{claim.text}' differs from {chosen.entry.fact.id}, but {doubt}.")
    return ruling


def _fitting(scene: _Scene, candidates: list[_Candidate]) -> list[_Candidate]:
    """Candidates that can be what the claim states: a relation's own verb names the fact's
    predicate, and a fact of another time is never compared."""
    claim = scene.claim
    if claim.kind == "relation":
        candidates = [c for c in candidates if _states_relation(scene, c.entry)]
    if claim.kind == "authorisation":
        candidates = [c for c in candidates if is_authorisation(c.entry.fact)]
    return [c for c in candidates if _time_fit(scene, c.entry.fact) != "other"]


# A fact's cue that names its time ("initially 50,000 troops", "at its height"): a sentence with
# it speaks of the fact's time, so it may refute.
_TIME_CUES = frozenset(
    {
        "initially",
        "originally",
        "at first",
        "at its height",
        "at its peak",
        "peak",
        "currently",
        "today",
        "at present",
    }
)


def _time_fit(scene: _Scene, fact: Fact) -> str:
    return time_fit(scene.claim, fact, scene.times, latest=_is_latest(scene.index, fact))


def _is_latest(index: FactIndex, fact: Fact) -> bool:
    """No fact of the same relation holds for a later time: it is what "today" means."""
    if fact.as_of is None:
        return True
    mine, subject = fact.as_of.sort_key(), norm_name(fact.subject)
    return not any(
        e.fact.as_of is not None
        and e.fact.as_of.sort_key() > mine
        and norm_name(e.fact.subject) == subject
        and tier(e.fact.value, fact.value) == 0
        for e in index.entries
    )


def _states_relation(scene: _Scene, entry: Entry) -> bool:
    """ "established by NATO" states "was established by"; "NATO-led" states "is led by": a
    cue inside the claim, or a word of the claim's verb in the fact's predicate."""
    claim, reading = scene.claim, scene.reading
    if any(claim.start <= h[0] < claim.end for h in reading.cue_hits(entry)):
        return True
    return verb_states(claim, entry.fact)


def _may_look_back(scene: _Scene, *, attributive: bool) -> bool:
    """ "this mission", "the air campaign", "it": the subject may be in an earlier sentence or a
    title.  Whether an action was authorised is asked of what the lesson is about."""
    claim, reading = scene.claim, scene.reading
    if claim.kind == "relation" or attributive:
        return False
    return (
        claim.kind == "authorisation"
        or reading.refers_back
        or bool(reading.loose_subjects(scene.index))
    )


def _judge(claim: Claim, reading: Reading) -> Judge:
    """How the claim's value meets a fact's, with what the sentence says about it read once:
    whether a date is a start or an end, and a duration's qualifier ("over 78 days")."""
    date_role = role(reading.sentence, claim) if isinstance(claim.value, DateValue) else None
    duration = isinstance(claim.value, DurationValue)
    qualifier = qualifier_of(claim.text) if duration else "exact"
    return functools.partial(compare, claim.value, role=date_role, qualifier=qualifier)


def _can_own(span: Span, claim: Claim, reading: Reading, *, attributive: bool) -> bool:
    """Whether a subject named at ``span`` can be the one the claim is about."""
    if attributive:
        # "the 1999 conflict": only a subject named right after the year can own the date.
        return reading.within(2, claim.end, span[0])
    if claim.kind == "relation":
        # "KFOR was established by NATO": the subject comes just before the verb; "NATO took
        # command of ISAF": just after; "the NATO-led force" / "KFOR, a NATO-led force": either.
        before = reading.within(FOLLOW_WORDS, span[1], claim.start)
        after = reading.within(FOLLOW_WORDS, claim.end, span[0])
        match claim.side:
            case "after":
                return after
            case "either":
                return before or after
        return before
    # A subject named after the claim must follow it closely ("In June 1999, KFOR ..."); one
    # named far later belongs to another clause.
    return span[1] <= claim.start or reading.within(FOLLOW_WORDS, claim.end, span[0])


def _own_subjects(scene: _Scene, *, attributive: bool) -> Subjects:
    """The sentence's subjects that can own the claim; the claim itself (and, for a relation,
    its own entity) and the agents of "led by X" are never its subject."""
    claim, reading = scene.claim, scene.reading
    exclude = [(claim.start, claim.end), *reading.agents]
    named = subject_facts(scene.index, reading, exclude=exclude, topic=scene.topic)
    kept = [
        (entry, [s for s in spans if _can_own(s, claim, reading, attributive=attributive)])
        for entry, spans in named
    ]
    return [(entry, spans) for entry, spans in kept if spans]


def _earlier_subject(scene: _Scene, judge: Judge) -> tuple[list[_Candidate], str, set[str]]:
    """The sentence refers back: candidates about a subject of a previous sentence (nearest
    first, at most three) or of a title above it; also the subjects that lacked a cue."""
    missing_cue: set[str] = set()
    context = scene.context
    earlier = [(p, "an earlier sentence") for p in reversed(context.previous[-3:])]
    for text, source in [*earlier, *((h, "the heading") for h in context.headings)]:
        reading = reading_of(text)
        subjects = subject_facts(scene.index, reading, exclude=(), topic=scene.topic)
        if not subjects:
            continue
        found, missing = _candidates(
            scene.claim, scene.reading, subjects, judge, same_sentence=False
        )
        found = _fitting(scene, found)
        missing_cue |= missing
        if found:
            return found, f" (subject from {source})", missing_cue
    return [], "", missing_cue


def _no_candidate(claim: Claim, missing_cue: set[str]) -> Ruling:
    if missing_cue:
        return Ruling(
            NEI,
            f"The fact base has facts about {', '.join(sorted(missing_cue))} of this kind, "
            "but no cue word in the sentence says which one this is.",
        )
    return Ruling(
        NEI,
        f"No fact about anything this sentence names can confirm or contradict '{claim.text}'.",
    )


# --------------------------------------------------------------------------- never wrong


# "In June 2004 NATO decided to conclude SFOR by the end of the year": the date is the
# decision's, the event comes later; such a date never refutes the event's.
_DECISION = re.compile(
    r"\b(?:decided|decides|agreed|agrees|voted|resolved|pledged|planned|plans|announced|"
    r"proposed|promised|committed)\s+(?:to|that|on)\b",
    re.IGNORECASE,
)
_WHEN_KINDS = frozenset({"date", "year", "span"})


def _refutation_doubt(
    scene: _Scene, chosen: _Candidate, candidates: list[_Candidate], *, earlier: bool
) -> str:
    """Why a contradiction must not be a refutation ("" when it may be one)."""
    fact = chosen.entry.fact
    if not fact.single:
        return f"{fact.subject} {fact.predicate} has several true values"
    if not same_verb(scene.claim, fact):
        return f"the fact is about who '{fact.predicate}', another relation"
    if earlier and not scene.in_topic(fact):
        return f"the subject, {fact.subject}, is not named here nor the article's topic"
    if scene.claim.kind in _WHEN_KINDS and _DECISION.search(scene.reading.text):
        return "the date may be of a decision or plan about the event, not of the event"
    if _time_fit(scene, fact) != "same" and not (chosen.cues & _TIME_CUES):
        when = f"holds as of {fact.as_of.display()}" if fact.as_of else "gives no time"
        return f"the fact {when}, and the sentence does not date the claim to it"
    pool = [c for c in candidates if c.tier == chosen.tier]
    if any(_same_relation(c.entry.fact, fact) and c.entry.fact.value != fact.value for c in pool):
        return f"several facts of {fact.subject} {fact.predicate} could be meant"
    mine = norm_name(fact.subject)
    others = {c.entry.fact.subject for c in pool if norm_name(c.entry.fact.subject) != mine}
    if others:
        return f"the sentence also names {', '.join(sorted(others))}, which it could be about"
    stranger = "" if earlier else _nearer_stranger(scene, chosen)
    if stranger:
        return f"the sentence also names {stranger}, which the fact base does not know"
    return ""


def _nearer_stranger(scene: _Scene, chosen: _Candidate) -> str:
    """An acronym or operation the fact base does not know, named at least as close to the
    claim as the chosen subject: the claim may be about it."""
    claim, reading = scene.claim, scene.reading
    known = {squash(n) for e in scene.index.entries for n in (*e.fact.names, *e.loose)}
    spans = reading.mentions(chosen.entry) + reading.loose_mentions(chosen.entry)
    own = min((_gap(reading, s, claim) for s in spans), default=None)
    if own is None:
        return ""
    for start, end, name in named_things(reading.sentence):
        if overlaps((start, end), (claim.start, claim.end)) or squash(name) in known:
            continue
        if any(overlaps((start, end), s) for s in spans) or name in _BIG_BODIES:
            continue
        if _gap(reading, (start, end), claim) <= own:
            return name
    return ""


_BIG_BODIES = frozenset({"NATO", "UN", "EU", "US", "USA", "UK", "OSCE"})
# "the Kosovo Security Force", "Operation Essential Harvest", "the Ohrid Framework Agreement":
# two or more capitalised words (small words between), a name whether the fact base knows it.
_PROPER_NAME_RE = re.compile(
    r"(?<![\w.])(?:[A-Z][\w'-]+)(?:\s+(?:(?:of|for|the|and|in|on)\s+)?[A-Z][\w'-]+)+"
)
_NOT_NAMES = frozenset(MONTH_NAMES) | {"In", "On", "The", "After", "Before", "By", "During"}


_PLACE_BEFORE_RE = re.compile(
    r"\b(?:in|into|across|throughout|within|from|around|over|of|to|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _is_place(reading: Reading, span: Span) -> bool:
    """ "in Kosovo", "across Bosnia and Herzegovina": where something happened, not its subject."""
    return bool(_PLACE_BEFORE_RE.search(reading.text, max(0, span[0] - 20), span[0]))


def _named_here(scene: _Scene) -> str:
    """A subject the sentence names itself (outside the claim and its agents, not as a place),
    known or not: a claim in such a sentence is about it, not an earlier sentence's subject."""
    claim, reading = scene.claim, scene.reading
    skip = [(claim.start, claim.end), *reading.agents]
    for entry, spans in subject_facts(scene.index, reading, exclude=skip, topic=scene.topic):
        if _BIG_BODIES & set(entry.fact.names):
            continue  # NATO, the UN: named everywhere, rarely what a claim is about
        if any(
            _can_own(span, claim, reading, attributive=False) and not _is_place(reading, span)
            for span in spans
        ):
            return entry.fact.subject
    names = [
        ((m.start(), m.end()), m.group(0))
        for m in _PROPER_NAME_RE.finditer(reading.text)
        if len([w for w in m.group(0).split() if w not in _NOT_NAMES and w[:1].isupper()]) >= 2
    ]
    names += [((start, end), name) for start, end, name in named_things(reading.sentence)]
    for span, name in names:
        if name in _BIG_BODIES or any(overlaps(span, x) for x in skip) or _is_place(reading, span):
            continue
        if _can_own(span, claim, reading, attributive=False):
            return name
    return ""


def _gap(reading: Reading, span: Span, claim: Claim) -> int:
    """Words between a name and the claim."""
    if span[1] <= claim.start:
        return reading.words_between(span[1], claim.start)
    return reading.words_between(claim.end, span[0])


# --------------------------------------------------------------------------- tasks


def _check_task(
    claim: Claim, task: EntityValue, reading: Reading, index: FactIndex, context: Context
) -> Ruling:
    """A listed task supports when a task fact of the subject lists it; never REFUTED."""
    scene = _Scene.of(claim, reading, index, context)
    here = _own_subjects(scene, attributive=False)
    groups = [(here, "")]
    earlier = [] if _named_here(scene) else [*reversed(context.previous[-3:]), *context.headings]
    for text in earlier:
        named = subject_facts(index, reading_of(text), exclude=(), topic=scene.topic)
        groups.append((named, " (subject from earlier)"))
    for subjects, where in groups:
        facts = [entry.fact for entry, _ in subjects if is_task_fact(entry.fact)]
        if not facts:
            continue
        for fact in facts:
            if isinstance(fact.value, EntityValue) and task_matches(task.name, fact.value):
                return Ruling(SUPPORTED, f"A listed task matches{where}: {fact.statement}", fact)
        names = ", ".join(sorted({f.subject for f in facts}))
        return Ruling(NEI, f"The tasks the fact base lists for {names} do not include this.")
    return Ruling(NEI, "No fact lists the tasks of anything this sentence names.")


# --------------------------------------------------------------------------- candidates


_FAR = 1_000  # a subject named in another sentence or a title


@dataclass(frozen=True)
class _Candidate:
    entry: Entry
    tier: int  # 0: same value type as the claim; 1: a neighbouring type
    distance: int  # words between the nearest cue and the claim
    cues: frozenset[str]  # the fact's cue phrases found in the sentence
    outcome: Outcome
    nearness: int = _FAR  # words between the subject's name and the claim


def _distance(reading: Reading, hit: Span, claim: Claim, skip: list[Span]) -> int:
    """Words between a cue and the claim (0 inside it), not counting words in ``skip``."""
    if hit[1] <= claim.start:
        return reading.words_between(hit[1], claim.start, skip)
    if hit[0] >= claim.end:
        return reading.words_between(claim.end, hit[0], skip)
    return 0


def _candidates(
    claim: Claim, reading: Reading, subjects: Subjects, judge: Judge, *, same_sentence: bool
) -> tuple[list[_Candidate], set[str]]:
    """Candidate facts, and the subjects that had a comparable fact but no cue in the sentence."""
    out: list[_Candidate] = []
    missing_cue: set[str] = set()
    for entry, spans in subjects:
        rank = tier(claim.value, entry.fact.value)
        if rank is None:
            continue
        # A cue inside the subject's own name is not a predicate: "resolution" in
        # "Resolution 1244" says nothing about when it was adopted.
        names = reading.mentions(entry)
        free = {
            cue: [h for h in reading.find(cue, True) if not any(overlaps(h, n) for n in names)]
            for cue in entry.cues
        }
        hits = [hit for cue in entry.cues for hit in free[cue]]
        if claim.kind == "relation" and verb_states(claim, entry.fact):
            hits.append((claim.start, claim.end))  # "NATO-led" states "is led by" itself
        if not hits:
            missing_cue.add(entry.fact.subject)
            continue
        skip = [*(spans if same_sentence else []), (claim.start, claim.end)]
        distance = min(_distance(reading, hit, claim, skip) for hit in hits)
        matched = frozenset(cue for cue in entry.cues if free[cue])
        near = (
            min((_gap(reading, s, claim) for s in spans), default=_FAR) if same_sentence else _FAR
        )
        outcome = judge(entry.fact.value)
        out.append(_Candidate(entry, rank, distance, matched, outcome, near))
    return out, missing_cue


def _same_relation(a: Fact, b: Fact) -> bool:
    return norm_name(a.subject) == norm_name(b.subject) and a.predicate == b.predicate


def _choose(candidates: list[_Candidate]) -> tuple[_Candidate | None, str]:
    best_tier = min(c.tier for c in candidates)
    pool = sorted((c for c in candidates if c.tier == best_tier), key=lambda c: c.distance)
    best = pool[0]
    if len({c.outcome.verdict for c in pool}) == 1:
        return best, ""
    rivals = [c for c in pool[1:] if c.outcome.verdict != best.outcome.verdict]
    # A clearly nearer cue decides ("the launch of ISAF in 2003" is about the launch, not about
    # the sentence's "began")...
    if rivals and rivals[0].distance >= best.distance + 3 and best.distance <= 6:
        return best, ""
    # ... and so does a cue only one fact has ("initially 50,000 troops" vs "currently").
    for winner in pool:
        others = [c for c in pool if c.outcome.verdict != winner.outcome.verdict]
        if others and all(c.distance >= winner.distance and c.cues < winner.cues for c in others):
            return winner, ""
    # ... and so does a predicate with several true values: when every disagreeing fact has the
    # same subject and predicate as a supporting one ("enforced Resolutions 1970 and 1973"),
    # the claim matches one of the values.
    # ... and so does the nearest subject when its fact agrees ("Like KFOR, ISAF was authorised
    # under Resolution 1386" is about ISAF; a refutation would still need one subject).
    nearest = min(pool, key=lambda c: c.nearness)
    mine = norm_name(nearest.entry.fact.subject)
    disagreeing = [c for c in pool if c.outcome.verdict != nearest.outcome.verdict]
    if nearest.outcome.verdict == SUPPORTED and all(
        norm_name(c.entry.fact.subject) != mine and c.nearness > nearest.nearness
        for c in disagreeing
    ):
        return nearest, ""
    supporting = [c for c in pool if c.outcome.verdict == SUPPORTED]
    if supporting and all(
        any(_same_relation(c.entry.fact, s.entry.fact) for s in supporting)
        for c in pool
        if c.outcome.verdict != SUPPORTED
    ):
        return supporting[0], ""
    # Otherwise the facts disagree and nothing is certain.
    names = ", ".join(sorted({c.entry.fact.id for c in pool}))
    return None, f"several facts apply and they disagree ({names})"


# --------------------------------------------------------------------------- the ruling

# Words that say an event happened again or went on: "deployed additional troops in 2011",
# "was still deployed in 2008". A date in such a sentence is not the fact's one-time event.
_RECURRENCE = re.compile(
    r"\b(?:additional|again|still|further|another|reinforc\w*|continu\w*|remain\w*|redeploy\w*)\b",
    re.IGNORECASE,
)
_DATE_KINDS = frozenset({"date", "year", "span"})
_MAX_REFUTING_DISTANCE = 10  # words between the predicate's cue and a date it contradicts


def _maybe_another_occurrence(claim: Claim, sentence: str, chosen: _Candidate) -> bool:
    """Precision over recall for dates: refute one only when it clearly dates the fact's event."""
    if claim.kind not in _DATE_KINDS:
        return False
    return bool(_RECURRENCE.search(sentence)) or chosen.distance > _MAX_REFUTING_DISTANCE


def _ruling(
    claim: Claim, reading: Reading, candidates: list[_Candidate], where: str
) -> tuple[Ruling, _Candidate | None]:
    """The chosen fact's verdict, told with its evidence (``where`` names an earlier subject)."""
    chosen, why = _choose(candidates)
    if chosen is None:
        return Ruling(NEI, f"Not settled: {why}."), None
    fact, outcome = chosen.entry.fact, chosen.outcome
    if outcome.verdict == SUPPORTED:
        said = f"{outcome.why[:1].upper()}{outcome.why[1:]}"
        return Ruling(SUPPORTED, f"{said}{where}: {fact.statement}", fact), chosen
    if outcome.verdict == REFUTED and _maybe_another_occurrence(claim, reading.sentence, chosen):
        return Ruling(
            NEI,
            f"'{claim.text}' differs from {fact.id}, but may date another occurrence "
            f"(a later deployment, a continuing presence){where}.",
        ), chosen
    if outcome.verdict == REFUTED:
        correct = format_value(fact.value)
        return Ruling(
            REFUTED,
            f"{fact.subject} {fact.predicate}: {correct}, not '{claim.text}' "
            f"({outcome.why}){where}.",
            fact,
        ), chosen
    reason = f"The closest fact ({fact.id}) does not settle it: {outcome.why}{where}."
    return Ruling(NEI, reason), chosen
