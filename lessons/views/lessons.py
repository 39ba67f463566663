"""Lesson pages: the catalogue, a module, a lesson, and marking a lesson complete."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lessons.facts import factbase as fb
from lessons.facts.values import format_value
from lessons.marks import Coverage, coverage, decorator
from lessons.models import Lesson, LessonProgress, Module
from lessons.pagecache import (
    PAGE_TTL,
    account_part,
    cached_shell,
    content_version,
    kept_for_learner,
    render_cached,
    rendered_part,
    respond,
)
from lessons.services.content import factbase_from_db
from lessons.services.keyfacts import key_facts_by_lesson
from lessons.text.render import render_body
from lessons.text.sentences import body_sentences
from lessons.views import LearnerRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MARKS_SESSION_KEY = "fact_marks"


@dataclass(frozen=True)
class ModuleProgress:
    """A learner's lessons completed out of a module's published ones, for a progress bar."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @classmethod
    def of(cls, module: Module, done: dict[int, int]) -> ModuleProgress:
        """A module from ``with_stats()``, given {module id: lessons completed}."""
        total: int = module.lesson_count  # type: ignore[attr-defined]  # annotated by with_stats()
        return cls(done.get(module.pk, 0), total)


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every published module, and for a learner their progress in each and where to continue."""
    modules = list(Module.objects.published().with_stats())
    if not request.user.is_authenticated:
        cards = [(module, None) for module in modules]
        return render(request, "lessons/catalogue.html", {"modules": cards, "resume": None})
    mine = LessonProgress.objects.for_learner(request.user)
    done = mine.per_module()
    context = {
        "modules": [(module, ModuleProgress.of(module, done)) for module in modules],
        "resume": mine.resume_lesson(),
    }
    return render(request, "lessons/catalogue.html", context)


def module_detail(request: HttpRequest, module_slug: str) -> HttpResponse:
    """A module's lessons in order, each with the learner's status."""
    module = get_object_or_404(
        Module.objects.published().select_related("document"), slug=module_slug
    )
    lessons = list(module.lessons.published())
    status: dict[int, str] = {}
    if request.user.is_authenticated:
        mine = LessonProgress.objects.for_learner(request.user).in_module(module)
        status = {row.lesson_id: "complete" if row.is_complete else "started" for row in mine}
    rows = [(lesson, status.get(lesson.pk, "not started")) for lesson in lessons]
    progress = ModuleProgress(sum(s == "complete" for s in status.values()), len(lessons))
    return render(
        request,
        "lessons/module.html",
        {"module": module, "lessons": rows, "progress": progress},
    )


def _get_lesson(module_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.published().select_related("module"),
        module__slug=module_slug,
        slug=lesson_slug,
    )


def rendered_body(lesson: Lesson, *, marks: bool) -> tuple[str, Coverage | None]:
    """The body's HTML and, with the marks on, how much of it was checked. Rendering splits
    sentences (pysbd is slow), so both are cached per content version (which every edit,
    verification and ingest moves on) and body; the claims are read on a miss only."""
    digest = hashlib.sha256(lesson.body.encode()).hexdigest()
    key = f"lesson-body:{content_version()}:{lesson.pk}:{digest}:{marks}"

    def render() -> tuple[str, Coverage | None]:
        if not marks:
            return render_body(lesson.body), None
        claims = list(lesson.claims.with_evidence())
        html = render_body(lesson.body, decorate=decorator(claims))
        return html, coverage(body_sentences(lesson.body), claims)

    return cast(tuple[str, Coverage | None], cache.get_or_set(key, render, timeout=PAGE_TTL))


@dataclass(frozen=True)
class KeyFact:
    """A fact of the lesson's "What the sources say" panel; a correction knows what the article
    said instead."""

    fact: fb.Fact
    article_says: str = ""
    sources_say: str = ""

    @property
    def anchor(self) -> str:
        """The panel item's id: questions built from this fact link here."""
        return f"kf-{self.fact.id}"

    @property
    def value(self) -> str:
        return format_value(self.fact.value)

    @property
    def is_correction(self) -> bool:
        return bool(self.article_says)


def key_facts_panel(lesson: Lesson) -> list[KeyFact]:
    """The lesson's key facts, corrections first, cached per content version like the body
    (every edit, verification and ingest moves the version on): a cached page reads nothing."""
    key = f"lesson-key-facts:{content_version()}:{lesson.pk}"

    def select() -> list[KeyFact]:
        facts = key_facts_by_lesson([lesson], factbase_from_db())[lesson.pk]
        refuted: dict[str, tuple[str, str]] = {}
        rows = lesson.claims.refuted().filter(fact__isnull=False).order_by("position", "start")
        for fact_key, text, correct in rows.values_list("fact__key", "text", "correct_value"):
            refuted.setdefault(fact_key, (text, correct))
        return [_key_fact(fact, refuted.get(fact.id)) for fact in facts]

    return cast(list[KeyFact], cache.get_or_set(key, select, timeout=PAGE_TTL))


def _key_fact(fact: fb.Fact, refuted: tuple[str, str] | None) -> KeyFact:
    """``refuted``: what the article says and the right value, when the fact corrects it."""
    if refuted is None:
        return KeyFact(fact)
    says, correct = refuted
    return KeyFact(fact, says, correct or format_value(fact.value))


def marks_on(request: HttpRequest) -> bool:
    shown: bool = request.session.get(MARKS_SESSION_KEY, True)
    return shown


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
    # A learner's page: rendered once for every learner like the visitors' (queries and all);
    # their own parts (navigation, progress, quiz score) are filled in per request.
    html, made = cached_shell(
        request,
        f"learner-lesson:{module_slug}:{lesson_slug}:{show_marks}",
        "lessons/lesson.html",
        lambda: _lesson_context(_get_lesson(module_slug, lesson_slug), show_marks),
        slots=LEARNER_SLOTS,
    )
    lesson = cast(Lesson, made["lesson"])
    return respond(
        request,
        html,
        _learner_parts(cast(LearnerRequest, request), lesson, cast(list[int], made["lesson_ids"])),
    )


# A learner's own parts of a lesson page (the slots of its cached shell).
LEARNER_SLOTS = ("account", "progress", "quiz")


def _learner_parts(
    request: LearnerRequest, lesson: Lesson, lesson_ids: list[int]
) -> dict[str, str]:
    """The reader's navigation, progress and quiz score, kept in the shared cache for this
    version of their records and of the content: a page view without a change costs no query.
    They are kept a minute, so reading the lesson still moves its "last opened" as often as
    before."""
    return kept_for_learner(
        request, f"lesson:{lesson.pk}", lambda: _render_learner_parts(request, lesson, lesson_ids)
    )


def _render_learner_parts(
    request: LearnerRequest, lesson: Lesson, lesson_ids: list[int]
) -> dict[str, str]:
    """The parts; the progress box and the quiz link are also remembered by what they show (the
    lesson done or not and the module's count; the best score): most learners' are the same."""
    user = request.user
    progress, done = LessonProgress.objects.open_in_module(
        user=user, lesson=lesson, module_lessons=lesson_ids
    )
    module_progress = ModuleProgress(done, len(lesson_ids))
    own = {
        "lesson": lesson,
        "module": lesson.module,
        "progress": progress,
        "module_progress": module_progress,
    }
    shown = (lesson.pk, progress.completed_at is not None, module_progress)
    return {
        "account": account_part(request),
        "progress": rendered_part(request, "lessons/lesson.html#progress", own, shown),
        # No context processors: the quiz link needs only the request.
        "quiz": render_to_string("lessons/lesson.html#quiz", {**own, "request": request}),
    }


def _lesson_context(lesson: Lesson, show_marks: bool) -> dict[str, Any]:
    siblings = list(lesson.module.lessons.published().values("pk", "slug", "title", "order"))
    index = next(i for i, row in enumerate(siblings) if row["slug"] == lesson.slug)
    body_html, checked = rendered_body(lesson, marks=show_marks)
    key_facts = key_facts_panel(lesson)
    return {
        "lesson": lesson,
        "module": lesson.module,
        "body_html": body_html,
        "coverage": checked,
        "key_facts": key_facts,
        "has_corrections": any(item.is_correction for item in key_facts),
        "marks_on": show_marks,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "position": index + 1,
        "lesson_total": len(siblings),
        "lesson_ids": [row["pk"] for row in siblings],
    }


def _module_progress(user: User, lesson_ids: list[int]) -> ModuleProgress:
    """The learner's completed lessons among the module's (those learners see now)."""
    mine = LessonProgress.objects.for_learner(user).completed().filter(lesson__in=lesson_ids)
    return ModuleProgress(mine.count(), len(lesson_ids))


@login_required
@require_POST
def complete_lesson(request: LearnerRequest, module_slug: str, lesson_slug: str) -> HttpResponse:
    """Mark a lesson complete (idempotent): htmx gets the progress fragment, a form the page."""
    lesson = _get_lesson(module_slug, lesson_slug)
    progress, _ = LessonProgress.objects.get_or_create(user=request.user, lesson=lesson)
    progress.complete()
    if not request.htmx:
        return redirect(lesson)
    lesson_ids = list(lesson.module.lessons.published().values_list("pk", flat=True))
    context = {
        "lesson": lesson,
        "module": lesson.module,
        "progress": progress,
        "module_progress": _module_progress(request.user, lesson_ids),
        "just_completed": True,
    }
    return render(request, "lessons/lesson.html#progress", context)
