"""Nobody can lock out someone else, and guessing or spraying slows down."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from kosovo_edu.accounts.devices import COOKIE

from .conftest import school_client

pytestmark = pytest.mark.usefixtures("behind_proxy")


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail_patiently(client, clock, username: str, times: int) -> None:
    """Wrong passwords, each after the progressive delay has passed (so each one counts)."""
    for _ in range(times):
        clock.advance(600)
        response = log_in(client, username, "wrong-password")
        assert response.status_code in (200, 429)
        assert "Too many failed log-ins" not in response.content.decode()


def test_two_students_behind_one_school_address_do_not_lock_each_other_out(
    clock, student, other_student, password
):
    omar = school_client()
    fail_patiently(omar, clock, other_student.username, 10)
    clock.advance(600)  # past the progressive delay: what is left is axes' lock
    locked = log_in(omar, other_student.username, password)
    assert locked.status_code == 429
    assert "try again after 0:15:00" in locked.content.decode()

    sara = school_client()
    assert signed_in(log_in(sara, student.username, password))


def test_a_classmate_cannot_lock_the_teacher_out_at_the_teachers_own_computer(
    clock, teacher, password
):
    teachers_pc = school_client()
    assert signed_in(log_in(teachers_pc, teacher.username, password))
    assert COOKIE in teachers_pc.cookies
    teachers_pc.post(reverse("logout"))

    classmate = school_client()
    fail_patiently(classmate, clock, teacher.username, 12)
    # The lock is real for the classmate's browser, even with the right password ...
    assert log_in(classmate, teacher.username, password).status_code == 429
    assert AccessAttempt.objects.filter(username=teacher.username).exists()
    # ... but the teacher's own browser, known for this account, still gets in.
    assert signed_in(log_in(teachers_pc, teacher.username, password))


def test_a_trusted_browser_is_trusted_only_for_the_accounts_that_signed_in_on_it(
    clock, student, teacher, password
):
    shared_pc = school_client()
    assert signed_in(log_in(shared_pc, student.username, password))
    shared_pc.post(reverse("logout"))
    fail_patiently(school_client(), clock, teacher.username, 10)
    assert log_in(shared_pc, teacher.username, password).status_code == 429


def test_failures_slow_down_progressively_and_refuse_even_the_right_password_too_early(
    clock, student, password
):
    client = school_client()
    for _ in range(3):
        log_in(client, student.username, "wrong-password")  # the free ones
    response = log_in(client, student.username, password)
    assert response.status_code == 429
    assert "Try again in 1 second." in response.content.decode()
    assert "_auth_user_id" not in client.session

    clock.advance(1)
    log_in(client, student.username, "wrong-password")  # the 4th failure: now 2 s
    clock.advance(1)
    assert "Try again in 1 second." in log_in(client, student.username, password).content.decode()
    clock.advance(1)
    assert signed_in(log_in(client, student.username, password))


def test_a_successful_log_in_forgets_the_failures(clock, student, password):
    client = school_client()
    for _ in range(3):
        log_in(client, student.username, "wrong-password")
    clock.advance(1)
    assert signed_in(log_in(client, student.username, password))
    client.post(reverse("logout"))
    log_in(client, student.username, "wrong-password")
    assert signed_in(log_in(client, student.username, password))


def test_the_delay_is_per_address_so_other_students_are_not_slowed(clock, student, password):
    for _ in range(5):
        log_in(school_client("198.51.100.9"), student.username, "wrong-password")
    assert log_in(school_client("198.51.100.9"), student.username, password).status_code == 429
    assert signed_in(log_in(school_client(), student.username, password))


def test_spraying_usernames_from_one_address_slows_that_address_down(
    clock, settings, student, password
):
    settings.LOGIN_ADDRESS_FREE_FAILURES = 30
    sprayer = school_client("198.51.100.9")
    for n in range(30):
        response = log_in(sprayer, f"pupil{n}", "Summer2026!")
        assert response.status_code == 200, n  # one try per username: never an account delay
    response = log_in(sprayer, "pupil99", "Summer2026!")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    # Someone else at another address is not affected; the sprayer's address is, briefly.
    assert signed_in(log_in(school_client(), student.username, password))
    clock.advance(settings.LOGIN_ADDRESS_MAX_DELAY_SECONDS)
    assert signed_in(log_in(school_client("198.51.100.9"), student.username, password))


def test_a_forged_forwarded_for_prefix_does_not_escape_the_delay(clock, student, password):
    for n in range(4):
        forged = school_client(f"192.0.2.{n}, 198.51.100.9")
        log_in(forged, student.username, "wrong-password")
    assert log_in(school_client("198.51.100.9"), student.username, password).status_code == 429


def test_a_lockout_at_one_school_does_not_follow_the_student_to_another(
    clock, other_student, password
):
    fail_patiently(school_client(), clock, other_student.username, 10)
    assert log_in(school_client(), other_student.username, password).status_code == 429
    # Same proxy in front of the app, another address behind it: PROXY_COUNT tells them apart.
    assert signed_in(log_in(school_client("198.51.100.20"), other_student.username, password))
