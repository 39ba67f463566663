"""Join codes: unguessable, easy to type, never shared by two classes."""

from __future__ import annotations

from kosovo_edu.classrooms import models
from kosovo_edu.classrooms.models import Classroom, normalise_code

from .factories import ClassroomFactory


def test_a_typed_code_ignores_case_spaces_and_dashes():
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert normalise_code("ab cd\tef gh") == "ABCDEFGH"


def test_the_code_shows_in_two_groups_of_four(db):
    assert ClassroomFactory(join_code="ABCDEFGH").display_code == "ABCD-EFGH"


def test_a_new_code_that_clashes_is_drawn_again(db, monkeypatch):
    taken = ClassroomFactory(join_code="AAAAAAAA")
    mine = ClassroomFactory(join_code="BBBBBBBB")
    draws = iter(["AAAAAAAA", "CCCCCCCC"])
    monkeypatch.setattr(models, "new_join_code", lambda: next(draws))
    mine.regenerate_code()
    assert Classroom.objects.get(pk=mine.pk).join_code == "CCCCCCCC"
    assert Classroom.objects.get(pk=taken.pk).join_code == "AAAAAAAA"
