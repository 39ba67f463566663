"""The export formats by name, each with its formatter (pure)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from quizzes.exports.gift import to_gift
from quizzes.exports.moodle_xml import to_moodle_xml
from quizzes.exports.qti import to_qti
from quizzes.exports.records import Export, ExportQuestion

Formatter = Callable[[Iterable[ExportQuestion]], Export]


class ExportFormat(StrEnum):
    GIFT = "gift"
    MOODLE_XML = "moodle-xml"
    QTI = "qti"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def render(self, questions: Iterable[ExportQuestion]) -> Export:
        return _FORMATTERS[self](questions)


_LABELS = {
    ExportFormat.GIFT: "GIFT (Moodle)",
    ExportFormat.MOODLE_XML: "Moodle XML",
    ExportFormat.QTI: "IMS QTI 2.1 package",
}
_FORMATTERS: dict[ExportFormat, Formatter] = {
    ExportFormat.GIFT: to_gift,
    ExportFormat.MOODLE_XML: to_moodle_xml,
    ExportFormat.QTI: to_qti,
}
