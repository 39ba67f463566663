"""Titles for every section: headings as written, derived titles for unheaded text, never "Part N".

See the package docstring (:mod:`lessons.articles`) for the rules: the introduction, the *echo*
that opens an unheaded conclusion, and titles taken from an opening sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from lessons.articles.blocks import Block, Draft, Section
from lessons.articles.bodies import section
from lessons.articles.casing import MINOR_WORDS, title_case
from lessons.articles.sections import CONCLUSION_MARKER, group_by_size
from lessons.text.normalise import fold_case
from lessons.text.sentences import split_sentences
from lessons.text.words import word_set

_MAX_TITLE_CLAUSE_WORDS = 12
_ECHO_MIN_WORDS = 3
_OPENING_SENTENCE_CHARS = 600  # enough for any opening sentence; keeps pysbd off whole essays

_AUXILIARIES = word_set(
    "is are was were be been being has have had do does did will would can could may might "
    "shall should must"
)
# Words that open a framing phrase ("Now, …", "Following the air campaign, …", "Hey guys, …")
# rather than a subject; used only to decide what to strip from an opening sentence.
_FRAMING_STARTERS = word_set(
    "after following before during over in at on by from since until now today then looking "
    "hey hi hello ok okay well so first finally however meanwhile moreover furthermore "
    "additionally initially ultimately overall still yet also next later earlier eventually "
    "thus therefore consequently"
)
_LETS_FRAMING = re.compile(
    r"let(?:'|’)?s\s+(?:[a-z]+\s+){0,2}?(?:talk about|about|into|at|over|through)\s+", re.I
)
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'.-]*)*"
_OF_PHRASE = re.compile(
    rf"(?:the\s+)?[a-z][a-z-]*(?:(?:,\s*|\s+and\s+|\s+)[a-z][a-z-]*){{0,4}}\s+of\s+"
    rf"(?:the\s+)?{_NAME}(?:\s+\([A-Z][\w-]*\))?"
)
_PERFECT = re.compile(
    rf"(?P<subject>(?:the\s+)?{_NAME})\s+(?:has|have)\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ed)\b"
)
_APPOSITION = re.compile(
    rf"(?:^|[.!?]\s+)(?P<role>(?:The|An?|Its|This|Their)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){{0,3}}),"
    rf"\s+(?P<name>{_NAME}),"
)
_DEFINED_NAME = re.compile(rf"(?P<name>{_NAME})\s+\((?P<acronym>[A-Z][A-Za-z]*[A-Z])\)")


def titled(drafts: Sequence[Draft], *, echo: str, topic: str, headline: str) -> list[Section]:
    """Turn drafts into sections with titles; unheaded text gets derived titles."""
    if all(not draft.heading for draft in drafts):
        return _unheaded_sections(drafts[0].blocks, topic=topic, headline=headline)
    *body, last = drafts
    drafts = [*body, *_split_conclusion(last, echo=echo, topic=topic)]
    sections = []
    for draft in drafts:
        title = draft.heading or f"Introduction: {title_case(topic)}"
        sections.append(section(title, draft.blocks))
    return sections


def _split_conclusion(draft: Draft, *, echo: str, topic: str) -> list[Draft]:
    """Cut an unheaded conclusion off the last section: a paragraph that re-opens with the
    article's echo, or with "In conclusion"."""
    echo_words = fold_case(echo).split()
    for index, block in enumerate(draft.blocks[1:], start=1):
        opens_with_topic = (
            bool(echo_words) and fold_case(block.text).split()[: len(echo_words)] == echo_words
        )
        keeps_content = any(kept.kind != "heading" for kept in draft.blocks[:index])
        concludes = opens_with_topic or CONCLUSION_MARKER.match(block.text)
        if block.kind == "paragraph" and concludes and keeps_content:
            conclusion = Draft(f"Conclusion: {title_case(topic)}", draft.blocks[index:])
            return [Draft(draft.heading, draft.blocks[:index]), conclusion]
    return [draft]


def _unheaded_sections(blocks: Sequence[Block], *, topic: str, headline: str) -> list[Section]:
    groups = group_by_size(blocks)
    if len(groups) == 1:
        return [section(headline, groups[0])]
    context = set(_content_words(f"{headline} {topic}"))
    return [section(_group_title(group, context, topic), group) for group in groups]


def _group_title(blocks: Sequence[Block], context: set[str], topic: str) -> str:
    """A title from what the group's opening sentence says, else the name it introduces."""
    clause, concluding = _opening_clause(_opening_sentence(blocks[0].text))
    if concluding:
        subject = clause if 0 < len(clause.split()) <= 8 else topic
        return f"Conclusion: {title_case(subject)}"
    if of_phrase := _OF_PHRASE.match(clause):
        return title_case(of_phrase.group())
    if perfect := _PERFECT.match(clause):
        return title_case(f"How {perfect.group('subject')} {perfect.group('verb')}")
    words = clause.split()
    restates = set(_content_words(clause)) <= context
    if 2 <= len(words) <= _MAX_TITLE_CLAUSE_WORDS and not restates:
        return title_case(clause)
    text = " ".join(block.text for block in blocks)
    if apposition := _APPOSITION.search(text):
        return f"{apposition.group('name')}: {title_case(apposition.group('role'))}"
    if name := _key_name(text):
        return name
    return title_case(" ".join(words[:_MAX_TITLE_CLAUSE_WORDS]) or topic)


def _opening_sentence(text: str) -> str:
    head = text[:_OPENING_SENTENCE_CHARS]
    spans = split_sentences(head)
    return head[spans[0][0] : spans[0][1]] if spans else head


def _opening_clause(sentence: str) -> tuple[str, bool]:
    """The sentence's first clause without framing; and whether it opens a conclusion."""
    rest = sentence.strip()
    marker = CONCLUSION_MARKER.match(rest)
    if marker:
        rest = rest[marker.end() :].lstrip(" ,")
    for _ in range(3):
        lead, comma, tail = rest.partition(",")
        words = lead.split()
        if not comma or not words or len(words) > 4 or words[0].lower() not in _FRAMING_STARTERS:
            break
        rest = tail.strip()
    rest = _LETS_FRAMING.sub("", rest, count=1)
    clause = re.split(r"[,;:—–]|\s-\s", rest, maxsplit=1)[0]
    return clause.strip().rstrip(".!?").strip(), marker is not None


def _key_name(text: str) -> str:
    """The most mentioned name the text defines with an acronym ("Kosovo Force (KFOR)")."""
    defined = {m.group("acronym"): m.group("name") for m in _DEFINED_NAME.finditer(text)}
    if not defined:
        return ""
    counts = Counter({acronym: text.count(acronym) for acronym in defined})
    acronym = max(defined, key=lambda a: (counts[a], -text.find(a)))
    return f"{defined[acronym]} ({acronym})"


def echo(paragraphs: Sequence[str]) -> str:
    """The subject the article opens with and returns to later ("NATO's peace enforcement
    missions …"), trimmed to end on a content word; "" when the opening is never echoed."""
    if len(paragraphs) < 2:
        return ""
    lede = paragraphs[0].split()
    best: list[str] = []
    for paragraph in paragraphs[1:]:
        shared: list[str] = []
        for mine, theirs in zip(lede, paragraph.split(), strict=False):
            if fold_case(mine) != fold_case(theirs):
                break
            shared.append(mine)
        while shared and shared[-1].lower() in MINOR_WORDS | _AUXILIARIES:
            shared.pop()
        if len(shared) > len(best):
            best = shared
    content = [word for word in best if word.lower() not in MINOR_WORDS]
    if len(best) < _ECHO_MIN_WORDS or len(content) < 2:
        return ""
    return " ".join(best).rstrip(",;:")


def fallback_title(items: Sequence[Block], opening: str) -> str:
    """Title for an article with no title line and no echo: its first heading or opening."""
    headings = [item.text for item in items if item.kind == "heading"]
    if headings:
        return headings[0]
    clause, _ = _opening_clause(_opening_sentence(opening))
    return " ".join(clause.split()[:_MAX_TITLE_CLAUSE_WORDS]) or " ".join(opening.split()[:8])


def headline(title: str) -> str:
    """A title's main clause: "X Ends Y War: Compelling …" -> "X Ends Y War"."""
    head = title.split(": ", 1)[0].strip()
    return head or title


def _content_words(text: str) -> list[str]:
    """Lower-cased words minus minor words and possessive endings, for overlap checks."""
    words = re.findall(r"[\w-]+", text.lower().replace("’", "'").replace("'s", ""))
    return [word for word in words if word not in MINOR_WORDS]
