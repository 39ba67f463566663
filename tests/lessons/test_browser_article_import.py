"""An admin adds an article in Chromium: upload, preview, confirm, summary; a student reads it."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.articles import read_article
from lessons.models import Lesson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NEW_SEED = SEEDS / "001_8096015f538a0aee.txt"


@pytest.fixture
def course_without_new_seed() -> None:
    others = [str(p) for p in sorted(SEEDS.glob("*.txt")) if p != NEW_SEED]
    call_command("ingest", *others, str(SEEDS / "facts.toml"), stdout=StringIO())


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_an_admin_adds_an_article_and_a_student_reads_it(
    page, live_server, login, admin, student, course_without_new_seed, axe, settings, debug
):
    settings.DEBUG = debug
    article = read_article(NEW_SEED)
    login(admin)
    page.goto(f"{live_server.url}/admin/lessons/document/")
    page.get_by_role("link", name="Add document").click()
    expect(page.get_by_role("heading", name="Add document")).to_be_visible()
    axe(page)

    page.get_by_label("Article file").set_input_files(str(NEW_SEED))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status")).to_contain_text("Status: awaiting confirmation.")
    lessons = page.locator("#preview-lessons tbody tr")
    expect(lessons).to_have_count(len(article.sections))
    expect(lessons.first).to_contain_text(article.sections[0].title)
    expect(page.locator("#preview-disclaimer")).to_contain_text(article.disclaimer[:30])
    axe(page)

    page.get_by_label("Module title").fill("Allied Force, added")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("status")).to_contain_text("Status: done.")
    expect(page.locator("#summary-lessons tbody tr")).to_have_count(len(article.sections))
    expect(page.locator("#summary-claims")).to_contain_text("Supported:")
    expect(page.locator("#summary-questions")).to_contain_text("Multiple choice:")
    axe(page)
    page.set_viewport_size({"width": 360, "height": 740})
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    first = Lesson.objects.get(module__title="Allied Force, added", order=1)
    page.context.clear_cookies()
    login(student)
    page.goto(f"{live_server.url}/lessons/")
    page.get_by_role("link", name=re.compile("Allied Force, added")).first.click()
    page.get_by_role("link", name=first.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    expect(page.get_by_text(re.compile(r"\d+ of \d+ sentences checked"))).to_be_visible()
    axe(page)
