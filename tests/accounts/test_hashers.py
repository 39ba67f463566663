"""Argon2 first, and an old PBKDF2 hash is upgraded when its owner logs in."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from kosovo_edu import settings as project_settings

from ..factories import UserFactory

PROJECT_HASHERS = project_settings.PASSWORD_HASHERS  # conftest swaps in MD5 for speed


def test_argon2_hashes_new_passwords_and_pbkdf2_still_verifies():
    assert PROJECT_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PROJECT_HASHERS


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_to_argon2_on_log_in(client, settings):
    settings.PASSWORD_HASHERS = PROJECT_HASHERS
    user = UserFactory(username="old-timer")
    user.password = make_password("kosovo-1999-june", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        reverse("login"), {"username": "old-timer", "password": "kosovo-1999-june"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("kosovo-1999-june")
