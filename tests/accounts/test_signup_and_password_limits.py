"""Signup is throttled per address, password guessing through a held session is limited, and
passwords follow the policy (12+ characters, not common)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from .conftest import school_client

pytestmark = pytest.mark.usefixtures("behind_proxy")


def sign_up(client, username: str, password: str = "rambouillet-1999"):
    return client.post(
        reverse("signup"), {"username": username, "password1": password, "password2": password}
    )


def test_signups_from_one_address_are_limited_per_hour(clock, settings, db):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 3
    clock.now = 3600 * 500_000  # the start of an hour
    for n in range(3):
        assert sign_up(school_client(), f"pupil{n}").status_code == 302

    response = sign_up(school_client(), "pupil3")
    assert response.status_code == 429
    assert "Too many new accounts from your network. Try again in 60 minutes" in (
        response.content.decode()
    )
    assert not User.objects.filter(username="pupil3").exists()

    assert sign_up(school_client("198.51.100.20"), "elsewhere").status_code == 302
    clock.advance(3600)
    assert sign_up(school_client(), "pupil3").status_code == 302


def test_failed_signups_do_not_use_up_the_limit(clock, settings, db):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    assert sign_up(school_client(), "pupil", password="short").status_code == 200
    assert sign_up(school_client(), "pupil").status_code == 302


def change_password(client, old: str, new: str = "unmik-1244-kfor"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_guessing_the_old_password_is_limited(clock, settings, client, student, password):
    settings.PASSWORD_CHANGE_FAILURES_PER_15_MINUTES = 5
    clock.now = 900 * 2_000_000
    client.force_login(student)
    for n in range(5):
        response = change_password(client, f"guess-number-{n}")
        assert "Your old password was entered incorrectly" in response.content.decode()

    response = change_password(client, password)  # even the right one is not checked now
    assert response.status_code == 429
    assert "Too many wrong passwords. Try again in 15 minutes." in response.content.decode()
    student.refresh_from_db()
    assert student.check_password(password)

    clock.advance(900)
    assert change_password(client, password).status_code == 302
    student.refresh_from_db()
    assert student.check_password("unmik-1244-kfor")


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("kfor-1999-j", "This password is too short. It must contain at least 12 characters."),
        ("password123456", "This password is too common."),
    ],
)
def test_signup_refuses_short_and_common_passwords(client, db, password, error):
    response = sign_up(client, "newbie", password=password)
    assert error in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_signup_explains_the_policy_and_asks_for_no_email(client, db):
    page = client.get(reverse("signup")).content.decode()
    assert "At least 12 characters, not a common password" in page
    assert 'name="email"' not in page
    sign_up(client, "newbie")
    assert User.objects.get(username="newbie").email == ""
