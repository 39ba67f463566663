"""Teachers' class management under /teach/ and students joining under /join/.

The class page itself (/teach/classes/<pk>/, ``teach:class``) and its reports live in
``classrooms.reports``. Every view here goes through ``teacher_required`` and, for one class,
``get_classroom_for_teacher`` (404 for a class the user does not teach).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .access import get_classroom_for_teacher, teacher_required
from .forms import AssignmentForm, ClassroomForm, CoTeacherForm, JoinForm
from .models import Classroom


@teacher_required
def index(request: HttpRequest) -> HttpResponse:
    """The teacher's classes, each with one line of status; archived ones last."""
    classes = list(Classroom.objects.taught_by(request.user).for_teacher_index(timezone.now()))
    context = {
        "active": [c for c in classes if not c.archived],
        "archived": [c for c in classes if c.archived],
    }
    return render(request, "classrooms/index.html", context)


@teacher_required
def new(request: HttpRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = form.save()
        classroom.teachers.add(request.user)
        messages.success(
            request, f"Class “{classroom.name}” created. Share its code to let students in."
        )
        return redirect("teach:settings", classroom.pk)
    return render(request, "classrooms/new.html", {"form": form})


def _settings_page(request: HttpRequest, classroom: Classroom, **forms: Any) -> HttpResponse:
    context = {
        "classroom": classroom,
        "rename_form": forms.get("rename_form") or ClassroomForm(instance=classroom),
        "teacher_form": forms.get("teacher_form") or CoTeacherForm(),
        "teachers": classroom.teachers.order_by("username"),
        "memberships": classroom.memberships.select_related("student").order_by(
            "student__username"
        ),
        "assignments": classroom.assignments.with_targets(),
        "join_url": request.build_absolute_uri(classroom.get_join_url()),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "classrooms/settings.html", context, status=status)


@teacher_required
def settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename, code, archive, students, co-teachers and assignments of one class."""
    return _settings_page(request, get_classroom_for_teacher(request, pk))


@teacher_required
def code(request: HttpRequest, pk: int) -> HttpResponse:
    """The join code and link, big, to project on the board."""
    classroom = get_classroom_for_teacher(request, pk)
    join_url = request.build_absolute_uri(classroom.get_join_url())
    return render(request, "classrooms/code.html", {"classroom": classroom, "join_url": join_url})


@require_POST
@teacher_required
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    form = ClassroomForm(request.POST, instance=Classroom.objects.get(pk=classroom.pk))
    if not form.is_valid():
        return _settings_page(request, classroom, rename_form=form)
    classroom.rename(form.cleaned_data["name"])
    messages.success(request, f"Renamed to “{classroom.name}”.")
    return redirect("teach:settings", classroom.pk)


@require_POST
@teacher_required
def regenerate_code(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    classroom.regenerate_code()
    messages.success(
        request, f"New code: {classroom.display_code}. The old code and link no longer work."
    )
    return redirect("teach:settings", classroom.pk)


@require_POST
@teacher_required
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    """``archived=1`` archives (the code stops working, data stays), ``archived=0`` restores."""
    classroom = get_classroom_for_teacher(request, pk)
    classroom.set_archived(request.POST.get("archived") == "1")
    if classroom.archived:
        messages.success(request, f"“{classroom.name}” archived: its code no longer works.")
    else:
        messages.success(request, f"“{classroom.name}” restored: its code works again.")
    return redirect("teach:settings", classroom.pk)


@require_POST
@teacher_required
def remove_student(request: HttpRequest, pk: int, student_pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    student = get_object_or_404(User, pk=student_pk, memberships__classroom=classroom)
    classroom.remove_student(student.pk)
    messages.success(
        request, f"{student.get_username()} removed from the class (their own progress is kept)."
    )
    return redirect("teach:settings", classroom.pk)


@require_POST
@teacher_required
def add_teacher(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    form = CoTeacherForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, classroom, teacher_form=form)
    colleague = form.cleaned_data["username"]
    classroom.teachers.add(colleague)
    messages.success(request, f"{colleague.get_username()} now co-teaches this class.")
    return redirect("teach:settings", classroom.pk)


@require_POST
@teacher_required
def remove_teacher(request: HttpRequest, pk: int, teacher_pk: int) -> HttpResponse:
    """A co-teacher leaves (or is removed); the last teacher stays, so no class is orphaned."""
    classroom = get_classroom_for_teacher(request, pk)
    colleague = get_object_or_404(classroom.teachers, pk=teacher_pk)
    if classroom.teachers.count() == 1:
        messages.error(request, "A class needs a teacher: add a co-teacher first.")
        return redirect("teach:settings", classroom.pk)
    classroom.teachers.remove(colleague)
    messages.success(request, f"{colleague.get_username()} no longer teaches this class.")
    if not classroom.is_taught_by(request.user):
        return redirect("teach:index")
    return redirect("teach:settings", classroom.pk)


@teacher_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a lesson, a lesson's quiz or a module test, with an optional due date."""
    classroom = get_classroom_for_teacher(request, pk)
    form = AssignmentForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        assignment = form.save(by=request.user)  # type: ignore[arg-type]  # teacher_required
        messages.success(request, f"Assigned: {assignment.title}.")
        return redirect("teach:settings", classroom.pk)
    status = 400 if form.errors else 200
    return render(
        request, "classrooms/assign.html", {"classroom": classroom, "form": form}, status=status
    )


@require_POST
@teacher_required
def unassign(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    classroom = get_classroom_for_teacher(request, pk)
    assignment = get_object_or_404(classroom.assignments.with_targets(), pk=assignment_pk)
    title = assignment.title
    assignment.delete()
    messages.success(request, f"Assignment removed: {title}.")
    return redirect("teach:settings", classroom.pk)


# --- students -------------------------------------------------------------------------------


@login_required
def join(request: HttpRequest) -> HttpResponse:
    """Type a code (or confirm the one from a link) to join a class; joining twice is harmless."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom: Classroom = form.cleaned_data["code"]
        if classroom.enrol(request.user):
            messages.success(request, f"You joined “{classroom.name}”.")
        else:
            messages.info(request, f"You are already in “{classroom.name}”.")
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "classrooms/join.html", {"form": form}, status=status)


@login_required
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """The link a teacher shares: shows which class it is and asks to confirm (a GET never
    changes anything); an unknown or archived code says so."""
    classroom = Classroom.objects.for_join_code(code)
    if classroom is None:
        form = JoinForm(initial={"code": code})
        context = {"form": form, "code_from_link": True}
        return render(request, "classrooms/join.html", context, status=404)
    context = {
        "classroom": classroom,
        "already": classroom.memberships.filter(student_id=request.user.pk).exists(),
        "teachers": classroom.teachers.order_by("username"),
    }
    return render(request, "classrooms/join.html", context)
