"""The quiz admin: each module registers its own models."""

from . import problems, questions, records

__all__ = ["problems", "questions", "records"]
