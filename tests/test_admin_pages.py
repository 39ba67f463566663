"""Every admin page opens and stays cheap; learners' records are read-only there.

For every registered model of every app: the changelist costs a pinned number of queries, the
same with one row of everything and with many; the changelist, add (where allowed), change and
history pages open and show the object.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin as django_admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.models import Model
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from kosovo_edu.classrooms.models import Assignment, Classroom, Membership
from lessons.models import ArticleImport, Claim, LessonProgress
from quizzes.models import Attempt, ProblemReport, Question, Response, ReviewCard

from .factories import (
    COMPLETED_AT,
    DocumentFactory,
    FactFactory,
    LessonProgressFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

# Queries per changelist with the admin signed in (the user, the page's own queries; the
# session is read from the cache).
PINNED_CHANGELIST_QUERIES = {
    "auth.group": 4,
    "auth.user": 5,
    "axes.accessattempt": 7,
    "axes.accesslog": 7,
    "axes.accessfailurelog": 7,
    "lessons.document": 4,
    "lessons.articleimport": 4,
    "lessons.module": 4,
    "lessons.lesson": 5,
    "lessons.lessonprogress": 5,
    "lessons.reference": 5,
    "lessons.fact": 5,
    "lessons.claim": 6,
    "quizzes.question": 7,
    "quizzes.quiz": 5,
    "quizzes.attempt": 5,
    "quizzes.reviewcard": 4,
    "quizzes.problemreport": 3,
    "classrooms.classroom": 5,
    "classrooms.membership": 5,
    "classrooms.assignment": 7,
    "django_tasks_database.dbtaskresult": 6,
    "otp_totp.totpdevice": 4,
}


def registered() -> list[type[Model]]:
    return list(django_admin.site._registry)


def label(model: type[Model]) -> str:
    return model._meta.label_lower


def admin_url(model: type[Model], view: str, *args: object) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def add_everything(n: int) -> None:
    """``n`` rows of every registered model, each linked to the others as in real use."""
    for i in range(n):
        learner = UserFactory()
        teacher = UserFactory()
        Group.objects.create(name=f"group {learner.username}")
        document = DocumentFactory()
        ArticleImport.objects.create(
            created_by=learner,
            file_name=f"article-{i}.txt",
            title="An article",
            sha256="0" * 64,
            text="An article.",
            status="done",
            document=document,
        )
        question = QuestionFactory()
        lesson, quiz = question.lesson, question.quiz
        fact = FactFactory()
        Claim.objects.create(
            lesson=lesson,
            anchor=f"s-{i:010}",
            sentence="KFOR entered Kosovo in June 1999.",
            start=0,
            end=4,
            text="KFOR entered Kosovo in June 1999",
            kind="date",
            auto_verdict="SUPPORTED",
            fact=fact,
        )
        LessonProgressFactory(user=learner, lesson=lesson, completed=True)
        attempt = Attempt.objects.create(
            user=learner,
            quiz=quiz,
            question_ids=[question.pk],
            finished_at=COMPLETED_AT,
            score=0.6333333333333333,
        )
        Response.objects.create(
            attempt=attempt,
            question=question,
            answer={"choice": "12 June 1999"},
            correct=True,
            points=0.6333333333333333,
        )
        ReviewCard.fresh(user_id=learner.pk, fact_id=fact.pk, at=NOW).save()
        ProblemReport.objects.create(
            user=learner, question=question, about=question.prompt, reason="unclear"
        )
        DBTaskResult.objects.create(
            task_path="lessons.tasks.example", args_kwargs={"args": [i], "kwargs": {}}
        )
        classroom = Classroom.objects.create(name=f"Class {learner.username}")
        classroom.teachers.add(teacher)
        Membership.objects.create(classroom=classroom, student=learner)
        Assignment.objects.create(classroom=classroom, lesson=lesson, created_by=teacher)
        who = {"username": learner.username, "ip_address": "10.0.0.1", "user_agent": "pytest"}
        page = {"http_accept": "text/html", "path_info": "/accounts/login/"}
        AccessAttempt.objects.create(
            **who, **page, get_data="", post_data="", failures_since_start=1
        )
        AccessLog.objects.create(**who, **page)
        AccessFailureLog.objects.create(**who, **page)
        TOTPDevice.objects.create(user=teacher, name="Authenticator app")


@pytest.fixture
def signed_in(admin: User) -> Client:
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def one_of_each(admin: User) -> None:
    add_everything(1)


def changelist_queries(client: Client, model: type[Model]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200, model
    return len(queries)


def test_every_registered_model_has_a_pinned_changelist_count() -> None:
    assert sorted(label(m) for m in registered()) == sorted(PINNED_CHANGELIST_QUERIES)


def test_every_changelist_costs_the_same_queries_with_one_row_and_with_many(
    signed_in: Client, one_of_each: None
) -> None:
    few = {label(m): changelist_queries(signed_in, m) for m in registered()}
    add_everything(6)
    many = {label(m): changelist_queries(signed_in, m) for m in registered()}
    assert many == few
    assert many == PINNED_CHANGELIST_QUERIES


def objects_of_every_model() -> Iterator[tuple[type[Model], Model]]:
    for model in registered():
        yield model, model._default_manager.order_by("pk").reverse()[0]


def shown(obj: Model) -> str:
    """The start of the object's name as the admin prints it (titles are truncated)."""
    return escape(" ".join(str(obj).split()[:3]))


def test_every_changelist_lists_its_objects(signed_in: Client, one_of_each: None) -> None:
    for model, obj in objects_of_every_model():
        page = signed_in.get(admin_url(model, "changelist")).content.decode()
        assert admin_url(model, "change", obj.pk) in page, model
        assert "Traceback" not in page


def test_every_change_page_shows_its_object(signed_in: Client, one_of_each: None) -> None:
    for model, obj in objects_of_every_model():
        response = signed_in.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, model
        assert shown(obj) in response.content.decode(), model


def test_every_history_page_opens(signed_in: Client, one_of_each: None) -> None:
    for model, obj in objects_of_every_model():
        response = signed_in.get(admin_url(model, "history", obj.pk))
        assert response.status_code == 200, model
        page = response.content.decode()
        assert "history" in page.lower(), model
        assert shown(obj) in page, model


def test_add_pages_open_where_adding_is_allowed(signed_in: Client, admin: User) -> None:
    request = RequestFactory().get("/admin/")
    request.user = admin
    for model, model_admin in django_admin.site._registry.items():
        response = signed_in.get(admin_url(model, "add"))
        if model_admin.has_add_permission(request):
            assert response.status_code == 200, model
            assert f"Add {model._meta.verbose_name}" in response.content.decode(), model
        else:
            assert response.status_code == 403, model


# --------------------------------------------------------------------------- learners' records

RECORDS = [LessonProgress, Attempt, ReviewCard, Membership]


@pytest.mark.parametrize("model", RECORDS, ids=label)
def test_records_have_no_add_button_and_cannot_be_changed(
    model: type[Model], signed_in: Client, one_of_each: None
) -> None:
    changelist = signed_in.get(admin_url(model, "changelist")).content.decode()
    assert admin_url(model, "add") not in changelist
    assert signed_in.get(admin_url(model, "add")).status_code == 403
    obj = model._default_manager.get()
    page = signed_in.get(admin_url(model, "change", obj.pk)).content.decode()
    assert f"View {model._meta.verbose_name}" in page
    assert 'name="_save"' not in page
    before = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    posted = signed_in.post(admin_url(model, "change", obj.pk), {"score": "1"})
    assert posted.status_code == 403
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields} == before


@pytest.mark.parametrize("model", RECORDS, ids=label)
def test_only_a_superuser_deletes_a_record(model: type[Model], one_of_each: None) -> None:
    from django.contrib.auth.models import Permission

    staff = UserFactory(username="stan", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(staff)
    obj = model._default_manager.get()
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()


def test_a_superuser_deletes_an_attempt_with_its_responses(
    signed_in: Client, one_of_each: None
) -> None:
    attempt = Attempt.objects.get()
    response = signed_in.post(admin_url(Attempt, "delete", attempt.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Attempt.objects.exists()
    assert not Response.objects.exists()


def test_scores_are_percentages_with_links_to_the_learner_and_the_quiz(
    signed_in: Client, one_of_each: None
) -> None:
    attempt = Attempt.objects.select_related("user", "quiz").get()
    question = Question.objects.get()
    for url in (admin_url(Attempt, "changelist"), admin_url(Attempt, "change", attempt.pk)):
        page = signed_in.get(url).content.decode()
        assert "63 %" in page
        assert "0.633" not in page
        assert admin_url(User, "change", attempt.user_id) in page
        assert admin_url(type(attempt.quiz), "change", attempt.quiz_id) in page
    page = signed_in.get(admin_url(Attempt, "change", attempt.pk)).content.decode()
    assert admin_url(Question, "change", question.pk) in page  # the answers, read-only


def test_an_attempt_page_costs_the_same_queries_with_one_answer_and_with_many(
    signed_in: Client, one_of_each: None
) -> None:
    attempt = Attempt.objects.get()
    url = admin_url(Attempt, "change", attempt.pk)
    with CaptureQueriesContext(connection) as one:
        signed_in.get(url)
    for question in QuestionFactory.create_batch(5, quiz=attempt.quiz):
        Response.objects.create(
            attempt=attempt, question=question, answer={}, correct=False, points=0
        )
    with CaptureQueriesContext(connection) as six:
        page = signed_in.get(url).content.decode()
    assert page.count('<td class="field-points_percent">') == 6
    assert len(six) == len(one)


def test_progress_and_review_cards_link_to_learner_lesson_and_fact(
    signed_in: Client, one_of_each: None
) -> None:
    progress = LessonProgress.objects.get()
    page = signed_in.get(admin_url(LessonProgress, "changelist")).content.decode()
    assert admin_url(User, "change", progress.user_id) in page
    assert admin_url(type(progress.lesson), "change", progress.lesson_id) in page
    card = ReviewCard.objects.get()
    page = signed_in.get(admin_url(ReviewCard, "changelist")).content.decode()
    assert admin_url(User, "change", card.user_id) in page
    assert admin_url(type(card.fact), "change", card.fact_id) in page


# --------------------------------------------------------------------------- question statistics


def test_question_list_counts_answers_of_its_page_only(
    signed_in: Client, one_of_each: None
) -> None:
    question = Question.objects.get()
    attempt = Attempt.objects.create(
        user=UserFactory(), quiz=question.quiz, question_ids=[question.pk]
    )
    Response.objects.create(attempt=attempt, question=question, answer={}, correct=False, points=0)
    with CaptureQueriesContext(connection) as queries:
        page = signed_in.get(admin_url(Question, "changelist")).content.decode()
    assert '<td class="field-answered">2</td>' in page
    assert '<td class="field-right_rate">50 %</td>' in page
    counting = [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and "quizzes_response" in q["sql"]
    ]
    assert len(counting) == 1
    assert f"IN ({question.pk})" in counting[0]


def test_question_change_page_shows_its_answer_statistics(
    signed_in: Client, one_of_each: None
) -> None:
    question = Question.objects.get()
    page = signed_in.get(admin_url(Question, "change", question.pk)).content.decode()
    assert "1 answers, 100 % right" in page
