"""The learner's dashboard: progress per module and lesson, scores over time, what is next."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from lessons.pagecache import (
    changes_at,
    kept_for_learner,
    page_slots,
    page_ttl,
    render_part,
    respond,
)
from lessons.views import LearnerRequest
from quizzes.dashboard import Dashboard
from quizzes.models import ProblemReport
from quizzes.progress import PASS_PERCENT

REPORTS_SHOWN = 20
"""The learner's latest problem reports listed on the page."""


@login_required
def index(request: LearnerRequest) -> HttpResponse:
    """Everything is read from ``request.user``: nobody ever sees another learner's rows. The
    page is kept for this version of the learner's records and of the content (an answer, a
    lesson read, a report resolved, an assignment set moves it on) until the clock changes it."""
    return respond(request, kept_for_learner(request, "progress", lambda: _render(request)))


def _render(request: LearnerRequest) -> str:
    now = timezone.now()
    dashboard = Dashboard.load(request.user, now)
    changes_at(request, dashboard.changes_at)
    changes_at(request, now + timedelta(seconds=page_ttl()))  # a lesson comes out
    context = {
        "dashboard": dashboard,
        "pass_percent": PASS_PERCENT,
        "time_zone": settings.TIME_ZONE,
        "reports": list(
            ProblemReport.objects.for_learner(request.user).for_progress()[:REPORTS_SHOWN]
        ),
        "slots": page_slots(),
    }
    return render_part(request, "quizzes/progress.html", context)
