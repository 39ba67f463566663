import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.accounts.roles import Role, role_of
from kosovo_edu.classrooms.management.commands.demo import HISTORY
from quizzes.mastery import Mastery
from quizzes.models import Response, ReviewCard
from quizzes.recompute import recompute_progress


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
    attempts = Attempt.objects.for_learner(student)
    assert attempts.count() == len(HISTORY)
    assert all(attempt.is_finished for attempt in attempts)
    assert any(attempt.score < 1 for attempt in attempts)
    days = {response.answered_at.date() for response in Response.objects.all()}
    assert len(days) >= 5  # answers on different days


def test_the_demo_student_has_facts_due_now_others_later_and_mistakes(client, course, settings):
    settings.DEBUG = True
    call_command("demo")
    student = User.objects.get(username="student")
    now = timezone.now()
    cards = ReviewCard.objects.for_learner(student)
    assert cards.due(now).exists()
    assert cards.filter(due__gt=now + timedelta(days=1)).exists()
    assert {Mastery.FAMILIAR, Mastery.MASTERED} <= set(cards.values_list("level", flat=True))
    client.force_login(student)
    html = client.get(reverse("review:index")).content.decode()
    assert re.search(r"\d+ facts? due now", html)
    assert re.search(r"\d+ questions? you answered wrong", html)


def test_recompute_finds_nothing_to_change_in_the_demo_data(course, settings):
    settings.DEBUG = True
    settings.FSRS_FUZZING = True  # as `make run` has it
    call_command("demo")
    out = StringIO()
    call_command("recompute_progress", "--dry-run", stdout=out)
    assert out.getvalue().startswith("recompute_progress: 1 learners; cards of 0 would change")
    assert recompute_progress(dry_run=True).clean
