"""Learners' problem reports: open ones first, the evidence on the change page, and a form that
resolves a report (and every other open report on the same item) in one of four ways."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from lessons.admin import admin_link
from lessons.facts.verdicts import Verdict
from lessons.models import Claim, Fact
from lessons.services import regenerate
from quizzes.models import ProblemReport, Question
from quizzes.models.reports import NOTE_MAX_LENGTH, ProblemReportQuerySet, ReportStatus

RESOLUTIONS = [
    (ReportStatus.FIXED.value, "I fixed the question or the lesson: mark it fixed"),
    (ReportStatus.DEACTIVATED.value, "Withdraw the question (no quiz asks it again)"),
    (ReportStatus.OVERRIDDEN.value, "Override the claim's verdict (questions follow)"),
    (ReportStatus.DISMISSED.value, "Dismiss: nothing is wrong"),
]


class ResolveForm(forms.ModelForm):
    """Every field of the report is read-only; these three say what the admin decided."""

    resolution = forms.ChoiceField(choices=RESOLUTIONS, widget=forms.RadioSelect)
    verdict = forms.ChoiceField(
        choices=[("", "—"), *Verdict.choices()],
        required=False,
        help_text="Only for “Override the claim's verdict”.",
    )
    reply = forms.CharField(
        label="Note to the learner",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the learner's progress page (and as the override's reason).",
    )

    class Meta:
        model = ProblemReport
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        report: ProblemReport = self.instance
        resolution = data.get("resolution")
        if not report.is_open:
            raise forms.ValidationError("This report is already resolved.")
        if resolution == ReportStatus.DEACTIVATED and report.question is None:
            self.add_error("resolution", "This report is not about a question.")
        if resolution == ReportStatus.OVERRIDDEN:
            if report.evidence_claim is None:
                self.add_error("resolution", "This report has no fact-check claim to override.")
            elif not data.get("verdict"):
                self.add_error("verdict", "Choose the verdict the claim should have.")
        return data


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    form = ResolveForm
    list_display = ["__str__", "status", "reason", "learner", "item_link", "created_at"]
    list_display_links = ["__str__"]
    list_select_related = ["user", "question", "claim"]
    list_filter = ["status", "reason"]
    search_fields = ["about", "note", "user__username"]
    show_full_result_count = False  # the filtered count is enough; no second COUNT
    readonly_fields = [
        "learner",
        "created_at",
        "reason",
        "note",
        "status",
        "item_link",
        "question_evidence",
        "claim_evidence",
        "fact_evidence",
        "resolved_by",
        "resolved_at",
        "resolution_note",
    ]

    def get_queryset(self, request: HttpRequest) -> ProblemReportQuerySet:
        return ProblemReport.objects.with_evidence().open_first()

    def get_fieldsets(self, request: HttpRequest, obj: ProblemReport | None = None) -> Any:
        report = ["learner", "created_at", "reason", "note", "status"]
        evidence = ["item_link", "question_evidence", "claim_evidence", "fact_evidence"]
        fieldsets: list[tuple[str, dict[str, Any]]] = [
            ("The report", {"fields": report}),
            ("The evidence", {"fields": evidence}),
        ]
        if obj is not None and obj.is_open:
            fieldsets.append(("Resolve", {"fields": ["resolution", "verdict", "reply"]}))
        else:
            resolved = ["resolved_by", "resolved_at", "resolution_note"]
            fieldsets.append(("Resolution", {"fields": resolved}))
        return fieldsets

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # learners report from the quiz feedback and the lesson page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A resolved report is a record: it can be read, not resolved again."""
        if obj is not None and not obj.is_open:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ProblemReport, form: Any, change: bool) -> None:
        data = form.cleaned_data
        by, note = request.user, data["reply"]
        match data["resolution"]:
            case ReportStatus.DEACTIVATED:
                count = obj.deactivate_question(by=by, note=note)
            case ReportStatus.OVERRIDDEN:
                count = obj.override_verdict(data["verdict"], by=by, note=note)
                regenerate()  # the override can add or withdraw questions
            case ReportStatus.DISMISSED:
                count = obj.dismiss(by=by, note=note)
            case _:
                count = obj.mark_fixed(by=by, note=note)
        self.message_user(
            request,
            f"Resolved {count} open report(s) on this item: {obj.get_status_display()}.",
            messages.SUCCESS,
        )

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return super().log_change(request, obj, f"Resolved: {obj.get_status_display()}")

    @admin.display(description="learner", ordering="user__username")
    def learner(self, obj: ProblemReport) -> str:
        return admin_link(User, obj.user_id, obj.user)

    @admin.display(description="about")
    def item_link(self, obj: ProblemReport) -> str:
        if obj.question_id is not None:
            return format_html("Question: {}", admin_link(Question, obj.question_id, obj.about))
        if obj.claim_id is not None:
            return format_html("Fact-check mark: {}", admin_link(Claim, obj.claim_id, obj.about))
        return format_html("{} <em>(no longer there)</em>", obj.about)

    @admin.display(description="question")
    def question_evidence(self, obj: ProblemReport) -> str:
        question = obj.question
        if question is None:
            return "–"
        return _lines(
            ("Prompt", question.prompt),
            ("Kind", question.get_kind_display()),
            ("Answer key", question.answer),
            ("Explanation", question.explanation),
            ("Active", "yes" if question.active else "no (withdrawn)"),
            ("Fix it", admin_link(Question, question.pk, "edit the question")),
        )

    @admin.display(description="claim")
    def claim_evidence(self, obj: ProblemReport) -> str:
        claim = obj.evidence_claim
        if claim is None:
            return "–"
        return _lines(
            ("Sentence", claim.sentence),
            ("Claim", claim.text),
            (
                "Verdict",
                Verdict(claim.verdict).label + (" (overridden)" if claim.override_verdict else ""),
            ),
            (
                "Lesson",
                format_html('<a href="{}">{}</a>', claim.sentence_url(), claim.lesson.title),
            ),
            ("Edit", admin_link(Claim, claim.pk, "the claim")),
        )

    @admin.display(description="fact")
    def fact_evidence(self, obj: ProblemReport) -> str:
        fact = obj.evidence_fact
        if fact is None:
            return "–"
        source = format_html(
            '<a href="{}" rel="noopener">{} — {}</a>',
            fact.reference.url,
            fact.reference.publisher,
            fact.reference.title,
        )
        return _lines(
            ("Statement", fact.statement),
            ("Value", fact.value_display),
            ("Source", source),
            ("Edit", admin_link(Fact, fact.pk, "the fact")),
        )


def _lines(*rows: tuple[str, object]) -> str:
    return format_html_join("", "<p><strong>{}:</strong> {}</p>", rows)
