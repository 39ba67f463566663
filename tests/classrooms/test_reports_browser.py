"""The class page and a student's drill-down in Chromium: axe-clean at 1280 and 360 px, the
wide tables scroll inside their labelled regions (never the page), keyboard reaches them."""

from __future__ import annotations

import pytest

from .test_reports_fixtures import build_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scrolling(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [1280, 360])
def test_the_class_and_student_pages_are_axe_clean_on_desktop_and_phone(
    page, live_server, login, axe, width
):
    big = build_class(25, questions=12)
    page.set_viewport_size({"width": width, "height": 900})
    login(big.teacher)
    page.goto(f"{live_server.url}/teach/classes/{big.classroom.pk}/")
    page.get_by_role("heading", level=1, name=big.classroom.name).wait_for()
    heatmap = page.get_by_role(
        "region", name="Students × modules: lessons read, quiz score and mastery"
    )
    assert heatmap.is_visible()
    assert page.get_by_role("img", name="Class averages per module").is_visible()
    assert page.get_by_role(
        "table", name="Questions by quiz: facility, discrimination and flags"
    ).is_visible()
    axe(page)
    no_sideways_scrolling(page, width)

    page.get_by_role("link", name="Student 0000").first.click()
    page.get_by_role("heading", level=1, name="Student 0000").wait_for()
    axe(page)
    no_sideways_scrolling(page, width)
