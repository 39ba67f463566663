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

    # A supported mark reveals its source on keyboard focus.
    mark = page.locator("a.mark-supported").first
    mark.focus()
    tip = mark.locator(".tip")
    assert tip.bounding_box()["width"] > 50
    assert "Supported by" in tip.inner_text()

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
