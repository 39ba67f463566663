"""The content admin: documents, modules, lessons, references, facts and claims.

Besides the model pages: a per-lesson coverage report (``lessons/lesson/coverage/``) and the
queue of unchecked sentences (``lessons/lesson/unchecked/``), each sentence with its likely
subject and an "add a fact" link that opens the typed fact form prefilled from the sentence.
Each module registers its own models; what other apps' admins share lives in ``base``.
"""

from . import content, documents, records, truth
from .base import ContentAdmin, RecordAdmin, VerdictFilter, admin_link, percent_label

__all__ = [
    "ContentAdmin",
    "RecordAdmin",
    "VerdictFilter",
    "admin_link",
    "content",
    "documents",
    "percent_label",
    "records",
    "truth",
]
