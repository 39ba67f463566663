"""Quiz exports for other platforms: GIFT and Moodle XML (Moodle's question bank) and QTI 2.1.

The formatters (:mod:`.gift`, :mod:`.moodle_xml`, :mod:`.qti`) are pure: they take
:class:`~quizzes.exports.records.ExportQuestion` records and return an
:class:`~quizzes.exports.records.Export` (the file, and per kind what it carried and what it
skipped).  :mod:`.selection` reads the records from the database (published quizzes' active
questions only) and :mod:`.admin_action` offers the formats as admin actions; import those two
directly, this package's top level stays free of Django.
"""

from quizzes.exports.formats import ExportFormat
from quizzes.exports.records import Export, ExportQuestion

__all__ = ["Export", "ExportFormat", "ExportQuestion"]
