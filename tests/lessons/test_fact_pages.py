"""Verification at ingest, factcheck, lesson marks, the /facts/ pages and the review queue."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lessons.facts.values import DateValue
from lessons.models import Claim, Fact, Lesson, Verdict
from tests.factories import FactFactory

ISAF_SENTENCE = (
    "NATO’s involvement in Afghanistan primarily began with the launch of the International"
)


def isaf_claim() -> Claim:
    return Claim.objects.refuted().get(sentence__startswith=ISAF_SENTENCE)


def test_ingest_verifies_every_lesson_and_refutes_the_isaf_start_date(course):
    assert Fact.objects.count() >= 40
    claim = isaf_claim()
    assert claim.text == "2003"
    assert claim.correct_value == "20 December 2001"
    assert claim.fact.key == "isaf-established-by-un"
    assert claim.fact.reference.url.startswith("https://")
    assert Claim.objects.supported().count() >= 20


def test_no_claim_is_supported_without_a_cited_fact(course):
    for claim in Claim.objects.supported().select_related("fact__reference"):
        assert claim.fact is not None, claim
        assert claim.fact.reference.url.startswith("https://"), claim


def test_a_second_ingest_keeps_claims_untouched(course):
    before = list(Claim.objects.order_by("pk").values_list("pk", "auto_verdict", "checked_at"))
    call_command("ingest", stdout=StringIO())
    after = list(Claim.objects.order_by("pk").values_list("pk", "auto_verdict", "checked_at"))
    assert after == before


def test_an_override_survives_re_ingest_and_re_verification(course, admin):
    claim = isaf_claim()
    claim.override(Verdict.NOT_ENOUGH_INFO, by=admin, note="Depends on what 'involvement' means.")
    claim.save()
    call_command("factcheck", stdout=StringIO())
    call_command("ingest", stdout=StringIO())
    claim.refresh_from_db()
    assert claim.verdict == Verdict.NOT_ENOUGH_INFO
    assert claim.auto_verdict == Verdict.REFUTED
    assert claim.overridden_by == admin
    assert claim in Claim.objects.unverified()
    assert claim not in Claim.objects.refuted()


def test_an_admin_edit_to_a_fact_survives_re_ingest(course):
    fact = Fact.objects.get(key="isaf-established-by-un")
    fact.statement = "Edited by an admin."
    fact.edited = True
    fact.save()
    call_command("ingest", "seeds/", stdout=StringIO())
    fact.refresh_from_db()
    assert fact.statement == "Edited by an admin."


def test_factcheck_json_lists_every_claim_with_its_evidence(course):
    out = StringIO()
    call_command("factcheck", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == Claim.objects.count()
    keys = {"module", "lesson", "sentence", "claim", "verdict", "fact_id", "correct_value"}
    assert keys | {"reference_url"} <= set(rows[0])
    refuted = [r for r in rows if r["verdict"] == "REFUTED"]
    isaf = next(r for r in refuted if r["sentence"].startswith(ISAF_SENTENCE))
    assert isaf["correct_value"] == "20 December 2001"
    assert isaf["fact_id"] == "isaf-established-by-un"


def test_factcheck_table(course):
    out = StringIO()
    call_command("factcheck", stdout=out)
    assert "REFUTED" in out.getvalue()
    assert f"factcheck: {Claim.objects.count()} claims" in out.getvalue()


def lesson_html(client, lesson: Lesson) -> str:
    return client.get(lesson.get_absolute_url()).content.decode()


def test_the_lesson_page_marks_refuted_sentences_with_the_correction_and_source(client, course):
    claim = isaf_claim()
    html = lesson_html(client, claim.lesson)
    assert f'class="sentence checked checked-refuted" id="{claim.anchor}"' in html
    assert "Fact check: “2003” is wrong." in html
    assert "The sources say 20 December 2001." in html
    assert claim.fact.reference.url in html


def test_supported_sentences_are_marked_quietly_with_their_source(client, course):
    claim = Claim.objects.supported().select_related("fact__reference").first()
    html = lesson_html(client, claim.lesson)
    assert f'id="{claim.anchor}"' in html
    assert "checked-supported" in html
    assert f"Supported by {claim.fact.reference.publisher}" in html


def test_a_mark_is_a_button_toggling_a_tip_that_holds_the_source_link(client, course):
    claim = Claim.objects.supported().select_related("fact__reference").first()
    html = lesson_html(client, claim.lesson)
    tip = f"tip-supported-{claim.anchor}"
    assert f'<button type="button" class="mark mark-supported" popovertarget="{tip}">' in html
    inside = html.split(f'<span class="tip" id="{tip}" popover>')[1].split("</span></span>")[0]
    assert inside.startswith(f"Supported by {claim.fact.reference.publisher}: ")
    assert f'<a href="{claim.fact.reference.url}" rel="noopener">Source: ' in inside
    assert '<a class="mark' not in html  # a tap on a mark never leaves the lesson


def test_an_unverified_mark_says_so_and_links_to_the_report_from_its_tip(client, course):
    claim = Claim.objects.unverified().first()
    html = lesson_html(client, claim.lesson)
    tip = f"tip-unverified-{claim.anchor}"
    assert f'class="mark mark-unverified" popovertarget="{tip}"' in html
    inside = html.split(f'<span class="tip" id="{tip}" popover>')[1].split("</span></span>")[0]
    assert "Not verified: no cited fact confirms or contradicts" in inside
    assert f"{reverse('facts:report')}#claim-" in inside


def test_a_sentence_with_a_supported_and_an_unverified_claim_never_shows_a_bare_tick(
    client, course
):
    mixed = [
        claim
        for claim in Claim.objects.unverified()
        if Claim.objects.supported().filter(lesson=claim.lesson, anchor=claim.anchor).exists()
    ]
    assert mixed  # the seeds have such sentences ("over 38,000 sorties ... 23,000 bombs")
    for claim in mixed:
        html = lesson_html(client, claim.lesson)
        assert f'class="sentence checked checked-unverified" id="{claim.anchor}"' in html
        assert f'popovertarget="tip-supported-{claim.anchor}"' in html
        assert f'popovertarget="tip-unverified-{claim.anchor}"' in html
        assert f"“{claim.text}”" in html


def test_a_learner_can_turn_the_marks_off_and_on(client, course):
    claim = isaf_claim()
    url = claim.lesson.get_absolute_url()
    response = client.post(reverse("lessons:marks"), {"marks": "off", "next": url})
    assert response["Location"] == url
    html = lesson_html(client, claim.lesson)
    assert "Fact-check marks: off" in html
    assert "checked-refuted" not in html
    assert f'id="{claim.anchor}"' in html  # anchors stay for links from quizzes
    client.post(reverse("lessons:marks"), {"marks": "on", "next": url})
    assert "checked-refuted" in lesson_html(client, claim.lesson)


def test_the_marks_toggle_never_redirects_off_site(client, db):
    response = client.post(
        reverse("lessons:marks"), {"marks": "off", "next": "https://evil.example"}
    )
    assert response["Location"] == reverse("lessons:catalogue")


def test_report_counts_verdicts_per_module_and_lists_the_problems(client, course):
    html = client.get(reverse("facts:report")).content.decode()
    assert "Claims per module and verdict" in html
    assert f"<td>{Claim.objects.refuted().count()}</td>" in html
    assert ISAF_SENTENCE in html
    assert "20 December 2001" in html
    unverified = Claim.objects.unverified().first()
    assert f'id="claim-{unverified.pk}"' in html


def test_report_filters_by_verdict_and_module(client, course):
    html = client.get(reverse("facts:report"), {"verdict": "SUPPORTED"}).content.decode()
    assert f"{Claim.objects.supported().count()} claims shown." in html
    claim = isaf_claim()
    html = client.get(
        reverse("facts:report"), {"verdict": "REFUTED", "module": claim.lesson.module.slug}
    ).content.decode()
    assert ISAF_SENTENCE in html
    other = client.get(reverse("facts:report"), {"verdict": "nonsense", "module": "nope"})
    assert "No claims match these filters." in other.content.decode()


def test_glossary_lists_acronyms_with_expansions(client, course):
    html = client.get(reverse("facts:glossary")).content.decode()
    assert "<dt>KFOR</dt>" in html
    assert "Kosovo Force" in html
    assert "<dt>UNMIK</dt>" in html


def test_timeline_is_an_accessible_svg_with_a_text_alternative(client, course):
    html = client.get(reverse("facts:timeline")).content.decode()
    assert re.search(r'<svg[^>]* role="(img|group)" aria-labelledby="tl-title tl-desc"', html)
    assert "<title id=" in html
    assert "24 March 1999" in html
    assert "Operation Allied Force" in html
    assert html.index("24 March 1999") < html.index("12 June 1999") < html.index("December 2014")
    assert 'href="/facts/library/#fact-' in html


def test_library_cites_every_fact(client, course):
    html = client.get(reverse("facts:library")).content.decode()
    for fact in Fact.objects.select_related("reference"):
        assert f'id="fact-{fact.key}"' in html


@pytest.mark.parametrize("extra", [0, 25])
@pytest.mark.parametrize(
    ("name", "queries"), [("report", 4), ("glossary", 1), ("library", 1), ("timeline", 1)]
)
def test_fact_pages_query_counts_are_constant(
    client, course, name, queries, extra, django_assert_num_queries
):
    reference = Fact.objects.first().reference
    for n in range(extra):
        FactFactory(
            subject=f"EX{n}",
            reference=reference,
            tags=["timeline", "glossary"],
            typed=DateValue(2000 + n % 10, 1 + n % 12, 1),
        )
    with django_assert_num_queries(queries):
        client.get(reverse(f"facts:{name}"))


def test_review_queue_lists_not_enough_info_first(admin_client, course):
    response = admin_client.get(reverse("admin:lessons_claim_changelist"))
    claims = list(response.context["cl"].result_list)
    assert claims[0].auto_verdict == Verdict.NOT_ENOUGH_INFO
    unreviewed = [c for c in claims if not c.reviewed]  # a confirmed refutation sorts last
    assert unreviewed[-1].auto_verdict == Verdict.SUPPORTED
    assert all(c.reviewed for c in claims[len(unreviewed) :])


def test_an_override_in_the_admin_needs_a_note(admin_client, course, admin):
    claim = isaf_claim()
    url = reverse("admin:lessons_claim_change", args=[claim.pk])
    response = admin_client.post(url, {"override_verdict": "SUPPORTED", "override_note": " "})
    assert "Say why you override" in response.content.decode()
    claim.refresh_from_db()
    assert claim.override_verdict == ""
    response = admin_client.post(
        url, {"override_verdict": "NOT_ENOUGH_INFO", "override_note": "Ambiguous wording."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.verdict == Verdict.NOT_ENOUGH_INFO
    assert claim.overridden_by.username == "admin"  # admin_client's user
    assert claim.override_note == "Ambiguous wording."


def test_confirm_action_marks_claims_reviewed(admin_client, course):
    claim = isaf_claim()
    admin_client.post(
        reverse("admin:lessons_claim_changelist"),
        {"action": "confirm", "_selected_action": [claim.pk]},
    )
    claim.refresh_from_db()
    assert claim.reviewed


@pytest.mark.parametrize("model", ["reference", "fact", "claim"])
def test_fact_admin_changelists_render(admin_client, course, model):
    response = admin_client.get(reverse(f"admin:lessons_{model}_changelist"))
    assert response.status_code == 200
    obj = {
        "reference": Fact.objects.first().reference,
        "fact": Fact.objects.first(),
        "claim": isaf_claim(),
    }[model]
    change = admin_client.get(reverse(f"admin:lessons_{model}_change", args=[obj.pk]))
    assert str(obj)[:20] in change.content.decode()


def test_a_bad_fact_value_in_the_admin_is_a_form_error_not_a_crash(
    admin_client, course, change_form
):
    fact = Fact.objects.get(key="kfor-entered-kosovo")
    aliases = list(fact.aliases)
    url = reverse("admin:lessons_fact_change", args=[fact.pk])
    data = change_form(url)
    data["date"] = "not a date"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "bad date &#x27;not a date&#x27;" in response.content.decode()
    fact.refresh_from_db()
    assert fact.value == {"type": "date", "date": "1999-06-12"}

    data["date"] = "1980-01-01"
    assert admin_client.post(url, data).status_code == 302
    fact.refresh_from_db()
    assert fact.value_display == "1 January 1980"
    assert str(fact.sort_date) == "1980-01-01"
    assert fact.edited
    assert fact.aliases == aliases


def test_an_unchanged_ingest_writes_no_reference_or_fact_history(course):
    from lessons.models import Reference

    before = (Reference.history.count(), Fact.history.count())
    call_command("ingest", stdout=StringIO())
    assert (Reference.history.count(), Fact.history.count()) == before


def test_an_admin_edit_to_a_reference_survives_re_ingest_and_shows_at_once(
    client, admin_client, course, change_form, django_capture_on_commit_callbacks
):
    claim = Claim.objects.supported().select_related("fact__reference").first()
    reference = claim.fact.reference
    page = claim.lesson.get_absolute_url()
    assert f"Supported by {reference.publisher}" in client.get(page).content.decode()
    url = reverse("admin:lessons_reference_change", args=[reference.pk])
    data = change_form(url)
    data["publisher"] = "Renamed Publisher"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
        call_command("ingest", stdout=StringIO())
    reference.refresh_from_db()
    assert reference.publisher == "Renamed Publisher"
    assert "Supported by Renamed Publisher" in client.get(page).content.decode()
