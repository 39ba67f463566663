"""A student's assignments on pages of apps that must not import classrooms (/progress/)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kosovo_edu.classrooms.models import Assignment, AssignmentState
from lessons.pagecache import changes_at

register = template.Library()

ORDER = [AssignmentState.LATE, AssignmentState.DUE, AssignmentState.OPEN, AssignmentState.DONE]


@register.inclusion_tag("classrooms/_my_assignments.html", takes_context=True)
def my_assignments(context: template.Context) -> dict[str, Any]:
    """``{% my_assignments %}``: the signed-in student's assignments, late first, then due
    (soonest first), to do, done. One query without assignments, three with."""
    request = context["request"]
    now = timezone.now()
    statuses = Assignment.objects.statuses_for(request.user, now)
    deadlines = [
        due
        for status in statuses
        if status.state is AssignmentState.DUE and (due := status.assignment.due_at) is not None
    ]
    changes_at(request, min(deadlines, default=None))  # it turns late then
    statuses.sort(key=lambda status: ORDER.index(status.state))  # stable: due dates kept
    return {"statuses": statuses, "late": sum(s.state is AssignmentState.LATE for s in statuses)}
