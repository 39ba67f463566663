"""Classes in Chromium: a teacher makes a class and an assignment, a student joins with the
code and does it, the teacher sees it on the class page; every /teach/ page passes axe at
1280 and 360 px. With DEBUG on and off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import FactFactory, QuestionFactory, QuizFactory, UserFactory

from .factories import AssignmentFactory, ClassroomFactory
from .test_access import teach_patterns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RIGHT = "12 June 1999"


@pytest.fixture
def quiz():
    quiz = QuizFactory(lesson__title="KFOR arrives", lesson__slug="kfor-arrives")
    QuestionFactory(quiz=quiz, fact=FactFactory(), prompt="When did KFOR enter Kosovo?")
    return quiz


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_class_from_creation_to_a_done_assignment(
    page, live_server, login, teacher, student, quiz, axe, settings, debug
):
    settings.DEBUG = debug
    login(teacher)
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("Year 11 History")
    page.get_by_role("button", name="Create the class").click()
    page.get_by_text("Class “Year 11 History” created").wait_for()
    code = page.locator(".join-code").inner_text()
    axe(page)

    page.get_by_role("link", name="New assignment").click()
    page.get_by_label("What to do").select_option(label="Quiz: KFOR arrives")
    due = timezone.localtime() + timedelta(days=3)
    page.get_by_label("Due (optional)").fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("Assigned: Quiz: KFOR arrives.").wait_for()
    log_out(page)

    login(student)
    page.goto(f"{live_server.url}/join/")
    page.get_by_label("Class code").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You joined “Year 11 History”.").wait_for()
    assignments = page.locator(".my-assignments")
    assert "Due" in assignments.inner_text()
    axe(page)
    assignments.get_by_role("link", name="Quiz: KFOR arrives").click()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label(RIGHT, exact=True).check()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name="See your results").wait_for()
    page.goto(f"{live_server.url}/")
    assert "Done" in page.locator(".my-assignment, .my-assignments").first.inner_text()
    log_out(page)

    login(teacher)
    page.goto(f"{live_server.url}/teach/")
    page.get_by_role("link", name="Year 11 History", exact=True).click()
    page.wait_for_url("**/teach/classes/*/")
    page.get_by_role("heading", level=1).wait_for()
    main = page.locator("main").inner_text()
    assert student.username in main
    assert "KFOR arrives" in main
    # the reports engineer's assignment table: the one student has done it
    assert "1 of 1" in page.locator("tr", has_text="Quiz: KFOR arrives").first.inner_text()
    axe(page)


def teach_pages(client, classroom, student) -> list[str]:
    """Every /teach/ page a GET shows: not the POST-only actions (405 to a GET) nor the CSV
    downloads."""
    values = {"pk": classroom.pk, "student_pk": student.pk}
    urls = []
    for pattern in teach_patterns():
        arguments = list(pattern.pattern.converters)
        route = str(pattern.pattern)
        if route.endswith(".csv") or not set(arguments) <= set(values):
            continue
        url = reverse(f"teach:{pattern.name}", kwargs={a: values[a] for a in arguments})
        if client.get(url).status_code != 405:
            urls.append(url)
    return urls


@pytest.mark.parametrize("width", [1280, 360])
def test_every_teach_page_passes_axe_and_fits(
    page, live_server, login, teacher, student, quiz, axe, width, client
):
    classroom = ClassroomFactory(
        name="Year 11 History", teachers=[teacher], students=[student, UserFactory(username="omar")]
    )
    AssignmentFactory(
        classroom=classroom, lesson=quiz.lesson, due_at=timezone.now() - timedelta(days=1)
    )
    AssignmentFactory(
        classroom=classroom, lesson=None, quiz=quiz, due_at=timezone.now() + timedelta(days=2)
    )
    ClassroomFactory(name="Last year", teachers=[teacher], archived=True)
    page.set_viewport_size({"width": width, "height": 900})
    login(teacher)
    client.force_login(teacher)
    urls = teach_pages(client, classroom, student)
    assert {"/teach/", f"/teach/classes/{classroom.pk}/", "/teach/classes/new/"} <= set(urls)
    assert f"/teach/classes/{classroom.pk}/rename/" not in urls
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.get_by_role("heading", level=1).first.wait_for()
        axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    log_out(page)
    login(student)
    for url in ("/", "/progress/", "/join/", classroom.get_join_url()):
        page.goto(f"{live_server.url}{url}")
        axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
