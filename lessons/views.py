"""Lesson pages: the catalogue, a module, a lesson, and marking a lesson complete."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lessons.text.render import render_body

from .marks import decorator
from .models import Lesson, LessonProgress, Module
from .pagecache import PAGE_TTL, content_version, render_cached

MARKS_SESSION_KEY = "fact_marks"


@dataclass(frozen=True)
class ModuleProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def catalogue(request: HttpRequest) -> HttpResponse:
    modules = list(Module.objects.published().with_stats())
    resume = None
    if request.user.is_authenticated:
        done = LessonProgress.objects.for_learner(request.user).per_module()
        for module in modules:
            module.progress = ModuleProgress(done.get(module.pk, 0), module.lesson_count)
        resume = _resume_lesson(request.user)
    return render(request, "lessons/catalogue.html", {"modules": modules, "resume": resume})


def _resume_lesson(user) -> Lesson | None:
    """The lesson to continue: the last one opened if unfinished, else the next unfinished one
    after it in course order."""
    last = (
        LessonProgress.objects.for_learner(user)
        .filter(lesson__published=True, lesson__module__published=True)
        .select_related("lesson__module")
        .order_by("-last_opened", "-pk")
        .first()
    )
    if last is None:
        return None
    if not last.is_complete:
        return last.lesson
    here = last.lesson
    later = Q(module__order__gt=here.module.order) | Q(module=here.module, order__gt=here.order)
    return (
        Lesson.objects.published()
        .filter(later)
        .exclude(pk__in=LessonProgress.objects.for_learner(user).completed().values("lesson"))
        .select_related("module")
        .order_by("module__order", "order")
        .first()
    )


def module_detail(request: HttpRequest, module_slug: str) -> HttpResponse:
    module = get_object_or_404(
        Module.objects.published().select_related("document"), slug=module_slug
    )
    lessons = list(module.lessons.filter(published=True))
    status: dict[int, str] = {}
    if request.user.is_authenticated:
        mine = LessonProgress.objects.for_learner(request.user)
        for row in mine.filter(lesson__module=module, lesson__published=True):
            status[row.lesson_id] = "complete" if row.is_complete else "started"
    for lesson in lessons:
        lesson.status = status.get(lesson.pk, "not started")
    progress = ModuleProgress(sum(s == "complete" for s in status.values()), len(lessons))
    return render(
        request,
        "lessons/module.html",
        {"module": module, "lessons": lessons, "progress": progress},
    )


def _get_lesson(module_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.published().select_related("module"),
        module__slug=module_slug,
        slug=lesson_slug,
    )


def rendered_body(lesson: Lesson, *, marks: bool) -> str:
    """Rendering splits sentences (pysbd is slow), so it is cached per content version (which
    every edit, verification and ingest moves on) and body; the claims are read on a miss only."""
    digest = hashlib.sha256(lesson.body.encode()).hexdigest()
    key = f"lesson-body:{content_version()}:{lesson.pk}:{digest}:{marks}"

    def render() -> str:
        decorate = decorator(list(lesson.claims.with_evidence())) if marks else None
        return render_body(lesson.body, decorate=decorate)

    return cache.get_or_set(key, render, timeout=PAGE_TTL)


def marks_on(request: HttpRequest) -> bool:
    return request.session.get(MARKS_SESSION_KEY, True)


@require_POST
def toggle_marks(request: HttpRequest) -> HttpResponse:
    """Turn the fact-check marks on or off for this browser session."""
    request.session[MARKS_SESSION_KEY] = request.POST.get("marks") == "on"
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("lessons:catalogue")
    return redirect(target)


def lesson_detail(request: HttpRequest, module_slug: str, lesson_slug: str) -> HttpResponse:
    show_marks = marks_on(request)
    if not request.user.is_authenticated:
        # Visitors all see the same page: render it once per content version.
        key = f"lesson:{module_slug}:{lesson_slug}:{show_marks}"
        return render_cached(
            request,
            key,
            "lessons/lesson.html",
            lambda: _lesson_context(_get_lesson(module_slug, lesson_slug), show_marks),
        )
    lesson = _get_lesson(module_slug, lesson_slug)
    progress = _record_opening(request.user, lesson)
    context = _lesson_context(lesson, show_marks)
    context["progress"] = progress
    context["module_progress"] = _module_progress(request.user, lesson, context["lesson_total"])
    return render(request, "lessons/lesson.html", context)


def _lesson_context(lesson: Lesson, show_marks: bool) -> dict:
    siblings = list(lesson.module.lessons.filter(published=True).values("slug", "title", "order"))
    index = next(i for i, row in enumerate(siblings) if row["slug"] == lesson.slug)
    return {
        "lesson": lesson,
        "module": lesson.module,
        "body_html": rendered_body(lesson, marks=show_marks),
        "marks_on": show_marks,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "position": index + 1,
        "lesson_total": len(siblings),
    }


OPENING_RESOLUTION = timedelta(minutes=1)  # "last opened" need not be finer: no write per view


def _record_opening(user, lesson: Lesson) -> LessonProgress:
    now = timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"first_opened": now, "last_opened": now}
    )
    if not created and now - progress.last_opened > OPENING_RESOLUTION:
        LessonProgress.objects.filter(pk=progress.pk).update(last_opened=now)
    return progress


def _module_progress(user, lesson: Lesson, total: int) -> ModuleProgress:
    mine = LessonProgress.objects.for_learner(user).filter(lesson__module=lesson.module_id)
    return ModuleProgress(mine.per_module().get(lesson.module_id, 0), total)


@login_required
@require_POST
def complete_lesson(request: HttpRequest, module_slug: str, lesson_slug: str) -> HttpResponse:
    """Mark a lesson complete (idempotent): htmx gets the progress fragment, a form the page."""
    lesson = _get_lesson(module_slug, lesson_slug)
    progress, _ = LessonProgress.objects.get_or_create(user=request.user, lesson=lesson)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
    if not request.htmx:
        return redirect(lesson)
    total = lesson.module.lessons.filter(published=True).count()
    context = {
        "lesson": lesson,
        "module": lesson.module,
        "progress": progress,
        "module_progress": _module_progress(request.user, lesson, total),
        "just_completed": True,
    }
    return render(request, "lessons/lesson.html#progress", context)
