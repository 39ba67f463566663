"""Mastery levels: how well a learner knows one fact, driven by answers (never by clicks).

Pure: no Django. The rules (in the spirit of Khan Academy's levels) are in :func:`level_after`
and written out in the README.
"""

from __future__ import annotations

from enum import IntEnum


class Mastery(IntEnum):
    NOT_STARTED = 0
    ATTEMPTED = 1
    FAMILIAR = 2
    PROFICIENT = 3
    MASTERED = 4

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        """(value, label) pairs for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]
