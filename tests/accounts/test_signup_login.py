import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kosovo_edu.accounts.roles import Role, role_of


def test_signup_creates_a_student_and_signs_them_in(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "password1": "kfor-1999-june",
            "password2": "kfor-1999-june",
        },
        follow=True,
    )
    user = User.objects.get(username="newbie")
    assert role_of(user) is Role.STUDENT
    assert not user.is_staff
    assert "Signed in as <strong>newbie</strong>" in response.content.decode()


def test_signup_with_mismatched_passwords_shows_the_error_and_creates_nobody(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "newbie", "password1": "kfor-1999-june", "password2": "something-else"},
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_nav_shows_who_is_logged_in_and_their_role(client, student, teacher, admin):
    for user, role in ((student, "student"), (teacher, "teacher"), (admin, "admin")):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert f"Signed in as <strong>{user.username}</strong>" in page
        assert f'<span class="role role-{role}">{role}</span>' in page
    assert ">Admin</a>" in page  # only the admin gets the admin link


def test_students_do_not_get_the_admin_link(client, student):
    client.force_login(student)
    assert ">Admin</a>" not in client.get(reverse("home")).content.decode()


def test_login_with_a_wrong_password_says_so(client, student):
    response = client.post(reverse("login"), {"username": student.username, "password": "nope"})
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_is_a_post_and_signs_out(client, student):
    client.force_login(student)
    response = client.post(reverse("logout"), follow=True)
    assert "Log in</a>" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(client, student, password):
    client.force_login(student)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "unmik-1244-kfor",
            "new_password2": "unmik-1244-kfor",
        },
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    student.refresh_from_db()
    assert student.check_password("unmik-1244-kfor")


def test_password_change_needs_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", ["home", "login", "signup"])
def test_every_response_carries_a_nonce_csp(client, db, url_name):
    response = client.get(reverse(url_name))
    policy = response["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    # The only script tag is htmx, carrying the nonce; no inline styles or handlers.
    assert f'nonce="{nonce}"' in html
    assert "<style" not in html
    assert " style=" not in html
    assert " onclick=" not in html
    assert " onload=" not in html


def test_axes_locks_out_after_repeated_failures(client, student, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": student.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": student.username, "password": "wrong"})
    assert response.status_code == 429


@pytest.mark.parametrize("url", ["/healthz", "/lessons/no-such-module/", "/accounts/password/"])
def test_responses_without_a_page_also_carry_a_nonce(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 302, 404)
    assert "'nonce-" in response["Content-Security-Policy"]
