"""Project-wide middleware."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce


def csp_nonce_everywhere(get_response: Callable[[HttpRequest], HttpResponse]):
    """Django's CSP names a nonce only when a template used it; make every response name one
    (a redirect, /healthz, an error page), so the policy is the same everywhere."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        str(get_nonce(request))  # generating it is enough: the CSP middleware adds it
        return response

    return middleware
