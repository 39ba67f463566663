"""Seed text -> cleaned, titled sections: the four real seeds, boilerplate, offsets, bad input."""

import pathlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.articles import (
    MAX_SEED_BYTES,
    Article,
    IngestError,
    decode_seed,
    parse_article,
    read_article,
)
from lessons.text.sentences import body_sentences, split_sentences

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "seeds"
S000 = "000_6a8bdd86a501b46d.txt"
S001 = "001_8096015f538a0aee.txt"
S002 = "002_ff241c5b57b22d22.txt"
S003 = "003_ad4ac6e38d5f4d4b.txt"

EXPECTED_TITLES = {
    S000: ["NATO Bombing Campaign Ends Kosovo War"],
    S001: [
        "Operation Allied Force: The Initial Phase",
        "NATO Deployed the Kosovo Force (KFOR) in June 1999",
        "How the NATO Kosovo Mission Evolved",
        "The Impact and Legacy of the NATO Kosovo Mission",
        "The Future of the NATO Kosovo Mission",
        "Conclusion: The NATO Kosovo Mission",
    ],
    S002: [
        "Introduction: The Allied Peacekeeping Missions in Kosovo",
        "Origins and Evolution of Allied Peacekeeping in Kosovo",
        "The Role of NATO in the Kosovo Peacekeeping Process",
        "Deployment of KFOR and Its Mandates",
        "Strategic Objectives and Operational Structure",
        "Major Allied Operations and Their Tactics",
        "International Collaboration and Multinational Contributions",
        "Challenges Faced During Allied Peacekeeping Missions",
        "Successes and Impact of Allied Operations in Kosovo",
        "Transition from Peacekeeping to Stability Operations",
        "Lessons Learned from Allied Peacekeeping Efforts",
        "The Future of Allied Peacekeeping Missions in Kosovo",
        "Significance of Allied Peacekeeping in the Broader Context of Military Operations",
        "Conclusion: The Allied Peacekeeping Missions in Kosovo",
    ],
    S003: [
        "Introduction: NATO’s Peace Enforcement Missions",
        "Origins and Evolution of NATO’s Peace Enforcement Mandates",
        "Core Principles and Strategies of NATO Peace Enforcement",
        "Notable NATO Peace Enforcement Missions",
        "Challenges and Limitations of NATO Peace Enforcement Operations",
        "Impact of NATO’s Peace Enforcement on International Security",
        "The Role of International Partnerships in Supporting NATO Missions",
        "Future Perspectives on NATO and Peace Enforcement Missions",
        "Conclusion: NATO’s Peace Enforcement Missions",
    ],
}

# Sub-headings, by the parent section they must end up in as "### …".
EXPECTED_SUBHEADINGS = {
    S002: {
        "Challenges Faced During Allied Peacekeeping Missions": [
            "Political and Ethnic Tensions",
            "Security Threats and Militant Activities",
        ],
    },
    S003: {
        "Notable NATO Peace Enforcement Missions": [
            "Kosovo Force (KFOR) in the late 1990s and early 2000s",
            "NATO’s role in Afghanistan’s stability efforts",
            "Missions in Libya and the enforcement of UN Security Council Resolutions",
        ],
        "Challenges and Limitations of NATO Peace Enforcement Operations": [
            "Political and operational constraints",
            "Engagement risks and unintended consequences",
        ],
    },
}

# Every line of the seeds that is not lesson content, verbatim (stripped).
BOILERPLATE = {
    S000: [
        "NATO Bombing Campaign Ends Kosovo War: Compelling Serbian Withdrawal and Establishing "
        "Peacekeeping Mission",
        "| Political | Global Trade |",
        "Updated By: History Editorial Network (HEN)",
        "Published: | Updated:",
        "4 min read",
        "#NATO #Kosovo #MilitaryIntervention #HumanRights #Peacekeeping #RegionalConflict "
        "#MoofLife",
        "Explore the Life Moments of Kosovo |",
    ],
    S001: ["NATO's Kosovo Mission: A Deep Dive"],
    S002: [
        "Overview of Allied Peacekeeping Missions in Kosovo",  # the title, repeated at the end
        "💡 Note to readers: This content was produced by AI. Be sure to confirm essential "
        "details using reputable references.",
        "See also\xa0 Comprehensive Overview of Allied Anti-Piracy Missions in Modern Naval "
        "Operations",
        "See also\xa0 Strategic Analysis of Operation Crossbow Against V-Weapon Sites",
        "See also\xa0 Advancing Security at Sea Through Allied Maritime Operations",
        "Scroll to top",
    ],
    S003: [
        "📝 Note for Readers: This piece includes AI-assisted content. It's always a good idea "
        "to verify key facts from trusted sources.",
    ],
}
BOILERPLATE_FRAGMENTS = ["See also", "Scroll to top", "#", "min read", "Note to readers", "AI-"]


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {name: read_article(SEEDS / name) for name in EXPECTED_TITLES}


def source_lines(name: str) -> list[str]:
    return [line.strip() for line in seed_text(name).splitlines() if line.strip()]


def headings(name: str) -> set[str]:
    titles = set(EXPECTED_TITLES[name])
    subs = {sub for group in EXPECTED_SUBHEADINGS.get(name, {}).values() for sub in group}
    return titles | subs


def content_lines(name: str) -> list[str]:
    """The source's lesson text, worked out independently of the parser: every line that is not
    boilerplate or a heading, list markers removed."""
    skip = set(BOILERPLATE[name]) | headings(name)
    lines = [line for line in source_lines(name) if line not in skip]
    return [re.sub(r"^(?:[-•]|\d+\.)\s+", "", line) for line in lines]


# --- the real seeds -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPECTED_TITLES))
def test_each_seed_gives_the_expected_sections(articles, name):
    titles = [section.title for section in articles[name].sections]
    assert titles == EXPECTED_TITLES[name]


def test_no_title_is_a_placeholder(articles):
    for article in articles.values():
        for section in article.sections:
            assert not re.search(r"\b(?:part|section|chapter)\s+\d+\b", section.title, re.I)
            assert section.title.strip() == section.title != ""


def test_article_titles_metadata_and_disclaimers(articles):
    assert articles[S000].title == BOILERPLATE[S000][0]
    assert articles[S001].title == "NATO's Kosovo Mission: A Deep Dive"
    assert articles[S002].title == "Overview of Allied Peacekeeping Missions in Kosovo"
    # 003 has no title line: the title is the subject it opens and closes on.
    assert articles[S003].title == "NATO’s Peace Enforcement Missions"

    assert articles[S000].metadata == {
        "category": "Political | Global Trade",
        "byline": "History Editorial Network (HEN)",
        "reading_time": "4 min read",
    }
    assert articles[S001].metadata == articles[S002].metadata == articles[S003].metadata == {}

    assert articles[S000].disclaimer == articles[S001].disclaimer == ""
    assert articles[S002].disclaimer == (
        "This content was produced by AI. Be sure to confirm essential details using "
        "reputable references."
    )
    assert articles[S003].disclaimer == (
        "This piece includes AI-assisted content. It's always a good idea to verify key facts "
        "from trusted sources."
    )


def test_name_and_hash_identify_the_file(articles):
    import hashlib

    for name, article in articles.items():
        assert article.name == name
        assert article.sha256 == hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("name", list(BOILERPLATE))
def test_boilerplate_list_is_verbatim_from_the_seed(name):
    lines = source_lines(name)
    for line in BOILERPLATE[name]:
        assert line in lines


def test_no_boilerplate_in_any_lesson_body(articles):
    for name, article in articles.items():
        for section in article.sections:
            for line in BOILERPLATE[name]:
                assert line not in section.body, (name, section.title, line)
            for fragment in BOILERPLATE_FRAGMENTS:
                assert fragment not in section.body.replace("### ", ""), (name, fragment)


@pytest.mark.parametrize("name", list(EXPECTED_TITLES))
def test_every_content_sentence_lands_in_exactly_one_section(articles, name):
    bodies = [section.body for section in articles[name].sections]
    expected = []
    for line in content_lines(name):
        expected += [line[start:end] for start, end in split_sentences(line)]
    assert expected
    for sentence in expected:
        assert sum(sentence in body for body in bodies) == 1, sentence
    # Nothing doubled, nothing invented: the bodies hold exactly these sentences (plus headings).
    found = [
        sentence.text
        for body in bodies
        for sentence in body_sentences(body)
        if sentence.text not in headings(name)
    ]
    assert found == expected


@pytest.mark.parametrize("name", [S002, S003])
def test_subheadings_stay_inside_their_parent_lesson(articles, name):
    by_title = {section.title: section for section in articles[name].sections}
    for parent, subs in EXPECTED_SUBHEADINGS[name].items():
        body = by_title[parent].body
        positions = [body.index(f"\n\n### {sub}\n\n") for sub in subs]
        assert positions == sorted(positions)
        assert not body.startswith("###")  # the parent keeps its intro text
        for sub in subs:
            assert sub in by_title[parent].paragraphs
            others = [s.body for s in articles[name].sections if s.title != parent]
            assert not any(sub in other for other in others)


def test_lists_become_markdown_lists(articles):
    structure = next(
        s for s in articles[S002].sections if s.title.startswith("Strategic Objectives")
    )
    assert "include:\n\n1. Command hierarchy led by NATO’s Supreme Allied Commander" in (
        structure.body
    )
    assert "\n4. Flexible, adaptable tactics" in structure.body
    challenges = next(s for s in articles[S003].sections if s.title.startswith("Challenges"))
    assert "\n- Divergent political priorities among NATO members impede unified action.\n- " in (
        challenges.body
    )


@pytest.mark.parametrize("name", list(EXPECTED_TITLES))
def test_offsets_point_at_the_section_text(articles, name):
    text = seed_text(name)
    previous_end = 0
    for section in articles[name].sections:
        assert previous_end <= section.start < section.end <= len(text)
        span = text[section.start : section.end]
        assert span.startswith(section.paragraphs[0])
        assert span.endswith(section.paragraphs[-1])
        cursor = 0
        for paragraph in section.paragraphs:
            cursor = span.index(paragraph, cursor) + len(paragraph)
        previous_end = section.end


def test_parsing_is_deterministic():
    for name in EXPECTED_TITLES:
        text = seed_text(name)
        assert parse_article(text, name=name) == parse_article(text, name=name)


# --- heuristics on small inputs -------------------------------------------------------------

INTRO = "This opening paragraph explains what the article covers in plain words."


def test_sentence_case_heading_under_title_case_heading_is_a_subheading():
    text = (
        "A Title Line\n\n"
        f"{INTRO}\n\n"
        "Origins of the Mission\n\nThe mission began in 1999.\n\n"
        "The first months\n\nTroops arrived quickly.\n\n"
        "Later Developments\n\nThe mission shrank over time.\n"
    )
    article = parse_article(text, name="t.txt")
    assert [s.title for s in article.sections] == [
        "Introduction: A Title Line",
        "Origins of the Mission",
        "Later Developments",
    ]
    assert article.sections[1].body == (
        "The mission began in 1999.\n\n### The first months\n\nTroops arrived quickly."
    )


def test_heading_announced_by_the_section_intro_is_a_subheading():
    text = (
        "Article Title\n"
        f"{INTRO}\n"
        "Main Topic Here\n"
        "Troops faced supply problems and political pressure at home.\n"
        "Political Pressure\n"
        "Governments wanted results.\n"
        "Another Main Topic\n"
        "Something else happened.\n"
    )
    sections = parse_article(text, name="t.txt").sections
    assert [s.title for s in sections] == [
        "Introduction: Article Title",
        "Main Topic Here",
        "Another Main Topic",
    ]
    assert sections[1].body == (
        "Troops faced supply problems and political pressure at home.\n\n"
        "### Political Pressure\n\nGovernments wanted results."
    )


def test_short_unheaded_article_is_one_section_named_after_its_headline():
    text = "Allies Agree: A New Plan\n" + "The allies met and agreed on a plan. " * 5
    sections = parse_article(text, name="t.txt").sections
    assert [s.title for s in sections] == ["Allies Agree"]


def test_long_unheaded_essay_is_split_at_paragraphs_without_fragments():
    filler = "It was a long and careful process with many steps along the way. " * 12
    text = "\n".join(
        [
            "The Story",
            f"Now, let's talk about the origins of the Balkan Mission. {filler}",
            f"Short aside about logistics and trucks. {filler[:60]}",
            f"Looking ahead, the future of the Balkan Mission is open. {filler}",
            f"In conclusion, the Balkan Mission, for all its flaws, worked. {filler}",
        ]
    )
    sections = parse_article(text, name="t.txt").sections
    assert [s.title for s in sections] == [
        "The Origins of the Balkan Mission",
        "The Future of the Balkan Mission",
        "Conclusion: The Balkan Mission",
    ]
    assert "Short aside about logistics" in sections[0].body


def test_markdown_characters_in_the_source_stay_text():
    text = "Title Line\n1999. The *year* of [change] <b>here</b> is #one.\n"
    (section,) = parse_article(text, name="t.txt").sections
    assert [s.text for s in body_sentences(section.body)] == [
        "1999.",
        "The *year* of [change] <b>here</b> is #one.",
    ]


# --- bad input ------------------------------------------------------------------------------

BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n\t\r\n  ",
    "binary": b"Some text\x00\x01\x02 more",
    "not-utf8": "Café au lait.".encode("latin-1"),
    "too-large": b"A sentence. " * (MAX_SEED_BYTES // 12 + 1),
    "only-boilerplate": (
        "See also Some Other Article\n#NATO #Kosovo\nScroll to top\n4 min read\n"
        "| Political | Trade |\nUpdated By: Someone\nPublished: | Updated:\n"
        "💡 Note to readers: This content was produced by AI. Verify it.\n"
    ).encode(),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_raise_ingest_error_naming_the_file(tmp_path, kind):
    path = tmp_path / f"bad-{kind}.txt"
    path.write_bytes(BAD_FILES[kind])
    with pytest.raises(IngestError, match=f"bad-{kind}.txt"):
        read_article(path)


def test_too_large_is_checked_against_the_documented_limit():
    lines = b"a" * 999 + b"\n"
    assert len(lines * (MAX_SEED_BYTES // 1000)) == MAX_SEED_BYTES
    assert decode_seed(lines * (MAX_SEED_BYTES // 1000), name="x.txt")
    with pytest.raises(IngestError, match=r"x\.txt: .*larger"):
        decode_seed(lines * (MAX_SEED_BYTES // 1000) + b"a", name="x.txt")


def test_missing_file_raises_ingest_error(tmp_path):
    with pytest.raises(IngestError, match=r"nowhere\.txt"):
        read_article(tmp_path / "nowhere.txt")


def test_a_title_without_prose_is_rejected():
    with pytest.raises(IngestError, match=r"^t\.txt: "):
        parse_article("Only A Title\nSee also Elsewhere\n", name="t.txt")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.one_of(
                st.text(max_size=60),
                st.sampled_from(["", "A Heading", "- An item.", "1. Step.", "See also X"]),
            ),
            max_size=20,
        ).map("\n".join),
    )
)
def test_parse_article_only_ever_raises_ingest_error(text):
    try:
        article = parse_article(text, name="fuzz.txt")
    except IngestError as error:
        message = str(error)
    else:
        message = ""
    if message:
        assert message.startswith("fuzz.txt: ")
        return
    assert article.sections
    for section in article.sections:
        assert section.title
        for paragraph in section.paragraphs:
            assert paragraph in text[section.start : section.end]
