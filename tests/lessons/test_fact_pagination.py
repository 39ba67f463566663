"""The fact-check report lists its claims a page at a time: the list grows with every article."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lessons.facts.verdicts import Verdict
from lessons.models import Claim
from lessons.views.facts import REPORT_PAGE_SIZE
from tests.factories import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_claims() -> list[Claim]:
    """One page of unverified claims and three more, in report order."""
    lesson = LessonFactory(title="The long lesson")
    return Claim.objects.bulk_create(
        Claim(
            lesson=lesson,
            anchor=f"s-{n:04}",
            sentence=f"Sentence number {n} of the long lesson.",
            position=n,
            start=0,
            end=8,
            text=f"claim {n:04}",
            kind="number",
            auto_verdict=Verdict.NOT_ENOUGH_INFO,
        )
        for n in range(REPORT_PAGE_SIZE + 3)
    )


def _report(client, **params: str) -> str:
    response = client.get(reverse("facts:report"), params)
    assert response.status_code == 200
    return response.content.decode()


def _shown(html: str, claims: list[Claim]) -> list[Claim]:
    return [claim for claim in claims if f'id="claim-{claim.pk}"' in html]


def test_the_first_page_shows_a_page_of_claims_and_links_to_the_next(client, many_claims):
    html = _report(client)
    assert _shown(html, many_claims) == many_claims[:REPORT_PAGE_SIZE]
    assert f"{len(many_claims)} claims shown. Page 1 of 2." in html
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html


def test_page_two_shows_the_rest_and_keeps_the_filters(client, many_claims):
    html = _report(client, verdict=Verdict.NOT_ENOUGH_INFO, page="2")
    assert _shown(html, many_claims) == many_claims[REPORT_PAGE_SIZE:]
    assert "Page 2 of 2." in html
    assert f'rel="prev" href="?verdict={Verdict.NOT_ENOUGH_INFO}&amp;page=1"' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize(
    ("page", "first"),
    [("nonsense", 0), ("", 0), ("-1", REPORT_PAGE_SIZE), ("99", REPORT_PAGE_SIZE)],
)
def test_a_page_that_is_no_number_gives_the_first_one_out_of_range_the_last(
    client, many_claims, page, first
):
    html = _report(client, page=page)
    assert _shown(html, many_claims)[0] == many_claims[first]


def test_a_short_report_has_no_pager(client, many_claims):
    Claim.objects.filter(pk__in=[c.pk for c in many_claims[3:]]).delete()
    html = _report(client)
    assert "3 claims shown." in html
    assert "Page 1" not in html
    assert 'aria-label="Pages of claims"' not in html
