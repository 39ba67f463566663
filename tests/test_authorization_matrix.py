"""The authorization matrix: every URL pattern of the site, found by walking the URLconf (the
admin's included), requested as each of six roles, against a table of what each role gets.

A pattern without a row fails, naming itself and what the roles got, so a new URL is never
forgotten; a row or a skip for a pattern that no longer exists fails too. POST-only views also
get a POST row: a POST without a CSRF token is refused (403), and with one each role that may
not post gets the refusal its row says, and nothing in the database changes.

Size when written: 216 patterns x 6 roles = 1296 GET requests, plus 20 POST rows x 6 roles x 2
(without and with a CSRF token) = 240 POSTs; ``MATRIX_SIZE`` says the current figure.

Tokens in a row, one per role in ``ROLES`` order:
``200`` (any bare status), ``login`` (302 to the login page, back here after), ``admin-login``
(302 to the admin's login page, back here after), ``302:<route name>`` (a redirect to that
route), ``302`` (a redirect elsewhere, not to a login page); in POST rows also ``ok``
(allowed: any answer but a refusal; what the view then does is its own tests' business).
"""

from __future__ import annotations

import copy
import fnmatch
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Model
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from .authz_world import ROLES, World, build_world

# --------------------------------------------------------------------------- the URLconf


@dataclass(frozen=True)
class Route:
    """One URL pattern: ``key`` is its name with namespaces ("quizzes:results"), or, for an
    unnamed pattern, its full route ("admin/lessons/lesson/<path:object_id>/")."""

    key: str
    name: str | None
    route: str
    arguments: tuple[str, ...]  # keyword arguments; positional ones are "#1", "#2", …
    model: type[Model] | None  # the model of an admin page under admin/<app>/<model>/

    def __str__(self) -> str:
        return self.key


def _arguments(chain: tuple[Any, ...]) -> tuple[str, ...]:
    named: list[str] = []
    positional = 0
    for pattern in chain:
        regex = pattern.regex
        named += list(regex.groupindex)
        positional += regex.groups - len(regex.groupindex)
    return (*named, *(f"#{n}" for n in range(1, positional + 1)))


def _admin_model(route: str) -> type[Model] | None:
    for model in django_admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def _walk(resolver: URLResolver, chain: tuple[Any, ...] = (), ns: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from _walk(entry, (*chain, entry.pattern), inner)
            continue
        assert isinstance(entry, URLPattern)
        full = (*chain, entry.pattern)
        route = "".join(str(p) for p in full)
        name = f"{ns}{entry.name}" if entry.name else None
        yield Route(name or route, name, route, _arguments(full), _admin_model(route))


def site_routes() -> list[Route]:
    """Every pattern of the URLconf, however deeply included."""
    return list(_walk(get_resolver()))


ROUTES = site_routes()
MATRIX_SIZE = (
    f"{len(ROUTES)} patterns x {len(ROLES)} roles = {len(ROUTES) * len(ROLES)} GET requests"
)

# --------------------------------------------------------------------------- URL arguments

Value = Callable[[World, Route], object]


def _history_id(world: World, route: Route) -> object:
    return world.object_of(_model(route)).history.latest().history_id  # type: ignore[attr-defined]


def _model(route: Route) -> type[Model]:
    assert route.model is not None, f"{route}: not an admin page of a model"
    return route.model


def _object_id(world: World, route: Route) -> object:
    return world.object_of(_model(route)).pk


ARGUMENTS: dict[str, dict[str, Value]] = {
    # Most specific first: the first glob matching the route's key that has the argument wins.
    "quizzes:results": {"pk": lambda w, r: w.finished_attempt.pk},
    "quizzes:*": {
        "pk": lambda w, r: w.open_attempt.pk,
        "quiz_id": lambda w, r: w.quiz.pk,
        "question_id": lambda w, r: w.questions[0].pk,
    },
    "review:results": {"pk": lambda w, r: w.finished_review.pk},
    "review:*": {
        "pk": lambda w, r: w.open_review.pk,
        "question_id": lambda w, r: w.questions[0].pk,
    },
    "teach:*": {
        "pk": lambda w, r: w.classroom.pk,
        "student_pk": lambda w, r: w.user("student").pk,
        "teacher_pk": lambda w, r: w.user("teacher").pk,
        "assignment_pk": lambda w, r: w.assignment.pk,
    },
    "join_code": {"code": lambda w, r: w.classroom.join_code},
    "admin:*_simple_history": {"#1": _object_id, "#2": _history_id},
    "admin:auth_user_password_change": {"id": lambda w, r: w.user("student").pk},
    "admin:view_on_site": {
        "content_type_id": lambda w, r: ContentType.objects.get_for_model(w.lesson).pk,
        "object_id": lambda w, r: w.lesson.pk,
    },
    "admin:app_list": {"app_label": lambda w, r: "lessons"},
    "admin:otp_totp_totpdevice_*": {"pk": _object_id},
    "admin*": {"object_id": _object_id, "url": lambda w, r: "no-such-page/"},
    "*": {"module_slug": lambda w, r: w.module.slug, "lesson_slug": lambda w, r: w.lesson.slug},
}


QUERIES: dict[str, Callable[[World], str]] = {
    # route: the query string its page needs
    "quizzes:report_problem": lambda w: f"question={w.questions[0].pk}",  # one sara answered
}


def argument(route: Route, name: str) -> Value:
    for scope, values in ARGUMENTS.items():
        if fnmatch.fnmatchcase(route.key, scope) and name in values:
            return values[name]
    pytest.fail(f"{route} takes {name!r}: give it a value in ARGUMENTS ({__name__})")


def _fill(route: str, values: dict[str, str]) -> str:
    """An unnamed pattern's URL: its arguments put in place of their converters or groups."""
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m[1]], route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], url)
    return "/" + url.replace("^", "").replace("$", "")


def url_of(route: Route, world: World) -> str:
    values = {name: str(argument(route, name)(world, route)) for name in route.arguments}
    positional = [values[name] for name in route.arguments if name.startswith("#")]
    if route.name is None:
        url = _fill(route.route, values)
    elif positional:
        url = reverse(route.name, args=positional)
    else:
        url = reverse(route.name, kwargs=values)
    if route.key in QUERIES:
        url = f"{url}?{QUERIES[route.key](world)}"
    same = resolve(urlsplit(url).path).route.replace("^", "") == route.route.replace("^", "")
    assert same, f"{url} does not lead to {route}"
    return url


# --------------------------------------------------------------------------- expectations

L, A = "login", "admin-login"  # shorthands for the rows below

EXPECTED: dict[str, str] = {
    # route: anonymous, student, other student, teacher, other teacher, admin
    "home": "200 200 200 200 200 200",
    "healthz": "200 200 200 200 200 200",
    "account": f"{L} 200 200 200 200 200",
    "signup": "200 302:home 302:home 302:home 302:home 302:home",
    "login": "200 200 200 200 200 200",
    "logout": "405 405 405 405 405 405",
    "password_change": f"{L} 200 200 200 200 200",
    "password_change_done": f"{L} 200 200 200 200 200",
    "my_data": f"{L} 200 200 200 200 200",
    "delete_account": f"{L} 200 200 200 200 200",
    "lessons:catalogue": "200 200 200 200 200 200",
    "lessons:marks": "405 405 405 405 405 405",
    "lessons:module": "200 200 200 200 200 200",
    "lessons:lesson": "200 200 200 200 200 200",
    "lessons:complete": f"{L} 405 405 405 405 405",
    "facts:report": "200 200 200 200 200 200",
    "facts:glossary": "200 200 200 200 200 200",
    "facts:library": "200 200 200 200 200 200",
    "facts:timeline": "200 200 200 200 200 200",
    "quizzes:index": "200 200 200 200 200 200",
    "quizzes:start": f"{L} 405 405 405 405 405",
    "quizzes:attempt": f"{L} 200 404 404 404 404",  # only the learner who took it
    "quizzes:answer": f"{L} 405 405 405 405 405",
    "quizzes:feedback": f"{L} 200 404 404 404 404",
    "quizzes:results": f"{L} 200 404 404 404 404",
    "quizzes:module_test": "200 200 200 200 200 200",
    "quizzes:lesson_quiz": "200 200 200 200 200 200",
    "review:index": f"{L} 200 200 200 200 200",
    "review:start": f"{L} 405 405 405 405 405",
    "review:session": f"{L} 200 404 404 404 404",
    "review:answer": f"{L} 200 404 404 404 404",
    "review:results": f"{L} 200 404 404 404 404",
    "progress:index": f"{L} 200 200 200 200 200",
    "teach:index": f"{L} 403 403 200 200 200",
    "teach:new": f"{L} 403 403 200 200 200",
    "teach:settings": f"{L} 403 403 200 404 200",  # a class page: its teachers and admins
    "teach:code": f"{L} 403 403 200 404 200",
    "teach:rename": "405 405 405 405 405 405",
    "teach:regenerate_code": "405 405 405 405 405 405",
    "teach:archive": "405 405 405 405 405 405",
    "teach:remove_student": "405 405 405 405 405 405",
    "teach:add_teacher": "405 405 405 405 405 405",
    "teach:remove_teacher": "405 405 405 405 405 405",
    "teach:assign": f"{L} 403 403 200 404 200",
    "teach:unassign": "405 405 405 405 405 405",
    "teach:class": f"{L} 403 403 200 404 200",
    "teach:student": f"{L} 403 403 200 404 200",
    "teach:export_results": f"{L} 403 403 200 404 200",
    "teach:export_items": f"{L} 403 403 200 404 200",
    "join": f"{L} 200 200 200 200 200",
    "join_code": f"{L} 200 200 200 200 200",
    "login_code": "302:login 302:home 302:home 302:home 302:home 302:home",  # no code to ask
    "two_factor": f"{L} 404 404 404 404 200",  # staff only
    "quizzes:report_problem": f"{L} 200 404 404 404 404",  # a question its learner answered
    # The admin's own pages (its models' pages follow ADMIN_MODELS).
    "admin:index": f"{A} {A} {A} {A} {A} 200",
    "admin:login": "302:login 302:login 302:login 302:login 302:login 302:login",  # ours
    "admin:logout": "302:admin:index 302:admin:index 302:admin:index 302:admin:index "
    "302:admin:index 405",
    "admin:password_change": f"{A} {A} {A} {A} {A} 200",
    "admin:password_change_done": f"{A} {A} {A} {A} {A} 200",
    "admin:autocomplete": f"{A} {A} {A} {A} {A} 403",  # 403: asked without a field
    "admin:jsi18n": f"{A} {A} {A} {A} {A} 200",
    "admin:view_on_site": f"{A} {A} {A} {A} {A} 302:lessons:lesson",
    "admin:app_list": f"{A} {A} {A} {A} {A} 200",
    "admin/(?P<url>.*)$": f"{A} {A} {A} {A} {A} 404",  # the admin's catch-all
    "admin:auth_user_password_change": f"{A} {A} {A} {A} {A} 200",
    "admin:lessons_lesson_coverage": f"{A} {A} {A} {A} {A} 200",
    "admin:lessons_lesson_unchecked": f"{A} {A} {A} {A} {A} 200",
    "admin:otp_totp_totpdevice_config": f"{A} {A} {A} {A} {A} 200",  # a device's secret
    "admin:otp_totp_totpdevice_qrcode": f"{A} {A} {A} {A} {A} 200",
}

POSTED: dict[str, str] = {
    # route: what a POST with a CSRF token gets, same columns; "ok" = allowed
    "logout": "ok ok ok ok ok ok",
    "delete_account": f"{L} ok ok ok ok ok",
    "password_change": f"{L} ok ok ok ok ok",
    "lessons:marks": "ok ok ok ok ok ok",
    "lessons:complete": f"{L} ok ok ok ok ok",
    "quizzes:start": f"{L} ok ok ok ok ok",
    "quizzes:answer": f"{L} ok 404 404 404 404",
    "review:start": f"{L} ok ok ok ok ok",
    "review:answer": f"{L} ok 404 404 404 404",
    "two_factor": f"{L} 404 404 404 404 ok",
    "quizzes:report_problem": f"{L} ok 400 400 400 400",  # a form naming an item they cannot report
    "teach:new": f"{L} 403 403 ok ok ok",
    "teach:assign": f"{L} 403 403 ok 404 ok",
    "teach:rename": f"{L} 403 403 ok 404 ok",
    "teach:regenerate_code": f"{L} 403 403 ok 404 ok",
    "teach:archive": f"{L} 403 403 ok 404 ok",
    "teach:remove_student": f"{L} 403 403 ok 404 ok",
    "teach:add_teacher": f"{L} 403 403 ok 404 ok",
    "teach:remove_teacher": f"{L} 403 403 ok 404 ok",
    "teach:unassign": f"{L} 403 403 ok 404 ok",
    "admin:logout": "302:admin:index 302:admin:index 302:admin:index 302:admin:index "
    "302:admin:index ok",
}

POST_BODIES: dict[str, Callable[[World], dict[str, str]]] = {
    # route: the fields a real form posts, so that the refusal is the right's, not the form's
    "quizzes:report_problem": lambda w: {"question": str(w.questions[0].pk), "reason": "unclear"},
}

SKIPPED: dict[str, str] = {
    # route: why it cannot be requested (none yet: every pattern of the site can be)
}

ADMIN_MODELS: dict[str, str] = {
    # model: what the admin gets on its changelist, add, change, history and delete pages
    "auth.group": "200 200 200 200 200",
    "auth.user": "200 200 200 200 200",
    "axes.accessattempt": "200 403 200 200 200",  # written by sign-ins, never by hand
    "axes.accesslog": "200 403 200 200 200",
    "axes.accessfailurelog": "200 403 200 200 200",
    "django_tasks_database.dbtaskresult": "200 403 200 200 403",
    "lessons.document": "200 200 200 200 200",
    "lessons.articleimport": "200 403 200 200 200",  # made by uploading a document
    "lessons.module": "200 200 200 200 200",
    "lessons.lesson": "200 200 200 200 200",
    "lessons.lessonprogress": "200 403 200 200 200",  # learners' records: no adding by hand
    "lessons.reference": "200 200 200 200 200",
    "lessons.fact": "200 200 200 200 200",
    "lessons.claim": "200 200 200 200 200",
    "quizzes.question": "200 200 200 200 200",
    "quizzes.quiz": "200 200 200 200 200",
    "quizzes.problemreport": "200 403 200 200 200",  # made by learners, resolved here
    "quizzes.attempt": "200 403 200 200 200",
    "quizzes.reviewcard": "200 403 200 200 200",
    "classrooms.classroom": "200 200 200 200 200",
    "classrooms.membership": "200 403 200 200 200",
    "classrooms.assignment": "200 200 200 200 200",
    "otp_totp.totpdevice": "200 200 200 200 200",
}
"""Everyone but the admin goes to the admin's login page from each of them; a model's
version pages (simple-history) open for the admin, and its bare ``<id>/`` redirects (302) to
its change page."""

ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
NOT_STAFF = " ".join([A] * (len(ROLES) - 1))


def admin_rule(route: Route) -> str | None:
    """The row of a registered ModelAdmin's own page, from its model's ADMIN_MODELS row."""
    if route.model is None:
        return None
    opts = route.model._meta
    statuses = ADMIN_MODELS.get(opts.label_lower)
    assert statuses is not None, (
        f"{route}: the admin shows {opts.label_lower}: give it a row in ADMIN_MODELS ({__name__})"
    )
    pages = dict(zip(ADMIN_PAGES, statuses.split(), strict=True))
    pages["simple_history"] = "200"
    if route.name is None and route.route.endswith("<path:object_id>/"):
        return f"{NOT_STAFF} 302:admin:{opts.app_label}_{opts.model_name}_change"
    for page, status in pages.items():
        if route.name == f"admin:{opts.app_label}_{opts.model_name}_{page}":
            return f"{NOT_STAFF} {status}"
    return None


def expected(route: Route) -> list[str] | None:
    row = EXPECTED.get(route.key) or admin_rule(route)
    if row is None:
        return None
    tokens = row.split()
    assert len(tokens) == len(ROLES), f"{route}: the row {row!r} needs one token per role"
    return tokens


# --------------------------------------------------------------------------- requests

CSRF_SECRET = "authzmatrixcsrfsecret0123456789A"  # 32 characters: a valid unmasked token
REFUSALS = {"403", "404", "405", "login", "admin-login"}
VOLATILE: set[type[Model]] = {Session}  # every request of a signed-in client touches it


def fingerprint() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (sessions aside), to show that a refused POST changed nothing."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in VOLATILE
    }


def outcome(response: HttpResponseBase, url: str) -> str:
    """The response as a token of the table."""
    status = response.status_code
    if status not in (301, 302):
        return str(status)
    target = urlsplit(response["Location"])
    back_here = parse_qs(target.query).get("next") == [url]
    if status == 302 and back_here and target.path == reverse("login"):
        return "login"
    if status == 302 and back_here and target.path == reverse("admin:login"):
        return "admin-login"
    try:
        return f"{status}:{resolve(target.path).view_name}"
    except Resolver404:
        return f"{status}:{target.path}"


def matches(token: str, got: str) -> bool:
    if token == "ok":
        return got not in REFUSALS and not got.startswith("5")
    return got == token or (token in ("301", "302") and got.startswith(f"{token}:"))


def visit(
    client: Client, url: str, *, post: dict[str, str] | None = None, unchanged: dict | None = None
) -> HttpResponseBase:
    """One request, rolled back (and the client's cookies restored), so that no request changes
    what the next one finds; ``unchanged``: the database must still be so after it."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.get(url) if post is None else client.post(url, post)
        if unchanged is not None:
            after = fingerprint()
            changed = sorted(table for table, rows in after.items() if rows != unchanged.get(table))
            assert not changed, f"a refused POST to {url} changed {changed}"
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


# --------------------------------------------------------------------------- the world


@dataclass
class Cast:
    world: World
    clients: dict[str, Client]


@pytest.fixture(scope="module")
def cast(django_db_setup: None, django_db_blocker: Any) -> Iterator[Cast]:
    """Built once for the module, in a transaction rolled back at its end: each test runs in
    its own savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        world = build_world()
        clients = {}
        for role, user in world.users.items():
            client = Client(enforce_csrf_checks=True)
            if user is not None:
                client.force_login(user)
            client.cookies["csrftoken"] = CSRF_SECRET
            clients[role] = client
        yield Cast(world, clients)
        transaction.set_rollback(True)


def observed(cast: Cast, url: str) -> list[str]:
    return [outcome(visit(cast.clients[role], url), url) for role in ROLES]


# --------------------------------------------------------------------------- the matrix


def test_the_walk_finds_every_part_of_the_site() -> None:
    keys = {route.key for route in ROUTES}
    assert {"home", "healthz", "login", "lessons:lesson", "quizzes:results"} <= keys
    assert {"teach:class", "teach:export_results", "review:answer", "join_code"} <= keys
    assert {
        "admin:index",
        "admin:lessons_lesson_changelist",
        "admin:lessons_lesson_coverage",
    } <= keys
    print(MATRIX_SIZE)


def test_every_row_and_skip_names_a_route_of_the_site() -> None:
    keys = {route.key for route in ROUTES}
    for table in (EXPECTED, POSTED, SKIPPED):
        stale = sorted(set(table) - keys)
        assert not stale, f"no such route any more, remove its row: {stale}"
    assert not set(SKIPPED) & set(EXPECTED), "a route is either skipped or expected"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_each_role_gets_what_the_table_says(cast: Cast, route: Route) -> None:
    if route.key in SKIPPED:
        pytest.skip(SKIPPED[route.key])
    url = url_of(route, cast.world)
    got = observed(cast, url)
    row = expected(route)
    assert row is not None, (
        f"{route} ({url}) has no expectation: add a row to EXPECTED in {__name__} "
        f"(roles: {', '.join(ROLES)}); they got now: {' '.join(got)!r}"
    )
    wrong = [
        f"{role}: expected {token}, got {actual}"
        for role, token, actual in zip(ROLES, row, got, strict=True)
        if not matches(token, actual)
    ]
    assert not wrong, f"{route} ({url}):\n" + "\n".join(wrong)
    if "405" in row:
        assert route.key in POSTED, f"{route} answers only POST: add its row to POSTED"


def _row(table: dict[str, str], key: str) -> dict[str, str]:
    return dict(zip(ROLES, table[key].split(), strict=True))


def test_no_outsider_is_let_in_by_the_table() -> None:
    """A learner's attempts and review sessions are theirs alone (anyone else: 404), a class's
    pages its teachers' and the admins' (a student: 403, another teacher: 404)."""
    outsiders = {
        "quizzes": ("other student", "teacher", "other teacher", "admin"),
        "review": ("other student", "teacher", "other teacher", "admin"),
        "teach": ("anonymous", "student", "other student", "other teacher"),
    }
    checked = 0
    for route in ROUTES:
        namespace = route.key.partition(":")[0]
        if namespace not in outsiders or "pk" not in route.arguments:
            continue
        for table in (EXPECTED, POSTED):
            if route.key in table:
                row = _row(table, route.key)
                let_in = [who for who in outsiders[namespace] if row[who] not in REFUSALS]
                assert not let_in, f"{route}: {let_in} would get in"
                checked += 1
    assert checked >= 20


def test_a_refused_post_gets_the_refusal_of_a_get() -> None:
    for key in POSTED:
        got = _row(EXPECTED, key)
        for role, token in _row(POSTED, key).items():
            if token in REFUSALS and got[role] != "405":
                assert token == got[role], f"{key}: {role} GET {got[role]}, POST {token}"


POST_ROUTES = [route for route in ROUTES if route.key in POSTED]


@pytest.mark.django_db
@pytest.mark.parametrize("route", POST_ROUTES, ids=str)
def test_a_post_without_the_right_is_refused_and_changes_nothing(cast: Cast, route: Route) -> None:
    url = url_of(route, cast.world)
    before = fingerprint()
    wrong = []
    body = POST_BODIES.get(route.key, lambda world: {})(cast.world)
    for role, token in _row(POSTED, route.key).items():
        client = cast.clients[role]
        forged = visit(client, url, post={}, unchanged=before)
        if forged.status_code != 403:
            wrong.append(f"{role}: without a CSRF token got {forged.status_code}, not 403")
        refused = token != "ok"
        response = visit(
            client,
            url,
            post={"csrfmiddlewaretoken": CSRF_SECRET, **body},
            unchanged=before if refused else None,
        )
        if not matches(token, got := outcome(response, url)):
            wrong.append(f"{role}: expected {token}, got {got}")
    assert not wrong, f"POST {route} ({url}):\n" + "\n".join(wrong)
