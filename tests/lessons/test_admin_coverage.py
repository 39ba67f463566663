"""The admin's coverage report and unchecked-sentence queue (issue 9, point 6)."""

import html
import re
from typing import cast
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from lessons.forms import suggested_value_type
from lessons.models import Claim, Lesson, Verdict
from lessons.text.sentences import body_sentences
from tests.factories import FactFactory, LessonFactory

BODY_A = (
    "KFOR entered Kosovo on 12 June 1999. The mission was hard at first. "
    "NATO was founded in 1950 in Washington."
)
BODY_B = "KFOR troops patrolled the border near Mitrovica. The Kosovo Force had 50,000 troops."

COVERAGE_URL = reverse("admin:lessons_lesson_coverage")
QUEUE_URL = reverse("admin:lessons_lesson_unchecked")


def new_lesson(**fields: object) -> Lesson:
    return cast(Lesson, LessonFactory(**fields))


def claim(lesson: Lesson, index: int, text: str, verdict: str) -> Claim:
    """A claim on the index-th sentence of the lesson, with an automatic verdict."""
    sentence = body_sentences(lesson.body)[index]
    start = sentence.text.index(text)
    return Claim.objects.create(
        lesson=lesson,
        anchor=sentence.anchor,
        sentence=sentence.text,
        position=index,
        start=start,
        end=start + len(text),
        text=text,
        kind="date",
        auto_verdict=verdict,
    )


@pytest.fixture
def lessons(db) -> tuple[Lesson, Lesson]:
    """Lesson A: 3 sentences, one supported, one unchecked, one refuted (and unverified);
    lesson B in another module: 2 sentences, one unverified."""
    FactFactory(subject="KFOR", aliases=["Kosovo Force"])
    a = new_lesson(title="Entering Kosovo", body=BODY_A, module__title="The Mission")
    b = new_lesson(title="Patrols", body=BODY_B, module__title="The Force")
    claim(a, 0, "12 June 1999", Verdict.SUPPORTED)
    claim(a, 2, "1950", Verdict.REFUTED)
    claim(a, 2, "Washington", Verdict.NOT_ENOUGH_INFO)
    claim(b, 1, "50,000 troops", Verdict.NOT_ENOUGH_INFO)
    return a, b


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def row(page: str, element_id: str) -> str:
    found = re.search(rf'<tr id="{element_id}">(.*?)</tr>', page, re.S)
    assert found, f"no row #{element_id}"
    return found.group(1)


def test_coverage_report_counts_each_sentence_as_its_worst_claim(
    admin_client, lessons, django_assert_num_queries
):
    a, b = lessons
    with django_assert_num_queries(3):  # user, lessons with modules, claims
        page = admin_client.get(COVERAGE_URL).content.decode()
    first = row(page, f"coverage-lesson-{a.pk}")
    # lesson, checked, sentences, %, supported, contradicted, unverified, not checked, page
    assert text_of(first) == "Entering Kosovo 2 3 67 1 1 0 1 unchecked View on site"
    assert f'href="{QUEUE_URL}?lesson={a.pk}"' in first
    assert f'href="{a.get_absolute_url()}"' in first
    assert f'href="{reverse("admin:lessons_lesson_change", args=[a.pk])}"' in first
    assert text_of(row(page, f"coverage-lesson-{b.pk}")).startswith("Patrols 1 2 50 0 0 1 1")
    assert "The Mission — 2 of 3 sentences checked: 1 supported, 1 contradicted, 0 unverified" in (
        text_of(page)
    )
    assert "All lessons: 3 of 5 sentences checked: 1 supported, 1 contradicted, 1 unverified " in (
        text_of(page)
    )


def test_coverage_report_queries_stay_constant(admin_client, lessons, django_assert_num_queries):
    for n in range(5):
        lesson = new_lesson(body=BODY_A)
        claim(lesson, n % 3, ["12 June 1999", "hard", "1950"][n % 3], Verdict.SUPPORTED)
    with django_assert_num_queries(3):
        page = admin_client.get(COVERAGE_URL).content.decode()
    assert page.count('<tr id="coverage-lesson-') == 7


def test_the_queue_lists_unchecked_sentences_with_their_likely_subject(
    admin_client, lessons, django_assert_num_queries
):
    a, b = lessons
    with django_assert_num_queries(4):  # user, lessons, claims, facts
        page = admin_client.get(QUEUE_URL).content.decode()
    assert "2 sentences with no claim" in text_of(page)
    hard = body_sentences(a.body)[1]
    patrols = body_sentences(b.body)[0]
    assert text_of(row(page, f"unchecked-{a.pk}-{hard.anchor}")) == (
        "Entering Kosovo The mission was hard at first. — entity Add a fact"
    )
    patrol_row = row(page, f"unchecked-{b.pk}-{patrols.anchor}")
    assert text_of(patrol_row) == (
        "Patrols KFOR troops patrolled the border near Mitrovica. KFOR entity Add a fact"
    )
    assert f'href="{b.get_absolute_url()}#{patrols.anchor}"' in patrol_row
    # checked sentences are not in the queue
    assert "12 June 1999" not in text_of(page)
    assert "50,000" not in text_of(page)


def test_the_queue_for_one_lesson(admin_client, lessons, django_assert_num_queries):
    _, b = lessons
    for _ in range(3):
        LessonFactory(body=BODY_B)
    with django_assert_num_queries(4):
        page = admin_client.get(f"{QUEUE_URL}?lesson={b.pk}").content.decode()
    assert "1 sentence with no claim" in text_of(page)
    assert re.search(r"in Patrols \( ?all lessons ?\)", text_of(page))
    assert "The mission was hard" not in page


def test_add_a_fact_opens_the_fact_form_prefilled_from_the_sentence(admin_client, lessons):
    _, b = lessons
    page = admin_client.get(QUEUE_URL).content.decode()
    patrols = body_sentences(b.body)[0]
    link = re.search(r'href="([^"]+)">Add a fact', row(page, f"unchecked-{b.pk}-{patrols.anchor}"))
    assert link
    url = html.unescape(link.group(1))
    assert urlsplit(url).path == reverse("admin:lessons_fact_add")
    assert parse_qs(urlsplit(url).query) == {
        "subject": ["KFOR"],
        "statement": ["KFOR troops patrolled the border near Mitrovica."],
        "value_type": ["entity"],
    }
    form = admin_client.get(url).content.decode()
    assert 'name="subject" value="KFOR"' in form
    assert re.search(
        r'name="statement"[^>]*>\s*KFOR troops patrolled the border near Mitrovica\.</textarea>',
        form,
    )
    assert '<option value="entity" selected>' in form


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("KFOR operates under Resolution 1244.", "resolution"),
        ("The strikes lasted from March 1999 to June 1999.", "span"),
        ("The bombing campaign lasted 78 days.", "duration"),
        ("KFOR entered Kosovo in June 1999.", "date"),
        ("NATO aircraft flew 38,000 sorties.", "number"),
        ("The Kosovo Liberation Army (KLA) was disbanded.", "acronym"),
        ("The mission was led by the alliance.", "entity"),
    ],
)
def test_suggested_value_type(sentence, kind):
    assert suggested_value_type(sentence) == kind


def test_the_lesson_changelist_links_to_the_reports(admin_client, lessons):
    page = admin_client.get(reverse("admin:lessons_lesson_changelist")).content.decode()
    assert f'<a href="{COVERAGE_URL}">Coverage report</a>' in page
    assert f'<a href="{QUEUE_URL}">Unchecked sentences</a>' in page


@pytest.mark.parametrize("url", [COVERAGE_URL, QUEUE_URL])
def test_reports_are_for_admins_only(client, student, url):
    client.force_login(student)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_coverage_report_on_the_seeds_matches_the_lesson_pages(admin_client, course, client):
    """Every lesson's row agrees with the coverage line its own page shows."""
    page = admin_client.get(COVERAGE_URL).content.decode()
    lesson = Lesson.objects.filter(claims__isnull=False).order_by("module__order", "order")[0]
    cells = text_of(row(page, f"coverage-lesson-{lesson.pk}")).removeprefix(lesson.title).split()
    checked, sentences = cells[0], cells[1]
    lesson_page = text_of(client.get(lesson.get_absolute_url()).content.decode())
    assert f"{checked} of {sentences} sentences checked" in lesson_page
