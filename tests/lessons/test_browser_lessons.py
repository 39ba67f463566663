import pytest

from lessons.models import LessonProgress, Module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def module(course) -> Module:
    return Module.objects.get(document__source_name__startswith="002_")


def test_a_student_reads_a_lesson_and_marks_it_complete_with_the_keyboard(
    page, live_server, login, student, module, axe
):
    login(student)
    page.goto(f"{live_server.url}/lessons/")
    axe(page)
    page.get_by_role("link", name=module.title).click()
    axe(page)
    module_progress = page.get_by_text("0 of 14 lessons complete")
    assert module_progress.is_visible()

    lesson = module.lessons.get(order=4)
    page.get_by_role("link", name=lesson.title).click()
    page.get_by_role("heading", level=1, name=lesson.title).wait_for()
    assert page.locator(".lesson-body .sentence").count() > 3
    axe(page)

    # Keyboard only: tab to the button and press Enter.
    button = page.get_by_role("button", name="Mark as complete")
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the Mark as complete button is not reachable with Tab")
    url_before = page.url
    page.evaluate("window.__no_reload = true")
    page.keyboard.press("Enter")
    page.get_by_text("1 of 14 lessons complete in this module").wait_for()
    assert page.get_by_role("status").inner_text().startswith("Marked as complete.")
    assert page.evaluate("window.__no_reload === true"), "the page reloaded"
    assert page.url == url_before
    assert LessonProgress.objects.get(user=student, lesson=lesson).completed_at is not None
    axe(page)

    page.get_by_role("link", name=module.title).first.click()
    assert page.get_by_text("1 of 14 lessons complete").is_visible()


def test_lesson_pages_work_at_360px_without_horizontal_scrolling(page, live_server, module, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    lesson = module.lessons.get(order=5)
    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe(page)
