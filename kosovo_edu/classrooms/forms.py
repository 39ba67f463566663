"""The teacher's and the student's forms: a class, a join code, a co-teacher, an assignment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Count, Q

from kosovo_edu.accounts.roles import is_teacher
from lessons.models import Lesson, Module
from quizzes.models import Quiz

from .models import Assignment, Classroom


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]
        labels = {"name": "Class name"}
        help_texts = {"name": "As your students know it, e.g. “Year 11 History, group B”."}


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Class code",
        max_length=20,
        help_text="The code your teacher gave you, e.g. ABCD-EFGH (capitals and dashes optional).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> Classroom:
        classroom = Classroom.objects.for_join_code(self.cleaned_data["code"])
        if classroom is None:
            raise forms.ValidationError(
                "No open class has this code. Check it with your teacher: the code may have "
                "been changed, or the class archived."
            )
        return classroom


class CoTeacherForm(forms.Form):
    username = forms.CharField(
        label="Co-teacher's username",
        max_length=150,
        help_text="A teacher's account on this site. They get full access to this class.",
    )

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None or not is_teacher(user):
            raise forms.ValidationError(f"No teacher has the username “{name}”.")
        return user


def _quiz_label(quiz: Quiz) -> str:
    return "Module test" if quiz.is_module_test else f"Quiz: {quiz.title}"


def assignment_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped by module, in course order: read each lesson, take its quiz, then the module
    test. Only quizzes with questions. Three queries."""
    modules = Module.objects.published().order_by("order")
    lessons = Lesson.objects.published().filter(module__in=modules).order_by("order")
    quizzes = (
        Quiz.objects.published()
        .filter(module__in=modules)
        .select_related("module", "lesson")
        .annotate(active_questions=Count("questions", filter=Q(questions__active=True)))
    )
    quiz_of_lesson = {q.lesson_id: q for q in quizzes if q.lesson_id}
    # A module test draws on its lessons' questions, so it is offered when any lesson has some.
    tests = {q.module_id: q for q in quizzes if q.is_module_test}
    by_module: dict[int, list[tuple[str, str]]] = {}
    for lesson in lessons:
        group = by_module.setdefault(lesson.module_id, [])
        group.append((f"lesson:{lesson.pk}", f"Read: {lesson.title}"))
        quiz = quiz_of_lesson.get(lesson.pk)
        if quiz is not None and quiz.active_questions:
            group.append((f"quiz:{quiz.pk}", _quiz_label(quiz)))
    for module_id, group in by_module.items():
        has_questions = any(value.startswith("quiz:") for value, _ in group)
        if module_id in tests and has_questions:
            group.append((f"quiz:{tests[module_id].pk}", _quiz_label(tests[module_id])))
    return [(m.title, by_module[m.pk]) for m in modules if m.pk in by_module]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class AssignmentForm(forms.Form):
    target = forms.ChoiceField(
        label="What to do",
        help_text="Read a lesson, take its quiz, or take a module's test.",
    )
    due_at = forms.DateTimeField(
        label="Due (optional)",
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text="Leave empty for no due date. Times are in the site's time zone.",
    )

    def __init__(self, *args: Any, classroom: Classroom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [("", "Choose…"), *assignment_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        target = cleaned.get("target")
        if target:
            kind, _, pk = target.partition(":")
            field = "lesson_id" if kind == "lesson" else "quiz_id"
            taken = self.classroom.assignments.filter(**{field: int(pk)})
            if taken.exists():
                self.add_error("target", "This class already has that assignment.")
        return cleaned

    def save(self, *, by: User) -> Assignment:
        kind, _, pk = self.cleaned_data["target"].partition(":")
        due: datetime | None = self.cleaned_data.get("due_at")
        target = {"lesson_id": int(pk)} if kind == "lesson" else {"quiz_id": int(pk)}
        return Assignment.objects.create(
            classroom=self.classroom, due_at=due, created_by=by, **target
        )
