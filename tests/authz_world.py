"""A small world for the authorization matrix: the six personas, a published module with a
lesson, its quiz and a module test, the student's attempts and review sessions, a class taught
by the teacher with the student in it, and one object of every model the admin shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.db.models import Model
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from kosovo_edu.accounts.roles import make_teacher
from kosovo_edu.classrooms.models import Assignment, Classroom, Membership
from lessons.models import (
    ArticleImport,
    Claim,
    Document,
    Fact,
    Lesson,
    LessonProgress,
    Module,
    Reference,
)
from quizzes.models import Attempt, AttemptKind, Question, Quiz, Response, ReviewCard
from quizzes.models.reports import ProblemReason, ProblemReport

from .classrooms.factories import AssignmentFactory, ClassroomFactory
from .factories import (
    DocumentFactory,
    FactFactory,
    LessonFactory,
    LessonProgressFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

ROLES = ("anonymous", "student", "other student", "teacher", "other teacher", "admin")
"""The matrix's columns, in this order in every row of its table."""

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def made[M: Model](model: type[M], instance: object) -> M:
    """What a factory made, typed as its model."""
    assert isinstance(instance, model), instance
    return instance


@dataclass
class World:
    users: dict[str, User | None]
    module: Module
    lesson: Lesson
    quiz: Quiz
    questions: list[Question]  # the quiz's two, on one fact
    open_attempt: Attempt  # the student's, first question answered
    finished_attempt: Attempt
    open_review: Attempt  # a review session of the student's, first question answered
    finished_review: Attempt
    classroom: Classroom  # taught by the teacher, the student in it
    assignment: Assignment
    objects: dict[type[Model], Model] = field(default_factory=dict)

    def user(self, role: str) -> User:
        user = self.users[role]
        assert user is not None, f"{role} is nobody"
        return user

    def object_of(self, model: type[Model]) -> Model:
        """The world's object of ``model`` (for its admin pages); fails naming the model."""
        assert model in self.objects, (
            f"the authorization world has no {model._meta.label}: add one to "
            "tests/authz_world.py (build_world) for its admin pages"
        )
        return self.objects[model]


def personas() -> dict[str, User | None]:
    cast: dict[str, User | None] = {"anonymous": None}
    names = {"student": "sara", "other student": "omar", "teacher": "tina", "other teacher": "theo"}
    for role, name in names.items():
        cast[role] = made(User, UserFactory(username=name))
    make_teacher(made(User, cast["teacher"]))
    make_teacher(made(User, cast["other teacher"]))
    cast["admin"] = made(User, UserFactory(username="ada", is_staff=True, is_superuser=True))
    return cast


def answered(attempt: Attempt, question: Question) -> Response:
    return Response.objects.create(
        attempt=attempt,
        question=question,
        answer={"choice": ["12 June 1999"]},
        correct=True,
        points=1.0,
        expected="12 June 1999",
    )


def attempt_at(
    student: User, questions: list[Question], *, finished: bool, quiz: Quiz | None
) -> Attempt:
    """An attempt at both questions (a review session when ``quiz`` is None): the first
    answered, and the second too when ``finished``."""
    kind = AttemptKind.REVIEW if quiz is None else AttemptKind.QUIZ
    attempt = Attempt.objects.create(
        user=student, kind=kind, quiz=quiz, question_ids=[q.pk for q in questions], started_at=NOW
    )
    answered(attempt, questions[0])
    if finished:
        answered(attempt, questions[1])
        attempt.finish(2.0, at=NOW)
    return attempt


def build_world() -> World:
    users = personas()
    student = made(User, users["student"])
    document = made(Document, DocumentFactory())
    module = made(Module, ModuleFactory(title="KFOR after the war", slug="kfor", document=document))
    lesson = made(Lesson, LessonFactory(module=module, title="The deployment", slug="deployment"))
    quiz = made(Quiz, QuizFactory(lesson=lesson, module=module))
    QuizFactory(lesson=None, module=module)  # the module test
    fact = made(Fact, FactFactory())
    claim = Claim.objects.create(
        lesson=lesson,
        anchor="s-0123456789",
        sentence="KFOR entered Kosovo in June 1999.",
        start=0,
        end=32,
        text="KFOR entered Kosovo in June 1999",
        kind="date",
        auto_verdict="SUPPORTED",
        fact=fact,
    )
    questions = [made(Question, QuestionFactory(quiz=quiz, fact=fact, claim=claim)) for _ in "ab"]
    classroom = made(
        Classroom,
        ClassroomFactory(name="Year 11 History", teachers=[users["teacher"]], students=[student]),
    )
    world = World(
        users=users,
        module=module,
        lesson=lesson,
        quiz=quiz,
        questions=questions,
        open_attempt=attempt_at(student, questions, finished=False, quiz=quiz),
        finished_attempt=attempt_at(student, questions, finished=True, quiz=quiz),
        open_review=attempt_at(student, questions, finished=False, quiz=None),
        finished_review=attempt_at(student, questions, finished=True, quiz=None),
        classroom=classroom,
        assignment=made(Assignment, AssignmentFactory(classroom=classroom, lesson=lesson)),
    )
    world.objects = admin_objects(world, document, fact, claim)
    return world


def admin_objects(
    world: World, document: Document, fact: Fact, claim: Claim
) -> dict[type[Model], Model]:
    """One object of every model the admin shows, for its change, history and delete pages."""
    student = world.user("student")
    card = ReviewCard.fresh(user_id=student.pk, fact_id=fact.pk, at=NOW)
    card.save()
    who = {"username": student.username, "ip_address": "10.0.0.1", "user_agent": "pytest"}
    page = {"http_accept": "text/html", "path_info": "/accounts/login/"}
    progress = LessonProgressFactory(user=student, lesson=world.lesson, completed=True)
    return {
        Group: Group.objects.create(name="Readers"),
        User: student,
        AccessAttempt: AccessAttempt.objects.create(
            **who, **page, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**who, **page),
        AccessFailureLog: AccessFailureLog.objects.create(**who, **page),
        DBTaskResult: DBTaskResult.objects.create(
            task_path="lessons.tasks.example", args_kwargs={"args": [], "kwargs": {}}
        ),
        Document: document,
        Module: world.module,
        Lesson: world.lesson,
        LessonProgress: made(LessonProgress, progress),
        Reference: fact.reference,
        Fact: fact,
        Claim: claim,
        Question: world.questions[0],
        Quiz: world.quiz,
        Attempt: world.finished_attempt,
        ReviewCard: card,
        Classroom: world.classroom,
        Membership: Membership.objects.get(classroom=world.classroom, student=student),
        Assignment: world.assignment,
        ArticleImport: ArticleImport.objects.create(
            created_by=world.user("admin"),
            file_name="macedonia.md",
            title="Macedonia 2001",
            sha256="0" * 64,
            text="# Macedonia 2001\n\nNATO's Operation Essential Harvest began in August 2001.",
        ),
        # About the second question: the matrix's POST reports the first.
        ProblemReport: ProblemReport.objects.create(
            user=student,
            question=world.questions[1],
            about=world.questions[1].prompt[:300],
            reason=ProblemReason.UNCLEAR,
        ),
        # Not confirmed: nobody here signs in with a second factor.
        TOTPDevice: TOTPDevice.objects.create(
            user=world.user("other teacher"), name="phone", confirmed=False
        ),
    }
