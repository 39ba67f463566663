"""The fact-check report, the glossary, the fact library and the timeline."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lessons.facts.schema import parse_value
from lessons.facts.values import DateValue, SpanValue, format_value
from lessons.models import Claim, Fact, Module, Verdict
from lessons.timeline import TimelineEvent, in_order, render_timeline_svg

# The report's filter: ?verdict=<key> shows the claims with these verdicts, under this label.
REPORT_FILTERS = {
    "problems": ("Refuted and unverified", [Verdict.REFUTED, Verdict.NOT_ENOUGH_INFO]),
    Verdict.REFUTED: ("Refuted", [Verdict.REFUTED]),
    Verdict.NOT_ENOUGH_INFO: ("Not enough info", [Verdict.NOT_ENOUGH_INFO]),
    Verdict.SUPPORTED: ("Supported", [Verdict.SUPPORTED]),
}
# Claims per page of the report: the list grows with every article added.
REPORT_PAGE_SIZE = 100


def report(request: HttpRequest) -> HttpResponse:
    """Per module, counts per verdict; then the claims of the chosen kinds with their
    evidence, a page at a time (?page=N: no number gives the first page, a number out of
    range the last)."""
    chosen = request.GET.get("verdict", "problems")
    if chosen not in REPORT_FILTERS:
        chosen = "problems"
    module_slug = request.GET.get("module", "")
    _, verdicts = REPORT_FILTERS[chosen]
    claims = Claim.objects.published().with_verdict(*verdicts).with_evidence()
    if module_slug:
        claims = claims.filter(lesson__module__slug=module_slug)
    rows = Claim.objects.counts_per_module()
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("supported", "refuted", "unverified", "total")
    }
    context = {
        "rows": rows,
        "totals": totals,
        "claims": Paginator(claims, REPORT_PAGE_SIZE).get_page(request.GET.get("page")),
        "modules": Module.objects.published().values("slug", "title"),
        "chosen": chosen,
        "module_slug": module_slug,
        "verdict_choices": [(key, label) for key, (label, _) in REPORT_FILTERS.items()],
    }
    return render(request, "facts/report.html", context)


def glossary(request: HttpRequest) -> HttpResponse:
    """Acronyms and names from the fact base, alphabetically."""
    terms = []
    for fact in Fact.objects.select_related("reference"):
        kind = fact.value.get("type")
        if kind == "acronym":
            terms.append((fact.value["acronym"], fact.value["expansion"], fact))
        elif kind == "entity" and "glossary" in fact.tags:
            terms.append((fact.value["name"], fact.statement, fact))
    terms.sort(key=lambda term: term[0].casefold())
    return render(request, "facts/glossary.html", {"terms": terms})


def library(request: HttpRequest) -> HttpResponse:
    """Every reference fact with its source: what the lessons are checked against."""
    facts = Fact.objects.select_related("reference").order_by("reference__publisher", "key")
    return render(request, "facts/library.html", {"facts": facts})


def _timeline_events() -> list[TimelineEvent]:
    """The facts tagged "timeline" that have a date (or a span of dates), as chart events."""
    events = []
    dated = Fact.objects.exclude(sort_date=None).order_by("sort_date")
    # Tags live in a JSON list, which SQLite cannot query portably; they are few.
    for fact in (f for f in dated if "timeline" in f.tags):
        value = parse_value(fact.value, where=fact.key)
        start, end = (value.start, value.end) if isinstance(value, SpanValue) else (value, None)
        if not isinstance(start, DateValue):
            continue
        events.append(
            TimelineEvent(
                key=fact.key,
                label=f"{fact.subject} {fact.predicate}",
                start=(start.year, start.month, start.day),
                end=(end.year, end.month, end.day) if end else None,
                href=fact.get_absolute_url(),
                date_label=format_value(value),
            )
        )
    return events


TIMELINE_YEARS = range(1999, 2015)  # from the air campaign to the end of ISAF


def timeline(request: HttpRequest) -> HttpResponse:
    every = in_order(_timeline_events())
    events = [e for e in every if e.start[0] in TIMELINE_YEARS]
    earlier = [e for e in every if e.start[0] < TIMELINE_YEARS.start]
    later = [e for e in every if e.start[0] >= TIMELINE_YEARS.stop]
    svg = render_timeline_svg(
        events,
        title="Timeline of the dated facts, 1999–2014",
        description=f"{len(events)} dated events from 1999 to 2014, in order; "
        "the list below the chart gives the same events as text.",
    )
    context = {"svg": svg, "events": events, "earlier": earlier, "later": later}
    return render(request, "facts/timeline.html", context)
