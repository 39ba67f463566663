"""`manage.py check --deploy` passes under production environment variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-real-looking-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "kosovo-edu.example.org",
}


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="x.example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_migrations_match_the_models():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_a_guessable_secret_key():
    for weak in ("local-serve-only-myhost", "django-insecure-" + "k" * 60, "ab" * 40):
        result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="x.example.org", SECRET_KEY=weak)
        assert result.returncode != 0, weak
        assert "SECRET_KEY is too weak" in result.stderr


def test_make_serve_refuses_to_run_without_a_secret_key(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    environment["PORT"] = "8799"
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "make serve needs a real SECRET_KEY" in result.stderr
    assert "gunicorn" not in result.stdout  # the server line never ran
