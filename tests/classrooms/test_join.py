"""A student joins a class with its code, typed or from the link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kosovo_edu.classrooms.models import Membership

from .factories import ClassroomFactory


@pytest.fixture
def classroom(teacher):
    return ClassroomFactory(name="Year 11 History", teachers=[teacher])


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{half1}-{half2}", " {half1} {half2} "])
def test_a_student_joins_with_the_code_however_typed(client, classroom, student, typed):
    code = classroom.join_code
    text = typed.format(code=code, lower=code.lower(), half1=code[:4], half2=code[4:])
    client.force_login(student)
    page = client.post(reverse("join"), {"code": text}, follow=True)
    assert page.redirect_chain[-1][0] == reverse("home")
    assert "You joined “Year 11 History”." in page.content.decode()
    assert list(classroom.students.all()) == [student]


def test_joining_twice_is_harmless(client, classroom, student):
    client.force_login(student)
    client.post(reverse("join"), {"code": classroom.join_code})
    page = client.post(reverse("join"), {"code": classroom.join_code}, follow=True)
    assert "You are already in “Year 11 History”." in page.content.decode()
    assert Membership.objects.filter(student=student).count() == 1


def test_a_student_may_be_in_several_classes(client, classroom, student):
    other = ClassroomFactory(name="Debate club")
    client.force_login(student)
    for c in (classroom, other):
        client.post(reverse("join"), {"code": c.join_code})
    assert set(student.classrooms_joined.all()) == {classroom, other}


@pytest.mark.parametrize("archived", [False, True], ids=["unknown", "archived"])
def test_an_unknown_or_archived_code_says_so(client, classroom, student, archived):
    classroom.set_archived(archived)
    code = classroom.join_code if archived else "ZZZZ-ZZZZ"
    client.force_login(student)
    page = client.post(reverse("join"), {"code": code})
    assert page.status_code == 400
    assert "No open class has this code." in page.content.decode()
    assert not Membership.objects.exists()


def test_the_link_names_the_class_and_joins_only_when_confirmed(client, classroom, student):
    client.force_login(student)
    page = client.get(classroom.get_join_url())
    html = page.content.decode()
    assert "Join “Year 11 History”" in html
    assert "Taught by tina." in html
    assert not Membership.objects.exists()  # a GET never joins
    assert f'name="code" value="{classroom.join_code}"' in html
    client.post(reverse("join"), {"code": classroom.join_code})
    assert "You are already in this class." in client.get(classroom.get_join_url()).content.decode()


def test_a_dead_link_says_so_and_offers_the_form(client, classroom, student):
    url = classroom.get_join_url()
    classroom.regenerate_code()
    client.force_login(student)
    page = client.get(url)
    assert page.status_code == 404
    html = page.content.decode()
    assert "This link's code does not belong to an open class" in html
    assert 'name="code"' in html


def test_an_anonymous_visitor_is_asked_to_sign_in_first(client, classroom):
    response = client.get(classroom.get_join_url())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={classroom.get_join_url()}"
