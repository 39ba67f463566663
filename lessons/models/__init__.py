"""Lessons' records: content (documents, modules, lessons), each learner's progress, and the
truth behind the content (references, facts, claims with their verdicts)."""

from lessons.facts.verdicts import Verdict
from lessons.models.content import Document, Lesson, Module, reading_minutes
from lessons.models.imports import ArticleImport
from lessons.models.progress import LessonProgress
from lessons.models.truth import Claim, Fact, Reference, verdict_is

__all__ = [
    "ArticleImport",
    "Claim",
    "Document",
    "Fact",
    "Lesson",
    "LessonProgress",
    "Module",
    "Reference",
    "Verdict",
    "reading_minutes",
    "verdict_is",
]
