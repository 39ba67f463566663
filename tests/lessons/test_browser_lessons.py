import re

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
    page.get_by_role("link", name=lesson.title, exact=True).click()
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


def test_at_360px_a_tap_on_a_mark_shows_its_tip_in_place(new_context, live_server, module, axe):
    """On a phone: a tap toggles the tip (its source link inside) and never leaves the lesson."""
    context = new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    lesson = module.lessons.get(order=4)
    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")
    url = page.url
    mark = page.locator("button.mark-supported").first
    tip = page.locator(f"#{mark.get_attribute('popovertarget')}")
    mark.scroll_into_view_if_needed()
    mark.tap()
    tip.wait_for()
    assert page.url == url
    box = tip.bounding_box()
    assert 0 <= box["x"] <= box["x"] + box["width"] <= 360, box
    assert 0 <= box["y"] <= box["y"] + box["height"] <= 740, box
    assert tip.get_by_role("link", name=re.compile("^Source: ")).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe(page)
    mark.tap()  # a second tap closes it
    tip.wait_for(state="hidden")
    mark.tap()
    tip.wait_for()
    page.locator("h1").tap()  # and so does a tap anywhere else
    tip.wait_for(state="hidden")
    assert page.url == url
    assert not errors, f"browser console errors: {errors}"
