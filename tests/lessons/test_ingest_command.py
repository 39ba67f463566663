"""`manage.py ingest`: idempotent, keeps admin edits, flags changed sources, rejects bad input."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lessons.models import Document, Lesson, LessonProgress, Module

SEEDS = Path(settings.SEEDS_DIR)
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def ingest(*args: object) -> str:
    out = StringIO()
    call_command("ingest", *[str(a) for a in args], stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    for path in SEED_FILES:
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def snapshot() -> list[tuple]:
    return list(
        Lesson.objects.order_by("pk").values_list(
            "pk", "title", "body", "source_text", "order", "edited", "source_changed"
        )
    )


def test_the_four_seeds_give_four_modules_with_lessons(db):
    output = ingest()
    assert Module.objects.count() == 4
    assert Document.objects.count() == 4
    assert all(module.lessons.exists() for module in Module.objects.all())
    assert f"lessons {Lesson.objects.count()} created" in output


def test_a_second_ingest_writes_nothing(db, django_assert_num_queries):
    ingest()
    before = snapshot()
    stamps = list(Document.objects.values_list("ingested_at", flat=True))
    output = ingest()
    assert snapshot() == before
    assert list(Document.objects.values_list("ingested_at", flat=True)) == stamps
    assert "0 created, 0 updated" in output
    assert f"{len(before)} unchanged" in output


def test_dry_run_writes_nothing(db):
    output = ingest("--dry-run")
    assert "dry run, nothing written" in output
    assert Lesson.objects.count() == 0
    assert Module.objects.count() == 0


def test_an_admin_edit_survives_a_re_ingest_and_a_changed_seed_flags_it(db, seed_dir):
    ingest(seed_dir)
    lesson = Lesson.objects.filter(module__document__source_name=SEED_FILES[2].name).first()
    assert lesson is not None
    lesson.edit_body(lesson.body + "\n\nAn admin's note for students.")
    lesson.save()

    ingest(seed_dir)
    lesson.refresh_from_db()
    assert lesson.body.endswith("An admin's note for students.")
    assert not lesson.source_changed

    first_sentence = lesson.source_text.split(". ")[0]
    path = seed_dir / SEED_FILES[2].name
    path.write_text(path.read_text().replace(first_sentence, first_sentence + " (revised)", 1))
    output = ingest(seed_dir)
    lesson.refresh_from_db()
    assert lesson.source_changed
    assert lesson.body.endswith("An admin's note for students.")
    assert "(revised)" in lesson.source_text
    assert "(revised)" not in lesson.body
    assert "1 flagged" in output


def test_a_changed_seed_updates_an_unedited_lesson(db, seed_dir):
    ingest(seed_dir)
    lesson = Lesson.objects.filter(module__document__source_name=SEED_FILES[3].name).first()
    assert lesson is not None
    first_sentence = lesson.source_text.split(". ")[0]
    path = seed_dir / SEED_FILES[3].name
    path.write_text(path.read_text().replace(first_sentence, first_sentence + " (revised)", 1))
    output = ingest(seed_dir)
    lesson.refresh_from_db()
    assert "(revised)" in lesson.body
    assert not lesson.source_changed
    assert "1 updated" in output


def test_re_ingest_never_deletes_learner_progress(db, seed_dir, student):
    ingest(seed_dir)
    lesson = Lesson.objects.filter(module__document__source_name=SEED_FILES[0].name).last()
    assert lesson is not None
    LessonProgress.objects.create(user=student, lesson=lesson)
    # The whole article is replaced: its old sections vanish from the seed.
    (seed_dir / SEED_FILES[0].name).write_text(
        "A New Title About Kosovo\n\nKFOR entered Kosovo in June 1999 after the bombing.\n"
    )
    ingest(seed_dir)
    lesson.refresh_from_db()
    assert LessonProgress.objects.filter(user=student, lesson=lesson).exists()
    assert not lesson.published
    assert lesson.source_changed


BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n\t\n",
    "binary.txt": b"\x00\x01\x02PNG\x00\x00",
    "latin1.txt": "Milo\u0161evi\u0107 in 1999".encode("cp1250"),
    "boilerplate.txt": b"#NATO #Kosovo\n4 min read\nScroll to top\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_rejected_by_name_and_the_good_ones_still_load(db, seed_dir, name):
    (seed_dir / name).write_bytes(BAD_FILES[name])
    output = ingest(seed_dir)
    assert f"rejected {seed_dir / name}" in output or f"rejected {name}" in output
    assert Document.objects.count() == 4
    assert not Document.objects.filter(source_name=name).exists()


def test_a_file_over_the_size_limit_is_rejected(db, tmp_path):
    from lessons.articles import MAX_SEED_BYTES

    path = tmp_path / "huge.txt"
    path.write_bytes(b"KFOR entered Kosovo in June 1999. " * (MAX_SEED_BYTES // 30))
    with pytest.raises(CommandError, match="1 file"):
        ingest(path)
    assert Document.objects.count() == 0


def test_a_missing_path_is_a_clear_error(db, tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(CommandError):
        call_command("ingest", str(missing), stdout=StringIO(), stderr=StringIO())
    assert Module.objects.count() == 0


def test_strict_stops_everything_on_one_bad_file(db, seed_dir):
    (seed_dir / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="rejected"):
        ingest("--strict", seed_dir)
    assert Module.objects.count() == 0
