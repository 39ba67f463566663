"""Admin smoke tests: every changelist and change form renders; edits are kept and flagged."""

import pytest
from django.urls import reverse

from tests.factories import DocumentFactory, LessonFactory, LessonProgressFactory


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
    progress = LessonProgressFactory(lesson=lesson, user__username="learner-in-admin")
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
