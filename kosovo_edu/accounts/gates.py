"""The account throttles, each reading its numbers from settings at the time of the request."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from .addresses import client_address
from .devices import trusted_device
from .throttle import Backoff, WindowLimit


def account_backoff() -> Backoff:
    """Failures for one username from one client (a trusted device, else an address)."""
    return Backoff("login", free=settings.LOGIN_FREE_FAILURES, cap=settings.LOGIN_MAX_DELAY_SECONDS)


def address_backoff() -> Backoff:
    """Failures from one address whatever the username: slows down username spraying, gently,
    since a whole school may sit behind that address."""
    return Backoff(
        "login-address",
        free=settings.LOGIN_ADDRESS_FREE_FAILURES,
        cap=settings.LOGIN_ADDRESS_MAX_DELAY_SECONDS,
        window=15 * 60,
    )


def signup_limit() -> WindowLimit:
    return WindowLimit("signup", limit=settings.SIGNUPS_PER_ADDRESS_PER_HOUR, window=3600)


def password_change_limit() -> WindowLimit:
    return WindowLimit(
        "password-change", limit=settings.PASSWORD_CHANGE_FAILURES_PER_15_MINUTES, window=900
    )


@dataclass(frozen=True)
class LoginGate:
    """One log-in try: for which username, from which address, on which trusted device."""

    username: str
    address: str
    device_id: str | None

    @classmethod
    def for_request(cls, request: HttpRequest, username: str) -> "LoginGate":
        device = trusted_device(request, username)
        return cls(
            username=username.casefold(),
            address=client_address(request),
            device_id=device.id if device else None,
        )

    @property
    def _account_key(self) -> str:
        client = f"device:{self.device_id}" if self.device_id else f"address:{self.address}"
        return f"{self.username}|{client}"

    def wait(self) -> int:
        """Seconds before this try may be checked (0: check it now)."""
        waits = [account_backoff().wait(self._account_key)]
        if not self.device_id:
            waits.append(address_backoff().wait(self.address))
        return max(waits)

    def failed(self) -> None:
        account_backoff().fail(self._account_key)
        if not self.device_id:
            address_backoff().fail(self.address)

    def succeeded(self) -> None:
        account_backoff().clear(self._account_key)
