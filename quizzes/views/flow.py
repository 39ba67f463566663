"""The quiz flow: intro, start, one question at a time with instant feedback, results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lessons.models import Module
from lessons.views import LearnerRequest
from quizzes.grading import InvalidAnswer
from quizzes.models import Attempt, Question, Quiz
from quizzes.services import AnswerRejected, answer_question, start_attempt

ANSWER_FIELD = re.compile(r"choice|value|text|match-\d{1,3}|position-\d{1,3}")


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


def _get_attempt(request: LearnerRequest, pk: int) -> Attempt:
    """Only the learner who took it ever sees an attempt: anyone else gets a 404."""
    return get_object_or_404(
        Attempt.objects.select_related("quiz__module", "quiz__lesson__module"),
        pk=pk,
        user=request.user,
    )


def _question_context(attempt: Attempt, question: Question | None, answered: int) -> dict[str, Any]:
    total = len(attempt.question_ids)
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "number": answered + 1,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 100,
    }


@login_required
def attempt_detail(request: LearnerRequest, pk: int) -> HttpResponse:
    """The next unanswered question, or the results when there is none."""
    attempt = _get_attempt(request, pk)
    answered = attempt.answered_ids()
    remaining = [qid for qid in attempt.question_ids if qid not in answered]
    if attempt.is_finished or not remaining:
        return redirect("quizzes:results", pk=attempt.pk)
    question = Question.objects.get(pk=remaining[0])
    context = _question_context(attempt, question, len(answered))
    template = "quizzes/attempt.html#question" if request.htmx else "quizzes/attempt.html"
    return render(request, template, context)


@login_required
@require_POST
def answer(request: LearnerRequest, pk: int, question_id: int) -> HttpResponse:
    attempt = _get_attempt(request, pk)
    # Only the answer's own fields are graded and stored, never whatever else was posted.
    submitted = {key: values for key, values in request.POST.lists() if ANSWER_FIELD.fullmatch(key)}
    try:
        response, result = answer_question(
            attempt=attempt, question_id=question_id, submitted=submitted
        )
    except (AnswerRejected, InvalidAnswer) as error:
        status = getattr(error, "status", 400)
        context = {"attempt": attempt, "quiz": attempt.quiz, "message": str(error)}
        template = "quizzes/rejected.html#message" if request.htmx else "quizzes/rejected.html"
        return render(request, template, context, status=status)
    question = Question.objects.with_provenance().get(pk=question_id)
    answered = attempt.responses.count()
    context = {
        **_question_context(attempt, question, answered - 1),
        "response": response,
        "result": result,
        "answered": answered,
        "percent": round(100 * answered / len(attempt.question_ids)),
        "finished": attempt.is_finished,
    }
    template = "quizzes/attempt.html#feedback" if request.htmx else "quizzes/feedback.html"
    return render(request, template, context)


@login_required
def results(request: LearnerRequest, pk: int) -> HttpResponse:
    attempt = _get_attempt(request, pk)
    if not attempt.is_finished:
        return redirect(attempt)
    return render(
        request,
        "quizzes/results.html",
        {"attempt": attempt, "quiz": attempt.quiz, "review": attempt.review()},
    )
