"""The class page costs the same number of queries with 3 students as with 300 × 20 questions."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from .test_reports_fixtures import build_class

CLASS_PAGE_QUERIES = 17
"""User, the teacher check and the class (3; the session is in the cache), then the report
(14)."""
STAMP_QUERIES = 1
"""Who is in the class, whose records' versions the rendered report is kept for
(reports.queries.version_keys)."""


@pytest.mark.parametrize("size", [3, 300])
def test_the_class_page_costs_the_same_queries_whatever_the_class_size(
    client, db, size, django_assert_num_queries
):
    big = build_class(size, questions=20)
    client.force_login(big.teacher)
    url = reverse("teach:class", args=[big.classroom.pk])
    with django_assert_num_queries(CLASS_PAGE_QUERIES + STAMP_QUERIES):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    print(f"class page, {size} students x 20 questions: {elapsed * 1000:.0f} ms")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="heat-cell"') == size  # one module: a cell per student
    assert f"Student {size - 1:04}" in body
    # Nothing happened in the class since: the report rendered a moment ago is served again.
    with django_assert_num_queries(CLASS_PAGE_QUERIES - 14 + STAMP_QUERIES):
        again = client.get(url).content.decode()
    assert again.count('class="heat-cell"') == size


@pytest.mark.parametrize("size", [3, 300])
def test_the_exports_cost_the_same_queries_whatever_the_class_size(
    client, db, size, django_assert_num_queries
):
    big = build_class(size, questions=20)
    client.force_login(big.teacher)
    for name in ("teach:export_results", "teach:export_items"):
        with django_assert_num_queries(CLASS_PAGE_QUERIES):
            response = client.get(reverse(name, args=[big.classroom.pk]))
        assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 300])
def test_a_students_page_costs_the_same_queries_whatever_the_class_size(
    client, db, size, django_assert_num_queries
):
    big = build_class(size, questions=20)
    client.force_login(big.teacher)
    url = reverse("teach:student", args=[big.classroom.pk, big.students[0].pk])
    with django_assert_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200
