"""Spaced review: what is due and when, a session of due facts or of my mistakes, one question
at a time with the quiz's feedback, and the session's results with each fact's new schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from lessons.views import LearnerRequest
from quizzes.grading import InvalidAnswer, answer_fields
from quizzes.mastery import Mastery
from quizzes.models import Attempt, AttemptKind, Question, Response, ReviewCard
from quizzes.reviews import mistakes, start_review, when
from quizzes.services import AnswerRejected, answer_question, finish_if_complete

SESSION_KINDS = {AttemptKind.REVIEW.value, AttemptKind.MISTAKES.value}


@login_required
def index(request: LearnerRequest) -> HttpResponse:
    """How many facts are due, when the next one is, how many mistakes to practise: the same
    few queries whatever the learner's history."""
    now = timezone.now()
    outlook = ReviewCard.objects.for_learner(request.user).reviewable().outlook(now)
    next_due = outlook["next_due"]
    context = {
        **outlook,
        "next_when": when(next_due, now) if next_due else "",
        "mistakes": mistakes(request.user).count(),
        "open_session": Attempt.objects.for_learner(request.user)
        .reviews()
        .unfinished()
        .order_by("-started_at", "-pk")
        .first(),
    }
    return render(request, "quizzes/review.html", context)


@login_required
@require_POST
def start(request: LearnerRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind not in SESSION_KINDS:
        return HttpResponseBadRequest("Choose a review or your mistakes.")
    attempt = start_review(user=request.user, kind=AttemptKind(kind))
    if attempt is None:  # nothing left since the page was shown: it says what is next
        return redirect("review:index")
    return redirect(attempt)


def _get_session(request: LearnerRequest, pk: int) -> Attempt:
    """Only the learner who started it ever sees a review session: anyone else gets a 404."""
    return get_object_or_404(Attempt.objects.reviews(), pk=pk, user=request.user)


def _progress(attempt: Attempt, answered: int) -> dict[str, Any]:
    """Where the learner is in the session: answered, out of total (and as a percentage)."""
    total = len(attempt.question_ids)
    percent = round(100 * answered / total) if total else 100
    return {"attempt": attempt, "answered": answered, "total": total, "percent": percent}


@login_required
def session(request: LearnerRequest, pk: int) -> HttpResponse:
    """The session's next unanswered question, or its results when there is none."""
    attempt = _get_session(request, pk)
    answered = attempt.answered_ids()
    question = None if attempt.is_finished else attempt.next_question(answered)
    if question is None:
        if not attempt.is_finished:
            finish_if_complete(attempt)  # fully answered, never finished: finish it on sight
        return redirect(attempt.get_results_url())
    context = {
        **_progress(attempt, len(answered)),
        "number": len(answered) + 1,
        "question": question,
    }
    template = "quizzes/review_session.html"
    return render(request, f"{template}#question" if request.htmx else template, context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: LearnerRequest, pk: int, question_id: int) -> HttpResponse:
    """POST records an answer; GET shows its feedback (answering without JavaScript redirects
    there, so a reload shows the feedback again instead of posting again)."""
    attempt = _get_session(request, pk)
    if request.method == "POST":
        # Only the answer's own fields are graded and stored, never whatever else was posted.
        submitted = answer_fields(request.POST.lists())
        try:
            answer_question(attempt=attempt, question_id=question_id, submitted=submitted)
        except (AnswerRejected, InvalidAnswer) as error:
            return _not_recorded(request, attempt, question_id, error, submitted)
        if not request.htmx:
            return redirect("review:answer", pk=attempt.pk, question_id=question_id)
    response = attempt.response_to(question_id)
    if response is None and question_id in attempt.question_ids:
        return redirect(attempt)  # not answered yet: the question itself
    if response is None:
        raise Http404("That question is not part of this session.")
    card = ReviewCard.objects.for_learner(request.user).filter(fact=response.question.fact_id)
    context = {
        **_progress(attempt, attempt.responses.count()),
        "question": response.question,
        "response": response,
        "verdict": Outcome.of(response.correct, response.points),
        "memory": FactMemory.of(card.first(), timezone.now()),
    }
    template = "quizzes/review_session.html"
    return render(request, f"{template}#feedback" if request.htmx else template, context)


def _not_recorded(
    request: LearnerRequest,
    attempt: Attempt,
    question_id: int,
    error: AnswerRejected | InvalidAnswer,
    submitted: dict[str, list[str]],
) -> HttpResponse:
    """Said next to the question: htmx swaps only the message into its error slot, so the
    learner's answer stays; without JavaScript the question comes back with it (or, when it
    cannot be answered any more, the page says so with the way on)."""
    status = error.status if isinstance(error, AnswerRejected) else 400
    context = {
        "attempt": attempt,
        "message": str(error),
        "fixable": isinstance(error, InvalidAnswer),
    }
    template = "quizzes/review_session.html"
    if request.htmx:
        shown = render(request, f"{template}#error", context, status=status)
        return reswap(retarget(shown, "#answer-error"), "innerHTML")
    if isinstance(error, InvalidAnswer):
        answered = len(attempt.answered_ids())
        context |= _progress(attempt, answered) | {"number": answered + 1, "submitted": submitted}
        context["question"] = Question.objects.get(pk=question_id)
    return render(request, template, context, status=status)


@dataclass(frozen=True)
class Outcome:
    """How an answer went, as the feedback shows it."""

    css: str
    mark: str
    words: str

    @classmethod
    def of(cls, correct: bool, points: float) -> Outcome:
        if correct:
            return cls("right", "✓", "Right")
        return cls("wrong", "◐", "Partly right") if points else cls("wrong", "✗", "Not quite")


@dataclass(frozen=True)
class FactMemory:
    """What the learner's answers made of one fact: its level and when it is due again."""

    level: Mastery
    due: datetime
    when: str

    @classmethod
    def of(cls, card: ReviewCard | None, now: datetime) -> FactMemory | None:
        if card is None:  # a question without a fact
            return None
        return cls(Mastery(card.level), card.due, when(card.due, now))


@dataclass(frozen=True)
class Reviewed:
    response: Response
    outcome: Outcome
    memory: FactMemory | None


@login_required
def results(request: LearnerRequest, pk: int) -> HttpResponse:
    """Each question of the finished session, how it went and the fact's new schedule."""
    attempt = _get_session(request, pk)
    if not attempt.is_finished and not finish_if_complete(attempt):
        return redirect(attempt)
    responses = attempt.review()
    now = timezone.now()
    facts = [r.question.fact_id for r in responses if r.question.fact_id]
    memories = {
        card.fact_id: FactMemory.of(card, now)
        for card in ReviewCard.objects.for_learner(request.user).filter(fact__in=facts)
    }
    rows = [
        Reviewed(r, Outcome.of(r.correct, r.points), memories.get(r.question.fact_id or 0))
        for r in responses
    ]
    context = {"attempt": attempt, "rows": rows, "right": sum(r.correct for r in responses)}
    return render(request, "quizzes/review_results.html", context)
