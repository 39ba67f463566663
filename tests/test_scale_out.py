"""Two gunicorn instances behind one host name, sharing PostgreSQL and Redis, serve one site.

One learner's session moves between the instances at every step (log in on A, lesson on B,
start on A, answer on B, next question on A, results on B) without a glitch; failed log-ins
on A count on B (django-axes keeps them in the database); and an admin's edit of a lesson made
through A shows at once on B to a visitor whose page both instances had cached.

The instances share the test database (the test's rows are committed: `transactional_db`), so
this runs in the PostgreSQL pass of the suite; SQLite's test database lives in the test
process's memory, so there it is skipped.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import lxml.html
import pytest
import redis
from axes.models import AccessAttempt
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection

from lessons.models import Lesson
from quizzes.models import Attempt, Quiz
from tests.factories import PASSWORD
from tests.own_redis import own_redis_database
from tests.quizzes.answering import kfor_quiz

REPO = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/13"  # this test's own database: flushed before and after
HOST = "kosovo-edu.test"  # the name the proxy serves both instances under
CSRF = "s" * 16 + "K" * 16  # a 32-character secret: cookie and header agree
ANSWER_URL = re.compile(r'action="(/quizzes/attempts/\d+/questions/(\d+)/)"')
RIGHT = {"choice": "12 June 1999"}
FAILURE_LIMIT = 4
ADDED = "The admin added this sentence through instance A."

SETTINGS = """\
from kosovo_edu.settings import *  # noqa: F403

# No collectstatic in a fresh clone: serve static files unhashed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two instances need a database server they both reach: this runs in the "
    "PostgreSQL pass (DATABASE_URL=postgres://…); SQLite's test database is in memory",
)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'])}{password}@{host}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"gunicorn on port {port} did not start")


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    with own_redis_database(REDIS_URL, "the instances share their cache there") as client:
        yield client


@pytest.fixture
def instances(tmp_path, transactional_db, shared_redis) -> Iterator[dict[str, int]]:
    """Ports of instances "A" and "B": gunicorn, DEBUG off, one worker each, so that a page
    an instance cached in its memory is the one it serves next (two workers would make
    the invalidation check a matter of which worker answers)."""
    (tmp_path / "scale_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
        "DJANGO_SETTINGS_MODULE": "scale_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same key on every instance
        "ALLOWED_HOSTS": HOST,
        "AXES_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "LOGIN_FREE_FAILURES": "50",  # no progressive delays: this is about axes' lockout
        "LOG_LEVEL": "ERROR",
    }
    ports = {name: _free_port() for name in "AB"}
    servers = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "kosovo_edu.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports.values()
    ]
    try:
        for port in ports.values():
            _wait_until_up(port, time.monotonic() + 60)
        yield ports
    finally:
        for server in servers:  # before the test database is flushed: they hold connections
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for server in servers:
            server.wait(timeout=30)


@dataclass
class Reply:
    status: int
    location: str
    body: str


@dataclass
class Browser:
    """One browser behind the proxy: its cookies go to whichever instance serves a request."""

    ports: dict[str, int]
    cookies: dict[str, str] = field(default_factory=lambda: {"csrftoken": CSRF})

    def get(self, instance: str, path: str) -> Reply:
        return self.request(instance, "GET", path)

    def post(self, instance: str, path: str, data: dict[str, str] | list[tuple[str, str]]) -> Reply:
        return self.request(instance, "POST", path, urlencode(data))

    def request(self, instance: str, method: str, path: str, body: str = "") -> Reply:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            headers |= {
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),  # rotated at log-in
                "Content-Type": "application/x-www-form-urlencoded",
            }
        conn = http.client.HTTPConnection("127.0.0.1", self.ports[instance], timeout=60)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            reply = Reply(
                response.status, response.getheader("Location", ""), response.read().decode()
            )
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:  # deleted
                        self.cookies.pop(name, None)
        finally:
            conn.close()
        assert reply.status < 500, f"{instance} {method} {path}: {reply.status}\n{reply.body}"
        return reply

    def log_in(self, instance: str, username: str, password: str, next_url: str = "/") -> Reply:
        data = {"username": username, "password": password, "next": next_url}
        return self.post(instance, "/accounts/login/", data)


def _user(username: str, **fields: object) -> User:
    """A user whose password the instances check with the production hasher (Argon2)."""
    hasher = Argon2PasswordHasher()
    return User.objects.create(
        username=username, password=hasher.encode(PASSWORD, hasher.salt()), **fields
    )


def _lesson_path(quiz: Quiz) -> str:
    lesson = quiz.lesson
    assert lesson is not None
    return f"/lessons/{lesson.module.slug}/{lesson.slug}/"


def test_one_session_moves_between_instances_without_a_glitch(instances):
    quiz = kfor_quiz()
    _user("sara")
    sara = Browser(instances)

    signed_in = sara.log_in("A", "sara", PASSWORD)
    assert (signed_in.status, signed_in.location) == (302, "/")
    lesson = sara.get("B", _lesson_path(quiz))
    assert lesson.status == 200
    assert "Signed in as <strong>sara</strong>" in lesson.body
    assert "KFOR entered Kosovo in June 1999." in lesson.body

    started = sara.post("A", f"/quizzes/start/{quiz.pk}/", {})
    assert started.status == 302
    attempt_path = started.location
    seen: list[int] = []
    for shows, answers in (("B", "B"), ("A", "B"), ("A", "A")):
        page = sara.get(shows, attempt_path)
        assert page.status == 200, (shows, page.status, page.location)
        found = ANSWER_URL.search(page.body)
        assert found, page.body
        seen.append(int(found.group(2)))
        answered = sara.post(answers, found.group(1), RIGHT)
        assert answered.status == 302, (answers, answered.status, answered.body)
    assert len(set(seen)) == 3  # each instance showed the next question, none twice

    done = sara.get("A", attempt_path)
    assert done.status == 302
    assert done.location.endswith("/results/")
    results = sara.get("B", done.location)
    assert results.status == 200
    assert "You scored <strong>100%</strong> (3 questions)." in results.body
    attempt = Attempt.objects.get()
    assert attempt.is_finished
    assert attempt.score == 1.0
    assert attempt.responses.count() == 3


def test_failed_log_ins_on_one_instance_count_on_the_other(instances):
    _user("tina")
    guesser = Browser(instances)
    for n in range(FAILURE_LIMIT - 1):
        instance = "AB"[n % 2]
        reply = guesser.log_in(instance, "tina", f"wrong-guess-{n}")
        assert reply.status == 200, instance
        assert "Please enter a correct username and password" in reply.body, instance
    # The last failure allowed, on B after A, B, A: B counts A's failures and locks.
    locked = guesser.log_in("B", "tina", "wrong-guess-last")
    assert locked.status == 429
    assert "Too many log-in attempts" in locked.body
    assert AccessAttempt.objects.get(username="tina").failures_since_start == FAILURE_LIMIT

    for instance in "AB":  # now even the right password, on either instance
        locked = guesser.log_in(instance, "tina", PASSWORD)
        assert locked.status == 429, instance
        assert "Too many log-in attempts" in locked.body
        assert "sessionid" not in guesser.cookies


def test_an_admin_edit_through_one_instance_shows_at_once_on_the_other(instances, shared_redis):
    quiz = kfor_quiz()
    _user("ada", is_staff=True, is_superuser=True)
    path = _lesson_path(quiz)
    visitor, admin = Browser(instances), Browser(instances)
    for instance in "BAB":  # rendered, then served from the cache, on both
        before = visitor.get(instance, path)
        assert before.status == 200
        assert ADDED not in before.body
    assert shared_redis.keys("*page:*"), "the visitor's lesson page was not cached"

    lesson = Lesson.objects.get(quiz=quiz)
    change = f"/admin/lessons/lesson/{lesson.pk}/change/"
    assert admin.log_in("A", "ada", PASSWORD, next_url=change).location == change
    form_page = admin.get("A", change)
    assert form_page.status == 200, form_page.location
    form = lxml.html.fromstring(form_page.body).get_element_by_id("lesson_form")
    data = [(k, v) for k, v in form.form_values() if k != "body"]
    data += [("body", f"{lesson.body}\n\n{ADDED}"), ("_save", "Save")]
    saved = admin.post("A", change, data)
    assert saved.status == 302, saved.body
    assert ADDED in Lesson.objects.get(pk=lesson.pk).body

    for instance in "BA":
        after = visitor.get(instance, path)
        assert after.status == 200
        assert ADDED in after.body, f"instance {instance} served the old page"


def test_a_password_changed_through_one_instance_signs_out_the_other_session_there(instances):
    """Each instance keeps the signed-in user's row in memory until a change to it is
    announced: a new password set on A ends the session of another browser on B at once."""
    quiz = kfor_quiz()
    _user("nora")
    laptop, phone = Browser(instances), Browser(instances)
    path = _lesson_path(quiz)
    assert laptop.log_in("A", "nora", PASSWORD).status == 302
    for _ in range(2):  # B loads nora's row, then serves her from memory
        assert "Signed in as <strong>nora</strong>" in laptop.get("B", path).body
    assert phone.log_in("A", "nora", PASSWORD).status == 302
    new = "a-new-passphrase-for-nora"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    changed = phone.post("A", "/accounts/password/", data)
    assert changed.status == 302, changed.body
    assert "Signed in as <strong>nora</strong>" in phone.get("B", path).body  # kept signed in
    signed_out = laptop.get("B", path)
    assert signed_out.status == 200
    assert "Signed in as" not in signed_out.body
    assert laptop.get("B", "/progress/").status == 302  # a private page asks to log in
