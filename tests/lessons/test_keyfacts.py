"""A lesson's key facts ("What the sources say"): which facts, in which order, at what cost."""

import re

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from lessons.facts.factbase import load_factbase
from lessons.facts.keyfacts import LIMIT, WORDS_PER_EXTRA, key_facts, words_of
from lessons.models import Claim, Lesson
from lessons.services.content import factbase_from_db
from lessons.services.keyfacts import key_facts_by_lesson
from tests.factories import FactFactory, LessonFactory, ModuleFactory, ReferenceFactory

BASE = load_factbase(
    """
[references.nato]
title = "NATO's role in Kosovo"
publisher = "NATO"
url = "https://www.nato.int/kosovo.htm"
accessed = "2026-11-21"

[[facts]]
id = "kfor-entered"
subject = "KFOR"
aliases = ["Kosovo Force"]
predicate = "entered Kosovo"
cues = ["entered", "deployed"]
value = { type = "date", date = "1999-06-12" }
statement = "KFOR entered Kosovo on 12 June 1999."
reference = "nato"
tags = ["kosovo"]

[[facts]]
id = "kfor-acronym"
subject = "KFOR"
aliases = ["Kosovo Force"]
predicate = "stands for"
value = { type = "acronym", acronym = "KFOR", expansion = "Kosovo Force" }
statement = "KFOR stands for Kosovo Force."
reference = "nato"
tags = ["glossary", "kosovo"]

[[facts]]
id = "kfor-current-strength"
subject = "KFOR"
aliases = ["Kosovo Force"]
predicate = "current troop strength"
value = { type = "number", value = 4700, unit = "troops", qualifier = "approximately" }
statement = "Around 4,700 KFOR troops are deployed today."
reference = "nato"
tags = ["kosovo"]

[[facts]]
id = "kfor-2023-reinforcement"
subject = "KFOR"
aliases = ["Kosovo Force"]
predicate = "extra troops deployed in the 2023 reinforcement"
value = { type = "number", value = 1000, unit = "additional troops", qualifier = "up to" }
statement = "In 2023 KFOR deployed up to 1,000 additional troops."
reference = "nato"
tags = ["kosovo"]

[[facts]]
id = "unmik-civil-administration"
subject = "UNMIK"
aliases = ["United Nations Interim Administration Mission in Kosovo"]
predicate = "ran"
value = { type = "entity", name = "the civil administration of Kosovo" }
statement = "UNMIK, not KFOR, ran the civil administration of Kosovo after June 1999."
reference = "nato"
tags = ["kosovo"]

[[facts]]
id = "allied-force-began"
subject = "Operation Allied Force"
aliases = ["Allied Force"]
generic = ["the air campaign"]
predicate = "began"
value = { type = "date", date = "1999-03-24" }
statement = "Operation Allied Force began on 24 March 1999."
reference = "nato"
tags = ["timeline", "kosovo"]

[[facts]]
id = "unsc-authorised-libya"
subject = "UN Security Council"
aliases = ["Security Council"]
predicate = "authorised a no-fly zone over Libya by resolution"
value = { type = "resolution", number = 1973, year = 2011 }
statement = "The UN Security Council authorised a no-fly zone over Libya in Resolution 1973 (2011)."
reference = "nato"
tags = ["libya"]

[[facts]]
id = "unsc-1244"
subject = "UN Security Council"
aliases = ["Security Council"]
predicate = "adopted Resolution 1244"
value = { type = "date", date = "1999-06-10" }
statement = "The UN Security Council adopted Resolution 1244 on 10 June 1999."
reference = "nato"
tags = ["kosovo"]

[[facts]]
id = "kosovo-autonomy-revoked"
subject = "Kosovo"
predicate = "had its autonomy revoked"
value = { type = "date", date = "1989" }
statement = "Kosovo's autonomy was revoked in 1989."
reference = "nato"
tags = ["timeline", "kosovo"]
""",
    source="test facts",
)

KOSOVO_1999 = (
    "KFOR entered Kosovo in June 1999, after the UN Security Council had voted. "
    "The Kosovo Force worked beside UNMIK."
)


def ids(lesson_text: str, **kwargs) -> list[str]:
    return [fact.id for fact in key_facts([lesson_text], BASE, **kwargs)]


def test_corrections_come_first_then_chosen_then_claimed_then_named_each_once():
    found = ids(
        KOSOVO_1999,
        corrections=["unsc-1244"],
        chosen=["kosovo-autonomy-revoked", "unsc-1244"],
        claimed=["kfor-entered", "kosovo-autonomy-revoked"],
    )
    assert found[:3] == ["unsc-1244", "kosovo-autonomy-revoked", "kfor-entered"]
    assert len(found) == len(set(found))
    assert "unmik-civil-administration" in found[3:]


def test_a_lesson_about_1999_gets_no_fact_of_today_or_of_2023():
    found = ids(KOSOVO_1999)
    assert "kfor-entered" in found
    assert "kfor-current-strength" not in found
    assert "kfor-2023-reinforcement" not in found
    assert "kosovo-autonomy-revoked" not in found  # 1989 is not within a year of 1999


def test_a_lesson_that_talks_about_today_gets_the_present_strength():
    found = ids("KFOR entered Kosovo in 1999 and is still there today.")
    assert "kfor-current-strength" in found
    assert "kfor-2023-reinforcement" not in found
    assert "kfor-2023-reinforcement" in ids("In 2023 KFOR was reinforced.")


def test_a_lesson_that_names_no_year_is_about_its_articles_years():
    yearless = "KFOR keeps a safe and secure environment in Kosovo."
    assert "kfor-entered" in ids(yearless)  # nothing to go by: not filtered by time
    assert "kfor-entered" not in ids(yearless, article="KFOR was reinforced in 2023.")
    assert "kfor-entered" in ids(yearless, article="Events of the 1990s.")


def test_a_fact_of_another_region_is_out_of_scope_even_when_its_subject_is_named():
    assert "unsc-authorised-libya" not in ids(KOSOVO_1999)
    libya = "In 2011 the UN Security Council acted on Libya."
    assert "unsc-authorised-libya" in ids(libya)
    assert "unsc-1244" not in ids(libya)  # Kosovo, 1999: neither its region nor its time


def test_subjects_are_named_by_whole_words_in_any_case_never_by_a_generic_name():
    assert "allied-force-began" not in ids("In 1999 the air campaign lasted weeks.")
    assert "allied-force-began" in ids("In 1999 allied force struck Yugoslavia.")
    assert ids("In 1999 UNMIKS and KFORCE were words.") == []


def test_acronym_expansions_come_after_the_other_facts_of_a_subject():
    found = ids(KOSOVO_1999)
    assert found.index("kfor-acronym") > found.index("kfor-entered")
    assert found[-1] == "kfor-acronym"


def test_the_panel_is_capped_but_never_drops_a_correction_or_a_choice():
    everything = [fact.id for fact in BASE.facts]
    assert len(ids(KOSOVO_1999, claimed=everything)) == min(LIMIT, len(everything))
    assert len(ids(KOSOVO_1999, claimed=everything, limit=3)) == 3
    assert ids(KOSOVO_1999, corrections=everything[:2], chosen=everything[2:], limit=3) == (
        everything
    )


# --- from the database --------------------------------------------------------------------


@pytest.fixture
def lessons(db) -> list[Lesson]:
    module = ModuleFactory(title="Kosovo")
    reference = ReferenceFactory(publisher="NATO", title="NATO and Kosovo")
    facts = [
        FactFactory(key=f"kfor-fact-{n}", reference=reference, tags=["kosovo"]) for n in range(4)
    ]
    made = []
    for n in range(3):
        lesson = LessonFactory(module=module, order=n, body=f"KFOR entered Kosovo in 1999. N{n}.")
        lesson.key_facts.add(facts[n])
        Claim.objects.create(
            lesson=lesson,
            anchor="s-x",
            sentence="KFOR entered Kosovo in 1999.",
            start=23,
            end=27,
            text="1999",
            kind="year",
            auto_verdict="SUPPORTED",
            fact=facts[3],
        )
        made.append(lesson)
    return made


@pytest.mark.parametrize("how_many", [1, 3])
def test_key_facts_by_lesson_reads_the_same_number_of_queries_for_any_number_of_lessons(
    lessons, how_many, django_assert_num_queries
):
    base = factbase_from_db()
    # the claims' facts and verdicts, the admins' choices, the modules' text
    with django_assert_num_queries(3):
        found = key_facts_by_lesson(lessons[:how_many], base)
    assert [fact.id for fact in found[lessons[0].pk]][:2] == ["kfor-fact-0", "kfor-fact-3"]
    assert set(found) == {lesson.pk for lesson in lessons[:how_many]}


@pytest.mark.parametrize(("facts", "shown"), [(1, 4), (12, 13)])
def test_the_signed_in_lesson_page_reads_no_query_per_fact_even_on_a_cold_cache(
    client, lessons, student, facts, shown, django_assert_num_queries
):
    """``shown``: the admin's choices (always all), then (while there is room) the claimed fact
    and the facts about what the lesson names."""
    lesson = lessons[0]
    for n in range(facts):
        lesson.key_facts.add(FactFactory(key=f"extra-{n}", tags=["kosovo"]))
    client.force_login(student)
    client.get(lesson.get_absolute_url())  # creates the progress row
    cache.clear()
    # session, user, role (nav), lesson+module, siblings, progress, module progress, the quiz
    # (none: no score to read), + on a cold cache: the lesson's claims (marks), the fact base,
    # key facts (claims, choices, the module's text), the lesson's corrections, the next
    # scheduled publication (how long the content part may be kept)
    with django_assert_num_queries(14):
        html = client.get(lesson.get_absolute_url()).content.decode()
    assert html.count('<li id="kf-') == shown


# --- on the page --------------------------------------------------------------------------


def test_the_panel_lists_the_correction_first_with_its_source_link(client, course):
    claim = Claim.objects.refuted().select_related("fact__reference", "lesson").first()
    html = client.get(claim.lesson.get_absolute_url()).content.decode()
    root = lxml_html.fromstring(html)
    (panel,) = root.xpath('//section[@id="key-facts"]')
    assert panel.get("aria-labelledby") == "key-facts-heading"
    assert root.xpath('//*[@id="key-facts-heading"]/text()') == ["What the sources say"]
    items = panel.xpath(".//li")
    first = items[0]
    assert first.get("id") == f"kf-{claim.fact.key}"
    assert "key-fact-correction" in first.get("class")
    fix = " ".join(first.xpath('.//p[@class="key-fact-fix"]')[0].text_content().split())
    assert fix == (
        f"✗ Correction: The article says “{claim.text}”; the sources say {claim.correct_value}."
    )
    assert claim.fact.statement in first.text_content()
    (source,) = first.xpath(".//a")
    assert source.get("href") == claim.fact.reference.url
    assert source.get("href").startswith("https://")
    assert source.text_content() == f"Source: {claim.fact.reference.title}"
    lesson = claim.lesson
    words = len(words_of(f"{lesson.title}\n{lesson.body}"))
    assert 1 < len(items) <= LIMIT + words // WORDS_PER_EXTRA
    assert all(re.fullmatch(r"kf-[a-z0-9-]+", item.get("id")) for item in items)
    assert all(item.xpath(".//a[starts-with(@href, 'https://')]") for item in items)


def test_a_fact_a_supported_claim_rests_on_is_in_its_lessons_panel(client, course):
    claim = Claim.objects.supported().select_related("fact", "lesson").first()
    root = lxml_html.fromstring(client.get(claim.lesson.get_absolute_url()).content)
    (item,) = root.xpath(f'//section[@id="key-facts"]//li[@id="kf-{claim.fact.key}"]')
    assert item.get("class") == "key-fact"
    assert claim.fact.statement in item.text_content()
