"""Publishing and scheduling: what learners, teachers and visitors see of content that is (a) an
unpublished lesson, (b) in an unpublished module, (c) a lesson scheduled for later and (d) a
deactivated question - nothing, on any page, export or report - and (c) once its time comes."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.classrooms.models import Assignment
from lessons.models import Claim, Lesson, Module, Verdict
from lessons.pagecache import PAGE_TTL, page_ttl
from quizzes.exports.selection import exportable
from quizzes.mastery import Mastery
from quizzes.models import Question, Quiz
from quizzes.reviews import due_question_ids, mistakes
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.factories import FactFactory, LessonFactory, ModuleFactory, QuestionFactory, QuizFactory
from tests.quizzes.learners import card, read, take

HIDDEN = ["Halley", "Orion", "Rigel", "Sirius", "Retired"]
"""Words only the hidden content uses: (a) Halley, (b) Orion's lesson Rigel, (c) Sirius,
(d) the Retired question."""


@dataclass
class Sky:
    shown: Lesson
    unpublished: Lesson  # (a)
    hidden_module: Module  # (b)
    scheduled: Lesson  # (c)
    retired: Question  # (d)


def _lesson_with_question(module: Module, order: int, name: str) -> tuple[Lesson, Quiz]:
    """A lesson named ``name``, its quiz with a true/false question built on a refuted claim
    of the lesson, every text carrying the name."""
    lesson = LessonFactory(
        module=module,
        order=order,
        title=f"{name} lesson",
        slug=name.lower(),
        source_text=f"{name} arrived in 1999.",
    )
    quiz = QuizFactory(lesson=lesson, module=module)
    fact = FactFactory(statement=f"The {name} fact.")
    claim = Claim.objects.create(
        lesson=lesson,
        anchor="s-0000000001",
        sentence=lesson.body,
        start=0,
        end=len(name),
        text=name,
        kind="date",
        auto_verdict=Verdict.REFUTED,
        fact=fact,
        correct_value="2001",
    )
    QuestionFactory(
        quiz=quiz,
        fact=fact,
        claim=claim,
        kind="true_false",
        options=[],
        answer={"correct": False},
        prompt=f"{name} prompt: true or false?",
    )
    return lesson, quiz


@pytest.fixture
def sky(db, student, teacher) -> Sky:
    """Everything visible, a student who did everything in it (read, took every quiz wrong,
    has every fact due), in a class with an assignment on each lesson; then hidden."""
    stars = ModuleFactory(title="Stars module", slug="stars", order=1)
    orion = ModuleFactory(title="Orion module", slug="orion", order=2)
    shown, shown_quiz = _lesson_with_question(stars, 1, "Vega")
    unpublished, _ = _lesson_with_question(stars, 2, "Halley")
    scheduled, _ = _lesson_with_question(stars, 3, "Sirius")
    rigel, _ = _lesson_with_question(orion, 1, "Rigel")
    retired = QuestionFactory(
        quiz=shown_quiz, fact=FactFactory(statement="The Retired fact."), prompt="Retired prompt?"
    )
    QuizFactory(lesson=None, module=stars)
    QuizFactory(lesson=None, module=orion)
    classroom = ClassroomFactory(name="Astronomy", teachers=[teacher], students=[student])
    for lesson in (shown, unpublished, scheduled, rigel):
        read(student, lesson, done=lesson != shown)
        take(student, lesson.quiz, 0.0)
        AssignmentFactory(classroom=classroom, lesson=lesson)
    for question in Question.objects.all():
        card(student, question, Mastery.ATTEMPTED, due_in=-timedelta(hours=1))
    AssignmentFactory(classroom=classroom, lesson=None, quiz=rigel.quiz)
    Lesson.objects.filter(pk=unpublished.pk).update(published=False)
    Module.objects.filter(pk=orion.pk).update(published=False)
    Lesson.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() + timedelta(days=1))
    Question.objects.filter(pk=retired.pk).update(active=False)
    return Sky(shown, unpublished, orion, scheduled, retired)


def _absent(text: str, where: str) -> None:
    for word in HIDDEN:
        assert word not in text, f"{word!r} shown on {where}"


LEARNER_PAGES = [
    "/",
    "/lessons/",
    "/lessons/stars/",
    "/quizzes/",
    "/facts/",
    "/facts/?verdict=REFUTED",
]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_visible_content_is_there_to_compare(client, sky, student):
    """The control: the same pages do show the visible lesson, so an absence means something."""
    client.force_login(student)
    assert "Vega lesson" in _page(client, "/lessons/stars/")
    assert "Vega lesson" in _page(client, "/quizzes/")
    assert "Vega arrived in 1999." in _page(client, "/facts/")
    assert "Vega lesson" in _page(client, "/progress/")


@pytest.mark.parametrize("who", ["visitor", "student", "teacher"])
def test_no_page_lists_hidden_content(client, sky, who, request):
    if who != "visitor":
        client.force_login(request.getfixturevalue(who))
    pages = [*LEARNER_PAGES, sky.shown.get_absolute_url(), sky.shown.quiz.get_absolute_url()]
    if who != "visitor":
        pages += ["/progress/", "/review/"]
    for url in pages:
        _absent(_page(client, url), url)


@pytest.mark.parametrize("who", ["visitor", "student", "teacher"])
def test_hidden_lessons_modules_and_their_quizzes_are_not_found(client, sky, who, request):
    if who != "visitor":
        client.force_login(request.getfixturevalue(who))
    hidden = [sky.unpublished, sky.scheduled, *sky.hidden_module.lessons.all()]
    urls = [lesson.get_absolute_url() for lesson in hidden]
    urls += [lesson.quiz.get_absolute_url() for lesson in hidden]
    urls += [sky.hidden_module.get_absolute_url(), reverse("quizzes:module_test", args=["orion"])]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_a_learner_cannot_start_or_reopen_a_hidden_quiz(client, sky, student):
    client.force_login(student)
    assert client.post(reverse("quizzes:start", args=[sky.unpublished.quiz.pk])).status_code == 404
    old = student.attempts.get(quiz=sky.scheduled.quiz)
    assert client.get(old.get_results_url()).status_code == 404


def test_quizzes_reviews_and_mistakes_never_draw_hidden_questions(sky, student):
    shown = Question.objects.filter(prompt__startswith="Vega").get()
    test = Quiz.objects.get(module__slug="stars", lesson=None)
    assert list(test.pool()) == [shown]
    assert list(sky.shown.quiz.pool()) == [shown]
    drawn = due_question_ids(user=student, now=timezone.now(), rng=random.Random(1))
    assert drawn == [shown.pk]
    assert list(mistakes(student)) == [shown]


def test_the_home_page_offers_no_hidden_step_or_assignment(client, sky, student):
    client.force_login(student)
    html = _page(client, "/")
    assert "Read: Vega lesson" in html  # the visible assignment is listed
    _absent(html, "home")


def test_exports_leave_hidden_questions_out(sky):
    assert list(exportable().values_list("prompt", flat=True)) == ["Vega prompt: true or false?"]
    out = StringIO()
    call_command("export_quiz", "--format", "gift", stdout=out, stderr=StringIO())
    assert "Vega prompt" in out.getvalue()
    _absent(out.getvalue(), "the GIFT export")
    with pytest.raises(CommandError, match="no published module 'orion'"):
        call_command("export_quiz", "--format", "gift", "--module", "orion", stdout=StringIO())
    with pytest.raises(CommandError, match=f"no published lesson {sky.scheduled.pk}"):
        call_command(
            "export_quiz", "--format", "gift", "--lesson", str(sky.scheduled.pk), stdout=StringIO()
        )


def test_the_teachers_report_and_csvs_leave_hidden_content_out(client, sky, teacher, student):
    client.force_login(teacher)
    classroom = student.memberships.get().classroom
    dashboard = _page(client, reverse("teach:class", args=[classroom.pk]))
    assert "Vega prompt" in dashboard  # item analysis of the visible question
    assert "“Vega arrived in 1999.”" in dashboard  # a misconception on the visible lesson
    assert "The Vega fact." in dashboard  # most missed facts
    _absent(dashboard, "the class dashboard")
    student_page = _page(client, reverse("teach:student", args=[classroom.pk, student.pk]))
    assert "Vega lesson" in student_page
    _absent(student_page, "the student's page")
    for name in ("export_results", "export_items"):
        _absent(_page(client, reverse(f"teach:{name}", args=[classroom.pk])), name)
    assert Assignment.objects.filter(classroom=classroom).visible().count() == 1


def test_a_scheduled_lesson_appears_when_its_time_comes(client, sky, student):
    client.force_login(student)
    url = sky.scheduled.get_absolute_url()
    assert client.get(url).status_code == 404
    Lesson.objects.filter(pk=sky.scheduled.pk).update(publish_at=timezone.now() - timedelta(1))
    assert "Sirius lesson" in _page(client, url)
    assert "Sirius lesson" in _page(client, "/lessons/stars/")
    assert "Sirius lesson" in _page(client, reverse("quizzes:index"))
    assert "Sirius lesson" in _page(client, "/progress/")


def test_a_cached_visitors_page_expires_when_a_scheduled_lesson_comes_out(client, sky):
    """The visible lesson's page lists its module's lessons: cached just before Sirius comes
    out, it is served no longer than until Sirius's time, then shows Sirius."""
    out_at = timezone.now() + timedelta(seconds=2)
    Lesson.objects.filter(pk=sky.scheduled.pk).update(publish_at=out_at)
    page = sky.shown.get_absolute_url()
    assert "Sirius" not in _page(client, page)
    assert page_ttl() <= 2 < PAGE_TTL
    time.sleep(max(0.0, (out_at - timezone.now()).total_seconds()) + 0.2)
    assert "Sirius lesson" in _page(client, page)  # no edit moved the version: the TTL did
    assert page_ttl() == PAGE_TTL  # nothing scheduled any more


def test_unpublishing_in_the_admin_drops_the_cached_page_at_once(
    client, admin_client, change_form, sky, django_capture_on_commit_callbacks
):
    page = sky.shown.get_absolute_url()
    assert "Vega lesson" in _page(client, page)
    url = reverse("admin:lessons_lesson_change", args=[sky.shown.pk])
    data = change_form(url)
    del data["published"]
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    assert client.get(page).status_code == 404


def test_the_admin_lists_show_and_filter_what_learners_see(admin_client, sky):
    lessons = reverse("admin:lessons_lesson_changelist")
    html = admin_client.get(lessons).content.decode()
    for title in ("Vega lesson", "Halley lesson", "Sirius lesson", "Rigel lesson"):
        assert title in html  # admins see everything
    assert "Scheduled: " in html
    assert "Unpublished" in html
    scheduled = admin_client.get(lessons, {"availability": "scheduled"}).content.decode()
    assert "Sirius lesson" in scheduled
    assert "Vega lesson" not in scheduled
    visible = admin_client.get(lessons, {"availability": "visible"}).content.decode()
    assert "Vega lesson" in visible
    for title in ("Halley lesson", "Sirius lesson", "Rigel lesson"):
        assert title not in visible
    modules = reverse("admin:lessons_module_changelist")
    hidden = admin_client.get(modules, {"availability": "hidden"}).content.decode()
    assert "Orion module" in hidden
    assert "Stars module" not in hidden
