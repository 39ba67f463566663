from django.http import HttpRequest

from .roles import role_of


def role(request: HttpRequest) -> dict[str, str]:
    """The signed-in person's role, shown in the nav."""
    return {"role": role_of(request.user).value}
