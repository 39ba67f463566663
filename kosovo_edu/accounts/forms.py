import math
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from .gates import LoginGate, password_change_limit


def wait_message(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


class SignupForm(UserCreationForm):
    """Everyone signs up as a student; an admin makes teachers. No e-mail: nothing sends any."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = (
            f"At least {settings.PASSWORD_MIN_LENGTH} characters, not a common password and "
            "not like your username. A short sentence is easy to remember."
        )


class ThrottledAuthenticationForm(AuthenticationForm):
    """Log-in with progressive delays: a try that comes too early is refused unchecked."""

    throttled = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password") or self.request is None:
            return super().clean()
        gate = LoginGate.for_request(self.request, username)
        wait = gate.wait()
        if wait:
            self.throttled = True
            raise ValidationError(
                "Too many failed log-ins. Try again in %(wait)s.",
                code="throttled",
                params={"wait": wait_message(wait)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            gate.failed()
            raise
        gate.succeeded()
        return cleaned


class GuardedPasswordMixin:
    """A form that checks the password of a signed-in user: wrong guesses are limited per
    account, whoever holds the session (password change and account deletion share it)."""

    user: User
    throttled = False

    def guarded(self, check: Callable[[], str]) -> str:
        """``check()`` (which raises ValidationError on a wrong password), within the limit."""
        limit, ident = password_change_limit(), str(self.user.pk)
        if limit.exhausted(ident):
            self.throttled = True
            raise ValidationError(
                "Too many wrong passwords. Try again in %(wait)s.",
                code="throttled",
                params={"wait": wait_message(limit.retry_after())},
            )
        try:
            return check()
        except ValidationError:
            limit.hit(ident)
            raise


class ThrottledPasswordChangeForm(GuardedPasswordMixin, PasswordChangeForm):
    """Guessing the old password is limited per account, whoever holds the session."""

    def clean_old_password(self) -> str:
        return self.guarded(super().clean_old_password)


class DeleteAccountForm(GuardedPasswordMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        def check() -> str:
            password: str = self.cleaned_data["password"]
            if not self.user.check_password(password):
                raise ValidationError("That is not your password.", code="password_incorrect")
            return password

        return self.guarded(check)
