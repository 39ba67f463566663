import pytest

from lessons.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refuted_sentence_shows_its_correction_and_source(page, live_server, course, axe):
    claim = Claim.objects.refuted().select_related("fact__reference", "lesson__module").first()
    page.goto(f"{live_server.url}{claim.sentence_url()}")
    sentence = page.locator(f"#{claim.anchor}")
    assert "checked-refuted" in sentence.get_attribute("class")
    correction = page.get_by_role("note").filter(has_text=f"“{claim.text}” is wrong")
    assert f"The sources say {claim.correct_value}." in correction.inner_text()
    source = correction.get_by_role("link")
    assert source.get_attribute("href") == claim.fact.reference.url
    axe(page)

    # A supported mark is a button: Enter shows its tip, whose source link is next in Tab order.
    mark = page.locator("button.mark-supported").first
    tip = page.locator(f"#{mark.get_attribute('popovertarget')}")
    assert not tip.is_visible()
    mark.focus()
    page.keyboard.press("Enter")
    tip.wait_for()
    assert tip.bounding_box()["width"] > 50
    assert "Supported by" in tip.inner_text()
    page.keyboard.press("Tab")
    assert tip.get_by_role("link").first.evaluate("el => el === document.activeElement")
    axe(page)
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")

    page.get_by_role("button", name="Fact-check marks: on").click()
    page.get_by_role("button", name="Fact-check marks: off").wait_for()
    assert page.locator(".checked-refuted").count() == 0
    assert page.locator(f"#{claim.anchor}").count() == 1
    axe(page)
    page.get_by_role("button", name="Fact-check marks: off").click()
    page.locator(".checked-refuted").first.wait_for()


def test_the_report_timeline_and_glossary_render(page, live_server, course, axe):
    page.goto(f"{live_server.url}/facts/")
    page.get_by_role("table", name="Claims per module and verdict").wait_for()
    axe(page)
    page.get_by_label("Verdict").select_option("REFUTED")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("1 claim shown.").wait_for()
    assert page.locator(".claim").count() == 1
    assert "“2003” is wrong" not in page.content()  # the report, not the lesson mark
    assert "20 December 2001" in page.locator(".claim").inner_text()
    page.get_by_role("link", name="Timeline").click()
    svg = page.locator("svg.timeline")
    assert svg.bounding_box()["height"] > 100
    assert page.locator("svg.timeline a").count() >= 10
    assert page.locator("ol.timeline-list li").count() == page.locator("svg.timeline a").count()
    axe(page)
    page.get_by_role("link", name="Glossary").click()
    assert page.locator("dt", has_text="KFOR").count() == 1
    axe(page)
    page.get_by_role("link", name="Reference facts").click()
    axe(page)


@pytest.mark.parametrize("path", ["", "timeline/", "glossary/", "library/"])
def test_the_fact_pages_fit_360px(page, live_server, course, axe, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/facts/{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if path == "":
        select = page.get_by_label("Module")
        assert select.bounding_box()["width"] <= 360 - 32
        select.select_option(label=select.locator("option").last.inner_text())
        page.get_by_role("button", name="Show").click()
        page.get_by_text("shown.").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if path == "timeline/":
        # Too narrow for the chart: the events in order are the timeline, none cut off.
        assert not page.locator("svg.timeline").is_visible()
        events = page.locator("ol.timeline-list li")
        assert events.count() >= 10
        for box in (events.nth(i).bounding_box() for i in range(events.count())):
            assert 0 <= box["x"] <= box["x"] + box["width"] <= 360
    axe(page)
