"""A staff member sets up an authenticator app, then signs in with its code (real Chromium)."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for the secret typed from the page."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_staff_member_sets_up_an_app_and_signs_in_with_its_code(
    page, live_server, login, admin, password, axe, settings, debug, width
):
    settings.DEBUG = debug
    page.set_viewport_size({"width": width, "height": 800})
    login(admin)
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.get_by_text("Two-factor sign-in is off").wait_for()
    assert page.locator("figure.qr svg title").text_content() == "QR code to scan"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page)

    secret = page.locator("code.secret").inner_text()
    page.get_by_label("6-digit code").fill("000000" if app_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Turn on").click()
    page.get_by_text("That code is not right.").wait_for()
    axe(page)
    assert not TOTPDevice.objects.exists()

    page.get_by_label("6-digit code").fill(app_code(secret))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_text("Two-factor sign-in is on: signing in now asks for a code.").wait_for()
    axe(page)

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/two-factor/")
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    assert page.get_by_text("Signed in as").count() == 0  # not until the code
    axe(page)
    page.get_by_label("6-digit code").fill(app_code(secret, steps_ahead=1))  # a later code
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/")
    assert page.get_by_text("Signed in as").inner_text() == f"Signed in as {admin.username} Admin"
    assert page.get_by_text("Two-factor sign-in is on (set up").is_visible()
    axe(page)
