import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from . import two_factor
from .addresses import client_address
from .data import delete_account, personal_data
from .forms import (
    DeleteAccountForm,
    SignupForm,
    ThrottledAuthenticationForm,
    ThrottledPasswordChangeForm,
    wait_message,
)
from .gates import signup_limit

TOO_MANY_REQUESTS = 429


class LoginView(auth_views.LoginView):
    """Django's log-in with progressive delays; a successful log-in trusts this browser.
    Staff with two-factor sign-in are signed in only after the code (two_factor.py)."""

    authentication_form = ThrottledAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if two_factor.needs_code(user):
            return two_factor.ask_for_code(self.request, user, self.get_success_url())
        response = super().form_valid(form)
        two_factor.remember_browser(self.request, response, user)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        limit, address = signup_limit(), client_address(request)
        if limit.exhausted(address):
            form.add_error(
                None,
                f"Too many new accounts from your network. Try again in "
                f"{wait_message(limit.retry_after())}, or ask your teacher.",
            )
            return render(
                request, "registration/signup.html", {"form": form}, status=TOO_MANY_REQUESTS
            )
        if form.is_valid():
            user = form.save()
            limit.hit(address)
            login(request, user, backend="kosovo_edu.accounts.backends.ModelBackend")
            return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/account.html", {"login_history_days": settings.LOGIN_HISTORY_DAYS}
    )


@require_GET
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything stored about the signed-in learner, as a JSON download."""
    assert isinstance(request.user, User)
    data = {"exported_at": timezone.now(), **personal_data(request.user)}
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"kosovo-edu-{request.user.get_username()}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)  # first: its own log-out record is login history too
        delete_account(user)
        messages.success(request, "Your account and everything stored about you are deleted.")
        return redirect("home")
    status = TOO_MANY_REQUESTS if form.throttled else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
