"""A class logging in at once: N students post the log-in form together; how long until all are in?

Runs the app as `make serve` does (gunicorn, DEBUG off, sync workers) on a throw-away SQLite
database, creates the students through `manage.py shell` (nothing of it lives in the app), opens
the log-in page for each, then releases all the posts at the same moment and times them.

    .venv/bin/python bench/login_storm.py                  # 30 and 50 students, Argon2
    .venv/bin/python bench/login_storm.py --hasher pbkdf2  # old hashes (upgraded on log-in)
    .venv/bin/python bench/login_storm.py --students 30 --workers 3

Target (issue 13): a class of 30 is signed in within 10 s on the 2-core machine.
"""

import argparse
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "storm-over-pristina-1999"
HASHERS = {"argon2": "argon2", "pbkdf2": "pbkdf2_sha256"}
CREATE_USERS = """
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
encoded = make_password({password!r}, hasher={hasher!r})
User.objects.bulk_create(
    [User(username=f"{prefix}{{n:03}}", password=encoded) for n in range({count})]
)
"""


@dataclass(frozen=True)
class Result:
    seconds: float  # from the common start to this student's answer
    signed_in: bool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextmanager
def server(env: dict[str, str], port: int, workers: int):
    command = [GUNICORN, "kosovo_edu.wsgi", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not answer /healthz")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def request(
    port: int, method: str, path: str, body: str = "", cookies: dict[str, str] | None = None
) -> tuple[int, str, SimpleCookie]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    text = response.read().decode()
    connection.close()
    return response.status, text, jar


def student(port: int, username: str, start: threading.Barrier, results: list[Result]) -> None:
    _status, page, jar = request(port, "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the log-in page"
    cookies = {"csrftoken": jar["csrftoken"].value}
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
    )
    start.wait()  # the last student to have the form open releases everyone
    began = time.perf_counter()
    status, _page, jar = request(port, "POST", "/accounts/login/", form, cookies)
    results.append(Result(time.perf_counter() - began, status == 302 and "sessionid" in jar))


def storm(port: int, prefix: str, count: int) -> list[Result]:
    start = threading.Barrier(count)
    results: list[Result] = []
    threads = [
        threading.Thread(target=student, args=(port, f"{prefix}{n:03}", start, results))
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[30, 50])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--hasher", choices=sorted(HASHERS), default="argon2")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'storm.sqlite3'}",
            # One address sends the whole class here: the spraying guard must not count them.
            "LOGIN_ADDRESS_FREE_FAILURES": "1000",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        for count in options.students:
            code = CREATE_USERS.format(
                password=PASSWORD, hasher=HASHERS[options.hasher], prefix=f"s{count}-", count=count
            )
            manage(env, "shell", "-v0", "-c", code)
        port = free_port()
        with server(env, port, options.workers):
            for count in options.students:
                results = storm(port, f"s{count}-", count)
                times = sorted(r.seconds for r in results)
                failed = sum(not r.signed_in for r in results)
                print(
                    f"{count} students, {options.hasher}, {options.workers} workers: "
                    f"all signed in after {times[-1]:.1f} s "
                    f"(median {statistics.median(times):.1f} s), failed {failed}",
                    flush=True,
                )
                if failed:
                    sys.exit(1)


if __name__ == "__main__":
    main()
