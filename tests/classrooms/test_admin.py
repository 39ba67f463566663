"""The classes in the admin: lists, change forms, history and the two actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kosovo_edu.classrooms.models import Classroom

from .factories import AssignmentFactory, ClassroomFactory


@pytest.fixture
def classroom(teacher, student, other_student):
    classroom = ClassroomFactory(
        name="Year 11 History", teachers=[teacher], students=[student, other_student]
    )
    AssignmentFactory(classroom=classroom, lesson__title="The air campaign")
    return classroom


@pytest.mark.parametrize("model", ["classroom", "membership", "assignment"])
def test_every_list_and_change_form_opens(admin_client, classroom, model):
    listing = admin_client.get(reverse(f"admin:classrooms_{model}_changelist"))
    assert listing.status_code == 200
    assert "Year 11 History" in listing.content.decode()
    obj = {
        "classroom": classroom,
        "membership": classroom.memberships.first(),
        "assignment": classroom.assignments.first(),
    }[model]
    form = admin_client.get(reverse(f"admin:classrooms_{model}_change", args=[obj.pk]))
    assert form.status_code == 200


def test_the_class_list_shows_teachers_and_student_counts(
    admin_client, classroom, django_assert_max_num_queries
):
    ClassroomFactory.create_batch(5)
    with django_assert_max_num_queries(12):
        html = admin_client.get(reverse("admin:classrooms_classroom_changelist")).content.decode()
    assert '<td class="field-teacher_names">tina</td>' in html
    assert '<td class="field-student_count">2</td>' in html
    assert (
        "Read: The air campaign"
        in admin_client.get(reverse("admin:classrooms_assignment_changelist")).content.decode()
    )


def test_a_class_keeps_its_history(admin_client, classroom):
    classroom.rename("Year 12 History")
    page = admin_client.get(reverse("admin:classrooms_classroom_history", args=[classroom.pk]))
    assert "Year 12 History" in page.content.decode()
    assert classroom.history.count() == 2


def test_the_admin_archives_and_regenerates_codes(admin_client, classroom):
    old = classroom.join_code
    url = reverse("admin:classrooms_classroom_changelist")
    admin_client.post(url, {"action": "regenerate_codes", "_selected_action": [classroom.pk]})
    admin_client.post(url, {"action": "archive", "_selected_action": [classroom.pk]})
    classroom.refresh_from_db()
    assert classroom.join_code != old
    assert classroom.archived
    assert Classroom.objects.for_join_code(classroom.join_code) is None


def test_archiving_in_the_admin_is_in_the_history_and_on_the_students_page(
    admin_client, client, classroom, student
):
    AssignmentFactory(classroom=classroom, lesson__title="Read this one")
    client.force_login(student)
    assert "Read: Read this one" in client.get(reverse("progress:index")).content.decode()
    url = reverse("admin:classrooms_classroom_changelist")
    admin_client.post(url, {"action": "archive", "_selected_action": [classroom.pk]})
    assert classroom.history.latest().archived
    assert "Read: Read this one" not in client.get(reverse("progress:index")).content.decode()
