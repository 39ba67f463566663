"""`manage.py factcheck`: coverage per lesson (sentences checked of all, per verdict) and per
module, as a table and as JSON, agreeing with what the lesson pages show."""

import json
import re
from io import StringIO

from django.core.management import call_command

from lessons.models import Claim, Lesson, Module
from lessons.text.sentences import body_sentences

LINE = re.compile(
    r"(?P<checked>\d+) of (?P<sentences>\d+) sentences checked \((?P<percent>\d+) %\): "
    r"(?P<supported>\d+) supported, (?P<refuted>\d+) contradicted, (?P<unverified>\d+) unverified"
)
COUNTS = ("checked", "sentences", "supported", "refuted", "unverified")


def factcheck(*args: str) -> str:
    out = StringIO()
    call_command("factcheck", *args, stdout=out)
    return out.getvalue()


def counts(line: str) -> dict[str, int]:
    found = LINE.search(line)
    assert found, line
    return {name: int(found.group(name)) for name in COUNTS}


def test_coverage_per_lesson_and_module(course, client):
    lines = factcheck("--coverage").splitlines()
    assert lines[0].startswith(f"factcheck: {Claim.objects.count()} claims: ")
    assert lines[1] == "coverage: sentences checked of all, each counted as its worst claim"
    assert not any(line.startswith(("SUPPORTED ", "REFUTED ")) for line in lines)  # no claim rows
    modules = list(Module.objects.filter(published=True).order_by("order"))
    grand = dict.fromkeys(COUNTS, 0)
    for module in modules:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{module.title}: "))
        lessons = list(module.lessons.filter(published=True).order_by("order"))
        rows = lines[index + 1 : index + 1 + len(lessons)]
        for lesson, line in zip(lessons, rows, strict=True):
            assert line.startswith(f"  {lesson.title[:60]}")
            assert counts(line)["sentences"] == len(body_sentences(lesson.body))
        total = counts(lines[index])
        assert total == {name: sum(counts(line)[name] for line in rows) for name in COUNTS}
        for name in COUNTS:
            grand[name] += total[name]
    assert lines[-1].startswith("all modules: ")
    assert counts(lines[-1]) == grand
    assert 0 < grand["checked"] < grand["sentences"]
    # what the report says of a lesson is what its page says
    lesson = Lesson.objects.filter(claims__isnull=False).order_by("module__order", "order")[0]
    line = next(line for line in lines if line.startswith(f"  {lesson.title[:60]}"))
    found = counts(line)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert f"{found['checked']} of {found['sentences']} sentences checked" in page


def test_coverage_as_json(course):
    modules = json.loads(factcheck("--coverage", "--format", "json"))
    assert [m["module"] for m in modules] == list(
        Module.objects.filter(published=True).order_by("order").values_list("title", flat=True)
    )
    for module in modules:
        for name in ("sentences", "checked", "supported", "refuted", "unverified"):
            assert module[name] == sum(lesson[name] for lesson in module["lessons"])
        for lesson in module["lessons"]:
            assert lesson["checked"] == (
                lesson["supported"] + lesson["refuted"] + lesson["unverified"]
            )
            assert lesson["checked"] <= lesson["sentences"]


def test_the_full_table_lists_claims_then_coverage(course):
    out = factcheck()
    claims_at = out.index("factcheck: ")
    assert "REFUTED " in out[:claims_at]  # every claim row comes first
    assert "\nall modules: " in out[claims_at:]
