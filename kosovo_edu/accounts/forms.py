from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User


class SignupForm(UserCreationForm):
    """Everyone signs up as a student; an admin makes teachers."""

    email = forms.EmailField(required=False, help_text="Optional. Only used to reach you.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
