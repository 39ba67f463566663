"""The quiz admin: each module registers its own models."""

from . import questions, records

__all__ = ["questions", "records"]
