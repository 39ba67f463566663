import pytest
from django.contrib.auth.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_sign_up_log_out_and_log_in_again(page, live_server, axe, settings, debug):
    settings.DEBUG = debug
    page.goto(live_server.url)
    axe(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    axe(page)
    page.get_by_label("Username").fill("ilir")
    page.get_by_label("Password", exact=True).fill("rambouillet-1999")
    page.get_by_label("Password confirmation").fill("rambouillet-1999")
    page.get_by_role("button", name="Sign up").click()
    assert page.get_by_text("Signed in as").inner_text() == "Signed in as ilir Student"
    assert User.objects.filter(username="ilir").exists()

    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Log in").is_visible()
    assert page.get_by_text("Signed in as").count() == 0

    nav.get_by_role("link", name="Log in").click()
    axe(page)
    page.get_by_label("Username").fill("ilir")
    page.get_by_label("Password").fill("rambouillet-1999")
    page.keyboard.press("Enter")
    page.get_by_text("Signed in as").wait_for()
    assert "ilir" in page.get_by_text("Signed in as").inner_text()


def test_a_learner_deletes_their_account_with_their_password(
    page, live_server, login, student, password, axe, settings
):
    settings.DEBUG = False
    login(student)
    page.goto(f"{live_server.url}/accounts/")
    axe(page)
    page.get_by_role("link", name="Delete your account").click()
    axe(page)
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("That is not your password.").wait_for()
    assert User.objects.filter(pk=student.pk).exists()

    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Your account and everything stored about you are deleted.").wait_for()
    assert not User.objects.filter(pk=student.pk).exists()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Log in").is_visible()


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, live_server):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"


def test_home_page_is_usable_at_360px(page, live_server, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    axe(page)
