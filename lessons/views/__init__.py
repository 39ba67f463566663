"""The lessons app's pages: ``lessons`` (catalogue, module, lesson) and ``facts`` (report,
glossary, library, timeline), each with its own URL module in :mod:`lessons.urls`.

This package holds only the typed requests the views share (the quiz views use them too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it: ``request.htmx`` says if htmx sent it."""

    htmx: HtmxDetails


class LearnerRequest(HtmxRequest):
    """A signed-in learner's request: what a view behind ``@login_required`` receives."""

    user: User
