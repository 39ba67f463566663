"""A teacher's pages: the list of classes, a new class, its settings and its assignments."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.classrooms.models import CODE_ALPHABET, Assignment, Classroom
from quizzes.models import Quiz
from tests.factories import QuestionFactory, QuizFactory, UserFactory

from .factories import AssignmentFactory, ClassroomFactory


@pytest.fixture
def classroom(teacher, student, other_student):
    return ClassroomFactory(
        name="Year 11 History", teachers=[teacher], students=[student, other_student]
    )


def test_a_teacher_creates_a_class_and_gets_a_code(client, teacher):
    client.force_login(teacher)
    page = client.post(reverse("teach:new"), {"name": "Year 10 History"}, follow=True)
    classroom = Classroom.objects.get(name="Year 10 History")
    assert list(classroom.teachers.all()) == [teacher]
    assert len(classroom.join_code) == 8
    assert set(classroom.join_code) <= set(CODE_ALPHABET)
    html = page.content.decode()
    assert "Class “Year 10 History” created" in html
    assert classroom.display_code in html
    assert f"/join/{classroom.join_code}/" in html


def test_a_class_needs_a_name(client, teacher):
    client.force_login(teacher)
    page = client.post(reverse("teach:new"), {"name": ""})
    assert page.status_code == 200
    assert "This field is required." in page.content.decode()
    assert not Classroom.objects.exists()


def test_codes_differ_from_class_to_class(teacher):
    codes = {ClassroomFactory(teachers=[teacher]).join_code for _ in range(50)}
    assert len(codes) == 50


def test_the_index_shows_one_line_of_status_per_class(client, classroom, teacher):
    soon = timezone.now() + timedelta(days=2)
    AssignmentFactory(classroom=classroom, due_at=soon)
    AssignmentFactory(classroom=classroom, due_at=timezone.now() - timedelta(days=1))
    AssignmentFactory(classroom=classroom)
    ClassroomFactory(name="Old class", teachers=[teacher], archived=True)
    client.force_login(teacher)
    html = client.get(reverse("teach:index")).content.decode()
    line = re.search(r'<p class="class-status">(.*?)</p>', html, re.S).group(1)
    assert "2 students · 3 assignments · next due" in " ".join(line.split())
    assert timezone.localtime(soon).strftime("%-d %b") in line
    assert html.index("Year 11 History") < html.index("Archived classes") < html.index("Old class")
    assert "New class" in html


@pytest.mark.parametrize("classes", [1, 20])
def test_the_index_costs_the_same_for_one_class_or_twenty(
    client, teacher, classes, django_assert_num_queries
):
    for _ in range(classes):
        classroom = ClassroomFactory(teachers=[teacher], students=UserFactory.create_batch(3))
        AssignmentFactory.create_batch(2, classroom=classroom)
    client.force_login(teacher)
    # user, role (nav); classes with counts; their teachers
    with django_assert_num_queries(4):
        page = client.get(reverse("teach:index"))
    assert page.content.decode().count('class="card class-row"') == classes


def test_renaming_a_class(client, classroom, teacher):
    client.force_login(teacher)
    page = client.post(
        reverse("teach:rename", args=[classroom.pk]), {"name": "Year 12"}, follow=True
    )
    classroom.refresh_from_db()
    assert classroom.name == "Year 12"
    assert "Renamed to “Year 12”" in page.content.decode()


def test_a_new_code_replaces_the_old_one(client, classroom, teacher):
    old = classroom.join_code
    client.force_login(teacher)
    page = client.post(reverse("teach:regenerate_code", args=[classroom.pk]), follow=True)
    classroom.refresh_from_db()
    assert classroom.join_code != old
    assert Classroom.objects.for_join_code(old) is None
    assert f"New code: {classroom.display_code}" in page.content.decode()


def test_archiving_stops_the_code_and_restoring_brings_it_back(client, classroom, teacher):
    client.force_login(teacher)
    client.post(reverse("teach:archive", args=[classroom.pk]), {"archived": "1"})
    assert Classroom.objects.for_join_code(classroom.join_code) is None
    html = client.get(reverse("teach:settings", args=[classroom.pk])).content.decode()
    assert "Restore the class" in html
    client.post(reverse("teach:archive", args=[classroom.pk]), {"archived": "0"})
    assert Classroom.objects.for_join_code(classroom.join_code) == classroom


def test_removing_a_student_keeps_their_progress(client, classroom, teacher, student):
    from tests.factories import LessonProgressFactory

    LessonProgressFactory(user=student, completed=True)
    client.force_login(teacher)
    page = client.post(
        reverse("teach:remove_student", args=[classroom.pk, student.pk]), follow=True
    )
    assert not classroom.students.filter(pk=student.pk).exists()
    assert student.lesson_progress.count() == 1
    assert "sara removed from the class" in page.content.decode()


def test_a_student_of_another_class_cannot_be_removed_through_this_one(client, classroom, teacher):
    stranger = UserFactory(username="zed")
    ClassroomFactory(students=[stranger])
    client.force_login(teacher)
    response = client.post(reverse("teach:remove_student", args=[classroom.pk, stranger.pk]))
    assert response.status_code == 404
    assert stranger.memberships.count() == 1


def test_adding_a_co_teacher_by_username(client, classroom, teacher, other_teacher):
    client.force_login(teacher)
    page = client.post(
        reverse("teach:add_teacher", args=[classroom.pk]), {"username": "THEO"}, follow=True
    )
    assert set(classroom.teachers.all()) == {teacher, other_teacher}
    assert "theo now co-teaches this class" in page.content.decode()


@pytest.mark.parametrize("username", ["nobody", "omar"])  # unknown; a student
def test_only_a_teacher_can_be_a_co_teacher(client, classroom, teacher, username):
    client.force_login(teacher)
    page = client.post(reverse("teach:add_teacher", args=[classroom.pk]), {"username": username})
    assert page.status_code == 400
    assert f"No teacher has the username “{username}”." in page.content.decode()
    assert list(classroom.teachers.all()) == [teacher]


def test_the_last_teacher_cannot_leave(client, classroom, teacher, other_teacher):
    client.force_login(teacher)
    url = reverse("teach:remove_teacher", args=[classroom.pk, teacher.pk])
    page = client.post(url, follow=True)
    assert "A class needs a teacher" in page.content.decode()
    classroom.teachers.add(other_teacher)
    page = client.post(url, follow=True)
    assert list(classroom.teachers.all()) == [other_teacher]
    assert page.redirect_chain[-1][0] == reverse("teach:index")  # no longer theirs to see


def test_the_settings_page_lists_students_teachers_and_assignments(
    client, classroom, teacher, django_assert_num_queries
):
    AssignmentFactory(classroom=classroom, lesson__title="The air campaign")
    client.force_login(teacher)
    # user, role; class; teachers; memberships; assignments
    with django_assert_num_queries(6):
        html = client.get(reverse("teach:settings", args=[classroom.pk])).content.decode()
    for text in ("sara", "omar", "tina", "Read: The air campaign", classroom.display_code):
        assert text in html
    assert 'Remove<span class="visually-hidden"> omar from the class</span>' in html


def test_the_board_page_shows_the_code_big(client, classroom, teacher):
    client.force_login(teacher)
    html = client.get(reverse("teach:code", args=[classroom.pk])).content.decode()
    assert f'<p class="board-code">{classroom.display_code}</p>' in html
    assert f"http://testserver/join/{classroom.join_code}/" in html


# --- assignments ----------------------------------------------------------------------------


def test_the_assignment_form_groups_lessons_and_quizzes_by_module(
    client, course, classroom, teacher
):
    client.force_login(teacher)
    html = client.get(reverse("teach:assign", args=[classroom.pk])).content.decode()
    test = Quiz.objects.filter(lesson=None).select_related("module").first()
    assert f'<optgroup label="{test.module.title}">' in html
    quiz = Quiz.objects.exclude(lesson=None).filter(questions__active=True).first()
    assert f'<option value="quiz:{quiz.pk}">Quiz: {quiz.lesson.title}</option>' in html
    assert f'<option value="lesson:{quiz.lesson.pk}">Read: {quiz.lesson.title}</option>' in html
    assert f'<option value="quiz:{test.pk}">Module test</option>' in html
    assert html.count("<optgroup") == 4


def test_a_teacher_assigns_a_quiz_with_a_due_date(client, classroom, teacher):
    quiz = QuizFactory(lesson__title="KFOR arrives")
    QuestionFactory(quiz=quiz)
    client.force_login(teacher)
    page = client.post(
        reverse("teach:assign", args=[classroom.pk]),
        {"target": f"quiz:{quiz.pk}", "due_at": "2030-03-05T17:00"},
        follow=True,
    )
    assignment = Assignment.objects.get()
    assert (assignment.quiz, assignment.lesson, assignment.created_by) == (quiz, None, teacher)
    assert timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M") == "2030-03-05 17:00"
    html = page.content.decode()
    assert "Assigned: Quiz: KFOR arrives." in html
    assert "due Tue 5 Mar 2030, 17:00" in html


def test_a_quiz_without_questions_is_not_offered(client, classroom, teacher):
    empty = QuizFactory(lesson__title="Nothing to ask")
    client.force_login(teacher)
    page = client.post(reverse("teach:assign", args=[classroom.pk]), {"target": f"quiz:{empty.pk}"})
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    assert not Assignment.objects.exists()


def test_the_same_assignment_twice_is_refused(client, classroom, teacher):
    assignment = AssignmentFactory(classroom=classroom)
    client.force_login(teacher)
    page = client.post(
        reverse("teach:assign", args=[classroom.pk]), {"target": f"lesson:{assignment.lesson_id}"}
    )
    assert "This class already has that assignment." in page.content.decode()
    assert Assignment.objects.count() == 1


def test_removing_an_assignment(client, classroom, teacher):
    assignment = AssignmentFactory(classroom=classroom, lesson__title="The air campaign")
    client.force_login(teacher)
    page = client.post(reverse("teach:unassign", args=[classroom.pk, assignment.pk]), follow=True)
    assert not Assignment.objects.exists()
    assert "Assignment removed: Read: The air campaign." in page.content.decode()


def test_an_assignment_of_another_class_cannot_be_removed_through_this_one(
    client, classroom, teacher
):
    elsewhere = AssignmentFactory()
    client.force_login(teacher)
    response = client.post(reverse("teach:unassign", args=[classroom.pk, elsewhere.pk]))
    assert response.status_code == 404
    assert Assignment.objects.filter(pk=elsewhere.pk).exists()
