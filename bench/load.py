"""`make load`: N students log in and answer quizzes for D seconds on gunicorn + PostgreSQL +
Redis (production settings, DEBUG off), optionally with a worker killed every K seconds; then
what the students saw is checked against what the database holds.

    .venv/bin/python bench/load.py --students 50 --seconds 60 --kill-every 3

Reports users, requests, duration, 5xx, answers acknowledged, lost (acknowledged but not
stored), doubled (stored twice), attempts stuck (fully answered but open) and log-in times.
The students and answers are those of tests/quizzes/test_fault.py (its shorter version on
SQLite); the PostgreSQL database kosovo_edu_load and the Redis keys are thrown away after.
"""

from __future__ import annotations

import argparse
import http.client
import importlib
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    GUNICORN,
    POSTGRES,
    PYTHON,
    REDIS,
    drop_redis_keys,
    free_port,
    manage,
)

# The fault test's learners and checks (tests are untyped: imported by name).
_fault = importlib.import_module("tests.quizzes.test_fault")
CHECK, CSRF, Learner, Tally = _fault.CHECK, _fault.CSRF, _fault.Learner, _fault.Tally

LOAD_DB = "kosovo_edu_load"
PASSWORD = "load-over-prizren-1999"
SEED = """\
import json, django
django.setup()
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from tests.quizzes.answering import kfor_quiz
quiz = kfor_quiz()
encoded = make_password({password!r})
User.objects.bulk_create(User(username=f"load{{n:03}}", password=encoded) for n in range({count}))
print(json.dumps({{"quiz": quiz.pk}}))
"""


@dataclass(frozen=True)
class Login:
    seconds: float
    session: str | None


def log_in(port: int, username: str) -> Login:
    """The log-in form posted as a browser does (the CSRF cookie and field agree)."""
    began = time.monotonic()
    form = urlencode({"csrfmiddlewaretoken": CSRF, "username": username, "password": PASSWORD})
    headers = {
        "X-Forwarded-Proto": "https",
        "Origin": f"https://127.0.0.1:{port}",
        "Cookie": f"csrftoken={CSRF}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/accounts/login/", body=form, headers=headers)
        reply = connection.getresponse()
        reply.read()
        jar: SimpleCookie = SimpleCookie()
        for header in reply.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    except (OSError, http.client.HTTPException):
        return Login(time.monotonic() - began, None)
    finally:
        connection.close()
    session = jar["sessionid"].value if reply.status == 302 and "sessionid" in jar else None
    return Login(time.monotonic() - began, session)


def _python(code: str, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    loaded: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def student(port: int, name: str, quiz: int, tally: Any, until: float, logins: list[Login]) -> None:
    """Log in (again, as a student would, when a killed worker drops the form), then answer."""
    began = time.monotonic()
    login = log_in(port, name)
    while login.session is None and time.monotonic() < until:
        login = log_in(port, name)
    logins.append(Login(time.monotonic() - began, login.session))
    if login.session is not None:
        Learner(port, login.session, quiz, tally).run(until)


def load(env: dict[str, str], args: argparse.Namespace) -> dict[str, object]:
    manage(env, "migrate", "--noinput", "-v0")
    seeded = _python(SEED.format(password=PASSWORD, count=args.students), env)
    port = free_port()
    server = subprocess.Popen(
        [
            *(GUNICORN, "kosovo_edu.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(args.workers), "--timeout", "30", "--log-level", "critical"),
        ],
        cwd=ROOT,
        env=env,
    )
    tally, kills = Tally(), 0
    logins: list[Login] = []
    began = time.monotonic()
    try:
        _fault._wait_until_up(port, began + 60)
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=student, args=(port, f"load{n:03}", seeded["quiz"], tally, until, logins)
            )
            for n in range(args.students)
        ]
        for thread in threads:
            thread.start()
        rng = random.Random(13)
        while args.kill_every and time.monotonic() < until - 1:
            time.sleep(args.kill_every)
            workers = _workers(server.pid)
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
                kills += 1
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored = _python(CHECK.format(), env)
    pairs = {tuple(p) for p in stored["stored"]}  # type: ignore[attr-defined]
    seconds = [login.seconds for login in logins]
    return {
        "users": args.students,
        "signed in": sum(login.session is not None for login in logins),
        "login s (median / max)": f"{statistics.median(seconds):.2f} / {max(seconds):.2f}",
        "duration s": round(time.monotonic() - began, 1),
        "workers killed": kills,
        "requests": sum(tally.statuses.values()) + tally.dropped,
        "dropped connections": tally.dropped,
        "5xx": sum(v for k, v in tally.statuses.items() if k >= 500),
        "answers acknowledged": len(tally.acked),
        "lost": len(tally.acked - pairs),
        "doubled": stored["doubled"],
        "attempts stuck": len(stored["stuck"]),  # type: ignore[arg-type]
        "attempts finished": stored["finished"],
    }


def postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES.format(name="postgres"), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {LOAD_DB} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {LOAD_DB}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--kill-every", type=float, default=0, help="seconds; 0: no kills")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    prefix = f"load-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": POSTGRES.format(name=LOAD_DB),
        "REDIS_URL": REDIS,
        "BENCH_KEY_PREFIX": prefix,
        "BENCH_STATIC_ROOT": str(ROOT / "staticfiles"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
    }
    postgres("create")
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        outcome = load(env, args)
    finally:
        postgres("drop")
        drop_redis_keys(prefix)
    print("| measure | value |\n|---|---|")
    for name, value in outcome.items():
        print(f"| {name} | {value} |")
    failed = outcome["5xx"] or outcome["lost"] or outcome["doubled"] or outcome["attempts stuck"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
