from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from quizzes.next_steps import home_steps


def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the course's front page; a learner gets their next step first."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    steps = home_steps(request.user, timezone.now())
    return render(request, "home.html", {"steps": steps})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" after a real database round trip; 503 when the database cannot answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
