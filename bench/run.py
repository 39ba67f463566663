"""`make bench`: each page's requests per second as a share of a bare "hello" view's, on the
same gunicorn stack (production settings, DEBUG off), first on SQLite, then on PostgreSQL +
Redis. Each page run is paired with a hello run made just before it, three rounds; the table
gives the median ratio, its spread (min-max) and the median p99 latency, against the targets.

    .venv/bin/python bench/run.py                      # both stacks
    .venv/bin/python bench/run.py --stacks sqlite --rounds 1 --seconds 2
    .venv/bin/python bench/run.py --stacks sqlite --pages lesson question

Every database it uses is its own and thrown away: a SQLite file in a temporary directory, the
PostgreSQL database kosovo_edu_bench on 127.0.0.1:5432 (user postgres), Redis keys under a
prefix of their own (deleted at the end). Needs wrk on the PATH.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"
BENCH_DB = "kosovo_edu_bench"
REDIS = "redis://127.0.0.1:6379/0"
CSRF = "a" * 16 + "B" * 16  # the answer script's: cookie and header agree
CONNECTIONS = 16
P99_BUDGET_MS = 100.0


@dataclass(frozen=True)
class Page:
    name: str
    path_key: str  # its URL's key in prepare.py's PAGES.json
    cookie_key: str | None  # the session it is measured with; None: a visitor
    target: float | None  # the least ratio to hello; None: measured, no target
    learner: bool  # held to the p99 budget


PAGES = [
    Page("visitor lesson", "lesson", None, 0.50, True),
    Page("signed-in lesson", "lesson", "learner_cookie", 0.25, True),
    Page("quiz question", "question", "learner_cookie", 0.20, True),
    Page("answering (POST, stores)", "answer", None, 0.10, True),
    Page("/progress/", "progress", "learner_cookie", None, True),
    Page("class dashboard, 300 students", "class", "teacher_cookie", 0.05, False),
    Page("/facts/", "facts", None, None, False),
]


@dataclass(frozen=True)
class Run:
    rps: float
    p99_ms: float
    requests: int
    failed: int  # responses other than 2xx/3xx, and socket errors


@dataclass(frozen=True)
class Result:
    stack: str
    page: Page
    ratios: list[float]
    p99s: list[float]
    failed: int

    @property
    def passed(self) -> bool:
        ratio_ok = self.page.target is None or statistics.median(self.ratios) >= self.page.target
        p99_ok = not self.page.learner or statistics.median(self.p99s) < P99_BUDGET_MS
        return ratio_ok and p99_ok and self.failed == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _duration(text: str) -> float:
    """wrk's "812.00us", "12.5ms" or "1.02s" in milliseconds; infinity for what it prints when
    nothing came back in time."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        return math.inf
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: int, headers: dict[str, str], script: list[str] | None = None) -> Run:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for name, value in {"X-Forwarded-Proto": "https", **headers}.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(ROOT / "bench" / "answer.lua"), url, "--", *script]
    else:
        command.append(url)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    tail = re.search(r"99%\s+(\S+)", out)
    p99 = _duration(tail.group(1)) if tail else math.inf
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    failed = sum(
        int(found)
        for found in re.findall(r"Non-2xx or 3xx responses: (\d+)", out)
        + re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    return Run(rps, p99, requests, failed)


@contextmanager
def serving(env: dict[str, str], workers: int) -> Iterator[int]:
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "kosovo_edu.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env={**env, "GUNICORN_CMD_ARGS": "--log-level warning"},
    )
    try:
        for _ in range(100):
            with suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def drain(hello: str) -> None:
    """Wait until the workers have answered what a run left queued (a slow page's requests
    outlive wrk's connections), so the next run measures only itself."""
    urllib.request.urlopen(hello, timeout=120).read()


def measure(
    stack: str, port: int, pages: dict[str, str], answers: Path, args: argparse.Namespace
) -> list[Result]:
    base = f"http://127.0.0.1:{port}"
    hello = f"{base}/bench/hello"
    results = []
    next_answer = 0
    for page in (page for page in PAGES if page.path_key in args.pages):
        headers = {}
        if page.cookie_key:
            headers["Cookie"] = f"sessionid={pages[page.cookie_key]}"
        if page.path_key != "answer":  # warm every cache tier in both workers
            for _ in range(8):
                request = urllib.request.Request(
                    base + pages[page.path_key], headers={"X-Forwarded-Proto": "https", **headers}
                )
                urllib.request.urlopen(request, timeout=30).read()
        ratios, p99s, failed = [], [], 0
        for _ in range(args.rounds):
            drain(hello)
            bare = wrk(hello, args.seconds, {})
            drain(hello)
            if page.path_key == "answer":
                script = [str(answers), str(next_answer), str(port)]
                run = wrk(base + "/", args.seconds, {}, script)
                next_answer += run.requests + 2 * CONNECTIONS
                if next_answer > int(pages["answer_slots"]):
                    sys.exit("bench: ran out of prepared answers (raise ANSWER_SLOTS)")
            else:
                run = wrk(base + pages[page.path_key], args.seconds, headers)
            ratios.append(run.rps / bare.rps if bare.rps else math.nan)
            p99s.append(run.p99_ms)
            failed += run.failed
            print(
                f"  {stack:8} {page.name:32} hello {bare.rps:7.0f}/s  page {run.rps:7.0f}/s"
                f"  {run.rps / bare.rps:5.0%}  p99 {run.p99_ms:6.1f} ms"
                + (f"  {run.failed} failed" if run.failed else ""),
                flush=True,
            )
        results.append(Result(stack, page, ratios, p99s, failed))
    return results


def stored_answers(env: dict[str, str]) -> int:
    code = "from quizzes.models import Response; print(Response.objects.count())"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def run_stack(stack: str, env: dict[str, str], tmp: Path, args: argparse.Namespace) -> list[Result]:
    print(f"## {stack}: migrate, ingest, prepare", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    subprocess.run(
        [PYTHON, "manage.py", "ingest"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    pages_file, answers = tmp / f"{stack}-pages.json", tmp / f"{stack}-answers.tsv"
    prepare = [PYTHON, "-m", "bench.prepare", str(pages_file), str(answers)]
    subprocess.run(prepare, cwd=ROOT, env=env, check=True)
    pages = json.loads(pages_file.read_text())
    before = stored_answers(env)
    with serving(env, args.workers) as port:
        results = measure(stack, port, pages, answers, args)
    stored = stored_answers(env) - before
    print(f"  {stack}: answering stored {stored} answers", flush=True)
    if stored == 0 and "answer" in args.pages:
        sys.exit("bench: the answering run stored nothing")
    return results


def base_env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
        "BENCH_STATIC_ROOT": str(tmp / "static"),
        "REDIS_URL": "",
        "CACHE_DIR": str(tmp / "cache"),
    }


def postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES.format(name="postgres"), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def table(results: list[Result]) -> str:
    rows = [
        "| stack | page | target | ratio to hello, median (min-max) | p99 median | result |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        target = f">= {result.page.target:.0%}" if result.page.target is not None else "-"
        if result.page.learner:
            target += f", p99 < {P99_BUDGET_MS:.0f} ms"
        ratio = (
            f"{statistics.median(result.ratios):.1%} "
            f"({min(result.ratios):.1%}-{max(result.ratios):.1%})"
        )
        verdict = "pass" if result.passed else "FAIL"
        if result.failed:
            verdict += f" ({result.failed} failed requests)"
        rows.append(
            f"| {result.stack} | {result.page.name} | {target} | {ratio} "
            f"| {statistics.median(result.p99s):.1f} ms | {verdict} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=[page.path_key for page in PAGES],
        default=list(dict.fromkeys(page.path_key for page in PAGES)),
        help="measure only these pages (by their key; 'lesson' is both lesson pages)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk is missing (apt-get install -y wrk)")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="kosovo-edu-bench-") as name:
        tmp = Path(name)
        if "sqlite" in args.stacks:
            env = {**base_env(tmp), "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}"}
            results += run_stack("sqlite", env, tmp, args)
        if "postgres" in args.stacks:
            prefix = f"bench-{secrets.token_hex(4)}"
            env = {
                **base_env(tmp),
                "DATABASE_URL": POSTGRES.format(name=BENCH_DB),
                "REDIS_URL": REDIS,
                "BENCH_KEY_PREFIX": prefix,
            }
            postgres("create")
            try:
                results += run_stack("postgres+redis", env, tmp, args)
            finally:
                postgres("drop")
                drop_redis_keys(prefix)
    print()
    print(table(results))


if __name__ == "__main__":
    main()
