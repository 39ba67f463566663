"""Lesson pages link to their quiz without `lessons` importing `quizzes`: a template tag.

The lesson template is the project's (templates/), which composes the apps.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from lessons.models import Lesson
from quizzes.models import Attempt, Quiz

register = template.Library()


@register.inclusion_tag("quizzes/_lesson_quiz_link.html", takes_context=True)
def lesson_quiz_link(context: template.Context, lesson: Lesson) -> dict[str, Any]:
    """The lesson's quiz (the template offers the module test when it has no questions) and
    the learner's best score on it: one query, two when signed in."""
    user = context["request"].user
    quiz = (
        Quiz.objects.filter(lesson=lesson)
        .select_related("module", "lesson")
        .annotate(active_questions=Count("questions", filter=Q(questions__active=True)))
        .first()
    )
    best = None
    if quiz is not None and quiz.active_questions and user.is_authenticated:
        best = Attempt.objects.for_learner(user).for_quiz(quiz).best_scores().get(quiz.pk)
    return {"quiz": quiz, "best": best}
