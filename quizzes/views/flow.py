"""The quiz flow: intro, start, one question at a time with instant feedback, results."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lessons.models import Module
from lessons.pagecache import (
    account_part,
    cached_shell,
    kept_for_learner,
    page_ttl,
    rendered_part,
    request_content_version,
    respond,
    versioned,
    with_parts,
)
from lessons.views import LearnerRequest
from quizzes.grading import Grade, InvalidAnswer, answer_fields, grade
from quizzes.models import Attempt, AttemptKind, Question, Quiz, Response
from quizzes.next_steps import PASS_PERCENT, up_next
from quizzes.services import (
    AlreadyAnswered,
    AnswerRejected,
    AttemptClosed,
    NoSuchAttempt,
    finish_if_complete,
    record_answer,
    start_attempt,
)


@dataclass(frozen=True)
class ScoredQuiz:
    quiz: Quiz
    best: float | None  # the learner's best finished score, 0-1


@dataclass
class ModuleQuizzes:
    """One module's entry on the quiz index: its test and its lessons' quizzes."""

    module: Module
    test: ScoredQuiz | None = None
    lessons: list[ScoredQuiz] = field(default_factory=list)


def index(request: HttpRequest) -> HttpResponse:
    """Every module test and lesson quiz, with the learner's best scores."""
    quizzes = (
        Quiz.objects.published()
        .select_related("module", "lesson")
        .order_by("module__order", "lesson__order")
    )
    best = (
        Attempt.objects.for_learner(request.user).best_scores()
        if request.user.is_authenticated
        else {}
    )
    modules: dict[int, ModuleQuizzes] = {}
    for quiz in quizzes:
        entry = modules.setdefault(quiz.module_id, ModuleQuizzes(quiz.module))
        scored = ScoredQuiz(quiz, best.get(quiz.pk))
        if quiz.is_module_test:
            entry.test = scored
        else:
            entry.lessons.append(scored)
    return render(request, "quizzes/index.html", {"modules": list(modules.values())})


def _intro(request: HttpRequest, quiz: Quiz) -> HttpResponse:
    count = quiz.pool().count()
    attempts = []
    if request.user.is_authenticated:
        attempts = list(Attempt.objects.for_learner(request.user).for_quiz(quiz)[:5])
    finished = [a.score for a in attempts if a.is_finished and a.score is not None]
    context = {
        "quiz": quiz,
        "question_count": min(count, quiz.size),
        "pool_size": count,
        "attempts": attempts,
        "best": max(finished) if finished else None,
        "open_attempt": next((a for a in attempts if not a.is_finished), None),
    }
    return render(request, "quizzes/intro.html", context)


def lesson_quiz(request: HttpRequest, module_slug: str, lesson_slug: str) -> HttpResponse:
    quiz = get_object_or_404(
        Quiz.objects.published().select_related("module", "lesson"),
        module__slug=module_slug,
        lesson__slug=lesson_slug,
    )
    return _intro(request, quiz)


def module_test(request: HttpRequest, module_slug: str) -> HttpResponse:
    quiz = get_object_or_404(
        Quiz.objects.published().select_related("module"), module__slug=module_slug, lesson=None
    )
    return _intro(request, quiz)


@login_required
@require_POST
def start(request: LearnerRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.published(), pk=quiz_id)
    if not quiz.pool().exists():
        return redirect(quiz)
    attempt = start_attempt(user=request.user, quiz=quiz)
    return redirect(attempt)


def _get_attempt(
    request: LearnerRequest,
    pk: int,
    *,
    related: tuple[str, ...] = ("quiz__module", "quiz__lesson__module"),
) -> Attempt:
    """Only the learner who took it ever sees an attempt: anyone else gets a 404 (and a review
    session lives at its own URLs, never the quiz flow's). ``related``: what its page shows."""
    attempts = Attempt.objects.quizzes()
    if related:  # select_related() alone would join every foreign key
        attempts = attempts.select_related(*related)
    attempt = get_object_or_404(attempts, pk=pk, user=request.user)
    if attempt.quiz_id not in _visible_quizzes(request):
        raise Http404("That quiz is not available.")
    return attempt


def _visible_quizzes(request: HttpRequest) -> frozenset[int]:
    """The quizzes learners see now (``Quiz.objects.published()``), asked once per content
    version and until a scheduled module or lesson comes out."""
    return versioned(
        request_content_version(request),
        "visible-quizzes",
        lambda: frozenset(Quiz.objects.published().values_list("pk", flat=True)),
        page_ttl,
    )


def _question_context(attempt: Attempt, question: Question | None, answered: int) -> dict[str, Any]:
    total = len(attempt.question_ids)
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "answer_url": _answer_url(attempt, question) if question else None,
        "number": answered + 1,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 100,
    }


def _answer_url(attempt: Attempt, question: Question) -> str:
    return reverse("quizzes:answer", args=[attempt.pk, question.pk])


@login_required
def attempt_detail(request: LearnerRequest, pk: int) -> HttpResponse:
    """The next unanswered question, or the results when there is none (an attempt left
    fully answered but open is finished on sight: never a redirect back and forth). A
    deactivated question is still asked: it was drawn for this attempt. The page is kept for
    this version of the learner's records (an answer moves it on) and of the content."""
    page = kept_for_learner(
        request, f"attempt:{pk}:{bool(request.htmx)}", lambda: _next_question_page(request, pk)
    )
    return page if isinstance(page, HttpResponse) else respond(request, page)


def _next_question_page(request: LearnerRequest, pk: int) -> str | HttpResponse:
    attempt = _get_attempt(request, pk)
    if attempt.is_finished:
        return redirect("quizzes:results", pk=attempt.pk)
    answered = attempt.answered_ids()
    question = attempt.next_question(answered)
    if question is None:
        finish_if_complete(attempt)
        return redirect("quizzes:results", pk=attempt.pk)
    return _question_page(request, attempt, question, len(answered))


def _question_page(
    request: LearnerRequest, attempt: Attempt, question: Question, answered: int
) -> str:
    """The question, rendered once per content version for everyone asked it in this quiz
    (the page, or the card htmx swaps in), with the attempt's own parts - how far along, where
    the answer goes, the reader's navigation - in its slots."""
    template = "quizzes/attempt.html#question" if request.htmx else "quizzes/attempt.html"
    quiz = attempt.quiz
    html, _ = cached_shell(
        request,
        f"question:{attempt.quiz_id}:{question.pk}:{template}",
        template,
        lambda: {"quiz": quiz, "question": question, "answer_url": None},  # a slot instead
        slots=QUESTION_SLOTS,
    )
    context = _question_context(attempt, question, answered)
    parts = {
        "position": rendered_part(
            request, "quizzes/attempt.html#position", context, (context["number"], context["total"])
        ),
        "answer_url": context["answer_url"],
    }
    if not request.htmx:
        parts["account"] = account_part(request)
    return with_parts(html, parts)


# An attempt's own parts of a cached question page (and the reader's navigation).
QUESTION_SLOTS = ("account", "position", "answer_url")


@login_required
@require_POST
def answer(request: LearnerRequest, pk: int, question_id: int) -> HttpResponse:
    submitted = answer_fields(request.POST.lists())
    visible = _visible_quizzes(request)
    try:
        attempt, response, result = record_answer(
            attempt_id=pk,
            question_id=question_id,
            submitted=submitted,
            allowed=lambda attempt: (
                attempt.user_id == request.user.pk
                and attempt.kind == AttemptKind.QUIZ
                and attempt.quiz_id in visible
            ),
        )
    except NoSuchAttempt as error:
        raise Http404("That quiz is not available.") from error
    except InvalidAnswer as error:
        return _not_recorded(
            request, _get_attempt(request, pk), question_id, error, submitted=submitted
        )
    except AnswerRejected as error:
        return _not_recorded(request, _get_attempt(request, pk), question_id, error)
    if not request.htmx:
        # Post/redirect/get: a reload shows the feedback again instead of posting again.
        return redirect("quizzes:feedback", pk=attempt.pk, question_id=question_id)
    attempt = _get_attempt(request, pk)
    question = Question.objects.with_provenance().get(pk=question_id)
    return _feedback(request, attempt, question, response, result, "quizzes/attempt.html#feedback")


def _not_recorded(
    request: LearnerRequest,
    attempt: Attempt,
    question_id: int,
    error: Exception,
    *,
    submitted: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """An answer the server would not record, said next to the question. htmx swaps only the
    message into the question's error slot, so what the learner gave stays as it was; without
    JavaScript the question comes back with their answer in it (``submitted``), or, when it
    cannot be answered any more, a page says why and where to go."""
    status = error.status if isinstance(error, AnswerRejected) else 400
    context: dict[str, Any] = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "message": str(error),
        **_way_on(attempt, question_id, error),
    }
    if request.htmx:
        shown = render(request, "quizzes/attempt.html#error", context, status=status)
        shown["HX-Retarget"] = "#answer-error"
        # Swapped in with the answer above it and the button below it in view, even on a phone.
        shown["HX-Reswap"] = "innerHTML show:#check-answer:bottom"
        return shown
    if submitted is None:
        return render(request, "quizzes/rejected.html", context, status=status)
    question = Question.objects.get(pk=question_id)
    context |= _question_context(attempt, question, len(attempt.answered_ids()))
    context["submitted"] = submitted
    return render(request, "quizzes/attempt.html", context, status=status)


def _way_on(attempt: Attempt, question_id: int, error: Exception) -> dict[str, str]:
    """Where to go from an answer that cannot be recorded (none when the learner can fix it)."""
    if isinstance(error, AlreadyAnswered):
        url = reverse("quizzes:feedback", args=[attempt.pk, question_id])
        return {"next_url": url, "next_label": "See your answer"}
    if isinstance(error, AttemptClosed):
        url = reverse("quizzes:results", args=[attempt.pk])
        return {"next_url": url, "next_label": "See your results"}
    if isinstance(error, AnswerRejected):
        return {"next_url": attempt.get_absolute_url(), "next_label": "Back to the quiz"}
    return {}


@login_required
def feedback(request: LearnerRequest, pk: int, question_id: int) -> HttpResponse:
    """The feedback on one answered question, as a page of its own: answering without
    JavaScript redirects here, so a reload shows the feedback again."""
    attempt = _get_attempt(request, pk)
    response = (
        attempt.responses.select_related(
            "question__lesson__module", "question__claim", "question__fact__reference"
        )
        .filter(question_id=question_id)
        .first()
    )
    if response is None:
        if question_id not in attempt.question_ids:
            raise Http404("That question is not part of this attempt.")
        return redirect(attempt)  # not answered yet: the question itself
    result = _shown_grade(response)
    return _feedback(request, attempt, response.question, response, result, "quizzes/feedback.html")


def _shown_grade(response: Response) -> Grade:
    """The recorded grade, with the spelling note and the parts that grading the stored answer
    again gives (grading is pure) - unless the key changed since and grades it differently."""
    recorded = Grade(response.correct, response.points, response.expected)
    question = response.question
    try:
        again = grade(question.kind, question.answer, question.options, response.answer)
    except ValueError:  # an InvalidAnswer or a bad key: the question was edited since
        return recorded
    if again.correct != recorded.correct or not math.isclose(again.points, recorded.points):
        return recorded
    return replace(again, expected=response.expected or again.expected)


def _feedback(
    request: LearnerRequest,
    attempt: Attempt,
    question: Question,
    response: Response,
    result: Grade,
    template: str,
) -> HttpResponse:
    context = {
        **_question_context(attempt, question, attempt.responses.count()),
        "response": response,
        "result": result,
        "finished": attempt.is_finished,
    }
    return render(request, template, context)


@login_required
def results(request: LearnerRequest, pk: int) -> HttpResponse:
    """The score, every question reviewed, and what to do next."""
    attempt = _get_attempt(request, pk)
    if not attempt.is_finished and not finish_if_complete(attempt):
        return redirect(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "review": attempt.review(),
        "up_next": up_next(attempt=attempt, user=request.user, now=timezone.now()),
        "pass_percent": PASS_PERCENT,
    }
    return render(request, "quizzes/results.html", context)
