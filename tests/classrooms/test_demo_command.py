import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.accounts.roles import Role, role_of
from kosovo_edu.classrooms.demo_class import ROSTER
from kosovo_edu.classrooms.management.commands.demo import HISTORY
from kosovo_edu.classrooms.models import Classroom
from lessons.models import LessonProgress
from quizzes.mastery import Mastery
from quizzes.models import Attempt, Response, ReviewCard
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
        users[name].check_password("kosovo-demo-1999") for name in ("admin", "teacher", "student")
    )


def test_demo_accounts_can_log_in(client, db, settings):
    settings.DEBUG = True
    call_command("demo")
    for username in ("admin", "teacher", "student"):
        page = client.post(
            reverse("login"), {"username": username, "password": "kosovo-demo-1999"}, follow=True
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
    assert re.match(r"recompute_progress: 2\d learners; cards of 0 would change", out.getvalue())
    assert recompute_progress(dry_run=True).clean


# --- the demo class ---------------------------------------------------------------------------


@pytest.fixture
def demo_class(course, settings):
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    return Classroom.objects.get(name="Year 11 History")


def test_the_teacher_has_a_class_of_25_with_the_demo_student(demo_class):
    assert [t.username for t in demo_class.teachers.all()] == ["teacher"]
    assert demo_class.students.count() == 25
    assert demo_class.students.filter(username="student").exists()
    assert all(u.check_password("kosovo-demo-1999") for u in demo_class.students.all()[:3])


def test_the_class_progress_is_varied(demo_class):
    scores: dict[str, list[float]] = {}
    for attempt in Attempt.objects.filter(user__in=demo_class.students.all()).finished():
        scores.setdefault(attempt.user.username, []).append(attempt.score or 0.0)
    means = {name: sum(s) / len(s) for name, s in scores.items()}
    not_started = demo_class.students.exclude(username__in=list(scores))
    assert 2 <= not_started.count() <= 5
    assert sum(mean >= 0.85 for mean in means.values()) >= 3  # strong
    assert sum(mean <= 0.5 for mean in means.values()) >= 3  # weak
    assert len({len(s) for s in scores.values()}) >= 4  # few quizzes to many
    reads = LessonProgress.objects.filter(user__in=demo_class.students.all()).completed()
    assert len({p.user_id for p in reads}) == 25 - not_started.count()


def test_a_few_students_believe_the_same_false_statements(demo_class):
    believers = {name for name, profile in ROSTER if profile.believer}
    wrong = Response.objects.filter(
        correct=False,
        question__kind__in=["spot_error", "true_false"],
        attempt__user__username__in=believers,
    )
    right = Response.objects.filter(
        correct=True, question__kind="spot_error", attempt__user__username__in=believers
    )
    assert wrong.count() >= 3
    assert not right.exists()  # they never spot the article's error


def test_two_assignments_one_past_due_done_late_by_some(demo_class):
    now = timezone.now()
    past, future = demo_class.assignments.order_by("due_at")
    assert past.due_at < now < future.due_at
    students = list(demo_class.students.values_list("pk", flat=True))
    done = demo_class.assignments.all().completion(students)
    done_past = [at for (pk, _), at in done.items() if pk == past.pk]
    assert 15 <= len(done_past) < 25  # most, not all
    assert any(at > past.due_at for at in done_past)  # some late
    assert any((pk == future.pk) for pk, _ in done)  # the strong ones already did the test


def test_the_demo_class_is_made_once_and_fast(course, settings):
    settings.DEBUG = True
    started = time.perf_counter()
    call_command("demo", stdout=StringIO())
    elapsed = time.perf_counter() - started
    attempts = Attempt.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    assert Attempt.objects.count() == attempts
    assert Classroom.objects.count() == 1
    assert "class “Year 11 History” already there" in out.getvalue()
    assert elapsed < 15
