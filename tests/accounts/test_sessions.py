"""Sessions end with the browser and after an idle time; private pages are never stored."""

import time

import pytest
from django.urls import reverse

from kosovo_edu.middleware import LAST_SEEN


def test_the_session_cookie_ends_with_the_browser(client, student, password):
    client.post(reverse("login"), {"username": student.username, "password": password})
    cookie = client.cookies["sessionid"]
    assert cookie.value
    assert not cookie["expires"]
    assert not cookie["max-age"]


def set_last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds_ago
    session.save()


def test_an_idle_session_is_signed_out(client, student, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client.force_login(student)
    client.get(reverse("home"))
    set_last_seen(client, 61 * 60)

    response = client.get(reverse("progress:index"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "You were signed out after a while without activity." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_session_stays(client, student, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client.force_login(student)
    set_last_seen(client, 59 * 60)
    response = client.get(reverse("progress:index"))
    assert response.status_code == 200
    assert f"Signed in as <strong>{student.username}</strong>" in response.content.decode()


def test_the_last_seen_time_is_written_at_most_once_a_minute(client, student):
    client.force_login(student)
    set_last_seen(client, 30)
    before = client.session[LAST_SEEN]
    client.get(reverse("home"))
    assert client.session[LAST_SEEN] == before

    set_last_seen(client, 90)
    client.get(reverse("home"))
    assert client.session[LAST_SEEN] >= int(time.time()) - 1


@pytest.mark.parametrize("url_name", ["home", "progress:index", "account", "password_change"])
def test_pages_for_a_signed_in_person_are_not_stored(client, student, url_name):
    client.force_login(student)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_visitor_pages_stay_cacheable(client, db):
    response = client.get(reverse("home"))
    assert "no-store" not in response.get("Cache-Control", "")
