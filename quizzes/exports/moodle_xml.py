"""Moodle XML, the question bank's full format (pure; the standard library writes the XML).

One ``<question>`` per question, a ``category`` question before each module/lesson's questions.
Carried: multiple choice and spot the error (``multichoice``), true/false (``truefalse``),
numeric (``numerical``, with its unit), cloze (``shortanswer``, every accepted answer at 100 %)
and matching (``matching``).  The explanation and the source link are the ``generalfeedback``;
texts are HTML, escaped by the XML writer.  Moodle's core has no ordering type in this format:
ordering is skipped.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from quizzes.exports.keys import BAD_KEY, Accepted, Choice, Key, Numeric, Order, Pairs, read_key
from quizzes.exports.records import Export, ExportQuestion, Tally
from quizzes.kinds import QuestionKind

HTML = "html"


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = HTML) -> ET.Element:
    """``<tag format="html"><text>text</text></tag>``."""
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(parent: ET.Element, text: str, fraction: int, fmt: str = HTML) -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": str(fraction), "format": fmt})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "")
    return answer


def _choice(element: ET.Element, key: Choice) -> None:
    _value(element, "single", "true")
    _value(element, "shuffleanswers", "true")
    _value(element, "answernumbering", "abc")
    for option in key.options:
        _answer(element, escape_html(option), 100 if option == key.correct else 0)


def _true_false(element: ET.Element, key: Choice) -> None:
    for option in key.options:
        _answer(element, option.lower(), 100 if option == key.correct else 0, "moodle_auto_format")


def _numeric(element: ET.Element, key: Numeric) -> None:
    answer = _answer(element, key.text, 100, "moodle_auto_format")
    _value(answer, "tolerance", key.tolerance_text)
    if key.unit:
        units = ET.SubElement(element, "units")
        unit = ET.SubElement(units, "unit")
        _value(unit, "multiplier", "1")
        _value(unit, "unit_name", key.unit)
        # Moodle's "units are optional": typed after the number (UNITINPUT), not graded.
        _value(element, "unitgradingtype", "0")
        _value(element, "showunits", "0")
        _value(element, "unitsleft", "0")


def _short_answer(element: ET.Element, key: Accepted) -> None:
    _value(element, "usecase", "0")
    for answer in key.moodle_answers:
        _answer(element, answer, 100, "moodle_auto_format")


def _matching(element: ET.Element, key: Pairs) -> None:
    _value(element, "shuffleanswers", "true")
    for left, right in key.pairs:
        sub = _text(element, "subquestion", escape_html(left))
        answer = ET.SubElement(sub, "answer")
        ET.SubElement(answer, "text").text = right


def escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def _type(question: ExportQuestion, key: Key) -> str | None:
    if isinstance(key, Choice):
        return "truefalse" if question.kind is QuestionKind.TRUE_FALSE else "multichoice"
    if isinstance(key, Numeric):
        return "numerical"
    if isinstance(key, Accepted):
        return "shortanswer"
    if isinstance(key, Pairs):
        return "matching"
    assert isinstance(key, Order)
    return None


def question_element(question: ExportQuestion) -> ET.Element | None:
    """One ``<question>``, or None when Moodle XML cannot carry the kind."""
    key = read_key(question)
    qtype = _type(question, key)
    if qtype is None:
        return None
    element = ET.Element("question", {"type": qtype})
    _text(element, "name", question.name, fmt=None)
    _text(element, "questiontext", question.prompt_html())
    _text(element, "generalfeedback", question.feedback_html())
    _value(element, "defaultgrade", "1")
    _value(element, "penalty", "0")
    _value(element, "hidden", "0")
    _value(element, "idnumber", question.identifier)
    if isinstance(key, Choice) and qtype == "truefalse":
        _true_false(element, key)
    elif isinstance(key, Choice):
        _choice(element, key)
    elif isinstance(key, Numeric):
        _numeric(element, key)
    elif isinstance(key, Accepted):
        _short_answer(element, key)
    elif isinstance(key, Pairs):
        _matching(element, key)
    return element


def _category(path: str) -> ET.Element:
    element = ET.Element("question", {"type": "category"})
    _text(element, "category", f"$course$/top/{path}", fmt=None)
    return element


def to_moodle_xml(questions: Iterable[ExportQuestion]) -> Export:
    tally = Tally()
    quiz = ET.Element("quiz")
    category = None
    for question in questions:
        try:
            element = question_element(question)
        except ValueError:
            tally.skip(BAD_KEY)
            continue
        if element is None:
            tally.skip(question.kind.value)
            continue
        if question.category and question.category != category:
            category = question.category
            quiz.append(_category(category))
        quiz.append(element)
        tally.carried(question.kind)
    ET.indent(quiz)
    return Export(
        format="moodle-xml",
        content=ET.tostring(quiz, encoding="utf-8", xml_declaration=True),
        filename="quiz.moodle.xml",
        content_type="application/xml",
        exported=dict(tally.exported),
        skipped=dict(tally.skipped),
    )
