import re

import pytest

from lessons.models import Claim, LessonProgress, Module

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


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("width", [1280, 360])
def test_claim_marks_and_key_facts_work_by_keyboard_at_any_width(
    page, live_server, course, axe, settings, debug, width, tmp_path_factory
):
    """The lesson with a refuted claim: marks on the claims' words, each tip by keyboard, the
    "not checked" sentences quiet, the coverage line, and the key facts panel, correction first."""
    settings.DEBUG = debug
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    refuted = Claim.objects.refuted().select_related("fact__reference", "lesson__module").first()
    page.goto(f"{live_server.url}{refuted.lesson.get_absolute_url()}")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    coverage = page.locator("#marks-coverage").inner_text()
    assert re.fullmatch(
        r"\d+ of \d+ sentences checked: \d+ supported, 1 contradicted, \d+ unverified\.", coverage
    )
    unchecked = page.locator(".sentence.unchecked").first
    checked = page.locator(".sentence.checked").first
    assert unchecked.evaluate("e => getComputedStyle(e).color") != checked.evaluate(
        "e => getComputedStyle(e).color"
    )
    assert page.get_by_text("not checked: no claim the sources could settle").is_visible()

    # Every mark stays on the line of the last word it checks.
    misplaced = page.evaluate(
        """[...document.querySelectorAll('.keep-together')].filter(keep => {
            const words = keep.querySelector('[class^="claim-words"]').getBoundingClientRect();
            const mark = keep.querySelector('button.mark').getBoundingClientRect();
            return Math.abs((words.top + words.bottom) / 2 - (mark.top + mark.bottom) / 2) > 16;
        }).length"""
    )
    assert misplaced == 0

    # Keyboard only: Tab to the ✗ on "2003", Enter opens its tip, Tab reaches its source link.
    mark = page.locator("button.mark-refuted").first
    for _ in range(200):
        page.keyboard.press("Tab")
        if mark.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the refuted mark is not reachable with Tab")
    assert mark.get_attribute("aria-label") is None  # its name is its visually hidden text
    assert mark.inner_text().endswith(
        f"Fact check of “{refuted.text}”: contradicted by the sources"
    )
    tip = page.locator(f"#{mark.get_attribute('popovertarget')}")
    page.keyboard.press("Enter")
    tip.wait_for()
    assert f"the article says “{refuted.text}”; the sources say {refuted.correct_value}" in (
        tip.inner_text()
    )
    box = tip.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    page.keyboard.press("Tab")
    assert tip.get_by_role("link").first.evaluate("el => el === document.activeElement")
    axe(page)
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")

    panel = page.get_by_role("region", name="What the sources say")
    panel.scroll_into_view_if_needed()
    first = panel.get_by_role("listitem").first
    assert first.get_attribute("id") == f"kf-{refuted.fact.key}"
    assert f"The article says “{refuted.text}”" in first.inner_text()
    source = first.get_by_role("link")
    assert source.get_attribute("href") == refuted.fact.reference.url
    assert source.is_visible()
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(
        path=shots / f"lesson-{width}-{'debug' if debug else 'prod'}.png", full_page=True
    )
