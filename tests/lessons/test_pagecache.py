"""Visitors' lesson pages come from a cache, yet each response has its own nonce and token."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from lessons.pagecache import content_changed, content_version
from lessons.text.sentences import sentence_anchor
from tests.factories import LessonFactory


@pytest.fixture
def lesson(db):
    return LessonFactory(body="KFOR entered Kosovo in June 1999.")


def nonces(response) -> tuple[str, str]:
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    page = re.search(r'<script[^>]* nonce="([^"]+)"', response.content.decode()).group(1)
    return header, page


def test_a_cached_page_still_gets_a_fresh_nonce_per_response(
    client, lesson, django_assert_num_queries
):
    first = client.get(lesson.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(lesson.get_absolute_url())
    header1, page1 = nonces(first)
    header2, page2 = nonces(second)
    assert header1 == page1
    assert header2 == page2
    assert header1 != header2
    assert "KFOR entered Kosovo in June 1999." in second.content.decode()


def test_the_csrf_token_in_a_cached_page_works(lesson):
    browser = Client(enforce_csrf_checks=True)
    browser.get(lesson.get_absolute_url())
    page = browser.get(lesson.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        reverse("lessons:marks"),
        {"csrfmiddlewaretoken": token, "marks": "off", "next": lesson.get_absolute_url()},
    )
    assert response.status_code == 302
    assert "Fact-check marks: off" in browser.get(lesson.get_absolute_url()).content.decode()


def test_an_admin_edit_reaches_visitors_at_once(
    client, admin_client, lesson, change_form, django_capture_on_commit_callbacks
):
    assert "June 1999" in client.get(lesson.get_absolute_url()).content.decode()
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    data = change_form(url)
    data.update(
        module=lesson.module_id, body="KFOR entered Kosovo on 12 June 1999.", published="on"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    edited = sentence_anchor("KFOR entered Kosovo on 12 June 1999.")  # the new sentence's id
    assert f'id="{edited}"' in client.get(lesson.get_absolute_url()).content.decode()


def test_the_page_cache_moves_on_only_when_a_change_commits(db):
    before = content_version()
    with transaction.atomic():
        content_changed()
        assert content_version() == before  # a visitor now still gets the committed page
        transaction.set_rollback(True)
    assert content_version() == before  # rolled back (a dry run): nothing to invalidate


def test_a_committed_change_moves_the_page_cache_on(db, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert content_version() != before


def test_a_dry_run_ingest_leaves_the_page_cache_alone(db, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("ingest", "--dry-run", stdout=StringIO())
    assert callbacks == []
    assert content_version() == before


def test_signed_in_learners_are_not_served_the_visitors_page(client, lesson, student):
    client.get(lesson.get_absolute_url())
    client.force_login(student)
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Mark as complete" in html
    assert "to keep track of the lessons you have read" not in html
