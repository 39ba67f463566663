"""The one definition of a question kind (pure: generation, grading and models share it)."""

from __future__ import annotations

from enum import StrEnum

_LABELS = {
    "multiple_choice": "Multiple choice",
    "true_false": "True or false",
    "numeric": "Numeric answer",
    "cloze": "Fill in the blank",
    "matching": "Matching",
    "ordering": "Timeline ordering",
    "spot_error": "Spot the error",
}


class QuestionKind(StrEnum):
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    CLOZE = "cloze"
    MATCHING = "matching"
    ORDERING = "ordering"
    SPOT_ERROR = "spot_error"

    @property
    def label(self) -> str:
        return _LABELS[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]
