"""Lesson pages link to their quiz without `lessons` importing `quizzes`: a template tag."""

from django import template

from quizzes.models import Attempt, Quiz

register = template.Library()


@register.inclusion_tag("quizzes/_lesson_quiz_link.html", takes_context=True)
def lesson_quiz_link(context: template.Context, lesson) -> dict:
    """The lesson's quiz (or its module test, when the lesson has nothing to quiz) and the
    learner's best score on it: one query, two when signed in."""
    user = context["request"].user
    quiz = (
        Quiz.objects.filter(lesson=lesson)
        .select_related("module", "lesson")
        .only("pk", "size", "module__slug", "lesson__slug", "lesson__title", "module__title")
        .first()
    )
    best = None
    if quiz is not None and user.is_authenticated:
        best = Attempt.objects.for_learner(user).filter(quiz=quiz).best_scores().get(quiz.pk)
    return {"quiz": quiz, "best": best, "lesson": lesson}
