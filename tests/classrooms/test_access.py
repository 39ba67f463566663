"""Who reaches /teach/: every URL of the "teach" namespace (the reports' ones too, found by
walking the URLconf), for anonymous, student, other teacher, co-teacher, teacher and admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

from .factories import AssignmentFactory, ClassroomFactory


def _patterns(resolver: URLResolver) -> list[URLPattern]:
    found: list[URLPattern] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry)
        elif entry.name:
            found.append(entry)
    return found


def teach_patterns() -> list[URLPattern]:
    """Every named URL under the "teach" namespace, however deeply it is included."""
    resolver = get_resolver()
    namespace = next(
        r for r in resolver.url_patterns if isinstance(r, URLResolver) and r.namespace == "teach"
    )
    return _patterns(namespace)


TEACH_URLS = sorted({p.name for p in teach_patterns() if p.name})


@pytest.fixture
def cast(db, teacher, other_teacher, admin, student) -> dict[str, User | None]:
    co_teacher = UserFactory(username="cora")
    from kosovo_edu.accounts.roles import make_teacher

    make_teacher(co_teacher)
    return {
        "anonymous": None,
        "student": student,
        "other teacher": other_teacher,
        "co-teacher": co_teacher,
        "teacher": teacher,
        "admin": admin,
    }


@pytest.fixture
def classroom(cast, student, teacher, other_student):
    classroom = ClassroomFactory(
        name="Year 11 History",
        teachers=[teacher, cast["co-teacher"]],
        students=[student, other_student],
    )
    return classroom


def url_for(name: str, classroom, other_student, teacher_pk: int) -> str:
    """The URL with every argument filled from the class; fails naming an unknown argument,
    so a new URL with a new kind of argument is added here, never skipped."""
    values = {
        "pk": classroom.pk,
        "student_pk": other_student.pk,
        "teacher_pk": teacher_pk,
        "assignment_pk": AssignmentFactory(classroom=classroom).pk,
    }
    pattern = next(p for p in teach_patterns() if p.name == name)
    arguments = list(pattern.pattern.converters)
    unknown = [a for a in arguments if a not in values]
    assert not unknown, f"teach:{name} takes {unknown}: give the access test a value for it"
    return reverse(f"teach:{name}", kwargs={a: values[a] for a in arguments})


def visit(client: Client, url: str):
    """GET, or POST when the view only accepts POST; rolled back, so one visit cannot change
    what the next one finds."""
    with transaction.atomic():
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        transaction.set_rollback(True)
    return response


def test_the_namespace_holds_the_class_pages_and_the_settings():
    assert {"index", "new", "settings", "assign", "class"} <= set(TEACH_URLS)


ALLOWED = {"co-teacher", "teacher", "admin"}


@pytest.mark.parametrize(
    "who", ["anonymous", "student", "other teacher", "co-teacher", "teacher", "admin"]
)
@pytest.mark.parametrize("name", TEACH_URLS)
def test_every_teach_url_lets_in_only_the_class_teachers_and_admins(
    cast, classroom, other_student, teacher, name, who
):
    client = Client()
    if cast[who] is not None:
        client.force_login(cast[who])
    url = url_for(name, classroom, other_student, cast["co-teacher"].pk)
    response = visit(client, url)
    class_url = "pk" in next(p for p in teach_patterns() if p.name == name).pattern.converters
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif who == "student":
        assert response.status_code == 403
    elif who == "other teacher" and class_url:
        assert response.status_code == 404
    else:
        # 400: let in, and told what the empty form lacks
        assert response.status_code in (200, 302, 400), (url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("login"))


def test_another_teacher_does_not_see_the_class_in_their_list(client, classroom, other_teacher):
    client.force_login(other_teacher)
    html = client.get(reverse("teach:index")).content.decode()
    assert "You have no class yet" in html
    assert "Year 11 History" not in html
    assert classroom.display_code not in html


def test_a_co_teacher_and_an_admin_see_the_class_in_their_list(client, classroom, cast):
    for who in ("co-teacher", "admin"):
        client.force_login(cast[who])
        html = client.get(reverse("teach:index")).content.decode()
        assert "Year 11 History" in html
        assert classroom.display_code in html


def test_a_student_sees_no_teach_link_and_a_teacher_does(client, student, teacher, admin):
    client.force_login(student)
    assert 'href="/teach/"' not in client.get(reverse("home")).content.decode()
    for user in (teacher, admin):
        client.force_login(user)
        assert 'href="/teach/">Teach</a>' in client.get(reverse("home")).content.decode()


def test_a_student_sees_nothing_of_the_other_students(client, classroom, student, other_student):
    AssignmentFactory(classroom=classroom, lesson__title="The air campaign")
    client.force_login(student)
    pages = [
        reverse("home"),
        reverse("progress:index"),
        reverse("join"),
        classroom.get_join_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert other_student.username not in html, url
    assert "Read: The air campaign" in client.get(reverse("home")).content.decode()
