"""Revisions: the admin's history says who changed what (a line diff for a lesson's body), and
reverting a lesson to an earlier version through the admin restores its body for learners
and re-runs its checks (the restored sentences' claims and questions come back)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lessons.models import Claim, Document, Fact, Lesson, Module, Reference, Verdict
from quizzes.models import Question, Quiz

EVERY_CONTENT_MODEL = [Document, Module, Lesson, Reference, Fact, Claim, Quiz, Question]


@pytest.mark.parametrize("model", EVERY_CONTENT_MODEL, ids=lambda m: m.__name__)
def test_every_content_model_keeps_its_history(model):
    assert hasattr(model, "history"), f"{model.__name__} has no history"


@pytest.fixture
def asked(course) -> Question:
    """An active question on a supported claim whose sentence is in its lesson's body as is."""
    for question in Question.objects.filter(
        active=True, claim__auto_verdict=Verdict.SUPPORTED
    ).select_related("claim", "lesson"):
        if question.lesson and question.claim.sentence in question.lesson.body:
            return question
    raise AssertionError("the seeds have no supported claim with a question")


def _save(admin_client, url: str, data: dict, capture) -> None:
    with capture(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_history_shows_who_changed_what_with_a_line_diff(
    admin_client, change_form, asked, django_capture_on_commit_callbacks
):
    lesson = asked.lesson
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    data = change_form(url)
    data["body"] = lesson.body + "\n\nA new <b>closing</b> line."
    data["title"] = "A renamed lesson"
    _save(admin_client, url, data, django_capture_on_commit_callbacks)

    page = admin_client.get(reverse("admin:lessons_lesson_history", args=[lesson.pk]))
    html = page.content.decode()
    assert ">admin</a>" in html  # changed by the admin's username, linked to the user
    assert f"{lesson.title}&nbsp;&rarr;&nbsp;&nbsp;A renamed lesson" in html  # old -> new
    assert "<ins>+ A new &lt;b&gt;closing&lt;/b&gt; line.</ins>" in html  # escaped diff line
    assert "<b>closing</b>" not in html


def test_reverting_a_lesson_restores_its_body_claims_and_questions(
    client, admin_client, change_form, asked, django_capture_on_commit_callbacks
):
    lesson, sentence = asked.lesson, asked.claim.sentence
    original = lesson.body
    anchor = f'id="{asked.claim.anchor}"'  # the sentence on the lesson page
    assert anchor in client.get(lesson.get_absolute_url()).content.decode()
    first_version = lesson.history.earliest("history_date")
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    data = change_form(url)
    data["body"] = original.replace(sentence, "")
    _save(admin_client, url, data, django_capture_on_commit_callbacks)
    assert not lesson.claims.filter(sentence=sentence).exists()
    assert anchor not in client.get(lesson.get_absolute_url()).content.decode()
    assert not Question.objects.filter(pk=asked.pk, active=True).exists()

    history = admin_client.get(reverse("admin:lessons_lesson_history", args=[lesson.pk]))
    removed = re.escape(escape(sentence))
    assert re.search(f"<del>- [^<]*{removed}", history.content.decode())  # the line it left
    revert = reverse("admin:lessons_lesson_simple_history", args=[lesson.pk, first_version.pk])
    assert "Revert" in admin_client.get(revert).content.decode()
    data = change_form(revert)
    _save(admin_client, revert, {**data, "_save": "Revert"}, django_capture_on_commit_callbacks)

    lesson.refresh_from_db()
    assert lesson.body == original
    assert anchor in client.get(lesson.get_absolute_url()).content.decode()
    restored = lesson.claims.filter(sentence=sentence)
    assert restored.exists()
    assert Question.objects.filter(active=True, claim__in=restored).exists()
    latest = lesson.history.latest("history_date")
    assert latest.history_user.username == "admin"
    assert latest.body == original
    history = admin_client.get(reverse("admin:lessons_lesson_history", args=[lesson.pk]))
    when = timezone.localtime(first_version.history_date)
    assert f"Reverted to the version of {when:%Y-%m-%d %H:%M}" in history.content.decode()


def test_a_module_reverts_through_its_history_page(
    admin_client, change_form, course, django_capture_on_commit_callbacks
):
    """A page with inlines (a module's lessons) reverts its own fields the stock way."""
    module = Module.objects.first()
    title = module.title
    before = module.history.latest("history_date")
    module.title = "A renamed module"
    module.save()
    revert = reverse("admin:lessons_module_simple_history", args=[module.pk, before.pk])
    data = change_form(revert)
    assert data["title"] == title
    _save(admin_client, revert, {**data, "_save": "Revert"}, django_capture_on_commit_callbacks)
    module.refresh_from_db()
    assert module.title == title


def test_the_history_page_costs_the_same_with_two_versions_or_twelve(
    admin_client, course, django_assert_num_queries
):
    """Its rows and their diffs are read with the page, not one query per version."""
    lesson = Lesson.objects.first()
    url = reverse("admin:lessons_lesson_history", args=[lesson.pk])
    lesson.title = "Version 2"
    lesson.save()
    admin_client.get(url)  # sessions, content types: warm
    with django_assert_num_queries(4):  # user, the lesson, its versions, content type
        admin_client.get(url)
    for n in range(10):
        lesson.body += f"\nLine {n}."
        lesson.save()
    with django_assert_num_queries(4):
        html = admin_client.get(url).content.decode()
    assert "<ins>+ Line 9.</ins>" in html
