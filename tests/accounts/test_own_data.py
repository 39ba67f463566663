"""A learner downloads all their data and deletes their account, login history included."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.classrooms.models import Classroom, Membership
from quizzes.models import Attempt, Response, ReviewCard

from ..factories import FactFactory, LessonProgressFactory, QuestionFactory


def give_records(user: User, classroom: Classroom, question) -> None:
    """One of everything a learner leaves behind."""
    LessonProgressFactory(user=user, lesson=question.lesson, completed=True)
    attempt = Attempt.objects.create(user=user, quiz=question.quiz, question_ids=[question.pk])
    Response.objects.create(
        attempt=attempt,
        question=question,
        answer={"choice": f"{user.username}'s answer"},
        correct=False,
        points=0,
        expected="12 June 1999",
    )
    ReviewCard.objects.create(user=user, fact=FactFactory(), state=1, due=timezone.now())
    Membership.objects.create(classroom=classroom, student=user)
    now = timezone.now()
    common = {"username": user.username, "ip_address": "203.0.113.7", "user_agent": "Firefox"}
    AccessLog.objects.create(attempt_time=now, path_info="/accounts/login/", **common)
    AccessFailureLog.objects.create(attempt_time=now, path_info="/accounts/login/", **common)
    AccessAttempt.objects.create(
        attempt_time=now, failures_since_start=1, get_data="", post_data="", **common
    )


@pytest.fixture
def learners(student, other_student, teacher):
    classroom = Classroom.objects.create(name="9B")
    classroom.teachers.add(teacher)
    question = QuestionFactory()
    give_records(student, classroom, question)
    give_records(other_student, classroom, question)
    return student, other_student


def test_the_download_holds_everything_of_theirs_and_nothing_of_others(client, learners):
    student, other = learners
    client.force_login(student)
    response = client.get(reverse("my_data"))
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="kosovo-edu-{student.username}-'
    )
    data = json.loads(response.content)

    assert data["account"]["username"] == student.username
    assert "password" not in data["account"]
    records = data["records"]
    assert len(records["lessons.lessonprogress"]) == 1
    assert [a["user"] for a in records["quizzes.attempt"]] == [student.pk]
    assert records["quizzes.response"][0]["answer"] == {"choice": "sara's answer"}
    assert len(records["quizzes.reviewcard"]) == 1
    assert records["classrooms.membership"][0]["student"] == student.pk
    history = data["login_history"]
    # The row made here, and the log-in of force_login just now.
    assert history["axes.accesslog"][0]["ip_address"] == "203.0.113.7"
    assert len(history["axes.accesslog"]) == 2
    assert len(history["axes.accessfailurelog"]) == len(history["axes.accessattempt"]) == 1
    assert other.username not in response.content.decode()
    assert "omar's answer" not in response.content.decode()


def test_the_download_needs_a_log_in(client, db):
    response = client.get(reverse("my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def rows_referencing(user_pk: int, username: str) -> dict[str, int]:
    """Rows in every table that points at a user (from the model graph), their answers, and
    their login history."""
    counts = {
        rel.related_model._meta.label: rel.related_model._default_manager.filter(
            **{rel.field.name: user_pk}
        ).count()
        for rel in User._meta.related_objects
    }
    counts["quizzes.Response"] = Response.objects.filter(attempt__user=user_pk).count()
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        counts[model._meta.label] = model.objects.filter(username=username).count()
    counts["auth.User"] = User.objects.filter(pk=user_pk).count()
    return counts


def test_deleting_the_account_leaves_nothing_of_theirs(client, learners, password):
    student, other = learners
    theirs_before = rows_referencing(student.pk, student.username)
    others_before = rows_referencing(other.pk, other.username)
    assert theirs_before["quizzes.Response"] == theirs_before["axes.AccessLog"] == 1
    client.force_login(student)

    response = client.post(reverse("delete_account"), {"password": password}, follow=True)

    assert "Your account and everything stored about you are deleted." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert set(rows_referencing(student.pk, student.username).values()) == {0}
    assert rows_referencing(other.pk, other.username) == others_before
    assert Classroom.objects.filter(name="9B").exists()  # the class is the teacher's


def test_deleting_needs_the_password(client, learners):
    student, _ = learners
    client.force_login(student)
    page = client.get(reverse("delete_account")).content.decode()
    assert "It cannot be undone." in page
    response = client.post(reverse("delete_account"), {"password": "not-my-password"})
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=student.pk).exists()
    assert AccessLog.objects.filter(username=student.username).exists()


def test_the_account_page_links_to_data_and_deletion(client, student):
    client.force_login(student)
    page = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("my_data")}"' in page
    assert f'href="{reverse("delete_account")}"' in page
    assert "kept for 90 days" in page


def test_login_history_is_pruned_after_the_retention(db, settings):
    settings.LOGIN_HISTORY_DAYS = 90
    now = timezone.now()
    for days, name in ((91, "old"), (89, "recent")):
        for model, extra in (
            (AccessLog, {}),
            (AccessFailureLog, {}),
            (AccessAttempt, {"failures_since_start": 1}),
        ):
            row = model.objects.create(username=name, user_agent="x", **extra)
            # attempt_time is auto_now_add: age the row afterwards.
            model.objects.filter(pk=row.pk).update(attempt_time=now - timedelta(days=days))

    out = StringIO()
    call_command("prune_login_history", "--dry-run", stdout=out)
    assert "Would delete 3 login history rows older than 90 days." in out.getvalue()
    assert AccessLog.objects.count() == 2

    call_command("prune_login_history", stdout=out)
    assert "Deleted 3 login history rows older than 90 days." in out.getvalue()
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("username", flat=True)) == ["recent"]
