"""Admin smoke tests: every changelist and change form renders; edits are kept and flagged."""

import re
from typing import cast

import pytest
from django.urls import reverse

from lessons.facts.values import DateValue, SpanValue
from lessons.forms import FactForm
from lessons.models import Claim, Fact, Lesson, LessonProgress
from tests.factories import (
    DocumentFactory,
    FactFactory,
    LessonFactory,
    LessonProgressFactory,
    ReferenceFactory,
)


@pytest.fixture
def lesson(db):
    return LessonFactory(title="The mandate", body="KFOR entered Kosovo in June 1999.")


@pytest.mark.parametrize(
    ("model", "shows"),
    [
        ("document", "seed-000.txt"),
        ("module", "Operation Allied Force"),
        ("lesson", "The mandate"),
        ("lessonprogress", "learner-in-admin"),
    ],
)
def test_changelists_and_change_forms_render(admin_client, lesson, model, shows):
    document = DocumentFactory(source_name="seed-000.txt")
    lesson.module.title = "Operation Allied Force"
    lesson.module.document = document
    lesson.module.save()
    progress = cast(
        LessonProgress, LessonProgressFactory(lesson=lesson, user__username="learner-in-admin")
    )
    html = admin_client.get(reverse(f"admin:lessons_{model}_changelist")).content.decode()
    assert shows in html
    obj = {"document": document, "module": lesson.module, "lesson": lesson}.get(model, progress)
    change = admin_client.get(reverse(f"admin:lessons_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    # a progress row's form shows its learner and lesson as raw ids
    expected = str(progress.user_id) if model == "lessonprogress" else shows
    assert expected in change.content.decode()


def test_lesson_changelist_filters_by_source_changed(admin_client, lesson):
    LessonFactory(title="Flagged one", source_changed=True)
    html = admin_client.get(
        reverse("admin:lessons_lesson_changelist") + "?source_changed__exact=1"
    ).content.decode()
    assert "Flagged one" in html
    assert "The mandate" not in html


def test_editing_a_body_in_the_admin_marks_it_edited_and_keeps_history(
    admin_client, lesson, change_form
):
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    data = change_form(url)
    data.update(
        module=lesson.module_id, body="KFOR entered Kosovo on 12 June 1999.", published="on"
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson.refresh_from_db()
    assert lesson.edited
    assert lesson.body == "KFOR entered Kosovo on 12 June 1999."
    assert lesson.history.count() == 2
    history = admin_client.get(reverse("admin:lessons_lesson_history", args=[lesson.pk]))
    assert "KFOR entered Kosovo on 12 June 1999." in history.content.decode()


def test_module_change_form_shows_its_lessons_inline(admin_client, lesson):
    html = admin_client.get(
        reverse("admin:lessons_module_change", args=[lesson.module_id])
    ).content.decode()
    assert "The mandate" in html
    assert f'value="{lesson.slug}"' in html


# --------------------------------------------------------------------------- facts: typed forms


def fact_data(reference, **value_fields) -> dict[str, object]:
    """What the fact form posts: the fact's own fields plus the chosen value type's fields."""
    return {
        "key": "kfor-entered",
        "subject": "KFOR",
        "aliases": "Kosovo Force\n\nKosovo Force\n  the Force  ",
        "generic": "the mission",
        "predicate": "entered Kosovo",
        "cues": "entered\ndeployed",
        "statement": "KFOR entered Kosovo on 12 June 1999.",
        "question": "When did KFOR enter Kosovo?",
        "false_statement": "KFOR entered Kosovo in 1998.",
        "single": "on",
        "as_of": "",
        "confirmed_errors": "1998",
        "reference": reference.pk,
        "tags": "timeline\nkosovo",
        **value_fields,
    }


@pytest.mark.parametrize(
    ("fields", "stored", "shown"),
    [
        (
            {"value_type": "date", "date": "1999-06-12"},
            {"type": "date", "date": "1999-06-12"},
            "12 June 1999",
        ),
        (
            {"value_type": "date", "date": "1999-06"},
            {"type": "date", "date": "1999-06"},
            "June 1999",
        ),
        (
            {"value_type": "span", "span_start": "1995-08-30", "span_end": "1995-09-20"},
            {"type": "span", "start": "1995-08-30", "end": "1995-09-20"},
            "1995",
        ),
        (
            {"value_type": "span", "span_start": "2001-12"},
            {"type": "span", "start": "2001-12"},
            "2001",
        ),
        (
            {
                "value_type": "number",
                "number": "38000",
                "number_unit": "sorties",
                "number_qualifier": "over",
            },
            {"type": "number", "value": 38000, "unit": "sorties", "qualifier": "over"},
            "38,000",
        ),
        (
            {"value_type": "duration", "duration_amount": "78", "duration_unit": "days"},
            {"type": "duration", "amount": 78, "unit": "days"},
            "78 days",
        ),
        (
            {
                "value_type": "entity",
                "entity_name": "NATO",
                "entity_aliases": "North Atlantic Treaty Organization\nthe Alliance",
            },
            {
                "type": "entity",
                "name": "NATO",
                "aliases": ["North Atlantic Treaty Organization", "the Alliance"],
            },
            "NATO",
        ),
        (
            {"value_type": "acronym", "acronym": "KFOR", "acronym_expansion": "Kosovo Force"},
            {"type": "acronym", "acronym": "KFOR", "expansion": "Kosovo Force"},
            "Kosovo Force",
        ),
        (
            {"value_type": "resolution", "resolution_number": "1244", "resolution_year": "1999"},
            {"type": "resolution", "number": 1244, "year": 1999},
            "1244",
        ),
        (
            {"value_type": "boolean", "holds": "false"},
            {"type": "boolean", "holds": False},
            "no",
        ),
    ],
)
def test_the_fact_form_builds_each_value_type_from_its_fields(db, fields, stored, shown):
    form = FactForm(data=fact_data(ReferenceFactory(), **fields))
    assert form.is_valid(), form.errors
    fact = form.save()
    fact.refresh_from_db()
    assert fact.value == stored
    assert shown in fact.value_display
    assert fact.aliases == ["Kosovo Force", "the Force"]  # one per line, blanks and repeats gone
    assert fact.cues == ["entered", "deployed"]
    assert fact.generic == ["the mission"]
    assert fact.confirmed_errors == ["1998"]
    assert fact.tags == ["timeline", "kosovo"]


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"value_type": "date", "date": "1999-13"}, "date", "bad date '1999-13'"),
        ({"value_type": "date", "date": ""}, "date", "Required for a date value."),
        ({"value_type": "number", "number": "5"}, "number_unit", "Required for a number value."),
        ({"value_type": "number", "number": "many", "number_unit": "troops"}, "number", "number"),
        (
            {"value_type": "span", "span_start": "1999-06", "span_end": "1999-03"},
            "value_type",
            "span ends (1999-03) before it starts (1999-06)",
        ),
        ({"value_type": "duration", "duration_amount": "0"}, "duration_amount", "greater"),
        ({"value_type": "date", "date": "1999", "as_of": "June 1999"}, "as_of", "bad date"),
    ],
)
def test_the_fact_form_shows_value_errors_on_their_fields(db, fields, field, error):
    form = FactForm(data=fact_data(ReferenceFactory(), **fields))
    assert not form.is_valid()
    assert any(error in message for message in form.errors[field]), form.errors


def test_the_fact_change_form_shows_the_value_in_its_typed_fields(admin_client, db):
    fact = cast(Fact, FactFactory(typed=SpanValue(DateValue(1995, 8, 30), DateValue(1995, 9, 20))))
    page = admin_client.get(reverse("admin:lessons_fact_change", args=[fact.pk])).content.decode()
    assert '<option value="span" selected>' in page
    assert 'name="span_start" value="1995-08-30"' in page
    assert 'name="span_end" value="1995-09-20"' in page
    assert 'name="value"' not in page  # no raw JSON
    # the span's fields are open, the other types' folded away
    assert re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<h2[^>]*>Value: date", page)
    assert not re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<h2[^>]*>Value: span", page)


def test_adding_a_fact_in_the_admin_saves_it_typed_and_re_verifies(admin_client, db):
    lesson = cast(Lesson, LessonFactory(body="KFOR entered Kosovo on 12 June 1999."))
    reference = ReferenceFactory()
    data = fact_data(reference, value_type="date", date="1999-06-12", as_of="1999-06")
    response = admin_client.post(reverse("admin:lessons_fact_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    fact = Fact.objects.get(key="kfor-entered")
    assert fact.edited
    assert fact.value == {"type": "date", "date": "1999-06-12"}
    assert fact.as_of == "1999-06"
    assert fact.question == "When did KFOR enter Kosovo?"
    claim = Claim.objects.get(lesson=lesson)
    assert (claim.text, claim.verdict, claim.fact) == ("12 June 1999", "SUPPORTED", fact)


def test_a_bad_value_is_shown_on_its_field_in_the_admin(admin_client, db):
    data = fact_data(ReferenceFactory(), value_type="date", date="12/06/1999")
    page = admin_client.post(reverse("admin:lessons_fact_add"), data).content.decode()
    assert '<ul class="errorlist" id="id_date_error"><li>bad date &#x27;12/06/1999&#x27;' in page
    assert 'aria-invalid="true" aria-describedby="id_date_helptext id_date_error"' in page
    assert not Fact.objects.exists()


def test_the_lesson_admin_chooses_key_facts(admin_client, lesson, change_form):
    fact = cast(Fact, FactFactory(key="kfor-entered-kosovo"))
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    page = admin_client.get(url).content.decode()
    assert re.search(r'<select name="key_facts"[^>]*class="[^"]*admin-autocomplete', page)
    data = change_form(url)
    data.update(module=lesson.module_id, published="on", key_facts=[fact.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(lesson.key_facts.all()) == [fact]
    search = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "lessons", "model_name": "lesson", "field_name": "key_facts", "term": "kfor"},
    ).json()
    assert [r["text"] for r in search["results"]] == ["kfor-entered-kosovo"]


def test_the_fact_changelist_shows_each_fact_with_its_value(admin_client, db):
    FactFactory(key="kfor-entered-kosovo")
    page = admin_client.get(reverse("admin:lessons_fact_changelist")).content.decode()
    assert "kfor-entered-kosovo" in page
    assert "12 June 1999" in page


def test_the_fact_add_form_opens_the_date_fields_by_default(admin_client, db):
    page = admin_client.get(reverse("admin:lessons_fact_add")).content.decode()
    assert 'name="date"' in page
    assert 'name="value"' not in page
    assert not re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<h2[^>]*>Value: date", page)
    assert re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<h2[^>]*>Value: number", page)
