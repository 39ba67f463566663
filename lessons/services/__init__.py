"""Workflows across several models: where lessons' models meet the pure packages.

- :mod:`lessons.services.ingest` - ``ingest_documents()``: seed articles and fact bases into
  documents, modules, lessons, references and facts (idempotent by content hash).
- :mod:`lessons.services.content` - ``refresh_content()``: the fact base built once, every
  claim verified, then the steps later apps add (question generation) with that fact base.
"""

from lessons.services.content import (
    factbase_from_db,
    refresh_content,
    regenerate,
    verify_lessons,
)
from lessons.services.ingest import IngestReport, ingest_documents, split_paths

__all__ = [
    "IngestReport",
    "factbase_from_db",
    "ingest_documents",
    "refresh_content",
    "regenerate",
    "split_paths",
    "verify_lessons",
]
