"""A fault run: learners answer over HTTP on gunicorn (2 workers, DEBUG off, a SQLite file)
while a worker is killed every couple of seconds. Afterwards every acknowledged answer is
stored, none twice, and no attempt is left fully answered but open."""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LEARNERS = 10
RUN_SECONDS = 15.0
KILL_EVERY = (2.0, 3.0)  # seconds between two kills, drawn uniformly
ANSWER_URL = re.compile(r'action="(/quizzes/attempts/(\d+)/questions/(\d+)/)"')
CSRF = "a" * 16 + "B" * 16  # a 32-character secret: cookie and header agree
RIGHT = "choice=12+June+1999"

SETTINGS = """\
from kosovo_edu.settings import *  # noqa: F403

# No collectstatic in a fresh clone: serve static files unhashed.
STORAGES = {{  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}
"""

SEED = """\
import json, django
django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from tests.quizzes.answering import kfor_quiz
call_command("migrate", verbosity=0)
quiz = kfor_quiz()
cookies = []
for n in range({learners}):
    client = Client()
    client.force_login(User.objects.create(username=f"fault{{n}}"))
    cookies.append(client.cookies["sessionid"].value)
print(json.dumps({{"quiz": quiz.pk, "cookies": cookies}}))
"""

CHECK = """\
import json, django
django.setup()
from collections import Counter
from quizzes.models import Attempt, Response
pairs = Counter(Response.objects.values_list("attempt", "question"))
stuck = [
    a.pk for a in Attempt.objects.unfinished()
    if set(a.question_ids) <= {{q for (at, q) in pairs if at == a.pk}}
]
print(json.dumps({{
    "stored": [list(p) for p in pairs],
    "doubled": sum(v > 1 for v in pairs.values()),
    "stuck": stuck,
    "attempts": Attempt.objects.count(),
    "finished": Attempt.objects.finished().count(),
}}))
"""


@dataclass
class Tally:
    """What the learners saw: statuses, dropped connections, acknowledged answers."""

    statuses: Counter[int] = field(default_factory=Counter)
    dropped: int = 0
    acked: set[tuple[int, int]] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status: int | None) -> None:
        with self.lock:
            if status is None:
                self.dropped += 1
            else:
                self.statuses[status] += 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Learner:
    """One signed-in learner over plain HTTP, retrying whatever a killed worker dropped."""

    def __init__(self, port: int, session: str, quiz: int, tally: Tally) -> None:
        self.port, self.quiz, self.tally = port, quiz, tally
        self.headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{port}",
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        }

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str, str] | None:
        """(status, Location, body), or None when the connection was dropped."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=self.headers)
            reply = connection.getresponse()
            result = (reply.status, reply.getheader("Location", ""), reply.read().decode())
        except (OSError, http.client.HTTPException):
            self.tally.saw(None)
            return None
        finally:
            connection.close()
        self.tally.saw(result[0])
        return result

    def run(self, until: float) -> None:
        attempt_url = None
        while time.monotonic() < until:
            if attempt_url is None:
                started = self.request("POST", f"/quizzes/start/{self.quiz}/")
                if started and started[0] == 302:
                    attempt_url = started[1]
                continue
            page = self.request("GET", attempt_url)
            if page is None or page[0] >= 500:
                continue
            found = ANSWER_URL.search(page[2]) if page[0] == 200 else None
            if found is None:  # redirected to the results: a new attempt
                attempt_url = None
                continue
            posted = self.request("POST", found.group(1), RIGHT)
            if posted and posted[0] in (302, 409):
                with self.tally.lock:
                    self.tally.acked.add((int(found.group(2)), int(found.group(3))))


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _python(code: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("gunicorn did not start")


def fault_run(tmp_path: Path, database_url: str | None = None) -> dict[str, Any]:
    """Seed, serve, load, kill; what the learners saw and what the database holds."""
    (tmp_path / "fault_settings.py").write_text(SETTINGS.format())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
        "DJANGO_SETTINGS_MODULE": "fault_settings",
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'fault.sqlite3'}",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    seeded = _python(SEED.format(learners=LEARNERS), env)
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "kosovo_edu.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tally = Tally()
    kills = 0
    began = time.monotonic()
    try:
        _wait_until_up(port, began + 30)
        until = time.monotonic() + RUN_SECONDS
        learners = [
            threading.Thread(target=Learner(port, cookie, seeded["quiz"], tally).run, args=[until])
            for cookie in seeded["cookies"]
        ]
        for thread in learners:
            thread.start()
        rng = random.Random(13)
        while time.monotonic() < until - 1:
            time.sleep(rng.uniform(*KILL_EVERY))
            workers = _workers(server.pid)
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
                kills += 1
        for thread in learners:
            thread.join(timeout=60)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored = _python(CHECK.format(), env)
    pairs = {tuple(p) for p in stored["stored"]}
    return {
        "learners": LEARNERS,
        "seconds": round(time.monotonic() - began, 1),
        "kills": kills,
        "requests": sum(tally.statuses.values()) + tally.dropped,
        "dropped": tally.dropped,
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "5xx": sum(v for k, v in tally.statuses.items() if k >= 500),
        "acked": len(tally.acked),
        "lost": len(tally.acked - pairs),
        "doubled": stored["doubled"],
        "stuck": len(stored["stuck"]),
        "attempts": stored["attempts"],
        "finished": stored["finished"],
    }


def test_killing_workers_loses_doubles_and_sticks_nothing(tmp_path):
    outcome = fault_run(tmp_path)
    print(json.dumps(outcome))
    assert outcome["kills"] >= 4, outcome
    assert outcome["acked"] >= 50, outcome  # the run did real work
    assert outcome["5xx"] == 0, outcome
    assert outcome["lost"] == 0, outcome
    assert outcome["doubled"] == 0, outcome
    assert outcome["stuck"] == 0, outcome
    assert outcome["finished"] >= LEARNERS, outcome
