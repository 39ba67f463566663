"""refresh_content(): one fact base per run, verdict changes kept in history, no work when
nothing changed."""

from io import StringIO

from django.core.management import call_command

from lessons.facts.values import DateValue
from lessons.models import Claim, Fact
from lessons.services import content, refresh_content


def ingest() -> str:
    out = StringIO()
    call_command("ingest", stdout=out, stderr=out)
    return out.getvalue()


def test_a_reingest_with_nothing_changed_verifies_and_generates_nothing(
    course, monkeypatch, django_assert_num_queries
):
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing changed, yet content was refreshed")

    monkeypatch.setattr(content, "verify_lessons", forbidden)
    monkeypatch.setattr(content, "factbase_from_db", forbidden)
    with django_assert_num_queries(17):
        output = ingest()
    assert "30 unchanged" in output
    assert "questions" not in output


def test_the_fact_base_is_read_once_per_refresh(course, monkeypatch):
    calls = []
    real = content.factbase_from_db

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(content, "factbase_from_db", counted)
    refresh_content()
    assert calls == [1]


def test_an_automatic_verdict_change_is_kept_in_the_claims_history(course):
    claim = Claim.objects.supported().filter(kind="date", fact__isnull=False).first()
    fact = claim.fact
    value = DateValue(1990, 1, 1)  # the fact now contradicts the article
    fact.set_value(value)
    fact.save()
    refresh_content()
    claim.refresh_from_db()
    assert claim.auto_verdict == "REFUTED"
    verdicts = [record.auto_verdict for record in claim.history.order_by("history_date")]
    assert verdicts[-2:] == ["SUPPORTED", "REFUTED"]


def test_an_unchanged_claim_is_not_rewritten_but_its_check_is_stamped(course):
    claim = Claim.objects.first()
    history = claim.history.count()
    stamped = claim.checked_at
    refresh_content()
    claim.refresh_from_db()
    assert claim.history.count() == history
    assert claim.checked_at > stamped


def test_facts_store_their_value_with_what_is_derived_from_it(course):
    fact = Fact.objects.get(key="kfor-entered-kosovo")
    assert fact.value == {"type": "date", "date": "1999-06-12"}
    assert fact.value_display == "12 June 1999"
    assert fact.sort_date.isoformat() == "1999-06-12"


def test_claims_store_the_value_they_state(course):
    claim = Claim.objects.filter(kind="date").filter(value__isnull=False).first()
    assert claim.value["type"] == "date"
    assert claim.value["date"].startswith(str(claim.text[-4:]))


def test_a_refutation_the_fact_base_confirms_is_reviewed_at_verification(course):
    claim = Claim.objects.refuted().select_related("fact").first()
    assert claim is not None
    assert claim.fact is not None
    fact = claim.fact
    fact.confirmed_errors = [f"  {claim.text.upper()} "]  # case and spacing do not matter
    fact.save()
    Claim.objects.filter(pk=claim.pk).update(reviewed=False)
    refresh_content()
    claim.refresh_from_db()
    assert claim.reviewed is True
    assert claim.auto_verdict == "REFUTED"


def test_a_refutation_not_listed_as_confirmed_stays_unreviewed(course):
    claim = Claim.objects.refuted().select_related("fact").first()
    fact = claim.fact
    fact.confirmed_errors = ["some other wrong value"]
    fact.save()
    Claim.objects.filter(pk=claim.pk).update(reviewed=False)
    refresh_content()
    claim.refresh_from_db()
    assert claim.reviewed is False


def test_verification_never_unreviews_an_admins_review(course):
    claim = Claim.objects.supported().first()
    Claim.objects.filter(pk=claim.pk).update(reviewed=True)
    refresh_content()
    claim.refresh_from_db()
    assert claim.reviewed is True


def test_the_seeds_confirmed_errors_are_reviewed_after_ingest(course):
    refuted = list(Claim.objects.refuted().select_related("fact"))
    confirmed = [c for c in refuted if c.text in c.fact.confirmed_errors]
    assert confirmed, "the seeds' fact base confirms at least one refutation"
    assert all(c.reviewed for c in confirmed)
