"""Trusted devices: a browser that has signed in as a user before is known for that user.

This is what makes a lockout unusable against a known account: django-axes locks a username at
an address after repeated failures, but behind a school's NAT every pupil shares one address, so
a classmate could lock the teacher out. A successful log-in leaves a signed cookie naming (as a
keyed hash, so the next person at a shared computer cannot read who used it) the accounts that
signed in from this browser; tries from it for those accounts skip axes' lockout and get their
own progressive delays instead (OWASP's "device cookies").
"""

import json
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

COOKIE = "kosovo_device"
SALT = "kosovo_edu.accounts.devices"
MAX_AGE = timedelta(days=180)
MAX_ACCOUNTS = 10  # a shared classroom computer; the oldest are forgotten first


def account_tag(username: str) -> str:
    return salted_hmac(SALT, username.casefold(), algorithm="sha256").hexdigest()[:20]


@dataclass(frozen=True)
class Device:
    id: str
    tags: tuple[str, ...] = ()

    @classmethod
    def new(cls) -> "Device":
        return cls(id=secrets.token_hex(16))

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Device | None":
        raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return cls(id=str(data["id"]), tags=tuple(str(tag) for tag in data["tags"]))
        except (ValueError, KeyError, TypeError):
            return None

    def trusts(self, username: str) -> bool:
        return account_tag(username) in self.tags

    def remembering(self, username: str) -> "Device":
        tag = account_tag(username)
        tags = (tag, *(t for t in self.tags if t != tag))[:MAX_ACCOUNTS]
        return replace(self, tags=tags)

    def set_on(self, response: HttpResponse) -> None:
        response.set_signed_cookie(
            COOKIE,
            json.dumps({"id": self.id, "tags": list(self.tags)}),
            salt=SALT,
            max_age=MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )


def trusted_device(request: HttpRequest, username: str) -> Device | None:
    device = Device.from_request(request)
    return device if device and username and device.trusts(username) else None


def is_trusted_for_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """django-axes' AXES_WHITELIST_CALLABLE: a trusted device is never locked out by axes."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return trusted_device(request, str(username)) is not None
