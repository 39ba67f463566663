"""The key facts of a lesson: what the sources say about the subjects it discusses.

Pure (no Django).  :func:`key_facts` picks, from the fact base, the facts a lesson's "What the
sources say" panel shows and its quiz may ask about, most important first, each once:

1. the facts that correct the lesson's refuted claims;
2. the facts an admin chose for the lesson;
3. the facts its SUPPORTED claims rest on (concept facts, phrases such as "withdrawal of
   hostile forces", two of them here and the others after group 4: they teach less);
4. facts about a subject the lesson names (the subject or an alias, not a generic name such as
   "the mission"; whole words, any case), if they are
   - in its **scope**: a fact tagged with a region (Kosovo, Bosnia, Afghanistan, Libya) only when
     the lesson names that region (or one of its places, forces, people) or one of the lesson's
     own facts (1-3) is about it; and
   - of its **time**: a fact about a year (its ``as_of``, else its date, else the years its
     predicate or else its statement names) only when the lesson mentions a year within a year
     of it ("the 1990s" names each of its years), and a fact about the present
     ("current troop strength") only when the lesson talks about today.  A lesson that names no
     year (no region) is about its article's years (regions); when that names none either, only
     facts about the present are left out.
   Among these, facts no earlier lesson of the course shows come first (``seen``: a course
   teaches more facts when its lessons do not all show the same ones), then facts whose cue
   words the lesson also uses, then subjects the lesson names more often; acronym expansions
   come last, and at most four facts per subject (one more for every few times the lesson
   names it).

5. when all these make fewer than :data:`MINIMUM` facts (a lesson of general remarks that names
   no subject but its region), facts about the subjects its whole article names, found the same
   way, fill up to that many: what the lesson is part of.

Groups 1-2 are always shown; groups 3-5 fill the panel up to :data:`LIMIT` facts.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from lessons.facts.concepts import is_concept_fact
from lessons.facts.factbase import Fact, FactBase
from lessons.facts.values import AcronymValue, SpanValue
from lessons.text.normalise import fold_case

LIMIT = 10  # facts in a panel, unless corrections and an admin's choices alone are more
MINIMUM = 4  # fewer found: the subjects its article names fill up to this many
PER_SUBJECT = 4  # facts found by subject about any one subject ...
MENTIONS_PER_EXTRA = 3  # ... and one more for every three times the lesson names it
CONCEPTS_FIRST = 2  # concept facts of its claims a lesson shows before facts found by subject
WORDS_PER_EXTRA = 200  # a long lesson shows one more fact for every 200 words
YEAR_SLACK = 1  # a lesson about 1999 may get a fact about 1998 or 2000

# What names a region: the region tags of the fact base and the words that put a lesson there.
REGIONS: dict[str, tuple[str, ...]] = {
    "kosovo": (
        "Kosovo", "Kosovar", "Serbia", "Serbian", "Yugoslavia", "Yugoslav", "Belgrade",
        "Pristina", "Priština", "KFOR", "UNMIK", "Milošević", "Milosevic",
    ),
    "bosnia": (
        "Bosnia", "Bosnian", "Herzegovina", "Dayton", "Sarajevo", "Srebrenica", "IFOR", "SFOR",
    ),
    "afghanistan": ("Afghanistan", "Afghan", "Kabul", "Taliban", "ISAF"),
    "libya": ("Libya", "Libyan", "Tripoli", "Benghazi", "Gaddafi", "Qaddafi"),
}  # fmt: skip
# A year, or a decade ("the 1990s"); not a resolution's number ("Resolution 1973").
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(s?)\b")
_NOT_A_YEAR = re.compile(r"(?:Resolutions?|No\.)\s*$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_PRESENT = re.compile(r"\b(?:today|current|currently|present|presently)\b", re.IGNORECASE)
_TODAY = re.compile(
    r"\b(?:today|currently|nowadays|present[- ]day|at present|presently|to this day)\b",
    re.IGNORECASE,
)


Words = tuple[str, ...]


def words_of(text: str) -> Words:
    """The words of a text, case folded: names and cues are matched word for word."""
    return tuple(_WORD.findall(text.casefold()))


def _grams(text: str, phrases: Iterable[Words]) -> Counter[Words]:
    """How often each of ``phrases`` occurs in the text (word for word, any case)."""
    by_first: dict[str, set[Words]] = defaultdict(set)
    for phrase in phrases:
        if phrase:
            by_first[phrase[0]].add(phrase)
    words = words_of(text)
    found: Counter[Words] = Counter()
    for start, word in enumerate(words):
        for phrase in by_first.get(word, ()):
            if words[start : start + len(phrase)] == phrase:
                found[phrase] += 1
    return found


_REGION_WORDS = {region: [words_of(name) for name in names] for region, names in REGIONS.items()}


@dataclass(frozen=True)
class Period:
    """The years a fact is about: ``last`` None means it still holds; ``present`` that it is
    about today (a current strength), whatever its years."""

    first: int | None = None
    last: int | None = None
    present: bool = False

    @classmethod
    def of(cls, fact: Fact) -> Period:
        """``as_of`` first, else the value's own dates, else the years its predicate names,
        else those its statement names."""
        present = bool(_PRESENT.search(fact.predicate))
        if fact.as_of is not None:
            return cls(fact.as_of.year, fact.as_of.year, present)
        dates = fact.value.dates()
        if dates:
            ongoing = isinstance(fact.value, SpanValue) and fact.value.end is None
            last = None if ongoing else max(d.year for d in dates)
            return cls(min(d.year for d in dates), last, present)
        years = sorted(years_in(fact.predicate) or years_in(fact.statement))
        if years:
            return cls(min(years), max(years), present)
        return cls(present=present)

    @property
    def timeless(self) -> bool:
        return self.first is None and not self.present

    def meets(self, lesson: LessonTime) -> bool:
        """Whether a lesson of ``lesson``'s time can show a fact of this period."""
        if self.timeless:
            return True
        if self.present and lesson.today:
            return True
        if not lesson.years:
            return not self.present
        if self.first is None:
            return False
        last = self.last if self.last is not None else max(lesson.years)
        return any(self.first - YEAR_SLACK <= year <= last + YEAR_SLACK for year in lesson.years)


@dataclass(frozen=True)
class LessonTime:
    """The years a lesson mentions, and whether it talks about today."""

    years: frozenset[int]
    today: bool

    @classmethod
    def of(cls, text: str, *, article: str = "") -> LessonTime:
        """A lesson that names no year is about its article's years."""
        return cls(years_in(text) or years_in(article), bool(_TODAY.search(text)))


@functools.lru_cache(maxsize=256)
def years_in(text: str) -> frozenset[int]:
    """The years a text mentions; "the 1990s" is every year of the decade."""
    years: set[int] = set()
    for match in _YEAR.finditer(text):
        if _NOT_A_YEAR.search(text, max(0, match.start() - 13), match.start()):
            continue
        start = int(match.group(1))
        decade = match.group(2) and start % 10 == 0
        years.update(range(start, start + 10) if decade else [start])
    return frozenset(years)


class SubjectFinder:
    """Which facts' subjects a text names, and whether it uses their cue words (word for word).

    Build it once per fact base and hand it to :func:`key_facts` for every lesson.
    """

    def __init__(self, factbase: FactBase) -> None:
        self.facts = factbase.facts
        self.periods = {fact.id: Period.of(fact) for fact in factbase.facts}
        self._names: dict[Words, list[str]] = defaultdict(list)  # a name's words -> fact ids
        for fact in factbase.facts:
            for name in dict.fromkeys(words_of(name) for name in fact.names):
                if name:
                    self._names[name].append(fact.id)
        self._cues = {fact.id: [words_of(cue) for cue in fact.cues] for fact in factbase.facts}
        self._phrases = {*self._names, *(cue for cues in self._cues.values() for cue in cues)}
        # Every lesson of an article asks about the same article text: count its phrases once.
        self._counted: dict[str, Counter[Words]] = {}

    def _count(self, text: str) -> Counter[Words]:
        if text not in self._counted:
            self._counted[text] = _grams(text, self._phrases)
        return self._counted[text]

    def mentions(self, text: str) -> Counter[str]:
        """fact id -> how often the text names the fact's subject."""
        grams = self._count(text)
        counts: Counter[str] = Counter()
        for name, fact_ids in self._names.items():
            if found := grams[name]:
                for fact_id in fact_ids:
                    counts[fact_id] += found
        return counts

    def cued(self, fact: Fact, text: str) -> bool:
        """Whether the text uses one of the fact's cue words."""
        grams = self._count(text)
        return any(grams[cue] for cue in self._cues.get(fact.id, []))


@dataclass(frozen=True)
class Setting:
    """Where and when a lesson is: the regions it is about and its time."""

    regions: frozenset[str]
    time: LessonTime

    @classmethod
    def of(cls, text: str, article: str, own: Iterable[Fact]) -> Setting:
        """The regions the lesson names (else its article's) and those of its own facts."""
        regions = regions_of(text) or regions_of(article)
        regions |= {tag for fact in own for tag in fact.tags if tag in REGIONS}
        return cls(frozenset(regions), LessonTime.of(text, article=article))

    def admits(self, fact: Fact, period: Period) -> bool:
        """A fact of no region or of one of the lesson's, and of the lesson's time."""
        regions = {tag for tag in fact.tags if tag in REGIONS}
        in_scope = not regions or bool(regions & self.regions)
        return in_scope and period.meets(self.time)


@functools.lru_cache(maxsize=64)
def regions_of(text: str) -> frozenset[str]:
    """The regions a text names."""
    grams = _grams(text, [words for names in _REGION_WORDS.values() for words in names])
    return frozenset(
        region for region, names in _REGION_WORDS.items() if any(grams[n] for n in names)
    )


def key_facts(
    sentences: Sequence[str],
    factbase: FactBase,
    *,
    corrections: Collection[str] = (),
    chosen: Collection[str] = (),
    claimed: Collection[str] = (),
    article: str = "",
    finder: SubjectFinder | None = None,
    limit: int | None = None,
    seen: Collection[str] = (),
) -> list[Fact]:
    """The lesson's key facts, most important first, each once.

    ``sentences`` is the lesson's text (its title and body will do); ``corrections``, ``chosen``
    and ``claimed`` are fact ids: the facts that correct the lesson's refuted claims, the ones an
    admin chose, and the ones its SUPPORTED claims rest on.  ``article`` is the text of the whole
    article (module), whose years and regions stand in for the lesson's when it names none and
    whose subjects fill a panel that found too few.  ``limit`` defaults to :data:`LIMIT`, one
    more for every :data:`WORDS_PER_EXTRA` words of the lesson.  ``finder`` saves building the
    name index again for every lesson of a course.  ``seen`` holds the facts earlier lessons
    show: among the facts found by subject, the others come first.
    """
    by_id = {fact.id: fact for fact in factbase.facts}
    fixed = [by_id[i] for i in dict.fromkeys([*corrections, *chosen]) if i in by_id]
    fixed_ids = {fact.id for fact in fixed}
    own = [by_id[i] for i in dict.fromkeys(claimed) if i in by_id and i not in fixed_ids]
    text = "\n".join(sentences)
    finder = finder or SubjectFinder(factbase)
    setting = Setting.of(text, article, [*fixed, *own])
    named = _named(text, setting, finder, [*fixed, *own], seen)
    if article and len(fixed) + len(own) + len(named) < MINIMUM:
        shown = [*fixed, *own, *named]
        named += _named(article, setting, finder, shown, seen)[: MINIMUM - len(shown)]
    if limit is None:
        limit = LIMIT + len(words_of(text)) // WORDS_PER_EXTRA
    room = max(limit - len(fixed), 0)
    concepts = [fact for fact in own if is_concept_fact(fact)]  # phrases: they teach less
    plain = [fact for fact in own if not is_concept_fact(fact)]
    firsts = concepts[:CONCEPTS_FIRST]
    return [*fixed, *[*plain, *firsts, *named, *concepts[CONCEPTS_FIRST:]][:room]]


def _named(
    text: str, setting: Setting, finder: SubjectFinder, own: list[Fact], seen: Collection[str]
) -> list[Fact]:
    """Facts about the subjects ``text`` names that ``setting`` admits, best first."""
    taken = {fact.id for fact in own}
    mentions = finder.mentions(text)
    candidates = [
        fact
        for fact in finder.facts
        if mentions[fact.id]
        and fact.id not in taken
        and setting.admits(fact, finder.periods[fact.id])
    ]
    candidates.sort(
        key=lambda fact: (
            fact.id in seen,
            isinstance(fact.value, AcronymValue),
            not finder.cued(fact, text),
            -mentions[fact.id],
        )
    )  # stable: the fact base's order breaks ties
    per_subject = Counter(fold_case(fact.subject) for fact in own if not is_concept_fact(fact))
    picked: list[Fact] = []
    for fact in candidates:
        subject = fold_case(fact.subject)
        if per_subject[subject] < PER_SUBJECT + mentions[fact.id] // MENTIONS_PER_EXTRA:
            per_subject[subject] += 1
            picked.append(fact)
    return picked
