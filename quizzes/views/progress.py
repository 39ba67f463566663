"""The learner's dashboard: progress per module and lesson, scores over time, what is next."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lessons.views import LearnerRequest
from quizzes.dashboard import Dashboard
from quizzes.models import ProblemReport
from quizzes.progress import PASS_PERCENT

REPORTS_SHOWN = 20
"""The learner's latest problem reports listed on the page."""


@login_required
def index(request: LearnerRequest) -> HttpResponse:
    """Everything is read from ``request.user``: nobody ever sees another learner's rows."""
    dashboard = Dashboard.load(request.user, timezone.now())
    context = {
        "dashboard": dashboard,
        "pass_percent": PASS_PERCENT,
        "time_zone": settings.TIME_ZONE,
        "reports": list(
            ProblemReport.objects.for_learner(request.user).for_progress()[:REPORTS_SHOWN]
        ),
    }
    return render(request, "quizzes/progress.html", context)
