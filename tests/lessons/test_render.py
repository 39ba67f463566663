"""Lesson body -> HTML: one anchored span per sentence, structure kept, nothing unsafe."""

import pathlib

import pytest
from lxml import html as lxml_html

from lessons.articles import read_article
from lessons.text.render import Decoration, Highlight, render_body
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

    def decorate(sentence: Sentence) -> Decoration:
        seen.append(sentence)
        if sentence.text == "KFOR followed.":
            return Decoration("checked supported", after='<a class="verdict" href="#f">✓</a>')
        return Decoration()

    output = render_body(body, decorate=decorate)
    assert seen == body_sentences(body)
    (anchor,) = [s.anchor for s in seen if s.text == "KFOR followed."]
    assert (
        f'<span class="sentence checked supported" id="{anchor}">KFOR followed.</span>'
        '<a class="verdict" href="#f">✓</a>'
    ) in output
    plain = [span for span in spans(parse(output)) if span.get("id") != anchor]
    assert all(span.get("class") == "sentence" for span in plain)


def wrap(text: str, words: str, name: str, *, nth: int = 0) -> Highlight:
    """A highlight of the ``nth`` occurrence of ``words`` in ``text``, with a mark after it."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Highlight(
        start, start + len(words), f'<span class="w-{name}">', "</span>", f"<b>{name}</b>"
    )


def render_one(body: str, *highlights: tuple[str, str]) -> str:
    """``body`` (one sentence) with each (words, name) highlighted."""
    (sentence,) = body_sentences(body)
    wraps = [wrap(sentence.text, words, name) for words, name in highlights]
    return render_body(body, decorate=lambda s: Decoration("checked", wraps))


def test_a_highlight_wraps_the_claims_words_and_puts_its_mark_right_after_them():
    output = render_one(
        "Key statistics include over 38,000 sorties and approximately 23,000 bombs.",
        ("38,000", "ok"),
        ("23,000", "unknown"),
    )
    keep = '<span class="keep-together">'  # the mark never starts a line
    assert (
        f'include over {keep}<span class="w-ok">38,000</span><b>ok</b></span> sorties and '
        f'approximately {keep}<span class="w-unknown">23,000</span><b>unknown</b></span> bombs.'
    ) in output


def test_the_mark_is_kept_on_the_line_of_the_last_word_it_follows():
    output = render_one("NATO launched Operation Allied Force in 1999.", ("Allied Force", "m"))
    assert (
        '<span class="w-m">Allied </span><span class="keep-together">'
        '<span class="w-m">Force</span><b>m</b></span> in 1999.'
    ) in output


def test_offsets_index_the_plain_text_through_markdown_and_html_escaping():
    body = "A <b>tag</b> & **over 38,000 _sorties_** in [June 1999](https://nato.int) flew."
    (sentence,) = body_sentences(body)
    assert sentence.text == "A <b>tag</b> & over 38,000 sorties in June 1999 flew."
    output = render_one(body, ("38,000 sorties", "n"), ("June 1999", "d"), ("<b>tag</b>", "t"))
    root = parse(output)
    assert root.xpath('//span[@class="w-t"]/text()') == ["<b>tag</b>"]  # text, escaped
    assert "&lt;b&gt;tag&lt;/b&gt;" in output
    # Words across emphasis are wrapped piece by piece; the mark follows the emphasis.
    assert [piece.text_content() for piece in root.xpath('//span[@class="w-n"]')] == [
        "38,000 ",
        "sorties",
    ]
    assert root.xpath("//strong/following-sibling::*[1]")[0].text_content() == "n"
    # A mark never lands inside a link: it follows it.
    assert root.xpath("//a/span[@class='w-d']/text()") == ["June 1999"]
    assert root.xpath("//a/following-sibling::*[1]")[0].text_content() == "d"
    assert not root.xpath("//a//b")
    (span,) = spans(root)
    assert span.text_content().replace("t", "", 1).startswith("A <b>")  # the mark "t" follows


def test_overlapping_highlights_never_cross_and_keep_every_mark():
    body = "NATO launched Operation Allied Force."
    (sentence,) = body_sentences(body)
    first = wrap(sentence.text, "Operation Allied", "a")
    second = wrap(sentence.text, "Allied Force", "b")
    output = render_body(body, decorate=lambda s: Decoration("checked", [first, second]))
    root = parse(output)
    assert [w.text_content() for w in root.xpath('//span[@class="w-a"]')] == [
        "Operation ",
        "Allied",
    ]
    assert "".join(w.text_content() for w in root.xpath('//span[@class="w-b"]')) == " Force"
    assert "".join(root.itertext()).strip() == "NATO launched Operation Allieda Forceb."


def test_words_that_cannot_be_found_again_keep_their_mark_at_the_end():
    body = "NATO acted in 1999."
    lost = Highlight(100, 104, "<i>", "</i>", "<b>m</b>")
    output = render_body(body, decorate=lambda s: Decoration("checked", [lost]))
    assert "NATO acted in 1999.<b>m</b></span>" in output


def test_a_body_cannot_forge_the_placeholders_of_trusted_html():
    body = "Fake \ue000deadbeef:0\ue001 here and 1999."
    output = render_body(
        body, decorate=lambda s: Decoration("checked", [wrap(s.text, "1999", "y")])
    )
    assert "\ue000" not in output
    assert "deadbeef" not in output
    assert output.count("<b>y</b>") == 1


def test_highlights_in_every_seed_sentence_wrap_the_right_words_and_keep_the_text():
    for body in seed_bodies():

        def decorate(sentence: Sentence) -> Decoration:
            words = sentence.text.split()
            return Decoration("checked", [wrap(sentence.text, words[-1], "m")])

        root = parse(render_body(body, decorate=decorate))
        assert_safe(root)
        for span, sentence in zip(spans(root), body_sentences(body), strict=True):
            wrapped = "".join(w.text_content() for w in span.xpath('.//span[@class="w-m"]'))
            assert wrapped == sentence.text.split()[-1], sentence.text
            for mark in span.xpath(".//b"):
                mark.drop_tree()
            assert " ".join(span.text_content().split()) == sentence.text
