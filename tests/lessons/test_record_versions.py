"""What is kept per version of a learner's (or a class's) records moves on at the first change
of a transaction (nothing kept from before survives a worker killed right after the commit) and
once more when it commits, however many records it changes; what the transaction itself renders
after a change is made again, not taken from the kept copy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory

from lessons.pagecache import kept_for, learner_changed, learner_key, records_changed

pytestmark = pytest.mark.django_db(transaction=True)  # real commits and rollbacks

KEYS = [learner_key(1), learner_key(2), "classroom-version:7"]


@pytest.fixture
def deletions(monkeypatch) -> list[set[str]]:
    """Each ``cache.delete_many`` call, as the set of keys it deleted."""
    calls: list[set[str]] = []
    original = cache.delete_many

    def spy(keys, *args, **kwargs):
        calls.append(set(keys))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "delete_many", spy)
    return calls


def test_a_transaction_moves_each_key_on_at_its_first_change_and_when_it_commits(deletions):
    with transaction.atomic():
        learner_changed(1, 2)
        learner_changed(2)
        with transaction.atomic():  # a savepoint that is released
            records_changed("classroom-version:7")
        learner_changed(1)
        assert deletions == [{learner_key(1), learner_key(2)}, {"classroom-version:7"}]
    assert deletions[2:] == [set(KEYS)]
    assert len(deletions) == 3


def change_then_fail(user_id: int) -> None:
    with transaction.atomic():
        learner_changed(user_id)
        raise RuntimeError


def test_a_rollback_moves_nothing_more_on(deletions):
    with pytest.raises(RuntimeError):
        change_then_fail(1)
    assert deletions == [{learner_key(1)}]  # its first change only
    learner_changed(2)  # the next transaction starts afresh
    assert deletions == [{learner_key(1)}, {learner_key(2)}]


def test_a_change_after_a_rolled_back_savepoint_still_moves_on_at_commit(deletions):
    with transaction.atomic():
        with pytest.raises(RuntimeError):
            change_then_fail(1)  # a savepoint: its callback goes with it
        learner_changed(2)
    assert deletions == [{learner_key(1)}, {learner_key(2)}, {learner_key(2)}]


def test_outside_a_transaction_a_change_moves_on_at_once(deletions):
    learner_changed(1, 2)
    assert deletions == [{learner_key(1), learner_key(2)}]


def test_what_a_transaction_renders_after_its_change_is_made_again():
    request = RequestFactory().get("/")
    made: list[str] = []

    def render(text: str):
        return lambda: made.append(text) or text

    minute = timedelta(minutes=1)
    assert kept_for(request, "page", KEYS, render("old"), minute) == "old"
    assert kept_for(request, "page", KEYS, render("unused"), minute) == "old"  # kept
    with transaction.atomic():
        records_changed("classroom-version:7")
        assert kept_for(request, "page", KEYS, render("new"), minute) == "new"
        assert kept_for(request, "page", KEYS, render("unused"), minute) == "new"  # kept again
        learner_changed(2)
        assert kept_for(request, "page", KEYS, render("newer"), minute) == "newer"
    assert made == ["old", "new", "newer"]
    assert kept_for(request, "page", KEYS, render("after"), minute) == "after"  # the commit
