import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from kosovo_edu.accounts.roles import Role, role_of


def test_demo_creates_the_three_accounts_once(db, settings):
    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    users = {u.username: u for u in User.objects.all()}
    assert set(users) >= {"admin", "teacher", "student"}
    assert User.objects.filter(username__in=["admin", "teacher", "student"]).count() == 3
    assert role_of(users["admin"]) is Role.ADMIN
    assert role_of(users["teacher"]) is Role.TEACHER
    assert role_of(users["student"]) is Role.STUDENT
    assert all(
        users[name].check_password("kosovo-demo") for name in ("admin", "teacher", "student")
    )


def test_demo_accounts_can_log_in(client, db, settings):
    settings.DEBUG = True
    call_command("demo")
    for username in ("admin", "teacher", "student"):
        page = client.post(
            reverse("login"), {"username": username, "password": "kosovo-demo"}, follow=True
        )
        assert f"Signed in as <strong>{username}</strong>" in page.content.decode()
        client.post(reverse("logout"))


def test_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo")
    assert not User.objects.filter(username="admin").exists()


def test_demo_gives_the_student_some_progress_once(course, settings):
    from lessons.models import LessonProgress
    from quizzes.models import Attempt

    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    student = User.objects.get(username="student")
    assert LessonProgress.objects.filter(user=student).completed().count() == 2
    attempt = Attempt.objects.get(user=student)
    assert attempt.is_finished
    assert 0 < attempt.score < 1
