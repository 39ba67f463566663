"""Lesson and module pages show quiz links and scores without `lessons` importing `quizzes`:
template tags. The lesson templates are the project's (templates/), which composes the apps.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from lessons.models import Lesson, Module
from lessons.pagecache import rendered_part, request_content_version, versioned
from quizzes.models import Attempt, Quiz
from quizzes.progress import PASS_PERCENT, ModuleQuizzes, QuizStatus, module_quizzes

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_quiz_link(context: template.Context, lesson: Lesson) -> str:
    """The lesson's quiz (the template offers the module test when it has no questions) and
    the learner's best score on it. The quiz is read once per content version (questions are
    content: generating or editing them moves the version on); the score is one query when
    signed in. The link is rendered once per quiz and score."""
    request = context["request"]
    user = request.user
    (quiz,) = versioned(
        request_content_version(request), f"lesson-quiz:{lesson.pk}", lambda: (_quiz_of(lesson),)
    )
    best = None
    if quiz is not None and _has_questions(quiz) and user.is_authenticated:
        best = Attempt.objects.for_learner(user).for_quiz(quiz).best_scores().get(quiz.pk)
    shown = {"quiz": quiz, "best": best}
    return rendered_part(request, "quizzes/_lesson_quiz_link.html", shown, (lesson.pk, best))


def _has_questions(quiz: Quiz) -> bool:
    return bool(quiz.active_questions)  # type: ignore[attr-defined]  # annotated by _quiz_of


def _quiz_of(lesson: Lesson) -> Quiz | None:
    return (
        Quiz.objects.filter(lesson=lesson)
        .select_related("module", "lesson")
        .annotate(active_questions=Count("questions", filter=Q(questions__active=True)))
        .first()
    )


@register.simple_tag(takes_context=True)
def module_quizzes_of(context: template.Context, module: Module) -> ModuleQuizzes:
    """``{% module_quizzes_of module as quizzes %}``: the module's quizzes that have questions,
    with the learner's scores: one query, two when signed in."""
    found = module_quizzes(context["request"].user, module)
    return found.get(module.pk, ModuleQuizzes())


@register.simple_tag(takes_context=True)
def course_quizzes(context: template.Context) -> dict[int, ModuleQuizzes]:
    """``{% course_quizzes as quizzes %}``: every module's, for the catalogue (two queries)."""
    return module_quizzes(context["request"].user)


@register.filter
def of_module(quizzes: dict[int, ModuleQuizzes], module: Module) -> ModuleQuizzes:
    """``{{ quizzes|of_module:module }}``: one module's entry of ``course_quizzes``."""
    return quizzes.get(module.pk, ModuleQuizzes())


@register.simple_tag
def pass_percent() -> int:
    """``{% pass_percent %}``: a quiz is passed with a best score of this many percent or more."""
    return PASS_PERCENT


@register.inclusion_tag("quizzes/_quiz_status.html", takes_context=True)
def quiz_status(
    context: template.Context, quizzes: ModuleQuizzes, lesson: Lesson
) -> dict[str, Any]:
    """A lesson's quiz link and the learner's standing on it (no query)."""
    return _status_context(context, quizzes.for_lesson(lesson.pk), link=True)


@register.inclusion_tag("quizzes/_quiz_status.html", takes_context=True)
def status_of(
    context: template.Context, status: QuizStatus | None, link: bool = True
) -> dict[str, Any]:
    """The same, given the status itself; ``link=False`` when the page links to it already."""
    return _status_context(context, status, link=link)


def _status_context(
    context: template.Context, status: QuizStatus | None, *, link: bool
) -> dict[str, Any]:
    signed_in = context["request"].user.is_authenticated
    return {"status": status, "signed_in": signed_in, "link": link}
