"""The class page and a student's drill-down show the class's real numbers (asserted on what
the page says), to the class's teachers and admins only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from kosovo_edu.accounts.roles import make_teacher
from tests.factories import QuestionFactory, UserFactory
from tests.quizzes.learners import take

from .factories import ClassroomFactory
from .test_reports_fixtures import build_scene


@pytest.fixture
def scene(db, teacher, student, other_student):
    return build_scene(teacher, student, other_student)


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def text(element) -> str:
    return " ".join(element.text_content().split())


def cells(row) -> str:
    """A table row's cells as one line, a space between cells."""
    return " ".join(text(cell) for cell in row.xpath("./th|./td"))


def heat_row(tree, name: str) -> list[str]:
    row = tree.xpath(f'//table[contains(@class,"heatmap")]//tr[th/a[normalize-space()="{name}"]]')[
        0
    ]
    return [text(cell) for cell in row.xpath("./td")]


def test_the_heatmap_shows_each_student_read_score_and_mastery_per_module(client, scene, teacher):
    classroom, _ = scene
    tree = page(client, teacher, "teach:class", classroom.pk)
    headers = [text(th) for th in tree.xpath('//table[contains(@class,"heatmap")]/thead//th')]
    assert headers == [
        "Student",
        "KFOR after the war",
        "Later years",
        "Quizzes passed (of those taken)",
    ]
    # sara: best 100 %, 50 % and 100 % on the three KFOR quizzes → 83 %
    assert heat_row(tree, "sara") == [
        "read 2/3 score 83% not started",
        "read 0/1 score – not started",
        "2 of 3 taken",
    ]
    assert heat_row(tree, "omar")[0] == "read 1/3 score 25% not started"  # 50 % and 0 %


def test_the_class_averages_and_assignment_completion(client, scene, teacher):
    classroom, _ = scene
    tree = page(client, teacher, "teach:class", classroom.pk)
    averages = tree.xpath(
        '//table[caption[normalize-space()="Class averages per module"]]//tbody/tr'
    )
    assert [text(td) for td in averages[0].xpath("./td")] == [
        "50%",
        "54%",
        "0 of 2 students",
    ]  # (2/3 + 1/3) / 2; (83 + 25) / 2
    assert "no quiz taken" in text(averages[1])
    assert 'aria-labelledby="averages-title averages-desc"' in html.tostring(tree).decode()
    row = tree.xpath(
        '//table[caption[normalize-space()="Who has done each assignment"]]//tbody/tr'
    )[0]
    cells = [text(td) for td in row.xpath("./td")]
    assert cells[1].startswith("1 of 2")  # sara read "The mandate"
    assert cells[2] == "1: omar"  # late: due yesterday, not read


def test_the_item_analysis_lists_facility_discrimination_and_the_admin_link(client, scene, teacher):
    classroom, course = scene
    tree = page(client, teacher, "teach:class", classroom.pk)
    first = course.quizzes[0].questions.order_by("pk")[0]
    row = tree.xpath(
        f'//table[contains(@class,"items-table")]//tr[th/a[@href="/admin/quizzes/question/{first.pk}/change/"]]'
    )[0]
    cells = [text(td) for td in row.xpath("./td")]
    # first attempts: sara 100 % (right), omar 50 % (the first question right) → facility 100 %
    assert cells == ["The deployment", "Multiple choice", "2", "100%", "–", "too few answers"]


def test_the_misconceptions_show_the_false_claim_the_class_believed(client, scene, teacher):
    classroom, _ = scene
    tree = page(client, teacher, "teach:class", classroom.pk)
    items = tree.xpath('//ol[@class="misconceptions"]/li')
    assert len(items) == 1
    said = text(items[0])
    assert "The article says “98 days”; the sources say 78 days." in said
    assert "1 of 2 students who answered (50%) got it wrong" in said
    assert items[0].xpath(".//a/@href")[0].endswith("#s-refuted01")
    missed = tree.xpath(
        '//table[caption[starts-with(normalize-space(),"Facts the class")]]//tbody/tr'
    )
    assert missed, "the most-missed facts are listed"


def test_a_students_page_shows_lessons_attempts_mastery_and_what_is_due(
    client, scene, teacher, other_student
):
    classroom, _ = scene
    tree = page(client, teacher, "teach:student", classroom.pk, other_student.pk)
    body = text(tree.xpath("//main")[0])
    assert "1 of 4 lessons read" in body
    attempts = [
        cells(tr)
        for tr in tree.xpath(
            '//table[starts-with(normalize-space(caption),"Finished attempts")]//tbody/tr'
        )
    ]
    assert len(attempts) == 2
    assert attempts[0].endswith("The drawdown 0%")
    assert attempts[1].endswith("The deployment 50%")
    due = [
        cells(tr)
        for tr in tree.xpath(
            '//table[caption[starts-with(normalize-space(),"Assignments of")]]//tbody/tr'
        )
    ]
    assert len(due) == 1
    assert due[0].startswith("Read: The mandate")
    assert due[0].endswith("Late")


def test_a_students_page_lists_their_facts_with_level_and_due(client, scene, teacher, student):
    classroom, _ = scene
    tree = page(client, teacher, "teach:student", classroom.pk, student.pk)
    facts = [
        cells(tr)
        for tr in tree.xpath(
            '//table[starts-with(normalize-space(caption),"Facts answered")]//tbody/tr'
        )
    ]
    assert facts == ["Fact 0 of The deployment. Familiar 2 (0) due now"]
    assert "1 fact is due for spaced review now." in text(tree.xpath("//main")[0])


def test_a_co_teacher_and_an_admin_see_the_class(client, scene, admin):
    classroom, _ = scene
    co = UserFactory(username="cora")
    make_teacher(co)
    classroom.teachers.add(co)
    for user in (co, admin):
        tree = page(client, user, "teach:class", classroom.pk)
        assert heat_row(tree, "sara")[0].startswith("read 2/3")


@pytest.mark.parametrize("name", ["teach:class", "teach:export_results", "teach:export_items"])
def test_another_teacher_gets_404(client, scene, other_teacher, name):
    classroom, _ = scene
    client.force_login(other_teacher)
    assert client.get(reverse(name, args=[classroom.pk])).status_code == 404


def test_a_student_outside_the_class_is_not_found(client, scene, teacher):
    classroom, _ = scene
    outsider = UserFactory(username="zed")
    client.force_login(teacher)
    assert client.get(reverse("teach:student", args=[classroom.pk, outsider.pk])).status_code == 404


def test_a_student_never_reaches_the_class_page(client, scene, student):
    classroom, _ = scene
    client.force_login(student)
    for name in ("teach:class", "teach:export_results"):
        assert client.get(reverse(name, args=[classroom.pk])).status_code in (403, 404)
    assert client.get(reverse("teach:student", args=[classroom.pk, student.pk])).status_code in (
        403,
        404,
    )


def test_an_empty_class_says_how_to_fill_it(client, db, teacher):
    classroom = ClassroomFactory(name="New class", teachers=[teacher])
    tree = page(client, teacher, "teach:class", classroom.pk)
    assert "No student has joined yet." in text(tree.xpath("//main")[0])


def test_the_heatmap_mastery_is_the_learners_own_module_mastery(client, db):
    """Not a second definition: each cell's mastery is what ``FactMastery`` gives the learner."""
    from quizzes.progress import FactMastery

    from .test_reports_fixtures import build_class

    big = build_class(8, questions=5)
    tree = page(client, big.teacher, "teach:class", big.classroom.pk)
    for student in big.students:
        expected = FactMastery.load(student).of_module(big.quiz.module_id).label.lower()
        row = tree.xpath(
            f'//table[contains(@class,"heatmap")]//tr[th/a[contains(., "{student.username}")]]'
        )[0]
        assert text(row.xpath("./td")[0]).endswith(expected)
    levels = {
        text(row.xpath("./td")[0]).rsplit(" ", 1)[-1]
        for row in tree.xpath('//table[contains(@class,"heatmap")]//tbody/tr')
    }
    assert len(levels) > 1, "the fixture gives students different levels"


def test_the_class_page_over_the_ingested_seeds(client, course, teacher, student, other_student):
    """The real course: four modules, every question kind, module tests drawing from lessons."""
    from quizzes.models import Quiz

    classroom = ClassroomFactory(
        name="Seeds", teachers=[teacher], students=[student, other_student]
    )
    quizzes = list(Quiz.objects.published().filter(lesson__isnull=False).order_by("pk")[:2])
    test = Quiz.objects.published().filter(lesson__isnull=True).order_by("pk").first()
    for quiz in [*quizzes, test]:
        take(student, quiz, 1.0)
        take(other_student, quiz, 0.0)
    tree = page(client, teacher, "teach:class", classroom.pk)
    headers = tree.xpath('//table[contains(@class,"heatmap")]/thead//th')
    assert len(headers) == 1 + 4 + 1
    items = tree.xpath('//table[contains(@class,"items-table")]//tbody/tr')
    assert len(items) >= 3
    assert {text(tr.xpath("./td")[0]) for tr in items} >= {test.title}
    facilities = {text(tr.xpath("./td")[3]) for tr in items}
    assert facilities == {"50%"}  # one right, one wrong on every question


def test_only_spot_the_error_and_true_false_answers_count_as_believing_a_claim(
    client, scene, teacher, student
):
    """A multiple-choice question left on a claim an admin later refuted asks something else:
    a wrong answer to it is not belief in the claim."""
    classroom, course = scene
    claim = course.quizzes[2].questions.get(kind="spot_error").claim
    QuestionFactory(quiz=course.quizzes[1], claim=claim, prompt="How long was the campaign?")
    take(student, course.quizzes[1], 0.0)
    tree = page(client, teacher, "teach:class", classroom.pk)
    said = text(tree.xpath('//ol[@class="misconceptions"]/li')[0])
    assert "1 of 2 students who answered (50%) got it wrong" in said
