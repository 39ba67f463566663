"""What a mandate included: a listed task against a multi-valued fact's value.

A task fact is multi-valued (``single = false``), its value an entity naming one task ("a
secure environment", aliases "establishing a secure environment" ...), its predicate or cues
saying it is a task ("mandate included", "tasks", "role").  A listed task matches when every
content word of one of the value's names occurs in it (stemmed: "demilitarizing" is
"demilitarisation"); a task that matches none is NOT_ENOUGH_INFO, never REFUTED, since a
mandate has tasks no fact lists.
"""

from __future__ import annotations

import functools
import re

from lessons.facts.factbase import Fact
from lessons.facts.values import EntityValue
from lessons.text.normalise import fold_accents
from lessons.text.words import word_set

__all__ = ["is_task_fact", "task_matches"]

_TASK_WORD_RE = re.compile(
    r"mandate|task|role|responsib|mission|objective|aim|includ|dut|function|goal", re.IGNORECASE
)
_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = word_set(
    """a an the and or of to in on at by for from with as its their his her all any other
    this that these those into within across among between"""
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "es", "ed", "e", "s")
_ISE_RE = re.compile(r"is(e|ed|es|ing|ation|ations)$")


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    word = _ISE_RE.sub(r"iz\1", word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=8192)
def content_stems(text: str) -> frozenset[str]:
    """The stems of the content words of ``text``."""
    words = _WORD_RE.findall(fold_accents(text).casefold())
    return frozenset(_stem(w) for w in words if w not in _STOP)


def is_task_fact(fact: Fact) -> bool:
    """A multi-valued fact naming one task of its subject's mandate."""
    if fact.single or not isinstance(fact.value, EntityValue):
        return False
    return any(_TASK_WORD_RE.search(text) for text in (fact.predicate, *fact.cues))


def task_matches(task: str, value: EntityValue) -> bool:
    """Whether the listed task is the value's task: one of its names (two content words at
    least, so "security" alone matches nothing) lies wholly in the task's words."""
    mine = content_stems(task)
    for name in value.names:
        theirs = content_stems(name)
        if len(theirs) >= 2 and theirs <= mine:
            return True
    return False
