"""Every page: a nonce CSP, no inline script, style or handler, and (in Chromium) axe-clean."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from kosovo_edu.classrooms.models import Classroom
from lessons.models import Claim, Module
from quizzes.models import Attempt, Quiz

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"),  # an inline script
    re.compile(r"<style\b"),
    re.compile(r"\sstyle="),
    re.compile(r"\son[a-z]+="),
]


def pages(student_attempt: Attempt | None = None) -> list[str]:
    module = Module.objects.get(document__source_name__startswith="003_")
    lesson = Claim.objects.refuted().first().lesson
    quiz = Quiz.objects.get(lesson=lesson)
    urls = [
        reverse("home"),
        reverse("lessons:catalogue"),
        module.get_absolute_url(),
        lesson.get_absolute_url(),
        reverse("facts:report"),
        reverse("facts:report") + "?verdict=SUPPORTED",
        reverse("facts:glossary"),
        reverse("facts:library"),
        reverse("facts:timeline"),
        reverse("quizzes:index"),
        quiz.get_absolute_url(),
        reverse("quizzes:module_test", args=[module.slug]),
    ]
    if student_attempt is None:
        urls += [reverse("login"), reverse("signup")]
    else:
        urls += [
            reverse("password_change"),
            reverse("password_change_done"),
            student_attempt.get_absolute_url(),
            reverse("progress:index"),
            reverse("review:index"),
        ]
    return urls


@pytest.fixture
def demo(course, settings):
    """The course and the demo class (the demo command runs only with DEBUG on)."""
    settings.DEBUG = True
    call_command("demo", verbosity=0)


def open_attempt(client, user) -> Attempt:
    quiz = Quiz.objects.get(lesson=Claim.objects.refuted().first().lesson)
    client.force_login(user)
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    return Attempt.objects.filter(user=user).latest("pk")


def assert_strict_csp(response, url: str) -> None:
    assert response.status_code == 200, url
    policy = response["Content-Security-Policy"]
    assert "'nonce-" in policy, url
    assert "unsafe-inline" not in policy, url
    html = response.content.decode()
    for pattern in INLINE:
        assert not pattern.search(html), f"{url}: {pattern.pattern}"


def teacher_pages(classroom: Classroom) -> list[str]:
    student = classroom.students.get(username="student")
    return [
        reverse("teach:index"),
        reverse("teach:new"),
        classroom.get_absolute_url(),
        reverse("teach:student", args=[classroom.pk, student.pk]),
        reverse("teach:settings", args=[classroom.pk]),
        reverse("teach:assign", args=[classroom.pk]),
        reverse("teach:code", args=[classroom.pk]),
    ]


def test_every_page_has_a_nonce_csp_and_nothing_inline(client, demo, student):
    for url in pages():
        assert_strict_csp(client.get(url), url)
    attempt = open_attempt(client, student)
    classroom = Classroom.objects.get(name="Year 11 History")
    for url in [*pages(attempt), reverse("join"), classroom.get_join_url()]:
        assert_strict_csp(client.get(url), url)
    client.force_login(User.objects.get(username="teacher"))
    for url in teacher_pages(classroom):
        assert_strict_csp(client.get(url), url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_is_axe_clean_for_a_visitor_and_a_student(
    page, live_server, login, demo, student, axe
):
    for url in pages():
        page.goto(f"{live_server.url}{url}")
        axe(page)
    login(student)
    from django.test import Client

    attempt = open_attempt(Client(), student)
    for url in pages(attempt):
        page.goto(f"{live_server.url}{url}")
        axe(page)
