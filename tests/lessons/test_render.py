"""Lesson body -> HTML: one anchored span per sentence, structure kept, nothing unsafe."""

import pathlib

import pytest
from lxml import html as lxml_html

from lessons.articles import read_article
from lessons.text.render import render_body
from lessons.text.sentences import Sentence, body_sentences

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "seeds"


def parse(fragment: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def spans(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return root.xpath('//span[contains(concat(" ", @class, " "), " sentence ")]')


def assert_safe(root: lxml_html.HtmlElement) -> None:
    assert not root.xpath("//script | //style | //iframe | //object | //embed")
    for element in root.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (element.tag, attribute)
            assert attribute.lower() != "style", element.tag
            assert not value.strip().lower().startswith("javascript:"), (attribute, value)


def seed_bodies() -> list[str]:
    return [
        section.body
        for path in sorted(SEEDS.glob("*.txt"))
        for section in read_article(path).sections
    ]


def test_spans_match_body_sentences_for_every_seed_lesson():
    for body in seed_bodies():
        root = parse(render_body(body))
        expected = body_sentences(body)
        rendered = spans(root)
        assert [span.get("id") for span in rendered] == [s.anchor for s in expected]
        assert [span.text_content() for span in rendered] == [s.text for s in expected]
        assert_safe(root)


def test_markup_renders_inside_the_sentence_span():
    root = parse(render_body("Some **bold** and _italic_ text. A [link](https://nato.int)."))
    first, second = spans(root)
    assert first.xpath("./strong/text()") == ["bold"]
    assert first.xpath("./em/text()") == ["italic"]
    assert second.xpath("./a/@href") == ["https://nato.int"]


def test_lists_and_subheadings_keep_their_structure():
    body = (
        "Intro sentence.\n\n"
        "### Political and Ethnic Tensions\n\n"
        "- First item. Second sentence.\n- Another item.\n\n"
        "3. Third step.\n4. Fourth step."
    )
    root = parse(render_body(body))
    assert [h.text_content() for h in root.xpath("//h3")] == ["Political and Ethnic Tensions"]
    assert [len(li.xpath(".//span")) for li in root.xpath("//ul/li")] == [2, 1]
    (ordered,) = root.xpath("//ol")
    assert ordered.get("start") == "3"
    assert [li.text_content() for li in ordered.xpath("./li")] == ["Third step.", "Fourth step."]
    assert [span.get("id") for span in spans(root)] == [s.anchor for s in body_sentences(body)]


def test_a_real_numbered_list_and_subheading_render():
    article = read_article(SEEDS / "002_ff241c5b57b22d22.txt")
    by_title = {section.title: section for section in article.sections}
    structure = parse(render_body(by_title["Strategic Objectives and Operational Structure"].body))
    assert len(structure.xpath("//ol/li")) == 4
    challenges = parse(
        render_body(by_title["Challenges Faced During Allied Peacekeeping Missions"].body)
    )
    assert [h.text_content() for h in challenges.xpath("//h3")] == [
        "Political and Ethnic Tensions",
        "Security Threats and Militant Activities",
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
        '<div style="color:red" onmouseover="alert(1)">x</div>',
        "[click](javascript:alert(1))",
        "![pic](javascript:alert(1))",
        "<javascript:alert(1)>",
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_and_unsafe_links_are_neutralised(hostile):
    body = f"Before it. {hostile} After it.\n\n{hostile}\n\n- {hostile}\n\n### {hostile}"
    root = parse(render_body(body))
    assert_safe(root)
    assert [span.get("id") for span in spans(root)] == [s.anchor for s in body_sentences(body)]


def test_raw_html_shows_as_text():
    root = parse(render_body("Do not run <script>alert(1)</script> here."))
    assert "<script>alert(1)</script>" in root.text_content()


def test_decorate_adds_classes_and_inserts_trusted_html_after_the_span():
    body = "NATO acted in 1999. KFOR followed.\n\n- Peace held."
    seen: list[Sentence] = []

    def decorate(sentence: Sentence) -> tuple[str, str]:
        seen.append(sentence)
        if sentence.text == "KFOR followed.":
            return "checked supported", '<a class="verdict" href="#fact-7">✓ checked</a>'
        return "", ""

    output = render_body(body, decorate=decorate)
    assert seen == body_sentences(body)
    (anchor,) = [s.anchor for s in seen if s.text == "KFOR followed."]
    assert (
        f'<span class="sentence checked supported" id="{anchor}">KFOR followed.</span>'
        '<a class="verdict" href="#fact-7">✓ checked</a>'
    ) in output
    plain = [span for span in spans(parse(output)) if span.get("id") != anchor]
    assert all(span.get("class") == "sentence" for span in plain)


def test_empty_body_renders_nothing():
    assert render_body("") == ""
