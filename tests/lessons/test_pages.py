"""Catalogue, module and lesson pages, and marking a lesson complete."""

import re

import pytest
from django.urls import reverse

from lessons.models import Claim, LessonProgress
from lessons.text.sentences import body_sentences
from tests.factories import (
    DocumentFactory,
    LessonFactory,
    LessonProgressFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)


@pytest.fixture
def module(db):
    module = ModuleFactory(title="KFOR after the war", slug="kfor")
    for n, title in enumerate(["The deployment", "The mandate", "The drawdown"], start=1):
        LessonFactory(
            module=module,
            order=n,
            title=title,
            slug=f"part-{n}",
            body=f"KFOR entered Kosovo in June 1999. {title} is lesson {n}.",
        )
    return module


def lesson_url(module, slug: str) -> str:
    return reverse("lessons:lesson", args=[module.slug, slug])


def test_home_leads_to_the_course(client, db):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("lessons:catalogue")}"' in html
    assert "Start the course" in html


def test_catalogue_lists_modules_with_lesson_count_and_reading_time(client, module):
    ModuleFactory(title="Hidden draft", published=False)
    html = client.get(reverse("lessons:catalogue")).content.decode()
    assert "KFOR after the war" in html
    assert "3 lessons · about 3 min read" in html
    assert "Hidden draft" not in html
    assert "lessons complete" not in html  # no progress for visitors


def test_catalogue_shows_the_learners_progress_and_where_to_continue(client, module, student):
    lessons = list(module.lessons.all())
    LessonProgressFactory(user=student, lesson=lessons[0], completed=True)
    LessonProgressFactory(user=student, lesson=lessons[1])
    client.force_login(student)
    html = client.get(reverse("lessons:catalogue")).content.decode()
    assert "1 of 3 lessons complete" in html
    assert "Continue where you left off: The mandate" in html


def test_progress_is_per_learner(client, module, student, other_student):
    LessonProgressFactory(user=other_student, lesson=module.lessons.first(), completed=True)
    client.force_login(student)
    html = client.get(reverse("lessons:catalogue")).content.decode()
    assert "0 of 3 lessons complete" in html
    assert "Continue where you left off" not in html


def test_module_page_shows_the_disclaimer_once_and_lesson_status(client, module, student):
    module.document = DocumentFactory(disclaimer="This content was produced by AI.")
    module.save()
    LessonProgressFactory(user=student, lesson=module.lessons.first(), completed=True)
    client.force_login(student)
    html = client.get(reverse("lessons:module", args=["kfor"])).content.decode()
    assert html.count("This content was produced by AI.") == 1
    assert "Complete</span>" in html
    assert html.count("Not started</span>") == 2


def test_lesson_page_renders_the_body_with_sentence_anchors_and_neighbours(client, module):
    html = client.get(lesson_url(module, "part-2")).content.decode()
    assert '<span class="sentence unchecked" id="s-' in html  # no claim was checked here
    assert "0 of 2 sentences checked: 0 supported, 0 contradicted, 0 unverified." in html
    assert "KFOR entered Kosovo in June 1999." in html
    assert "Lesson 2 of 3" in html
    assert 'rel="prev" href="/lessons/kfor/part-1/"' in html
    assert 'rel="next" href="/lessons/kfor/part-3/"' in html
    assert "to keep track of the lessons you have read" in html


def test_unpublished_lessons_are_not_found(client, module):
    module.lessons.filter(slug="part-3").update(published=False)
    assert client.get(lesson_url(module, "part-3")).status_code == 404
    assert client.get(reverse("lessons:lesson", args=["kfor", "nope"])).status_code == 404


def test_opening_a_lesson_records_it_once(client, module, student):
    client.force_login(student)
    client.get(lesson_url(module, "part-1"))
    client.get(lesson_url(module, "part-1"))
    assert LessonProgress.objects.filter(user=student).count() == 1


def test_coming_back_later_moves_last_opened(client, module, student):
    from datetime import timedelta

    client.force_login(student)
    client.get(lesson_url(module, "part-1"))
    progress = LessonProgress.objects.get(user=student)
    earlier = progress.last_opened - timedelta(hours=2)
    LessonProgress.objects.filter(pk=progress.pk).update(last_opened=earlier)
    client.get(lesson_url(module, "part-1"))
    progress.refresh_from_db()
    assert progress.last_opened > earlier + timedelta(hours=1)


def test_mark_complete_with_a_plain_post_redirects_back_to_the_lesson(client, module, student):
    client.force_login(student)
    url = reverse("lessons:complete", args=["kfor", "part-1"])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == lesson_url(module, "part-1")
    html = client.get(response["Location"]).content.decode()
    assert "You completed this lesson." in html
    assert "1 of 3 lessons complete in this module" in html


def test_mark_complete_with_htmx_returns_the_progress_fragment(client, module, student):
    client.force_login(student)
    url = reverse("lessons:complete", args=["kfor", "part-1"])
    response = client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="lesson-progress"')
    assert "Marked as complete." in html
    assert "1 of 3 lessons complete in this module" in html
    assert "<html" not in html


def test_mark_complete_twice_keeps_the_first_completion(client, module, student):
    client.force_login(student)
    url = reverse("lessons:complete", args=["kfor", "part-1"])
    client.post(url)
    first = LessonProgress.objects.get(user=student).completed_at
    client.post(url)
    assert LessonProgress.objects.get(user=student).completed_at == first
    assert LessonProgress.objects.filter(user=student).count() == 1


def test_mark_complete_needs_login_and_post(client, module, student):
    url = reverse("lessons:complete", args=["kfor", "part-1"])
    assert client.post(url).status_code == 302
    assert not LessonProgress.objects.exists()
    client.force_login(student)
    assert client.get(url).status_code == 405


def _crowd(module, learners: int, extra_lessons: int) -> None:
    for n in range(extra_lessons):
        LessonFactory(module=module, order=10 + n)
    for user in UserFactory.create_batch(learners):
        for lesson in module.lessons.all():
            LessonProgressFactory(user=user, lesson=lesson, completed=True)


@pytest.mark.parametrize(("learners", "extra_lessons"), [(0, 0), (12, 20)])
def test_catalogue_query_count_does_not_grow(
    client, module, student, learners, extra_lessons, django_assert_num_queries
):
    _crowd(module, learners, extra_lessons)
    ModuleFactory.create_batch(3)
    client.force_login(student)
    LessonProgressFactory(user=student, lesson=module.lessons.first())
    # user, role (nav), modules+stats, progress per module, resume lesson, quizzes
    # (+active questions), the learner's scores
    with django_assert_num_queries(7):
        client.get(reverse("lessons:catalogue"))


@pytest.mark.parametrize(("learners", "extra_lessons"), [(0, 0), (12, 20)])
def test_lesson_page_query_count_does_not_grow(
    client, module, student, learners, extra_lessons, django_assert_num_queries
):
    _crowd(module, learners, extra_lessons)
    QuestionFactory(quiz=QuizFactory(lesson=module.lessons.get(slug="part-2")))
    client.force_login(student)
    client.get(lesson_url(module, "part-2"))  # creates the progress row, caches the body
    # The learner's records changed (the row): their parts are made again. User, the module's
    # progress rows (no write: opened a moment ago), role (nav),
    # best score (the lesson's content part - lesson, siblings, body, key facts -
    # and its quiz are cached per content version; tests/lessons/test_keyfacts.py pins a cold
    # cache)
    with django_assert_num_queries(4):
        client.get(lesson_url(module, "part-2"))
    # Nothing changed since: the user alone (the session is in the cache)
    with django_assert_num_queries(1):
        response = client.get(lesson_url(module, "part-2"))
    assert "Mark as complete" in response.content.decode()


def test_after_finishing_a_module_continue_goes_to_the_next_one(client, module, student):
    later = ModuleFactory(title="Later module", order=module.order + 1)
    LessonFactory(module=later, order=1, title="Next module's first lesson")
    for lesson in module.lessons.all():
        LessonProgressFactory(user=student, lesson=lesson, completed=True)
    client.force_login(student)
    html = client.get(reverse("lessons:catalogue")).content.decode()
    assert "Continue where you left off: Next module&#x27;s first lesson" in html


def test_another_learners_progress_never_changes_where_i_continue(
    client, module, student, other_student
):
    first, second, _ = module.lessons.all()
    LessonProgressFactory(user=student, lesson=first, completed=True)
    LessonProgressFactory(user=student, lesson=second)  # opened, not finished
    LessonProgressFactory(user=other_student, lesson=second, completed=True)
    client.force_login(student)
    html = client.get(reverse("lessons:catalogue")).content.decode()
    assert "Continue where you left off: The mandate" in html


def test_unpublished_lessons_do_not_count_in_module_progress(client, module, student):
    lessons = list(module.lessons.all())
    for lesson in lessons:
        LessonProgressFactory(user=student, lesson=lesson, completed=True)
    LessonFactory(module=module, order=9, published=True)
    lessons[0].published = False
    lessons[0].save()
    client.force_login(student)
    html = client.get(reverse("lessons:module", args=["kfor"])).content.decode()
    assert "2 of 3 lessons complete" in html


# --- quizzes on the module and catalogue pages (through quizzes' template tags) --------------


def _quizzes(module) -> list:
    """A quiz with a question for the first two lessons (the third has nothing checkable), and
    the module test."""
    lessons = list(module.lessons.order_by("order"))
    quizzes = [QuizFactory(lesson=lesson, module=module) for lesson in lessons]
    for quiz in quizzes[:2]:
        QuestionFactory(quiz=quiz)
    return [*quizzes, QuizFactory(lesson=None, module=module)]


def _finish(user, quiz, score: float) -> None:
    from django.utils import timezone

    from quizzes.models import Attempt

    Attempt.objects.create(
        user=user, quiz=quiz, question_ids=[], finished_at=timezone.now(), score=score
    )


def test_module_page_links_to_the_module_test_and_each_lessons_quiz(client, module):
    first, second, third, test = _quizzes(module)
    html = client.get(reverse("lessons:module", args=["kfor"])).content.decode()
    assert f'<a class="button" href="{test.get_absolute_url()}">Take the module test</a>' in html
    assert f'href="{first.get_absolute_url()}">Quiz<span class="visually-hidden">: ' in html
    assert f'href="{second.get_absolute_url()}"' in html
    assert f'href="{third.get_absolute_url()}"' not in html  # no questions: no quiz
    assert "Not taken" not in html  # visitors have no scores


def test_module_page_shows_each_quiz_status_and_counts_quizzes_passed(
    client, module, student, other_student
):
    first, second, _, test = _quizzes(module)
    LessonProgressFactory(user=student, lesson=first.lesson, completed=True)
    _finish(student, first, 0.6)
    _finish(student, first, 0.9)
    _finish(student, test, 0.5)
    _finish(other_student, second, 1.0)
    client.force_login(student)
    html = client.get(reverse("lessons:module", args=["kfor"])).content.decode()
    assert "1 of 3 lessons complete" in html
    assert "1 of 2 quizzes passed" in html
    assert "A quiz is passed when your best score on it is 80% or more." in html
    assert 'Passed · best 90%</span> <span class="meta">last 90%</span>' in html
    assert html.count("Not taken</span>") == 1  # the second lesson's quiz: omar's is not mine
    assert 'Take the module test</a>\n    <span class="quiz-status">' in html
    assert 'Best 50%</span> <span class="meta">last 50%</span>' in html


def test_catalogue_counts_quizzes_passed_per_module(client, module, student):
    first, *_ = _quizzes(module)
    _finish(student, first, 1.0)
    client.force_login(student)
    html = client.get(reverse("lessons:catalogue")).content.decode()
    assert "1 of 2 quizzes passed" in html
    client.logout()
    assert "quizzes passed" not in client.get(reverse("lessons:catalogue")).content.decode()


@pytest.mark.parametrize(("learners", "attempts"), [(0, 1), (12, 60)])
def test_module_page_query_count_does_not_grow(
    client, module, student, learners, attempts, django_assert_num_queries
):
    _crowd(module, learners, extra_lessons=0)
    quizzes = _quizzes(module)
    for n in range(attempts):
        _finish(student, quizzes[n % 4], n % 2)
    client.force_login(student)
    # user, role (nav), module, lessons, the learner's lesson progress, quizzes
    # (+active questions), the learner's scores
    with django_assert_num_queries(7):
        client.get(reverse("lessons:module", args=["kfor"]))


def test_a_lesson_says_how_much_of_it_the_sources_checked(client, course):
    lesson = Claim.objects.refuted().first().lesson
    html = client.get(lesson.get_absolute_url()).content.decode()
    shown = re.search(
        r"(\d+) of (\d+) sentences checked: (\d+) supported, (\d+) contradicted", html
    )
    assert shown is not None
    checked, total, _supported, contradicted = map(int, shown.groups())
    assert total == len(body_sentences(lesson.body))
    assert checked == len(set(lesson.claims.values_list("anchor", flat=True)))
    assert contradicted >= 1
    assert html.count('class="sentence unchecked"') == total - checked
    assert "not checked: no claim the sources could settle" in html


def test_the_coverage_line_counts_each_checked_sentence_once_by_its_worst_claim(client, course):
    lesson = Claim.objects.refuted().first().lesson
    worst: dict[str, str] = {}
    rank = {"REFUTED": 0, "NOT_ENOUGH_INFO": 1, "SUPPORTED": 2}
    for claim in lesson.claims.all():
        if claim.anchor not in worst or rank[claim.verdict] < rank[worst[claim.anchor]]:
            worst[claim.anchor] = claim.verdict
    counts = [list(worst.values()).count(v) for v in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")]
    html = client.get(lesson.get_absolute_url()).content.decode()
    total = len(body_sentences(lesson.body))
    assert (
        f'<p class="coverage" id="marks-coverage">{len(worst)} of {total} sentences checked: '
        f"{counts[0]} supported, {counts[1]} contradicted, {counts[2]} unverified.</p>"
    ) in html


def test_marks_sit_on_the_claims_words_and_a_mixed_sentence_shows_no_bare_tick(client, course):
    from lxml import html as lxml_html

    unverified = Claim.objects.unverified().get(text__contains="23,000")
    supported = Claim.objects.supported().get(anchor=unverified.anchor, lesson=unverified.lesson)
    root = lxml_html.fromstring(client.get(unverified.lesson.get_absolute_url()).content)
    (sentence,) = root.xpath(f'//span[@id="{unverified.anchor}"]')
    assert sentence.get("class") == "sentence checked checked-unverified"
    buttons = sentence.xpath(".//button")
    assert [button.xpath("string(./span[@aria-hidden])") for button in buttons] == ["✓", "?"]
    assert [button.xpath("string(./span[@class='visually-hidden'])") for button in buttons] == [
        f"Fact check of “{supported.text}”: supported",
        f"Fact check of “{unverified.text}”: not verified",
    ]
    assert "38,000" in supported.text
    # Each mark follows the underlined words of its own claim.
    text = "".join(sentence.itertext())
    assert f"{supported.text}✓" in text
    assert f"{unverified.text}?" in text
    for claim, kind in ((supported, "supported"), (unverified, "unverified")):
        pieces = sentence.xpath(f'.//span[@class="claim-words claim-words-{kind}"]')
        assert "".join(piece.text_content() for piece in pieces) == claim.text
    unchecked = root.xpath('//span[@class="sentence unchecked"]')
    assert unchecked
    assert not any(s.xpath(".//button") for s in unchecked)
    legend = root.xpath('string(//p[@id="marks-legend"])')
    assert "not checked: no claim the sources could settle" in legend
