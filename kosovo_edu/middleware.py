"""Project-wide middleware."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import add_never_cache_headers, patch_cache_control

LAST_SEEN = "last_seen"
# The last-seen time is written at most this often: an idle timeout needs no write per request.
LAST_SEEN_RESOLUTION = 60  # seconds

Middleware = Callable[[HttpRequest], HttpResponse]


def csp_nonce_everywhere(get_response: Middleware) -> Middleware:
    """Django's CSP names a nonce only when a template used it; make every response name one
    (a redirect, /healthz, an error page), so the policy is the same everywhere."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        str(get_nonce(request))  # generating it is enough: the CSP middleware adds it
        return response

    return middleware


def idle_sign_out(get_response: Middleware) -> Middleware:
    """Sign out a session idle for SESSION_IDLE_MINUTES (a shared school computer left signed
    in); the request then goes on as a visitor's, so a private page asks to log in again."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "You were signed out after a while without activity.")
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
        return get_response(request)

    return middleware


def start_idle_clock(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """On log-in (user_logged_in), however it happens: the session is written then anyway, so
    the first pages after it need no write of their own."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


def private_pages_not_stored(get_response: Middleware) -> Middleware:
    """Nothing shown to a signed-in person is kept by a browser or proxy cache (results and
    progress of minors on shared computers); visitors' pages stay cacheable. Static files never
    get here: whitenoise answers them first."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    return middleware
