"""Who may reach /teach/: one decorator for the area, one helper for a class.

Every /teach/ view goes through ``teacher_required``; every view of one class gets it from
``get_classroom_for_teacher``, which 404s a class the user does not teach (so another teacher
cannot even tell it exists). The reports engineer's views use the same two.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from kosovo_edu.accounts.roles import is_teacher

from .models import Classroom

type View[**P] = Callable[Concatenate[HttpRequest, P], HttpResponse]


def teacher_required[**P](view: View[P]) -> View[P]:
    """Anonymous → the login page (back here after); a signed-in non-teacher → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_teacher(request.user):
            raise PermissionDenied("Only teachers can open the teaching pages.")
        return view(request, *args, **kwargs)

    return wrapper


def get_classroom_for_teacher(request: HttpRequest, pk: Any) -> Classroom:
    """The class ``pk`` if the user teaches it (an admin: any class); 404 otherwise."""
    return get_object_or_404(Classroom.objects.taught_by(request.user), pk=pk)
