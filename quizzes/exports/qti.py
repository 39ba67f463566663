"""IMS QTI 2.1: an IMS content package (a zip: ``imsmanifest.xml`` and one ``assessmentItem``
file per question under ``items/``), pure; the standard library writes the XML and the zip.

Carried: every kind.  Multiple choice, spot the error and true/false are a
``choiceInteraction``; numeric a ``textEntryInteraction`` scored with ``equal`` (absolute
tolerance); cloze a ``textEntryInteraction`` whose accepted answers map to 1, case-insensitive;
matching a ``matchInteraction`` (a point per right pair, ``MAXSCORE`` the number of pairs);
ordering an ``orderInteraction``.  Each item's ``modalFeedback`` is the explanation and the
source link, shown whatever the answer.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable

from quizzes.exports.keys import BAD_KEY, Accepted, Choice, Key, Numeric, Order, Pairs, read_key
from quizzes.exports.records import Export, ExportQuestion, Tally
from quizzes.kinds import QuestionKind

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_TYPE = "imsqti_item_xmlv2p1"
FEEDBACK = "EXPLANATION"


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.SubElement(parent, tag, attrs or {})


def _set(parent: ET.Element, identifier: str, base_type: str, value: str) -> None:
    """``<setOutcomeValue identifier=...><baseValue baseType=...>value</...></...>``."""
    outcome = _sub(parent, "setOutcomeValue", {"identifier": identifier})
    _sub(outcome, "baseValue", {"baseType": base_type}).text = value


def _html_into(parent: ET.Element, markup: str) -> None:
    """Append ``markup`` (our own escaped HTML: ``<p>``, ``<a>``) as QTI elements."""
    wrapper = ET.fromstring(f"<div>{markup}</div>")
    parent.extend(list(wrapper))


def _choice_ids(options: Iterable[str], prefix: str) -> dict[str, str]:
    return {option: f"{prefix}{n}" for n, option in enumerate(options, start=1)}


# --------------------------------------------------------------------------- one item


class _Item:
    """Builds one ``assessmentItem`` in the order the schema wants: declarations, body,
    processing, feedback."""

    def __init__(self, question: ExportQuestion, identifier: str) -> None:
        self.question = question
        self.root = ET.Element(
            "assessmentItem",
            {
                "xmlns": QTI,
                "identifier": identifier,
                "title": question.name,
                "adaptive": "false",
                "timeDependent": "false",
                f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            },
        )

    def response(self, cardinality: str, base_type: str, correct: list[str]) -> ET.Element:
        declaration = _sub(
            self.root,
            "responseDeclaration",
            {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base_type},
        )
        correct_response = _sub(declaration, "correctResponse")
        for value in correct:
            _sub(correct_response, "value").text = value
        return declaration

    def outcomes(self, maximum: int = 1) -> None:
        for identifier, base_type, default in (
            ("SCORE", "float", "0"),
            ("MAXSCORE", "float", str(maximum)),
            ("FEEDBACK", "identifier", None),
        ):
            declaration = _sub(
                self.root,
                "outcomeDeclaration",
                {"identifier": identifier, "cardinality": "single", "baseType": base_type},
            )
            if default is not None:
                _sub(_sub(declaration, "defaultValue"), "value").text = default

    def body(self) -> ET.Element:
        return _sub(self.root, "itemBody")

    def prompt(self, interaction: ET.Element) -> None:
        _sub(interaction, "prompt").text = self.question.prompt

    def scored_if(self, condition: ET.Element | None) -> None:
        """SCORE 1 when ``condition`` holds (None: the response matches the correct one)."""
        processing = _sub(self.root, "responseProcessing")
        branches = _sub(processing, "responseCondition")
        right = _sub(branches, "responseIf")
        if condition is None:
            condition = ET.Element("match")
            _sub(condition, "variable", {"identifier": "RESPONSE"})
            _sub(condition, "correct", {"identifier": "RESPONSE"})
        right.append(condition)
        _set(right, "SCORE", "float", "1")
        _set(_sub(branches, "responseElse"), "SCORE", "float", "0")
        _set(processing, "FEEDBACK", "identifier", FEEDBACK)

    def scored_by_mapping(self) -> None:
        """SCORE = the response's mapped value (0 when there is no response)."""
        processing = _sub(self.root, "responseProcessing")
        branches = _sub(processing, "responseCondition")
        unanswered = _sub(branches, "responseIf")
        _sub(_sub(unanswered, "isNull"), "variable", {"identifier": "RESPONSE"})
        _set(unanswered, "SCORE", "float", "0")
        mapped = _sub(_sub(branches, "responseElse"), "setOutcomeValue", {"identifier": "SCORE"})
        _sub(mapped, "mapResponse", {"identifier": "RESPONSE"})
        _set(processing, "FEEDBACK", "identifier", FEEDBACK)

    def feedback(self) -> None:
        modal = _sub(
            self.root,
            "modalFeedback",
            {
                "outcomeIdentifier": "FEEDBACK",
                "identifier": FEEDBACK,
                "showHide": "show",
                "title": "Explanation",
            },
        )
        _html_into(modal, self.question.feedback_html() or "<p>-</p>")


def _mapping(declaration: ET.Element, keys: Iterable[str], upper: int, case: bool) -> None:
    mapping = _sub(
        declaration,
        "mapping",
        {"lowerBound": "0", "upperBound": str(upper), "defaultValue": "0"},
    )
    for key in keys:
        attrs = {"mapKey": key, "mappedValue": "1", "caseSensitive": str(case).lower()}
        _sub(mapping, "mapEntry", attrs)


def _choice(item: _Item, key: Choice, shuffle: bool) -> None:
    ids = _choice_ids(key.options, "C")
    item.response("single", "identifier", [ids[key.correct]])
    item.outcomes()
    interaction = _sub(
        item.body(),
        "choiceInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": str(shuffle).lower(), "maxChoices": "1"},
    )
    item.prompt(interaction)
    for option, identifier in ids.items():
        _sub(interaction, "simpleChoice", {"identifier": identifier}).text = option
    item.scored_if(None)


def _text_entry(item: _Item, length: int, after: str = "") -> None:
    body = item.body()
    _sub(body, "p").text = item.question.prompt
    answer = _sub(body, "p")
    entry = _sub(
        answer,
        "textEntryInteraction",
        {"responseIdentifier": "RESPONSE", "expectedLength": str(length)},
    )
    if after:
        entry.tail = f" {after}"


def _numeric(item: _Item, key: Numeric) -> None:
    item.response("single", "float", [key.text])
    item.outcomes()
    _text_entry(item, max(len(key.text), 4), key.unit)
    tolerance = (
        {"toleranceMode": "absolute", "tolerance": key.tolerance_text}
        if key.tolerance
        else {"toleranceMode": "exact"}
    )
    equal = ET.Element("equal", tolerance)
    _sub(equal, "variable", {"identifier": "RESPONSE"})
    _sub(equal, "correct", {"identifier": "RESPONSE"})
    item.scored_if(equal)


def _cloze(item: _Item, key: Accepted) -> None:
    declaration = item.response("single", "string", [key.answers[0]])
    _mapping(declaration, key.answers, upper=1, case=False)
    item.outcomes()
    _text_entry(item, max(len(a) for a in key.answers))
    item.scored_by_mapping()


def _matching(item: _Item, key: Pairs) -> None:
    lefts = _choice_ids([left for left, _ in key.pairs], "L")
    rights = _choice_ids(key.choices, "R")
    pairs = [f"{lefts[left]} {rights[right]}" for left, right in key.pairs]
    declaration = item.response("multiple", "directedPair", pairs)
    _mapping(declaration, pairs, upper=len(pairs), case=True)
    item.outcomes(maximum=len(pairs))
    interaction = _sub(
        item.body(),
        "matchInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(pairs))},
    )
    item.prompt(interaction)
    for side in (lefts, rights):
        match_set = _sub(interaction, "simpleMatchSet")
        for text, identifier in side.items():
            attrs = {"identifier": identifier, "matchMax": "1"}
            _sub(match_set, "simpleAssociableChoice", attrs).text = text
    item.scored_by_mapping()


def _ordering(item: _Item, key: Order) -> None:
    ids = _choice_ids(key.options, "O")
    item.response("ordered", "identifier", [ids[text] for text in key.order])
    item.outcomes()
    interaction = _sub(
        item.body(), "orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"}
    )
    item.prompt(interaction)
    for option, identifier in ids.items():
        _sub(interaction, "simpleChoice", {"identifier": identifier}).text = option
    item.scored_if(None)


def item_element(question: ExportQuestion, identifier: str) -> ET.Element:
    """One question as a QTI 2.1 ``assessmentItem``; ``ValueError`` on a bad key."""
    key: Key = read_key(question)
    item = _Item(question, identifier)
    if isinstance(key, Choice):
        _choice(item, key, shuffle=question.kind is not QuestionKind.TRUE_FALSE)
    elif isinstance(key, Numeric):
        _numeric(item, key)
    elif isinstance(key, Accepted):
        _cloze(item, key)
    elif isinstance(key, Pairs):
        _matching(item, key)
    else:
        _ordering(item, key)
    item.feedback()
    return item.root


# --------------------------------------------------------------------------- the package


def _xml(element: ET.Element) -> bytes:
    """The document, its elements in the namespace its root's ``xmlns`` names (ElementTree's
    ``default_namespace`` refuses unqualified attributes)."""
    ET.indent(element)
    document: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return document


def manifest(hrefs: dict[str, str]) -> bytes:
    """``imsmanifest.xml`` listing each item file (identifier -> href) as a QTI 2.1 item."""
    root = ET.Element(
        "manifest",
        {
            "xmlns": CP,
            "identifier": "MANIFEST-kosovo-edu",
            f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD}",
        },
    )
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for identifier, href in hrefs.items():
        attrs = {"identifier": identifier, "type": ITEM_TYPE, "href": href}
        resource = ET.SubElement(resources, "resource", attrs)
        ET.SubElement(resource, "file", {"href": href})
    return _xml(root)


def _unique(identifier: str, taken: set[str]) -> str:
    candidate, n = identifier, 1
    while candidate in taken:
        n += 1
        candidate = f"{identifier}-{n}"
    taken.add(candidate)
    return candidate


def to_qti(questions: Iterable[ExportQuestion]) -> Export:
    tally = Tally()
    items: dict[str, bytes] = {}
    for question in questions:
        identifier = _unique(question.identifier, set(items))
        try:
            items[identifier] = _xml(item_element(question, identifier))
        except ValueError:
            tally.skip(BAD_KEY)
            continue
        tally.carried(question.kind)
    hrefs = {identifier: f"items/{identifier}.xml" for identifier in items}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", manifest(hrefs))
        for identifier, content in items.items():
            package.writestr(hrefs[identifier], content)
    return Export(
        format="qti",
        content=buffer.getvalue(),
        filename="quiz.qti21.zip",
        content_type="application/zip",
        exported=dict(tally.exported),
        skipped=dict(tally.skipped),
    )
