"""The one definition of a verdict: what the reference facts say about a claim."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """SUPPORTED only when a cited fact agrees; REFUTED only when one clearly contradicts;
    otherwise NOT_ENOUGH_INFO, which is never quizzed."""

    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT_ENOUGH_INFO"

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]
