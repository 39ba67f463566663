"""Learners report a problem with a question (from its feedback) or a fact-check mark (from its
tip on the lesson page). With htmx the form opens and answers in place; without JavaScript it
is a page that posts, then redirects back with a message."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from lessons.models import Claim
from lessons.views import LearnerRequest
from quizzes.models import ProblemReport, Question, Response
from quizzes.models.reports import (
    CLAIM_REASONS,
    NOTE_MAX_LENGTH,
    QUESTION_REASONS,
    ProblemReason,
)

TEMPLATE = "quizzes/report.html"
FIELDS = ("question", "claim", "reason", "note", "next")
MAX_ID = 2**31 - 1
ALREADY_REPORTED = "You already reported this; we'll look at it."
SENT = "Thanks: your report is with the admins. You'll see what they decide on your progress page."


class Refused(Exception):
    """What cannot be reported, in words for the learner."""


def reportable_question(user: Any, pk: int) -> Question:
    """A question the learner has answered, still asked in a published quiz (one query)."""
    answered = Response.objects.filter(question=OuterRef("pk"), attempt__user=user)
    question = (
        Question.objects.active()
        .published()
        .filter(Exists(answered), pk=pk)
        .select_related("lesson__module")
        .first()
    )
    if question is None:
        raise Refused("This question cannot be reported: answer it in a quiz or review first.")
    return question


def reportable_claim(pk: int) -> Claim:
    """A fact-check mark on a published lesson (one query)."""
    claim = Claim.objects.published().filter(pk=pk).select_related("lesson__module").first()
    if claim is None:
        raise Refused("This fact-check mark cannot be reported: it is not on any lesson page.")
    return claim


class ProblemForm(forms.Form):
    """What the learner reports: exactly one item, a reason that fits it, an optional note."""

    question = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    claim = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    reason = forms.ChoiceField(
        label="What seems wrong?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what seems wrong."},
    )
    note = forms.CharField(
        label="Anything to add? (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Keep the note under {NOTE_MAX_LENGTH} characters "
            "(it has %(show_value)d)."
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: QueryDict | None, *, user: Any, item: Question | Claim) -> None:
        super().__init__(data)
        self.user = user
        self.item = item
        reason = cast(forms.ChoiceField, self.fields["reason"])
        reason.choices = [(choice.value, choice.label) for choice in reasons_for(item)]

    def report(self) -> ProblemReport:
        """The report to save (call after ``is_valid``)."""
        item = self.item
        question = item if isinstance(item, Question) else None
        claim = item if isinstance(item, Claim) else None
        return ProblemReport(
            user=self.user,
            question=question,
            claim=claim,
            about=reported_text(item)[:300],
            reason=self.cleaned_data["reason"],
            note=self.cleaned_data["note"].strip(),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if _already_reported(self.user, self.item):
            raise forms.ValidationError(ALREADY_REPORTED, code="duplicate")
        return data


def _already_reported(user: Any, item: Question | Claim) -> bool:
    return ProblemReport.objects.open().for_learner(user).about(item).exists()


def reasons_for(item: Question | Claim) -> tuple[ProblemReason, ...]:
    return QUESTION_REASONS if isinstance(item, Question) else CLAIM_REASONS


def reported_text(item: Question | Claim) -> str:
    return item.prompt if isinstance(item, Question) else item.text


def _one_value_each(data: QueryDict) -> None:
    """A field sent twice (a tampered or doubled form) is refused rather than guessed at."""
    if any(len(data.getlist(name)) > 1 for name in FIELDS):
        raise Refused("The form came with a field twice: open it again and send it once.")


def _item(user: Any, data: QueryDict) -> Question | Claim:
    """The question or the claim named by ``data`` (exactly one), if the learner may report it."""
    _one_value_each(data)
    ids = {name: data.get(name, "").strip() for name in ("question", "claim")}
    named = [(name, value) for name, value in ids.items() if value]
    if len(named) != 1:
        raise Refused("Report one question or one fact-check mark at a time.")
    name, value = named[0]
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
        raise Refused("This report names no question or fact-check mark that exists.")
    return (
        reportable_question(user, int(value))
        if name == "question"
        else reportable_claim(int(value))
    )


def _back(request: LearnerRequest, item: Question | Claim, wanted: str) -> str:
    """Where the learner came from (a page of this site only), else the claim's sentence or the
    progress page."""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    if isinstance(item, Claim):
        return item.sentence_url()
    return reverse("progress:index")


@login_required
@require_http_methods(["GET", "POST"])
def report_problem(request: LearnerRequest) -> HttpResponse:
    """GET ?question=<id> or ?claim=<id> shows the form; POST saves the report."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        item = _item(request.user, data)
    except Refused as refused:
        refusal = {"message": str(refused), "back": reverse("progress:index")}
        status = 400 if request.method == "POST" else 404
        return render(request, _template(request, "refused"), refusal, status=status)
    if request.method == "POST":
        return _submit(request, item)
    if _already_reported(request.user, item):
        already = {"message": ALREADY_REPORTED, "already": True}
        return render(request, _template(request, "already"), already)
    back = _back(request, item, data.get("next", ""))
    form = ProblemForm(None, user=request.user, item=item)
    form.initial = {"question": data.get("question"), "claim": data.get("claim"), "next": back}
    return render(request, _template(request, "form"), _context(request, form, item, back))


def _submit(request: LearnerRequest, item: Question | Claim) -> HttpResponse:
    form = ProblemForm(request.POST, user=request.user, item=item)
    back = _back(request, item, request.POST.get("next", ""))
    if form.is_valid():
        try:
            with transaction.atomic():
                form.report().save()
        except IntegrityError:  # a double submit that raced past the check
            form.add_error(None, forms.ValidationError(ALREADY_REPORTED, code="duplicate"))
    if form.errors:
        status = 409 if form.has_error(NON_FIELD_ERRORS, "duplicate") else 400
        return render(
            request, _template(request, "form"), _context(request, form, item, back), status=status
        )
    if request.htmx:
        return render(request, f"{TEMPLATE}#sent", {"back": back})
    messages.success(request, SENT)
    return redirect(back)


def _template(request: LearnerRequest, partial: str) -> str:
    return f"{TEMPLATE}#{partial}" if request.htmx else TEMPLATE


def _context(
    request: LearnerRequest, form: ProblemForm, item: Question | Claim, back: str
) -> dict[str, Any]:
    return {
        "inline": bool(request.htmx),  # opened in place: it answers in place too
        "form": form,
        "item": item,
        "is_question": isinstance(item, Question),
        "about": reported_text(item),
        "back": back,
        "action": reverse("quizzes:report_problem"),
    }
