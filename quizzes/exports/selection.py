"""Which questions an export takes, read from the database as plain records.

Only active questions of published quizzes (module, and lesson if any, published): unpublished
content is never exported.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lessons.models import Lesson, Module
from quizzes.exports.records import ExportQuestion
from quizzes.kinds import QuestionKind
from quizzes.models import Question, QuestionQuerySet, Quiz


def exportable(
    *,
    module: Module | None = None,
    lesson: Lesson | None = None,
    quizzes: QuerySet[Quiz] | None = None,
) -> QuestionQuerySet:
    """Active questions of published quizzes, narrowed to a module, a lesson or some quizzes,
    with what a record needs fetched in the same query."""
    questions = Question.objects.active().published()
    if module is not None:
        questions = questions.filter(quiz__module=module)
    if lesson is not None:
        questions = questions.filter(quiz__lesson=lesson)
    if quizzes is not None:
        questions = questions.filter(quiz__in=quizzes)
    return questions.select_related("quiz__module", "quiz__lesson", "fact__reference").order_by(
        "quiz__module__order", "quiz__module__pk", "quiz__pk", "pk"
    )


def record(question: Question) -> ExportQuestion:
    """The plain record of one question (its quiz, module, fact and reference loaded)."""
    quiz = question.quiz
    titles = [quiz.module.title] + ([quiz.lesson.title] if quiz.lesson is not None else [])
    reference = question.fact.reference if question.fact is not None else None
    return ExportQuestion(
        name=question.key,
        kind=QuestionKind(question.kind),
        prompt=question.prompt,
        explanation=question.explanation,
        answer=question.answer,
        options=tuple(str(option) for option in question.options or ()),
        prompt_items=tuple(str(item) for item in question.prompt_items or ()),
        source_url=reference.url if reference is not None else "",
        source_title=reference.title if reference is not None else "",
        category=category_path(titles),
    )


def category_path(titles: list[str]) -> str:
    """Moodle's category path: parts joined by ``/``, a ``/`` inside a title doubled."""
    return "/".join(title.replace("/", "//") for title in titles)


def records(questions: QuestionQuerySet) -> list[ExportQuestion]:
    return [record(question) for question in questions]
