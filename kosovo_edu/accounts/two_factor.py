"""Two-factor sign-in for staff: a 6-digit code from an authenticator app (TOTP, django-otp).

A staff member turns it on at /accounts/two-factor/ by scanning a QR code (or typing the
secret) and entering a first code. From then on a right password only starts a sign-in: the
session holds a *pending* sign-in for a few minutes, and the person is signed in once the code
from the app is right. Wrong codes are throttled per device by django-otp (1, 2, 4 … s), on top
of the password step's own delays and django-axes.

The admin opens only to staff who are verified, or who had no device when they signed in (a
session remembers that, so admin pages cost no extra query); with STAFF_TWO_FACTOR_REQUIRED,
staff without a device are sent to set one up first. Students never see any of it.
"""

from __future__ import annotations

import math
import time
from base64 import b32encode
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from kosovo_edu.middleware import Middleware

from .devices import Device
from .forms import DeleteAccountForm, wait_message

PENDING = "two_factor_pending"  # {"user", "backend", "since"}: a right password, no code yet
PENDING_SECONDS = 5 * 60
SETUP_KEY = "two_factor_setup_key"  # the secret being set up, kept until a first code is right
NO_DEVICE = "two_factor_none"  # this staff session signed in without a device
DEVICE_NAME = "Authenticator app"
TOO_MANY_REQUESTS = 429

AnyUser = AbstractBaseUser | AnonymousUser


# --- devices --------------------------------------------------------------------------------


def confirmed_device(user: AnyUser) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_verified(request: HttpRequest) -> bool:
    """Whether this session entered a code (django-otp's middleware adds the check)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check is not None and check())


def needs_code(user: User) -> bool:
    return user.is_staff and confirmed_device(user) is not None


def note_second_factor(sender: object, request: HttpRequest | None, user: User, **_: Any) -> None:
    """On log-in (user_logged_in): remember whether this staff session started without a
    device, so admin pages need no query to know it."""
    if request is None or not hasattr(request, "session"):
        return
    if user.is_staff and confirmed_device(user) is None:
        request.session[NO_DEVICE] = True
    else:
        request.session.pop(NO_DEVICE, None)


def safe_next(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default or reverse(settings.LOGIN_REDIRECT_URL)


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


# --- the code step of signing in ------------------------------------------------------------


def ask_for_code(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """The password was right: hold the sign-in until the code is."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "since": int(time.time()),
    }
    return redirect(with_next("login_code", next_url))


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending["backend"]) if user else None


def six_digits(typed: str) -> str:
    """The code as typed, spaces dropped ("123 456"); anything but six digits is refused."""
    code = "".join(typed.split())
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValidationError("Enter the 6 digits your app shows.", code="format")
    return code


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code",
        max_length=20,
        help_text="The code your authenticator app shows now for kosovo-edu.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    throttled = False

    def __init__(self, device: TOTPDevice, *args: Any, **kwargs: Any) -> None:
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = six_digits(self.cleaned_data["code"])
        # One verification at a time per device (two tabs cannot both use a guess); the
        # failure count is saved with the transaction, so it must not end in an exception.
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, why = device.verify_is_allowed()
            right = allowed and device.verify_token(code)
        if not allowed:
            self.throttled = True
            wait = max(1, math.ceil((why["locked_until"] - timezone.now()).total_seconds()))
            raise ValidationError(
                "Too many wrong codes. Try again in %(wait)s.",
                code="throttled",
                params={"wait": wait_message(wait)},
            )
        if not right:
            raise ValidationError(
                "That code is not right. Type the code your app shows now.", code="wrong"
            )
        self.device = device
        return code


@sensitive_post_parameters("code")
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in (or of opening the admin in an older session)."""
    next_url = safe_next(request)
    if request.user.is_authenticated:
        user, backend = request.user, ""
    elif pending := _pending_user(request):
        user, backend = pending
    else:
        messages.info(request, "Log in first, then enter the code from your app.")
        return redirect_to_login(next_url)
    assert isinstance(user, User)
    device = confirmed_device(user)
    if device is None or is_verified(request):
        return redirect(next_url)
    form = CodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _signed_in(request, user, backend, form.device, next_url)
    status = TOO_MANY_REQUESTS if form.throttled else 200
    context = {"form": form, "next": next_url}
    return render(request, "registration/login_code.html", context, status=status)


def _signed_in(
    request: HttpRequest, user: User, backend: str, device: TOTPDevice, next_url: str
) -> HttpResponse:
    if backend:
        request.session.pop(PENDING, None)
        login(request, user, backend=backend)
    otp_login(request, device)
    response = redirect(next_url)
    remember_browser(request, response, user)
    return response


def remember_browser(request: HttpRequest, response: HttpResponse, user: User) -> None:
    """A full sign-in trusts this browser for the account (see devices.py)."""
    device = Device.from_request(request) or Device.new()
    device.remembering(user.get_username()).set_on(response)


# --- setting it up and turning it off --------------------------------------------------------


class FirstCodeForm(forms.Form):
    code = CodeForm.base_fields["code"]

    def __init__(self, device: TOTPDevice, *args: Any, **kwargs: Any) -> None:
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = six_digits(self.cleaned_data["code"])
        totp = TOTP(self.device.bin_key, self.device.step, self.device.t0, self.device.digits)
        totp.time = time.time()
        if not totp.verify(int(code), tolerance=self.device.tolerance):
            raise ValidationError(
                "That code is not right. Check that you scanned this page's QR code "
                "(or typed its secret) and type the code your app shows now.",
                code="wrong",
            )
        self.device.last_t = totp.t()  # the same code cannot sign in again
        return code


class TurnOffForm(DeleteAccountForm):
    """The password check of deleting an account, wrong guesses limited the same way."""


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (dark on white, also in dark mode)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=4, border=4, light="#fff", title="QR code to scan"))


def grouped_secret(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, as apps ask to type it."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code", "password")
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """/accounts/two-factor/: staff turn two-factor sign-in on (or off); 404 for others."""
    user = request.user
    if not (isinstance(user, User) and user.is_staff):
        raise Http404
    device = confirmed_device(user)
    if device is not None:
        return _turn_off(request, user, device)
    return _turn_on(request, user)


def _turn_on(request: HttpRequest, user: User) -> HttpResponse:
    key = request.session.setdefault(SETUP_KEY, default_key())
    device = TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=True)
    form = FirstCodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.save()
        request.session.pop(SETUP_KEY, None)
        request.session.pop(NO_DEVICE, None)
        otp_login(request, device)
        messages.success(request, "Two-factor sign-in is on: signing in now asks for a code.")
        return redirect(safe_next(request, reverse("two_factor")))
    context = {
        "form": form,
        "qr_svg": qr_svg(device),
        "secret": grouped_secret(device),
        "next": request.GET.get("next", ""),
        "required": settings.STAFF_TWO_FACTOR_REQUIRED,
    }
    return render(request, "accounts/two_factor.html", context)


def _turn_off(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    form = TurnOffForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.devices_for_user(user).delete()
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.session[NO_DEVICE] = True
        messages.success(request, "Two-factor sign-in is off: signing in asks for your password.")
        return redirect("two_factor")
    status = TOO_MANY_REQUESTS if form.throttled else 200
    context = {"form": form, "device": device, "required": settings.STAFF_TWO_FACTOR_REQUIRED}
    return render(request, "accounts/two_factor_on.html", context, status=status)


# --- the admin's gate -----------------------------------------------------------------------


def admin_needs_second_factor(get_response: Middleware) -> Middleware:
    """Staff open the admin only when verified, or when they signed in without a device (unless
    STAFF_TWO_FACTOR_REQUIRED). The admin's own log-in form, which knows nothing of codes, is
    replaced by the site's."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")):
            gate = _admin_gate(request)
            if gate is not None:
                return gate
        return get_response(request)

    return middleware


def _admin_gate(request: HttpRequest) -> HttpResponse | None:
    if request.path == reverse("admin:login"):
        return redirect_to_login(safe_next(request, reverse("admin:index")))
    user = request.user
    if not user.is_staff or request.path == reverse("admin:logout") or is_verified(request):
        return None
    if request.session.get(NO_DEVICE) is not True:
        if confirmed_device(user) is not None:
            return redirect(with_next("login_code", request.get_full_path()))
        request.session[NO_DEVICE] = True
    if settings.STAFF_TWO_FACTOR_REQUIRED:
        messages.info(request, "Set up two-factor sign-in before opening the admin.")
        return redirect(with_next("two_factor", request.get_full_path()))
    return None
