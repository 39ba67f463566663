"""Two-factor sign-in for staff: setting it up, signing in with a code, the admin's gate."""

import time
from base64 import b32encode
from binascii import unhexlify
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kosovo_edu.accounts.devices import COOKIE
from kosovo_edu.accounts.two_factor import PENDING, SETUP_KEY

SETUP = reverse("two_factor")
CODE = reverse("login_code")
ADMIN = reverse("admin:index")


def code_for(hex_key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows now (or ``steps_ahead`` periods of 30 s later)."""
    totp = TOTP(unhexlify(hex_key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code(hex_key: str) -> str:
    right = {code_for(hex_key, step) for step in (-1, 0, 1)}
    return next(c for c in ("123456", "654321", "111111", "222222") if c not in right)


@pytest.fixture
def device(admin: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)


def log_in(client: Client, user: User, password: str, next_url: str = "") -> str:
    """Post the password step; where it sends the browser."""
    data = {"username": user.username, "password": password} | (
        {"next": next_url} if next_url else {}
    )
    response = client.post(reverse("login"), data)
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- setting it up --------------------------------------------------------------------------


def test_a_staff_member_turns_it_on_with_a_first_code(client, admin):
    client.force_login(admin)
    page = client.get(SETUP).content.decode()
    key = client.session[SETUP_KEY]
    secret = b32encode(unhexlify(key)).decode()
    assert "Two-factor sign-in is <strong>off</strong>" in page
    assert '<svg width="' in page
    assert "<title>QR code to scan</title>" in page
    assert f'<code class="secret">{secret[:4]} {secret[4:8]} ' in page

    response = client.post(SETUP, {"code": code_for(key)}, follow=True)
    page = response.content.decode()
    assert "Two-factor sign-in is on: signing in now asks for a code." in page
    assert "Two-factor sign-in is <strong>on</strong>" in page
    device = TOTPDevice.objects.get(user=admin)
    assert device.confirmed
    assert device.key == key
    assert SETUP_KEY not in client.session
    assert client.get(ADMIN).status_code == 200  # this session counts as verified


def test_a_wrong_or_malformed_first_code_saves_nothing_and_keeps_the_secret(client, admin):
    client.force_login(admin)
    client.get(SETUP)
    key = client.session[SETUP_KEY]
    for code, message in (
        (wrong_code(key), "That code is not right. Check that you scanned this page"),
        ("12a456", "Enter the 6 digits your app shows."),
        ("", "This field is required."),
    ):
        page = client.post(SETUP, {"code": code}).content.decode()
        assert message in page
        assert "Two-factor sign-in is <strong>off</strong>" in page
    assert not TOTPDevice.objects.exists()
    assert client.session[SETUP_KEY] == key  # the app scanned once still works


def test_the_account_page_links_to_it_for_staff_only(client, admin, student):
    client.force_login(admin)
    assert f'href="{SETUP}"' in client.get(reverse("account")).content.decode()
    client.force_login(student)
    assert f'href="{SETUP}"' not in client.get(reverse("account")).content.decode()


def test_students_never_see_it(client, student, teacher, password):
    for user in (student, teacher):
        client.force_login(user)
        assert client.get(SETUP).status_code == 404
        assert client.post(SETUP, {"code": "123456"}).status_code == 404
        client.logout()
        assert log_in(client, user, password) == reverse("home")
        assert signed_in(client)
    assert not TOTPDevice.objects.exists()


# --- signing in -----------------------------------------------------------------------------


def test_signing_in_asks_for_the_code_after_the_password(client, admin, device, password):
    to = log_in(client, admin, password, next_url="/progress/")
    assert to == f"{CODE}?next=%2Fprogress%2F"
    assert not signed_in(client)  # not until the code
    assert "Log in</a>" in client.get(reverse("home")).content.decode()
    page = client.get(to).content.decode()
    assert "Enter your code" in page
    assert 'autocomplete="one-time-code"' in page

    response = client.post(CODE, {"code": code_for(device.key), "next": "/progress/"})
    assert response.status_code == 302
    assert response["Location"] == "/progress/"
    assert signed_in(client)
    assert PENDING not in client.session
    assert COOKIE in response.cookies  # a full sign-in trusts this browser, as before
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_is_refused_and_then_throttled(client, admin, device, password):
    log_in(client, admin, password)
    page = client.post(CODE, {"code": wrong_code(device.key)}).content.decode()
    assert "That code is not right. Type the code your app shows now." in page
    assert not signed_in(client)

    response = client.post(CODE, {"code": code_for(device.key)})  # right, but too soon
    assert response.status_code == 429
    assert "Too many wrong codes. Try again in 1 second." in response.content.decode()
    assert not signed_in(client)

    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=2)
    )
    client.post(CODE, {"code": code_for(device.key)})
    assert signed_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_signs_in_only_once(client, admin, device, password):
    log_in(client, admin, password)
    code = code_for(device.key)
    client.post(CODE, {"code": code})
    assert signed_in(client)
    other = Client()
    log_in(other, admin, password)
    assert "That code is not right" in other.post(CODE, {"code": code}).content.decode()
    assert not signed_in(other)


def test_a_wrong_password_never_reaches_the_code_step(client, admin, device):
    response = client.post(reverse("login"), {"username": admin.username, "password": "nope"})
    assert "Please enter a correct username and password" in response.content.decode()
    assert PENDING not in client.session
    assert client.get(CODE)["Location"].startswith(reverse("login"))


def test_the_code_step_expires(client, admin, device, password):
    log_in(client, admin, password)
    session = client.session
    session[PENDING] = session[PENDING] | {"since": int(time.time()) - 10 * 60}
    session.save()
    response = client.post(CODE, {"code": code_for(device.key)}, follow=True)
    assert "Log in first, then enter the code from your app." in response.content.decode()
    assert not signed_in(client)


# --- the admin ------------------------------------------------------------------------------


def test_the_admin_requires_a_verified_staff_member(client, admin, device):
    client.force_login(admin)  # a session without the code
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response["Location"] == f"{CODE}?next=%2Fadmin%2Fauth%2Fuser%2F"
    client.post(CODE, {"code": code_for(device.key), "next": "/admin/auth/user/"})
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_the_admin_login_form_gives_way_to_the_sites(client, admin, device):
    response = client.get(reverse("admin:login"), {"next": "/admin/lessons/"})
    assert response["Location"] == f"{reverse('login')}?next=/admin/lessons/"
    response = client.post(reverse("admin:login"), {"username": "ada", "password": "x"})
    assert response.status_code == 302
    assert not signed_in(client)


def test_staff_without_a_device_open_the_admin_as_before(client, admin):
    client.force_login(admin)
    assert client.get(ADMIN).status_code == 200


def test_required_two_factor_sends_staff_to_set_it_up_first(client, admin, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(admin)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain == [(f"{SETUP}?next=%2Fadmin%2F", 302)]
    page = response.content.decode()
    assert "Set up two-factor sign-in before opening the admin." in page
    assert "Staff must turn it on before" in page
    key = client.session[SETUP_KEY]
    response = client.post(f"{SETUP}?next=/admin/", {"code": code_for(key), "next": "/admin/"})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_required_two_factor_leaves_students_and_teachers_alone(client, settings, student):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(student)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(ADMIN)["Location"].startswith(reverse("admin:login"))


# --- turning it off -------------------------------------------------------------------------


def test_turning_it_off_needs_the_password(client, admin, device, password):
    client.force_login(admin)
    session = client.session
    session.update({"otp_device_id": device.persistent_id})
    session.save()
    page = client.post(SETUP, {"password": "not-it"}).content.decode()
    assert "That is not your password." in page
    assert TOTPDevice.objects.filter(user=admin).exists()

    response = client.post(SETUP, {"password": password}, follow=True)
    page = response.content.decode()
    assert "Two-factor sign-in is off: signing in asks for your password." in page
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert client.get(ADMIN).status_code == 200
    client.logout()
    assert log_in(client, admin, password) == reverse("home")  # no code asked any more
