"""Adding an article in the admin: upload, preview, confirm, the task, the summary, refusals."""

import hashlib
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lessons.articles import MAX_SEED_BYTES, parse_article, read_article
from lessons.models import ArticleImport, Claim, Document, Lesson, Module
from lessons.services.imports import run_import
from lessons.tasks import import_article
from quizzes.models import Question

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NEW_SEED = SEEDS / "001_8096015f538a0aee.txt"  # the article each test adds
HELD_OUT = SEEDS.parent / "tests" / "heldout" / "articles" / "bosnia_ifor_sfor.txt"
ADD = reverse("admin:lessons_document_add")
CHANGELIST = reverse("admin:lessons_articleimport_changelist")


def import_page(article_import: ArticleImport) -> str:
    return reverse("admin:lessons_articleimport_change", args=[article_import.pk])


@pytest.fixture
def course_without_new_seed(db) -> None:
    """The course as `manage.py ingest` makes it, but for the article the tests add."""
    others = [str(p) for p in sorted(SEEDS.glob("*.txt")) if p != NEW_SEED]
    call_command("ingest", *others, str(SEEDS / "facts.toml"), stdout=StringIO())


@pytest.fixture
def signed_in(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def upload(client: Client, content: bytes, name: str = "article.txt", **fields: str):
    return client.post(ADD, {"file": SimpleUploadedFile(name, content), "text": "", **fields})


def preview(client: Client, path: Path = NEW_SEED, **fields: str) -> ArticleImport:
    response = upload(client, path.read_bytes(), path.name, **fields)
    article_import = ArticleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == import_page(article_import)
    return article_import


def confirm(client: Client, article_import: ArticleImport, capture, title: str = "") -> str:
    with capture(execute=True):
        response = client.post(import_page(article_import), {"title": title or "Kept title"})
    assert response.status_code == 302
    article_import.refresh_from_db()
    return client.get(import_page(article_import)).content.decode()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Document, Module, Lesson, Claim, Question)
    }


# --------------------------------------------------------------------------- the happy path


def test_add_document_is_the_upload_form(signed_in):
    page = signed_in.get(ADD).content.decode()
    assert "Add document" in page
    assert 'type="file"' in page
    assert "Or paste the article" in page
    changelist = signed_in.get(reverse("admin:lessons_document_changelist")).content.decode()
    assert ADD in changelist


def test_the_preview_shows_lessons_disclaimer_and_boilerplate_and_saves_no_content(
    signed_in, course_without_new_seed
):
    before = counts()
    content = NEW_SEED.read_bytes() + b"\nScroll to top\n#NATO #Kosovo\n"
    response = upload(signed_in, content, "with-chrome.txt")
    article_import = ArticleImport.objects.get()
    assert response["Location"] == import_page(article_import)
    article = parse_article(content.decode(), name="with-chrome.txt")
    assert article_import.status == ArticleImport.Status.PREVIEW
    assert article_import.sha256 == hashlib.sha256(content).hexdigest()
    assert counts() == before

    page = signed_in.get(import_page(article_import)).content.decode()
    assert "Status: awaiting confirmation." in page
    assert f"{len(article.sections)} lessons</caption>" in page
    for section in article.sections:
        assert f'<th scope="row">{escape(section.title)}</th>' in page
        words = " ".join(section.paragraphs).split()
        assert f"<td>{len(words)}</td>" in page
        assert escape(" ".join(words[:5])) in page
    assert escape(article.disclaimer) in page.split('id="preview-disclaimer"')[1]
    dropped = page.split('id="preview-dropped"')[1].split("</ul>")[0]
    assert "<li>Scroll to top</li>" in dropped
    assert "<li>#NATO #Kosovo</li>" in dropped
    assert 'value="Confirm and import"' in page
    assert f'value="{escape(article.title)}"' in page


def test_confirming_imports_and_lands_on_the_summary(
    signed_in, course_without_new_seed, django_capture_on_commit_callbacks
):
    article_import = preview(signed_in)
    page = confirm(signed_in, article_import, django_capture_on_commit_callbacks, "Allied Force")

    assert article_import.status == ArticleImport.Status.DONE, article_import.error
    assert article_import.task_id
    module = Module.objects.get(document__imports=article_import)
    assert module.title == "Allied Force"
    assert module.document.sha256 == read_article(NEW_SEED).sha256
    lessons = list(module.lessons.all())
    assert len(lessons) == len(read_article(NEW_SEED).sections)
    assert "Status: done." in page
    assert f'<a href="{module.get_absolute_url()}">Allied Force</a>' in page
    for lesson in lessons:
        assert f'href="{lesson.get_absolute_url()}"' in page
        assert reverse("admin:lessons_lesson_change", args=[lesson.pk]) in page

    claims = Claim.objects.filter(lesson__module=module)
    assert claims.exists()
    assert f"Supported: {claims.supported().count()}</li>" in page
    assert f"Refuted: {claims.refuted().count()}</li>" in page
    assert f"Not enough info: {claims.unverified().count()}</li>" in page
    questions = Question.objects.filter(quiz__module=module, active=True)
    assert questions.exists()
    summary = article_import.summary
    assert sum(n for _, n in summary["questions"]) == questions.count()
    for kind in set(questions.values_list("kind", flat=True)):
        label = Question(kind=kind).get_kind_display()
        assert f"{label}: {questions.filter(kind=kind).count()}</li>" in page
    waiting = Question.objects.filter(quiz__module=module, active=False, claim__reviewed=False)
    assert f"{waiting.count()} question" in page.split('id="summary-waiting"')[1]
    assert "sentences not checked" in page


def test_a_pasted_article_takes_its_title_and_a_name_from_it(
    signed_in, course_without_new_seed, django_capture_on_commit_callbacks
):
    text = NEW_SEED.read_text()
    response = signed_in.post(ADD, {"text": text, "title": "Operation Allied Force, in brief"})
    article_import = ArticleImport.objects.get()
    assert response["Location"] == import_page(article_import)
    assert article_import.file_name == "operation-allied-force-in-brief.md"
    confirm(signed_in, article_import, django_capture_on_commit_callbacks, "In brief")
    assert article_import.status == ArticleImport.Status.DONE, article_import.error
    assert (
        Document.objects.get(source_name="operation-allied-force-in-brief.md").title == "In brief"
    )


def test_the_new_module_shows_to_a_student(
    signed_in, student, course_without_new_seed, django_capture_on_commit_callbacks
):
    article_import = preview(signed_in)
    confirm(signed_in, article_import, django_capture_on_commit_callbacks, "Allied Force")
    lesson = Lesson.objects.filter(module__document__imports=article_import).first()
    client = Client()
    client.force_login(student)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert lesson.title in page
    assert "sentences checked" in page


def test_questions_on_a_contradicted_claim_wait_for_an_admin(
    signed_in, course, django_capture_on_commit_callbacks
):
    article_import = preview(signed_in, HELD_OUT)
    page = confirm(signed_in, article_import, django_capture_on_commit_callbacks, "IFOR and SFOR")
    assert article_import.status == ArticleImport.Status.DONE, article_import.error
    module = Module.objects.get(title="IFOR and SFOR")
    refuted = Claim.objects.filter(lesson__module=module).refuted().filter(reviewed=False)
    assert refuted.exists()
    waiting = Question.objects.filter(quiz__module=module, active=False, claim__in=refuted)
    assert waiting.count() == article_import.summary["waiting"] > 0
    assert f"{waiting.count()} questions waiting for a confirmed refutation" in page
    problems = page.split('id="summary-problems"')[1]
    assert f"{waiting.count()} question(s) wait until an admin confirms" in problems


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file is binary"),
        ("empty.txt", b"  \n\n", "file is empty"),
        ("huge.txt", b"word " * (MAX_SEED_BYTES // 5 + 1), "file is larger than 1,000,000 bytes"),
        ("latin1.txt", "Kosovo’s café, Priština".encode("cp1252"), "file is not UTF-8 text"),
        (
            "chrome.md",
            b"See also: KFOR history\nScroll to top\n#NATO #Kosovo\n",
            "no lesson text",
        ),
        ("slides.pdf", b"%PDF-1.4 article", "only .txt and .md files"),
    ],
)
def test_a_bad_upload_is_refused_by_name_and_saves_nothing(
    signed_in, course_without_new_seed, name, content, message
):
    before = counts()
    response = upload(signed_in, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The article was not added:" in page
    assert f"{name}: {message}" in page
    assert not ArticleImport.objects.exists()
    assert counts() == before


def test_an_article_already_in_the_course_is_refused(signed_in, course_without_new_seed):
    seed = SEEDS / "000_6a8bdd86a501b46d.txt"
    page = upload(signed_in, seed.read_bytes(), "renamed.txt").content.decode()
    title = Document.objects.get(source_name=seed.name).title
    assert f"renamed.txt: this text was already added, as the document “{title}”" in page
    assert not ArticleImport.objects.exists()


def test_neither_or_both_a_file_and_text_is_refused(signed_in):
    page = signed_in.post(ADD, {"text": "", "title": ""}).content.decode()
    assert "Choose a file or paste the text: one of the two." in page
    both = {"file": SimpleUploadedFile("a.txt", b"Text"), "text": "Text"}
    assert "one of the two" in signed_in.post(ADD, both).content.decode()
    assert not ArticleImport.objects.exists()


def test_a_duplicate_landing_after_the_preview_is_refused_at_confirm(
    signed_in, course_without_new_seed, django_capture_on_commit_callbacks
):
    article_import = preview(signed_in)
    Document.objects.create(source_name="twin.txt", sha256=article_import.sha256, title="Twin")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signed_in.post(import_page(article_import), {"title": "Allied Force"})
    assert response.status_code == 200
    assert "this text was already added, as the document “Twin”" in response.content.decode()
    assert not callbacks
    article_import.refresh_from_db()
    assert article_import.status == ArticleImport.Status.PREVIEW


def failing_step(**kwargs):
    raise RuntimeError("question generation broke")


def test_a_failure_inside_the_task_rolls_back_everything(
    signed_in, course_without_new_seed, django_capture_on_commit_callbacks, settings
):
    settings.CONTENT_PIPELINE = [*settings.CONTENT_PIPELINE, f"{__name__}.failing_step"]
    before = counts()
    article_import = preview(signed_in)
    page = confirm(signed_in, article_import, django_capture_on_commit_callbacks, "Allied Force")
    assert article_import.status == ArticleImport.Status.FAILED
    assert article_import.error == "RuntimeError: question generation broke"
    assert counts() == before
    assert "Status: failed." in page
    assert "The import failed: RuntimeError: question generation broke" in page
    assert "http-equiv" not in page


def test_an_import_runs_once(course_without_new_seed, admin, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin)
    article_import = preview(client)
    confirm(client, article_import, django_capture_on_commit_callbacks, "Allied Force")
    before = counts()
    assert run_import(article_import.pk).status == ArticleImport.Status.DONE
    assert counts() == before


def test_a_queued_import_page_reloads_itself_and_says_so(signed_in, admin):
    article_import = ArticleImport.objects.create(
        created_by=admin, file_name="a.txt", title="A", sha256="0" * 64, text="A", status="queued"
    )
    page = signed_in.get(import_page(article_import)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Status: queued." in page
    assert "Waiting for a worker" in page


def test_an_import_whose_worker_was_stopped_says_so_and_runs_again(
    signed_in, course_without_new_seed, admin, django_capture_on_commit_callbacks
):
    """A worker killed mid-import leaves the import "running" (its work rolled back): after far
    longer than an import takes the page stops reloading, says so, and offers to run it again."""
    article_import = preview(signed_in)
    article_import.title, article_import.status = "Allied Force", ArticleImport.Status.RUNNING
    article_import.started_at = timezone.now() - timedelta(minutes=11)
    article_import.save()
    before = counts()
    page = signed_in.get(import_page(article_import)).content.decode()
    assert "the worker running it was stopped. Nothing of it was saved." in page
    assert "http-equiv" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(import_page(article_import), {"run_again": "1"})
    assert response.status_code == 302
    article_import.refresh_from_db()
    assert article_import.status == ArticleImport.Status.DONE, article_import.error
    assert counts()["Module"] == before["Module"] + 1


def test_a_recently_started_import_is_not_stalled(signed_in, admin):
    article_import = ArticleImport.objects.create(
        created_by=admin,
        file_name="a.txt",
        title="A",
        sha256="0" * 64,
        text="A",
        status="running",
        started_at=timezone.now() - timedelta(minutes=2),
    )
    page = signed_in.get(import_page(article_import)).content.decode()
    assert "was stopped" not in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert signed_in.post(import_page(article_import), {"run_again": "1"}).status_code == 403


# --------------------------------------------------------------------------- the database queue


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_it_and_the_worker_runs_it(
    settings, course_without_new_seed, admin
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = Client()
    client.force_login(admin)
    article_import = preview(client)
    client.post(import_page(article_import), {"title": "Allied Force"})
    article_import.refresh_from_db()
    assert article_import.status == ArticleImport.Status.QUEUED
    page = client.get(import_page(article_import)).content.decode()
    assert "Status: queued." in page
    assert not Module.objects.filter(title="Allied Force").exists()
    result = import_article.get_result(article_import.task_id)
    assert result.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())

    article_import.refresh_from_db()
    assert article_import.status == ArticleImport.Status.DONE, article_import.error
    module = Module.objects.get(title="Allied Force")
    assert article_import.summary["module"]["pk"] == module.pk
    assert [row["title"] for row in article_import.summary["lessons"]] == list(
        module.lessons.values_list("title", flat=True)
    )
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "done"


# --------------------------------------------------------------------------- query counts


def test_the_admin_pages_cost_a_constant_number_of_queries(
    signed_in,
    course_without_new_seed,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    with django_assert_num_queries(1):  # user
        assert signed_in.get(ADD).status_code == 200
    article_import = preview(signed_in)
    with django_assert_num_queries(2):  # user, the import
        assert "Confirm and import" in signed_in.get(import_page(article_import)).content.decode()
    confirm(signed_in, article_import, django_capture_on_commit_callbacks, "Allied Force")
    with django_assert_num_queries(2):  # user, the import: the summary is kept on it
        page = signed_in.get(import_page(article_import)).content.decode()
    assert "Claims per verdict" in page
