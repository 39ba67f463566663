from django.http import HttpRequest
from django.utils.functional import lazy

from .roles import role_of


def role(request: HttpRequest) -> dict[str, str]:
    """The signed-in person's role, shown in the nav: asked (one query) only by a page that
    shows it."""
    return {"role": lazy(lambda: role_of(request.user).value, str)()}
