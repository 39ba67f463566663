"""Every cache tier of the lesson pages: the shared cache and each process's memory in front of
it. An edit reaches every tier at once (another process sees the new version on its next
request), a flushed cache never brings an older version back, and a learner's own parts of a
page (progress, quiz score, name) are never served to anyone else."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory

from kosovo_edu.accounts.roles import TEACHERS_GROUP, make_teacher
from lessons.models import LessonProgress
from lessons.pagecache import VERSION_KEY, content_changed, content_version, versioned
from quizzes.models import Attempt
from quizzes.services import answer_question, start_attempt
from tests.factories import LessonFactory, LessonProgressFactory, QuestionFactory, QuizFactory

OLD, NEW = "KFOR entered Kosovo in June 1999.", "KFOR entered Kosovo on 12 June 1999."


@pytest.fixture
def lesson(db):
    return LessonFactory(body=OLD)


def _page(client: Client, lesson) -> str:
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _edit_quietly(lesson, body: str) -> None:
    """A change this process has not been told about (as if another process made it)."""
    type(lesson).objects.filter(pk=lesson.pk).update(body=body)


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_edit_reaches_the_page_at_once(
    client, lesson, student, signed_in, django_capture_on_commit_callbacks
):
    if signed_in:
        client.force_login(student)
    assert OLD in _page(client, lesson)
    _edit_quietly(lesson, NEW)
    assert OLD in _page(client, lesson)  # served from a cache tier: nothing was said
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    html = _page(client, lesson)
    assert NEW in html
    assert OLD not in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_another_process_edit_reaches_this_process_memory(client, lesson, student, signed_in):
    """Another process moves the version in the shared cache; this process's memory holds
    the page of the old version and must not serve it."""
    if signed_in:
        client.force_login(student)
    assert OLD in _page(client, lesson)
    _edit_quietly(lesson, NEW)
    cache.incr(VERSION_KEY)  # what content_changed() does, from elsewhere
    assert NEW in _page(client, lesson)


def test_a_flushed_shared_cache_never_brings_an_old_version_back(client, lesson):
    before = content_version()
    assert OLD in _page(client, lesson)
    _edit_quietly(lesson, NEW)
    cache.clear()  # a Redis restart or flush: the version key is gone too
    assert content_version() != before
    assert NEW in _page(client, lesson)


def test_a_part_of_an_old_version_is_never_made_again_nor_served(db):
    made: list[str] = []

    def make(value: str):
        def maker() -> str:
            made.append(value)
            return value

        return maker

    assert versioned(1, "part", make("one")) == "one"
    assert versioned(1, "part", make("again")) == "one"
    assert versioned(2, "part", make("two")) == "two"
    cache.clear()
    # the shared copy is gone: only this process's memory of version 2 remains
    assert versioned(2, "part", make("remade")) == "two"
    assert made == ["one", "two"]


def test_a_part_expires_in_this_process_when_its_shared_copy_does(db, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("lessons.pagecache.time.time", lambda: now[0])
    assert versioned(7, "short", lambda: "first", ttl=lambda: 5) == "first"
    now[0] += 4
    assert versioned(7, "short", lambda: "second", ttl=lambda: 5) == "first"
    now[0] += 2
    cache.delete("short:v7")  # the shared cache let it expire too
    assert versioned(7, "short", lambda: "second", ttl=lambda: 5) == "second"


def test_a_learners_own_parts_never_reach_another_learner(lesson, student, other_student):
    quiz = QuizFactory(lesson=lesson, module=lesson.module)
    QuestionFactory(quiz=quiz)
    attempt = start_attempt(user=student, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(score=0.8, finished_at=attempt.started_at)
    LessonProgressFactory(user=student, lesson=lesson, completed=True)
    mine, theirs = Client(), Client()
    mine.force_login(student)
    theirs.force_login(other_student)
    first = _page(mine, lesson)
    assert "Your best score: 80%" in first
    assert "You completed this lesson." in first
    assert f"Signed in as <strong>{student.username}</strong>" in first
    second = _page(theirs, lesson)
    assert "Your best score" not in second
    assert "You completed this lesson." not in second
    assert "Mark as complete" in second
    assert f"Signed in as <strong>{other_student.username}</strong>" in second
    assert student.username not in second
    visitor = _page(Client(), lesson)
    assert "Log in</a> to keep track" in visitor
    assert student.username not in visitor
    assert "Your best score" not in visitor


def test_a_learners_own_parts_follow_their_records_with_no_content_change(client, lesson, student):
    """The nav, the progress box and the quiz link are kept per version of the learner's
    records: each change of them is on the very next view."""
    quiz = QuizFactory(lesson=lesson, module=lesson.module)
    QuestionFactory(quiz=quiz)
    client.force_login(student)
    before = _page(client, lesson)
    assert "Mark as complete" in before
    assert "0 of 1 lessons complete" in before
    assert "Your best score" not in before
    assert ">Teach</a>" not in before

    LessonProgress.objects.get(user=student, lesson=lesson).complete()
    after = _page(client, lesson)
    assert "You completed this lesson." in after
    assert "Mark as complete" not in after
    assert "1 of 1 lessons complete" in after
    start_attempt(user=student, quiz=quiz).finish(0.5)
    assert "Your best score: 50%" in _page(client, lesson)

    make_teacher(student)
    assert ">Teach</a>" in _page(client, lesson)
    Group.objects.get(name=TEACHERS_GROUP).user_set.clear()
    assert ">Teach</a>" not in _page(client, lesson)
    Group.objects.get(name=TEACHERS_GROUP).user_set.add(student)
    assert ">Teach</a>" in _page(client, lesson)
    student.username = "renamed-learner"
    student.save()
    assert "Signed in as <strong>renamed-learner</strong>" in _page(client, lesson)


def test_a_view_without_a_change_costs_no_query_for_the_learners_parts(
    client, lesson, student, django_assert_num_queries
):
    client.force_login(student)
    _page(client, lesson)  # the first opening is recorded: a change of the learner's records
    _page(client, lesson)
    with django_assert_num_queries(1):  # the user (the session is in the cache)
        _page(client, lesson)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_message_is_shown_to_its_reader_alone_on_a_cached_page(
    client, lesson, student, other_student, signed_in
):
    """A note for one person (say, "Assigned: …") on a lesson page already cached: it is theirs,
    shown once, and never baked into the page everyone else is served."""
    other = Client()
    if signed_in:
        client.force_login(student)
        other.force_login(other_student)
    note = "A note for one reader alone."
    assert note not in _page(other, lesson)  # the page is cached now
    client.cookies["messages"] = _message_cookie(note)
    assert note in _page(client, lesson)
    assert note not in _page(client, lesson)  # shown once
    assert note not in _page(other, lesson)
    assert note not in _page(Client(), lesson)


def _message_cookie(text: str) -> str:
    """The cookie django.contrib.messages keeps a message in between two requests."""
    storage = CookieStorage(RequestFactory().get("/"))
    return str(storage._encode([Message(constants.INFO, text)]))


def test_a_cached_question_page_is_each_attempts_own(
    lesson, student, other_student, django_capture_on_commit_callbacks
):
    """One question, two attempts at different points: each reader gets their own place in
    the quiz, their own attempt's answer address and their own name; an edit of the question
    reaches both at once."""
    quiz = QuizFactory(lesson=lesson, module=lesson.module)
    first, second = QuestionFactory(quiz=quiz), QuestionFactory(quiz=quiz)
    mine = start_attempt(user=student, quiz=quiz)
    theirs = start_attempt(user=other_student, quiz=quiz)
    Attempt.objects.filter(pk=mine.pk).update(question_ids=[first.pk, second.pk])
    Attempt.objects.filter(pk=theirs.pk).update(question_ids=[second.pk, first.pk])
    mine.refresh_from_db()
    answer_question(attempt=mine, question_id=first.pk, submitted={"choice": ["12 June 1999"]})
    me, them = Client(), Client()
    me.force_login(student)
    them.force_login(other_student)

    for _ in range(2):  # rendered, then from the cache
        my_page = _page_at(me, mine.get_absolute_url())
        their_page = _page_at(them, theirs.get_absolute_url())
        assert second.prompt in my_page
        assert second.prompt in their_page
        assert "Question 2 of 2" in my_page
        assert "Question 1 of 2" in their_page
        assert f'action="/quizzes/attempts/{mine.pk}/questions/{second.pk}/"' in my_page
        assert f'action="/quizzes/attempts/{theirs.pk}/questions/{second.pk}/"' in (their_page)
        assert f"/attempts/{mine.pk}/" not in their_page
        assert student.username in my_page
        assert student.username not in their_page

    type(second).objects.filter(pk=second.pk).update(prompt="When did the air campaign end?")
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert "When did the air campaign end?" in _page_at(them, theirs.get_absolute_url())


def _page_at(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_slot_is_filled_the_forms_of_a_learners_parts_included(
    client, lesson, student, signed_in
):
    """The reader's parts (a log-out form in the navigation, the progress box's form) go into
    the page in the same pass as the nonce and token: theirs are filled too."""
    if signed_in:
        client.force_login(student)
    for _ in range(2):  # rendered, then from the cache
        html = _page(client, lesson)
        assert "<!--slot:" not in html
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
        if signed_in:
            assert tokens  # log-out, mark as complete
        assert all(re.fullmatch(r"[A-Za-z0-9]{64}", token) for token in tokens), tokens
        assert re.search(r'<script [^>]*nonce="[\w-]{16,}"', html)
