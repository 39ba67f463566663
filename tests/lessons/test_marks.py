"""Claim-level fact-check marks: on the claim's words, one tip each, never a bare ✓."""

import pytest
from lxml import html as lxml_html

from lessons.facts.verdicts import Verdict
from lessons.marks import Coverage, coverage, decorator
from lessons.models import Claim, Fact, Reference
from lessons.text.render import render_body
from lessons.text.sentences import Sentence, body_sentences

STATS = (
    "Key statistics include over 38,000 sorties flown by NATO aircraft and approximately "
    "23,000 bombs and missiles."
)
ISAF = "NATO took command of ISAF in 2003."
PLAIN = "The region was tense."
BODY = f"{STATS} {PLAIN}\n\n{ISAF}"

SOURCE = Reference(
    key="nato", title="Kosovo one year on", publisher="NATO", url="https://www.nato.int/k.htm"
)
UN = Reference(key="un", title="SC/7248", publisher="United Nations", url="https://press.un.org/x")


def sentence(text: str) -> Sentence:
    (found,) = [s for s in body_sentences(BODY) if s.text == text]
    return found


def claim(text: str, words: str, verdict: str, **fields) -> Claim:
    start = text.index(words)
    return Claim(
        pk=fields.pop("pk", None),
        anchor=sentence(text).anchor,
        sentence=text,
        start=start,
        end=start + len(words),
        text=words,
        auto_verdict=verdict,
        **fields,
    )


def sorties_fact() -> Fact:
    return Fact(
        key="allied-force-sorties",
        statement="Allied aircraft flew just over 38,000 combat sorties.",
        reference=SOURCE,
    )


def claims() -> list[Claim]:
    isaf_fact = Fact(
        key="isaf-established",
        statement="The UN Security Council first authorised ISAF on 20 December 2001.",
        reference=UN,
    )
    return [
        claim(STATS, "over 38,000 sorties", Verdict.SUPPORTED, fact=sorties_fact(), pk=1),
        claim(STATS, "approximately 23,000 bombs and missiles", Verdict.NOT_ENOUGH_INFO, pk=2),
        claim(
            ISAF, "2003", Verdict.REFUTED, fact=isaf_fact, correct_value="20 December 2001", pk=3
        ),
    ]


@pytest.fixture
def page() -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(
        render_body(BODY, decorate=decorator(claims())), create_parent="div"
    )


def by_id(root: lxml_html.HtmlElement, anchor: str) -> lxml_html.HtmlElement:
    (element,) = root.xpath(f'//*[@id="{anchor}"]')
    return element


def marked_words(sentence: lxml_html.HtmlElement) -> list[tuple[str, str, str]]:
    """(class, words, symbol) of each claim in a sentence: the underlined pieces up to a mark."""
    found, pieces = [], []
    for element in sentence.iter("span", "button"):
        if element.tag == "span" and "claim-words" in element.get("class", ""):
            pieces.append(element)
        elif element.tag == "button":
            words = "".join(piece.text_content() for piece in pieces)
            symbol = element.xpath("string(./span[@aria-hidden])")
            found.append((pieces[0].get("class"), words, symbol))
            pieces = []
    return found


def test_each_mark_sits_on_its_claims_words(page):
    stats = by_id(page, sentence(STATS).anchor)
    assert marked_words(stats) == [
        ("claim-words claim-words-supported", "over 38,000 sorties", "✓"),
        ("claim-words claim-words-unverified", "approximately 23,000 bombs and missiles", "?"),
    ]
    # The mark follows the words it checks, kept on the line of their last word.
    last = stats.xpath('.//span[@class="keep-together"]')[0]
    assert last.xpath("string(./span[1])") == "sorties"
    assert last.xpath("./span[2]/button/span[@aria-hidden]/text()") == ["✓"]
    assert last.tail.startswith(" flown by NATO aircraft")
    assert "".join(stats.itertext()).startswith("Key statistics include over 38,000 sorties✓")


def test_a_sentence_with_an_unverified_claim_is_not_checked_fine_and_has_no_bare_tick(page):
    stats = by_id(page, sentence(STATS).anchor)
    assert stats.get("class") == "sentence checked checked-unverified"
    symbols = stats.xpath(".//button/span[@aria-hidden]/text()")
    assert symbols == ["✓", "?"]


def test_every_mark_has_its_own_tip_with_verdict_statement_and_source(page):
    stats = by_id(page, sentence(STATS).anchor)
    buttons = stats.xpath(".//button")
    tips = [by_id(page, button.get("popovertarget")) for button in buttons]
    assert len({tip.get("id") for tip in tips}) == 2
    supported, unverified = tips
    assert supported.text_content().startswith(
        "Supported by NATO: Allied aircraft flew just over 38,000 combat sorties."
    )
    assert supported.xpath("./a/@href") == ["https://www.nato.int/k.htm"]
    assert supported.xpath("./a/text()") == ["Source: Kosovo one year on"]
    assert unverified.text_content().startswith(
        "Not verified: no cited fact confirms or contradicts “approximately 23,000 bombs"
    )
    assert unverified.xpath("./a/@href") == ["/facts/#claim-2"]


def test_a_refuted_claim_shows_a_cross_on_its_words_and_the_correction_with_its_source(page):
    isaf = by_id(page, sentence(ISAF).anchor)
    assert isaf.get("class") == "sentence checked checked-refuted"
    assert marked_words(isaf) == [("claim-words claim-words-refuted", "2003", "✗")]
    (button,) = isaf.xpath(".//button")
    tip = by_id(page, button.get("popovertarget"))
    assert tip.text_content().startswith(
        "Contradicted: the article says “2003”; the sources say 20 December 2001."
    )
    assert tip.xpath("./a/@href") == ["https://press.un.org/x"]
    correction = isaf.getnext()
    assert correction.get("role") == "note"
    assert "“2003” is wrong." in correction.text_content()
    assert "The sources say 20 December 2001." in correction.text_content()


def test_symbols_have_text_alternatives_naming_the_claim_and_its_verdict(page):
    labels = [button.text_content() for button in page.xpath("//button")]
    assert labels == [
        "✓Fact check of “over 38,000 sorties”: supported",
        "?Fact check of “approximately 23,000 bombs and missiles”: not verified",
        "✗Fact check of “2003”: contradicted by the sources",
    ]
    for button in page.xpath("//button"):
        symbol, words = button.getchildren()
        assert symbol.get("aria-hidden") == "true"
        assert words.get("class") == "visually-hidden"
        assert button.get("type") == "button"


def test_a_sentence_without_claims_is_marked_not_checked(page):
    plain = by_id(page, sentence(PLAIN).anchor)
    assert plain.get("class") == "sentence unchecked"
    assert plain.text_content() == PLAIN
    assert not plain.xpath(".//button")


def test_two_claims_of_one_kind_in_a_sentence_get_distinct_tips():
    first = claim(STATS, "over 38,000 sorties", Verdict.SUPPORTED, fact=sorties_fact(), pk=1)
    second = claim(STATS, "23,000", Verdict.SUPPORTED, fact=sorties_fact(), pk=2)
    html = render_body(BODY, decorate=decorator([second, first]))
    anchor = sentence(STATS).anchor
    assert f'popovertarget="tip-supported-{anchor}"' in html
    assert f'popovertarget="tip-supported-{anchor}-2"' in html
    assert html.index("sorties</span>") < html.index(f"tip-supported-{anchor}-2")


def test_fact_text_and_claim_text_are_escaped_in_marks():
    hostile = Fact(key="x", statement='<script>alert(1)</script> "quoted"', reference=SOURCE)
    found = claim(STATS, "over 38,000 sorties", Verdict.SUPPORTED, fact=hostile, pk=1)
    html = render_body(BODY, decorate=decorator([found]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_claim_whose_offsets_went_stale_is_found_by_its_words_or_marked_at_the_end():
    moved = claim(STATS, "over 38,000 sorties", Verdict.SUPPORTED, fact=sorties_fact(), pk=1)
    moved.start, moved.end = 0, 4
    html = render_body(BODY, decorate=decorator([moved]))
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    assert marked_words(by_id(root, moved.anchor))[0][1] == "over 38,000 sorties"
    gone = claim(STATS, "over 38,000 sorties", Verdict.SUPPORTED, fact=sorties_fact(), pk=1)
    gone.text = "a phrase no longer there"
    html = render_body(BODY, decorate=decorator([gone]))
    assert 'and missiles.<span class="mark-wrap">' in html


def test_coverage_counts_sentences_by_their_worst_claim():
    checked = coverage(body_sentences(BODY), claims())
    assert checked == Coverage(sentences=3, supported=0, refuted=1, unverified=1)
    assert str(checked) == "2 of 3 sentences checked: 0 supported, 1 contradicted, 1 unverified"
    only_supported = [claims()[0]]
    assert str(coverage(body_sentences(BODY), only_supported)) == (
        "1 of 3 sentences checked: 1 supported, 0 contradicted, 0 unverified"
    )
