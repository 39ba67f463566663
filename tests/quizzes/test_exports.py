"""Quiz exports (issue 12 point 6): GIFT, Moodle XML and a QTI 2.1 package, parsed back.

The formatters are tested on hand-made records of every kind; the selection, the command and
the admin actions on the ingested course.  Run with ``-s`` to print the course-wide numbers.
"""

from __future__ import annotations

import html
import io
import os
import re
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from lxml import etree

from lessons.models import Lesson, Module
from quizzes.exports import ExportFormat, ExportQuestion
from quizzes.exports.admin_action import export_gift, export_moodle_xml, export_qti
from quizzes.exports.gift import escape, to_gift
from quizzes.exports.moodle_xml import to_moodle_xml
from quizzes.exports.qti import QTI, to_qti
from quizzes.exports.selection import exportable, records
from quizzes.kinds import QuestionKind
from quizzes.models import Question, Quiz

NASTY = "Which of ~ = # { } : and \\ survive? <b>&</b>"
URL = "https://www.nato.int/kosovo/?a=1&b={2}#top"


def _q(kind: QuestionKind, answer: object, **fields: object) -> ExportQuestion:
    base: dict[str, object] = {
        "name": f"{kind.value}:claim:1",
        "kind": kind,
        "prompt": f"Prompt for {kind.value}?",
        "explanation": f"Because {kind.value}.",
        "answer": answer,
        "source_url": URL,
        "source_title": "NATO & Kosovo",
        "category": "Module 1/Lesson 1",
    }
    return ExportQuestion(**(base | fields))  # type: ignore[arg-type]


MC = _q(
    QuestionKind.MULTIPLE_CHOICE,
    {"correct": "12 June 1999"},
    options=("10 June 1999", "12 June 1999", "24 March 1999"),
)
TF = _q(QuestionKind.TRUE_FALSE, {"correct": False}, options=("True", "False"))
NUMERIC = _q(QuestionKind.NUMERIC, {"value": 78, "tolerance": 2, "unit": "days"})
CLOZE = _q(QuestionKind.CLOZE, {"accepted": ["Slobodan Milošević", "Milosevic"]})
MATCHING = _q(
    QuestionKind.MATCHING,
    {"pairs": {"KFOR": "Kosovo Force", "UNMIK": "UN mission"}, "items": ["KFOR", "UNMIK"]},
    options=("UN mission", "Kosovo Force"),
    prompt_items=("KFOR", "UNMIK"),
)
ORDERING = _q(
    QuestionKind.ORDERING,
    {"order": ["bombing starts", "KFOR enters"]},
    options=("KFOR enters", "bombing starts"),
)
SPOT = _q(
    QuestionKind.SPOT_ERROR,
    {"correct": "1999", "wrong": "2003", "accepted": []},
    options=("1999", "2001", "2003"),
)
ALL = [MC, TF, NUMERIC, CLOZE, MATCHING, ORDERING, SPOT]


# --------------------------------------------------------------------------- a GIFT reader


@dataclass
class Gift:
    name: str
    text: str
    answers: list[tuple[str, str]] = field(default_factory=list)  # (marker, text)
    body: str = ""
    feedback: str = ""


def _chars(text: str) -> list[tuple[str, bool]]:
    """(char, escaped) pairs: ``\\x`` is a literal x, ``\\n`` a newline."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(("\n" if text[i + 1] == "n" else text[i + 1], True))
            i += 2
        else:
            out.append((text[i], False))
            i += 1
    return out


def _find(chars: list[tuple[str, bool]], needle: str, start: int = 0) -> int:
    for i in range(start, len(chars) - len(needle) + 1):
        if all(chars[i + j] == (c, False) for j, c in enumerate(needle)):
            return i
    return -1


def _plain(chars: list[tuple[str, bool]]) -> str:
    return html.unescape("".join(c for c, _ in chars)).strip()


def parse_gift(document: str) -> list[Gift]:
    """The questions of a GIFT document as Moodle reads them (the parts this export writes)."""
    questions = []
    for block in re.split(r"\n\s*\n", document.strip()):
        lines = [line for line in block.splitlines() if not line.startswith(("//", "$CATEGORY"))]
        if not lines:
            continue
        chars = _chars("\n".join(lines))
        assert chars[:2] == [(":", False), (":", False)]
        end_name = _find(chars, "::", 2)
        name = _plain(chars[2:end_name])
        rest = chars[end_name + 2 :]
        assert "".join(c for c, _ in rest[:6]) == "[html]"
        rest = rest[6:]
        opening, closing = _find(rest, "{"), len(rest) - 1 - rest[::-1].index(("}", False))
        inner = rest[opening + 1 : closing]
        split = _find(inner, "####")
        answers_part, feedback = inner[:split], inner[split + 4 :]
        question = Gift(name, _plain(rest[:opening]), body=_plain(answers_part))
        question.feedback = _plain(feedback)
        current: list[tuple[str, bool]] = []
        marker = ""
        for char, escaped in [*answers_part, ("=", False)]:
            if not escaped and char in "=~" and (not current or current[-1][0].isspace()):
                if marker:
                    question.answers.append((marker, _plain(current)))
                marker, current = char, []
            else:
                current.append((char, escaped))
        questions.append(question)
    return questions


# --------------------------------------------------------------------------- GIFT


def test_gift_escaping_round_trips_every_special_character():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    question = replace(MC, prompt=NASTY, explanation=NASTY, name="odd:name{1}")
    (parsed,) = parse_gift(to_gift([question]).content.decode())
    assert parsed.name == "odd:name{1}"
    assert parsed.text == NASTY
    assert NASTY in parsed.feedback
    assert f'href="{URL}"' in parsed.feedback


def test_gift_writes_each_kind_it_can_and_skips_ordering():
    export = to_gift(ALL)
    parsed = {q.name.split(":")[0]: q for q in parse_gift(export.content.decode())}
    assert parsed["multiple_choice"].answers == [
        ("~", "10 June 1999"),
        ("=", "12 June 1999"),
        ("~", "24 March 1999"),
    ]
    assert parsed["spot_error"].answers == [("=", "1999"), ("~", "2001"), ("~", "2003")]
    assert parsed["true_false"].body == "FALSE"
    assert parsed["numeric"].body == "#78:2"
    assert parsed["cloze"].answers == [("=", "Slobodan Milošević"), ("=", "Milosevic")]
    assert parsed["matching"].answers == [
        ("=", "KFOR -> Kosovo Force"),
        ("=", "UNMIK -> UN mission"),
    ]
    assert "Because numeric." in parsed["numeric"].feedback
    assert '<a href="https://www.nato.int/kosovo/?a=1&b={2}#top">NATO & Kosovo</a>' in (
        parsed["cloze"].feedback
    )
    assert "ordering" not in parsed
    assert export.skipped == {"ordering": 1}
    assert sum(export.exported.values()) == 6
    assert "$CATEGORY: $course$/top/Module 1/Lesson 1" in export.content.decode()


def test_a_question_with_a_broken_key_is_skipped_and_reported():
    broken = replace(MC, answer={"correct": "not an option"})
    for fmt in ExportFormat:
        export = fmt.render([broken, TF])
        assert export.skipped == {"bad key": 1}, fmt
        assert export.exported == {"true_false": 1}, fmt
        assert "skipped bad key 1" in export.report_lines()[1]


# --------------------------------------------------------------------------- Moodle XML


def _moodle(questions: list[ExportQuestion]) -> etree._Element:
    root = etree.fromstring(to_moodle_xml(questions).content)
    assert root.tag == "quiz"
    for question in root.iterfind("question"):
        if question.get("type") == "category":
            assert question.findtext("category/text").startswith("$course$/top/")
            continue
        for tag in ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade"):
            assert question.find(tag) is not None, (tag, question.get("type"))
        assert question.find("questiontext").get("format") == "html"
    return root


def test_moodle_xml_writes_each_kind_it_can_and_skips_ordering():
    export = to_moodle_xml(ALL)
    root = _moodle(ALL)
    by_name = {q.findtext("name/text"): q for q in root.iterfind("question")}
    assert [q.get("type") for q in root.iterfind("question")] == [
        "category",
        "multichoice",
        "truefalse",
        "numerical",
        "shortanswer",
        "matching",
        "multichoice",
    ]
    mc = by_name[MC.name]
    assert [(a.findtext("text"), a.get("fraction")) for a in mc.iterfind("answer")] == [
        ("10 June 1999", "0"),
        ("12 June 1999", "100"),
        ("24 March 1999", "0"),
    ]
    assert mc.findtext("single") == "true"
    tf = by_name[TF.name]
    assert [(a.findtext("text"), a.get("fraction")) for a in tf.iterfind("answer")] == [
        ("true", "0"),
        ("false", "100"),
    ]
    numeric = by_name[NUMERIC.name]
    assert numeric.findtext("answer/text") == "78"
    assert numeric.findtext("answer/tolerance") == "2"
    assert numeric.findtext("units/unit/unit_name") == "days"
    cloze = by_name[CLOZE.name]
    assert [a.findtext("text") for a in cloze.iterfind("answer")] == [
        "Slobodan Milošević",
        "Milosevic",
    ]
    assert {a.get("fraction") for a in cloze.iterfind("answer")} == {"100"}
    matching = by_name[MATCHING.name]
    assert [
        (s.findtext("text"), s.findtext("answer/text")) for s in matching.iterfind("subquestion")
    ] == [("KFOR", "Kosovo Force"), ("UNMIK", "UN mission")]
    feedback = etree.fromstring(f"<div>{by_name[SPOT.name].findtext('generalfeedback/text')}</div>")
    assert feedback.findtext("p") == "Because spot_error."
    assert feedback.find("p/a").get("href") == URL
    assert feedback.findtext("p/a") == "NATO & Kosovo"
    assert export.skipped == {"ordering": 1}
    assert export.exported == {k.value: 1 for k in QuestionKind if k is not QuestionKind.ORDERING}


def test_a_literal_star_is_not_a_short_answer_wildcard():
    star = replace(CLOZE, answer={"accepted": ["F-117*"]})
    root = _moodle([star])
    assert root.findtext("question[@type='shortanswer']/answer/text") == "F-117\\*"
    (parsed,) = parse_gift(to_gift([star]).content.decode())
    assert parsed.answers == [("=", "F-117\\*")]  # Moodle reads \* as a literal star


def test_moodle_xml_escapes_markup_in_texts():
    root = _moodle([replace(MC, prompt=NASTY)])
    text = root.find("question[@type='multichoice']").findtext("questiontext/text")
    assert text == html.escape(NASTY, quote=False)  # HTML for Moodle, the original once shown
    assert html.unescape(text) == NASTY


# --------------------------------------------------------------------------- QTI 2.1

NS = {"q": QTI, "cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
ITEM_ORDER = [
    "responseDeclaration",
    "outcomeDeclaration",
    "itemBody",
    "responseProcessing",
    "modalFeedback",
]


QTI21_XSD = Path(__file__).parent / "qti21" / "imsqti_v2p1.xsd"  # IMS's schema, local imports


def _qti_schema() -> etree.XMLSchema:
    """IMS's official imsqti_v2p1.xsd (``QTI21_XSD`` in the environment may name another copy);
    its imports are local files, so the tests run offline."""
    return etree.XMLSchema(etree.parse(os.environ.get("QTI21_XSD", str(QTI21_XSD))))


QTI_SCHEMA = _qti_schema()


def _package(questions: list[ExportQuestion]) -> dict[str, etree._Element]:
    """The package's items by identifier, checked against the manifest and QTI's element
    order, and against IMS's official XSD."""
    with zipfile.ZipFile(io.BytesIO(to_qti(questions).content)) as package:
        names = set(package.namelist())
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        assert manifest.tag == f"{{{NS['cp']}}}manifest"
        assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "QTIv2.1 Package"
        items = {}
        for resource in manifest.iterfind("cp:resources/cp:resource", namespaces=NS):
            assert resource.get("type") == "imsqti_item_xmlv2p1"
            href = resource.get("href")
            assert resource.find("cp:file", namespaces=NS).get("href") == href
            item = etree.fromstring(package.read(href))
            assert item.tag == f"{{{QTI}}}assessmentItem"
            assert item.get("identifier") == resource.get("identifier")
            order = [etree.QName(child).localname for child in item]
            assert order == sorted(order, key=ITEM_ORDER.index), order
            assert QTI_SCHEMA.validate(item), (href, QTI_SCHEMA.error_log)
            items[item.get("identifier")] = item
        assert names == {"imsmanifest.xml"} | {f"items/{i}.xml" for i in items}
    return items


def _correct(item: etree._Element) -> list[str]:
    return item.xpath("q:responseDeclaration/q:correctResponse/q:value/text()", namespaces=NS)


def _choice_text(item: etree._Element, identifier: str) -> str:
    return item.xpath(f"string(.//*[@identifier='{identifier}'])", namespaces=NS)


def test_qti_package_carries_every_kind():
    export = to_qti(ALL)
    items = {item.get("title").split(":")[0]: item for item in _package(ALL).values()}
    assert export.skipped == {}
    assert export.exported == {kind.value: 1 for kind in QuestionKind}
    for kind in ("multiple_choice", "spot_error", "true_false"):
        item = items[kind]
        assert item.find(".//q:choiceInteraction", namespaces=NS).get("maxChoices") == "1"
        (correct,) = _correct(item)
        expected = {"multiple_choice": "12 June 1999", "spot_error": "1999", "true_false": "False"}
        assert _choice_text(item, correct) == expected[kind]
    numeric = items["numeric"]
    assert _correct(numeric) == ["78"]
    assert numeric.find(".//q:equal", namespaces=NS).attrib == {
        "toleranceMode": "absolute",
        "tolerance": "2",
    }
    assert numeric.find(".//q:textEntryInteraction", namespaces=NS).tail.strip() == "days"
    cloze = items["cloze"]
    assert cloze.xpath(".//q:mapEntry/@mapKey", namespaces=NS) == [
        "Slobodan Milošević",
        "Milosevic",
    ]
    assert set(cloze.xpath(".//q:mapEntry/@caseSensitive", namespaces=NS)) == {"false"}
    matching = items["matching"]
    pairs = [tuple(_choice_text(matching, i) for i in p.split()) for p in _correct(matching)]
    assert pairs == [("KFOR", "Kosovo Force"), ("UNMIK", "UN mission")]
    right_hand = matching.xpath(
        ".//q:simpleMatchSet[2]/q:simpleAssociableChoice/text()", namespaces=NS
    )
    assert right_hand == ["UN mission", "Kosovo Force"]  # as offered, not in answer order
    ordering = items["ordering"]
    assert [_choice_text(ordering, i) for i in _correct(ordering)] == [
        "bombing starts",
        "KFOR enters",
    ]
    assert ordering.find("q:responseDeclaration", namespaces=NS).get("cardinality") == "ordered"
    for item in items.values():
        feedback = item.find("q:modalFeedback", namespaces=NS)
        assert feedback.get("outcomeIdentifier") == "FEEDBACK"
        assert item.xpath("string(q:modalFeedback/q:p[1])", namespaces=NS).startswith("Because")
        assert item.find("q:modalFeedback/q:p/q:a", namespaces=NS).get("href") == URL


def test_qti_items_are_valid_against_the_official_schema():
    nasty = [replace(q, prompt=NASTY, explanation=NASTY) for q in ALL]
    assert len(_package(nasty)) == len(ALL)  # _package validates each item


def test_qti_identifiers_are_valid_and_unique():
    twins = [replace(MC, name="a b/c"), replace(MC, name="a-b-c")]
    items = _package(twins)
    assert sorted(items) == ["Q-a-b-c", "Q-a-b-c-2"]


# --------------------------------------------------------------------------- the course


@pytest.mark.django_db
def test_course_wide_export_numbers(course, django_assert_num_queries):
    """The lead's closing note: questions exported per format and per kind, and skipped."""
    active = Counter(Question.objects.active().published().values_list("kind", flat=True))
    with django_assert_num_queries(1):
        questions = records(exportable())
    assert Counter(q.kind.value for q in questions) == active
    assert sum(bool(q.source_url) for q in questions) > 0
    print(f"\nactive questions in published quizzes: {sum(active.values())} {dict(active)}")
    for fmt in ExportFormat:
        started = time.perf_counter()
        export = fmt.render(questions)
        elapsed = time.perf_counter() - started
        assert export.total + sum(export.skipped.values()) == len(questions)
        assert "bad key" not in export.skipped
        expected_skips = {} if fmt is ExportFormat.QTI else {"ordering": active["ordering"]}
        assert export.skipped == {k: v for k, v in expected_skips.items() if v}
        print(f"{'; '.join(export.report_lines())}  [{len(export.content)} bytes, {elapsed:.2f}s]")
    gift = parse_gift(to_gift(questions).content.decode())
    assert len(gift) == len(questions) - active["ordering"]
    _moodle(questions)
    assert len(_package(questions)) == len(questions)


@pytest.mark.django_db
def test_unpublished_and_inactive_questions_are_never_exported(course, tmp_path):
    hidden_module = Module.objects.order_by("order").first()
    hidden_module.published = False
    hidden_module.save()
    hidden_lesson = Lesson.objects.exclude(module=hidden_module).order_by("pk").first()
    hidden_lesson.published = False
    hidden_lesson.save()
    retired = (
        Question.objects.active()
        .exclude(quiz__module=hidden_module)
        .exclude(quiz__lesson=hidden_lesson)
        .first()
    )
    retired.active = False
    retired.save()
    hidden = set(
        Question.objects.filter(quiz__module=hidden_module).values_list("key", flat=True)
    ) | set(Question.objects.filter(quiz__lesson=hidden_lesson).values_list("key", flat=True))
    assert hidden
    output = tmp_path / "course.xml"
    call_command(
        "export_quiz", "--format", "moodle-xml", "--output", str(output), stderr=StringIO()
    )
    names = set(etree.parse(str(output)).xpath("//question/name/text/text()"))
    assert names
    assert not names & (hidden | {retired.key})
    with pytest.raises(CommandError, match="no published module"):
        call_command("export_quiz", "--format", "gift", "--module", hidden_module.slug)
    with pytest.raises(CommandError, match="no published lesson"):
        call_command("export_quiz", "--format", "gift", "--lesson", str(hidden_lesson.pk))


@pytest.mark.django_db
def test_command_writes_one_module_or_lesson_and_reports_skips(course, tmp_path):
    module = Module.objects.order_by("order").first()
    expected = set(
        Question.objects.active()
        .published()
        .filter(quiz__module=module)
        .values_list("key", flat=True)
    )
    out, err = StringIO(), StringIO()
    call_command("export_quiz", "--format", "gift", "--module", module.slug, stdout=out, stderr=err)
    parsed = parse_gift(out.getvalue())
    ordering = Question.objects.active().filter(quiz__module=module, kind="ordering").count()
    assert {q.name for q in parsed} == expected - set(
        Question.objects.filter(kind="ordering").values_list("key", flat=True)
    )
    assert f"gift: {len(parsed)} questions exported" in err.getvalue()
    assert (f"skipped ordering {ordering}" if ordering else "nothing skipped") in err.getvalue()

    lesson = Lesson.objects.filter(quiz__questions__active=True).order_by("pk").first()
    target = tmp_path / "lesson.zip"
    call_command(
        "export_quiz",
        "--format",
        "qti",
        "--lesson",
        str(lesson.pk),
        "--output",
        str(target),
        stderr=StringIO(),
    )
    items = _package_from(target.read_bytes())
    assert {i.get("title") for i in items} == set(
        Question.objects.active().filter(quiz__lesson=lesson).values_list("key", flat=True)
    )
    with pytest.raises(CommandError, match="zip"):
        call_command("export_quiz", "--format", "qti")


def _package_from(content: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return [
            etree.fromstring(package.read(n)) for n in package.namelist() if n.startswith("items/")
        ]


class _ModelAdmin:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def message_user(self, request: object, message: str, level: object = None) -> None:
        self.messages.append(message)


@pytest.mark.django_db
def test_admin_actions_download_the_selected_quizzes(course, admin, django_assert_num_queries):
    request = RequestFactory().post("/admin/quizzes/quiz/")
    request.user = admin
    quiz = Quiz.objects.published().filter(questions__active=True).distinct().first()
    keys = set(quiz.questions.active().values_list("key", flat=True))
    modeladmin = _ModelAdmin()

    with django_assert_num_queries(1):
        gift = export_gift(modeladmin, request, Quiz.objects.filter(pk=quiz.pk))
    assert gift["Content-Disposition"] == 'attachment; filename="quiz.gift.txt"'
    gift_names = {q.name for q in parse_gift(gift.content.decode())}
    assert gift_names
    assert gift_names <= keys

    xml = export_moodle_xml(modeladmin, request, Quiz.objects.filter(pk=quiz.pk))
    assert xml["Content-Type"] == "application/xml"
    assert set(etree.fromstring(xml.content).xpath("//question/name/text/text()")) == gift_names

    qti = export_qti(modeladmin, request, Quiz.objects.filter(pk=quiz.pk))
    assert {i.get("title") for i in _package_from(qti.content)} == keys

    quiz.module.published = False
    quiz.module.save()
    assert export_gift(modeladmin, request, Quiz.objects.filter(pk=quiz.pk)) is None
    assert "None of the selected quizzes" in modeladmin.messages[-1]
