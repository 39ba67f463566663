import math
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


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Guessing the old password is limited per account, whoever holds the session."""

    throttled = False

    def clean_old_password(self) -> str:
        limit = password_change_limit()
        ident = str(self.user.pk)
        if limit.exhausted(ident):
            self.throttled = True
            raise ValidationError(
                "Too many wrong passwords. Try again in %(wait)s.",
                code="throttled",
                params={"wait": wait_message(limit.retry_after())},
            )
        try:
            return super().clean_old_password()
        except ValidationError:
            limit.hit(ident)
            raise


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    throttled = False

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        # Shares the password-change limit: both let a held session guess the password.
        limit, ident = password_change_limit(), str(self.user.pk)
        if limit.exhausted(ident):
            self.throttled = True
            raise ValidationError(
                "Too many wrong passwords. Try again in %(wait)s.",
                code="throttled",
                params={"wait": wait_message(limit.retry_after())},
            )
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            limit.hit(ident)
            raise ValidationError("That is not your password.", code="password_incorrect")
        return password
