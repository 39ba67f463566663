"""The shared cast (personas), the ingested course, admin forms, browser fixtures and axe."""

import json
import os
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from kosovo_edu.accounts.roles import make_teacher

from .factories import PASSWORD, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(autouse=True, scope="session")
def _own_cache_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's cache files are its own, never those of a server running from this checkout
    (nor of another run), which its clearing would wipe."""
    default = django_settings.CACHES["default"]
    if default["BACKEND"] != "kosovo_edu.file_cache.ManyFileCache":
        yield
        return
    own = {**default, "LOCATION": str(tmp_path_factory.mktemp("cache"))}
    with override_settings(CACHES={"default": own}):
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings) -> None:
    cache.clear()  # rendered bodies and visitors' pages must not leak between tests
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- personas -------------------------------------------------------------------------------


@pytest.fixture
def student(db) -> User:
    return UserFactory(username="sara")


@pytest.fixture
def other_student(db) -> User:
    return UserFactory(username="omar")


@pytest.fixture
def teacher(db) -> User:
    user = UserFactory(username="tina")
    make_teacher(user)
    return user


@pytest.fixture
def other_teacher(db) -> User:
    user = UserFactory(username="theo")
    make_teacher(user)
    return user


@pytest.fixture
def admin(db) -> User:
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def password() -> str:
    return PASSWORD


# --- content --------------------------------------------------------------------------------


@pytest.fixture
def course(db) -> None:
    """The four seed articles and their fact base, ingested as `manage.py ingest` does it:
    modules, lessons, references, facts, claims with verdicts, quizzes and questions."""
    call_command("ingest", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def change_form(admin_client) -> Callable[..., dict[str, Any]]:
    """``change_form(url, *json_fields)``: what the admin change form at ``url`` posts back
    unchanged (the JSON fields as JSON text), for a test to change one thing and post."""

    def data(url: str, *json_fields: str) -> dict[str, Any]:
        form = admin_client.get(url).context["adminform"].form
        initial = {name: form.initial.get(name, "") for name in form.fields}
        initial = {name: value for name, value in initial.items() if value is not None}
        return initial | {name: json.dumps(form.initial[name]) for name in json_fields}

    return data


# --- browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, never a downloaded browser; fail loudly when it is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def page(page, live_server) -> Iterator:
    """A page that records console errors (CSP violations show up there) and fails on them."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(10_000)
    yield page
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def login(page, live_server) -> Callable[[User], None]:
    """Sign a user in through the real form."""

    def _login(user: User) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/**")

    return _login


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the current page; fail listing every violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if results.violations_count:
        pytest.fail(f"axe found violations on {page.url}:\n{results.generate_report()}")


@pytest.fixture
def axe() -> Callable:
    return assert_accessible


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/seeds.json from the current pipeline (review the diff)",
    )
