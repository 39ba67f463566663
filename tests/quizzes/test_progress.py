"""/progress/: the learner's own lessons read, quiz scores, mastery, streak, attempts and what
is due, in a constant number of queries."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kosovo_edu.classrooms.models import Membership
from quizzes.mastery import Mastery
from quizzes.models import ProblemReport, Response
from quizzes.models.reports import ReportStatus
from quizzes.progress import active_days, overall_level, streak
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.factories import UserFactory

from .learners import build_course, busy_learner, card, page_for, read, take

URL = reverse("progress:index")


@pytest.fixture
def course(db):
    return build_course()


def page(client, user) -> str:
    return page_for(client, user, URL)


def text(html: str) -> str:
    """The page's words, tags and runs of spaces squeezed out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_nav_links_to_progress_for_signed_in_users_only(client, course, student):
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()
    html = page(client, student)
    assert f'<a href="{URL}" aria-current="page">Progress</a>' in html


def test_it_shows_lessons_read_best_and_last_scores_per_lesson(client, course, student):
    first, second, *_ = course.lessons
    read(student, first)
    read(student, second, done=False)
    day = timezone.now() - timedelta(days=3)
    take(student, course.quizzes[0], 0.5, at=day)
    take(student, course.quizzes[0], 1.0, at=day + timedelta(hours=1))
    take(student, course.quizzes[1], 1.0, at=day + timedelta(hours=2))
    take(student, course.quizzes[1], 0.5, at=day + timedelta(hours=3))
    words = text(page(client, student))
    for line in [
        "1 of 4 lessons read",
        "1 of 3 lessons read · 2 of 3 quizzes passed",
        "The deployment Read Quiz : The deployment Passed · best 100% last 100%",
        "The mandate Started Quiz : The mandate Passed · best 100% last 50%",
        "The drawdown Not read Quiz : The drawdown Not taken",
        "2 of 4 quizzes passed",
        "passed when your best score on it is 80% or more",
    ]:
        assert line in words


def test_mastery_is_the_level_most_of_the_facts_have_reached(client, course, student):
    deployment, mandate = (course.questions(quiz) for quiz in course.quizzes[:2])
    for question in deployment:
        card(student, question, Mastery.MASTERED, due_in=timedelta(days=9))
    card(student, mandate[0], Mastery.FAMILIAR, due_in=timedelta(days=2))
    words = text(page(client, student))
    assert "Mastered · 2/2 facts mastered" in words  # The deployment
    assert "Not started · 0/2 facts mastered" in words  # one of two facts familiar: no majority
    # KFOR: 6 facts, 2 mastered, 1 familiar, 3 not started.
    assert "Mastery (most facts): Not started 2 of 6 facts mastered" in words
    assert "2 of 8 facts mastered" in words


def test_overall_level_needs_more_than_half_of_the_facts():
    M = Mastery
    assert overall_level([]) == M.NOT_STARTED
    assert overall_level([M.MASTERED]) == M.MASTERED
    assert overall_level([M.MASTERED, M.NOT_STARTED]) == M.NOT_STARTED
    assert overall_level([M.MASTERED, M.FAMILIAR, M.NOT_STARTED]) == M.FAMILIAR
    assert overall_level([M.MASTERED, M.MASTERED, M.PROFICIENT, M.ATTEMPTED]) == M.PROFICIENT


def test_each_attempt_links_to_its_results_and_the_chart_plots_the_same_scores(
    client, course, student
):
    start = timezone.now() - timedelta(days=5)
    attempts = [
        take(student, quiz, score, at=start + timedelta(days=n))
        for n, (quiz, score) in enumerate(zip(course.quizzes, [0.5, 1.0, 0.5, 1.0], strict=True))
    ]
    html = page(client, student)
    for attempt in attempts:
        assert f'href="{reverse("quizzes:results", args=[attempt.pk])}"' in html
    rows = re.findall(
        r"<tr>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>\s*<th scope=\"row\"><a [^>]+>([^<]+)<", html
    )
    assert [(int(n), title) for n, _, title in rows] == [
        (4, "The handover"),
        (3, "The drawdown"),
        (2, "The mandate"),
        (1, "The deployment"),
    ]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="score-chart" role="img"' in html
    tips = re.findall(r"<circle[^>]*><title>([^<]+)</title>", html)
    assert [tip.split(":")[0] for tip in tips] == [
        f"Attempt {n}, {rows[4 - n][1]}" for n in range(1, 5)
    ]
    assert "4 scores from" in html
    assert "latest 100%" in html


def test_without_attempts_it_says_how_to_get_scores(client, course, student):
    html = page(client, student)
    assert "No finished quizzes yet." in html
    assert "<svg" not in html
    assert "Start the course" in html


def test_continue_goes_to_the_resume_lesson_and_review_shows_what_is_due(client, course, student):
    read(student, course.lessons[0])
    read(student, course.lessons[1], done=False)
    questions = course.questions(course.quizzes[0])
    card(student, questions[0], Mastery.ATTEMPTED, due_in=-timedelta(hours=1))
    card(student, questions[1], Mastery.FAMILIAR, due_in=-timedelta(minutes=5))
    card(
        student, course.questions(course.quizzes[1])[0], Mastery.FAMILIAR, due_in=timedelta(days=1)
    )
    html = page(client, student)
    lesson = course.lessons[1]
    assert f'<a class="button" href="{lesson.get_absolute_url()}">Continue: The mandate</a>' in html
    assert "2 facts due for review" in text(html)
    assert f'href="{reverse("review:index")}">Review 2 facts due</a>' in html


def test_days_active_in_a_row_count_answers_and_lessons_finished(client, course, student):
    now = timezone.now()
    take(student, course.quizzes[0], 1.0, at=now - timedelta(days=1))
    read(student, course.lessons[0], at=now - timedelta(days=2))
    take(student, course.quizzes[1], 1.0, at=now - timedelta(days=4))
    words = text(page(client, student))
    assert "2 days active in a row" in words
    assert "today to keep it going" in words


def test_a_streak_is_alive_until_a_whole_day_is_missed():
    today = date(2026, 3, 10)
    days = {date(2026, 3, 9), date(2026, 3, 8), date(2026, 3, 6)}
    assert streak(days, today) == 2
    assert streak(days | {today}, today) == 3
    assert streak(days, date(2026, 3, 11)) == 0
    assert streak(set(), today) == 0


def test_active_days_are_the_learners_local_days(course, student, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # UTC+9: 20:00 UTC is the next morning there
    take(student, course.quizzes[0], 1.0, at=datetime(2026, 1, 1, 20, 0, tzinfo=UTC))
    read(student, course.lessons[0], at=datetime(2026, 1, 1, 10, 0, tzinfo=UTC))
    assert active_days(student) == {date(2026, 1, 2), date(2026, 1, 1)}


def test_questions_last_answered_wrong_are_listed_until_answered_right(client, course, student):
    quiz = course.quizzes[0]
    first = take(student, quiz, 0.5, at=timezone.now() - timedelta(hours=2))
    wrong = Response.objects.get(attempt=first, correct=False).question
    html = page(client, student)
    assert "Still to get right" in html
    assert wrong.prompt in html
    take(student, quiz, 1.0)
    assert "Still to get right" not in page(client, student)


def test_another_learners_progress_is_never_shown(client, course, student, other_student):
    theirs = busy_learner(other_student, course)
    words = text(html := page(client, student))
    assert reverse("quizzes:results", args=[theirs.pk]) not in html
    assert "0 of 4 lessons read" in words
    assert "0 of 4 quizzes passed" in words
    assert "0 of 8 facts mastered" in words
    assert "0 facts due for review" in words
    assert "Still to get right" not in words
    assert "No finished quizzes yet." in words


@pytest.mark.parametrize("attempts", [1, 200])
def test_the_page_costs_the_same_with_one_attempt_or_two_hundred(
    client, course, student, attempts, django_assert_num_queries
):
    start = timezone.now() - timedelta(days=30)
    for n in range(attempts):
        quiz = course.quizzes[n % 4]
        take(student, quiz, (n % 3) / 2, at=start + timedelta(hours=3 * n))
    read(student, course.lessons[0])
    read(student, course.lessons[1], done=False)
    card(student, course.questions(course.quizzes[0])[0], Mastery.FAMILIAR, due_in=-timedelta(1))
    others = UserFactory.create_batch(3)
    for other in others:
        take(other, course.quizzes[0], 1.0)
    client.force_login(student)
    # user, role (nav); lessons, quizzes, scores, lesson progress; facts of the
    # questions, cards; active days; latest attempts, attempts finished; facts due (and the
    # next); resume lesson; unfinished attempts; mistakes; assignments (classrooms); problem
    # reports; the soonest scheduled lesson or module (how long the page may be kept)
    with django_assert_num_queries(18):
        html = client.get(URL).content.decode()
    # Kept for this version of the learner's records: the user alone
    with django_assert_num_queries(1):
        again = client.get(URL).content.decode()
    assert _per_response(again) == _per_response(html)
    shown = min(attempts, 30)
    assert html.count('<th scope="row"><a href="/quizzes/attempts/') == shown
    if attempts > 30:
        assert f"the latest 30 of {attempts}" in html


def _per_response(html: str) -> str:
    """The page without what every response makes anew: its CSP nonce and CSRF token."""
    return re.sub(r'nonce="[^"]+"|[A-Za-z0-9]{64}', "", html)


def test_the_kept_page_follows_the_learners_records_and_the_clock(
    client, course, student, teacher, monkeypatch
):
    """The page is kept per version of the learner's records: each change below is on the very
    next view, those of the clock (a fact falling due, a deadline passing) included."""
    now = timezone.now()
    question = course.questions(course.quizzes[0])[0]
    card(student, question, Mastery.FAMILIAR, due_in=timedelta(seconds=20))
    client.force_login(student)

    def words() -> str:
        response = client.get(URL)
        assert response.status_code == 200
        return text(response.content.decode())

    assert "0 facts due for review" in words()
    assert "Your assignments" not in words()  # kept: the same page again

    classroom = ClassroomFactory(teachers=[teacher], students=[student])
    assigned = course.lessons[2]
    AssignmentFactory(classroom=classroom, lesson=assigned, due_at=now + timedelta(seconds=40))
    assert f"Due Read: {assigned.title}" in words()

    report = ProblemReport.objects.create(
        user=student, question=question, about=question.prompt, reason="unclear"
    )
    html = words()
    assert f"Question: “{question.prompt}”" in html
    assert "The admins' note" not in html
    ProblemReport.objects.filter(pk=report.pk).resolve(
        ReportStatus.DISMISSED, by=teacher, note="The source says so."
    )
    assert "The admins' note: The source says so." in words()

    read(student, course.lessons[0])
    assert "1 of 4 lessons read" in words()

    # Sooner than a kept page expires anyway (LEARNER_TTL): the fact falls due, then the
    # assignment's deadline passes.
    later = now + timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "1 fact due for review" in words()
    assert f"Due Read: {assigned.title}" in words()
    latest = now + timedelta(seconds=45)
    monkeypatch.setattr(timezone, "now", lambda: latest)
    assert f"Late Read: {assigned.title}" in words()

    classroom.archived = True
    classroom.save()
    assert "Your assignments" not in words()
    classroom.archived = False
    classroom.save()
    assert "Your assignments" in words()
    Membership.objects.filter(student=student).delete()
    assert "Your assignments" not in words()
