"""factory-boy factories shared by every test folder: build records here, not by hand."""

from datetime import UTC, datetime

import factory
from django.contrib.auth.models import User

from lessons.facts.values import DateValue
from lessons.models import Fact

PASSWORD = "a-long-test-password-42"
COMPLETED_AT = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Document"

    source_name = factory.Sequence(lambda n: f"seed-{n:03}.txt")
    sha256 = "0" * 64
    title = factory.Sequence(lambda n: f"Seed article {n}")


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Module"

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    order = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Lesson"

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    order = factory.Sequence(lambda n: n)
    source_text = "KFOR entered Kosovo in June 1999. It kept the peace."
    body = factory.LazyAttribute(lambda lesson: lesson.source_text)


class LessonProgressFactory(factory.django.DjangoModelFactory):
    """A lesson opened; ``completed=True`` for one finished too."""

    class Meta:
        model = "lessons.LessonProgress"

    class Params:
        completed = factory.Trait(completed_at=COMPLETED_AT)

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Reference"

    key = factory.Sequence(lambda n: f"test-reference-{n}")
    title = "A cited page"
    publisher = "Publisher"
    url = factory.Sequence(lambda n: f"https://example.org/page-{n}")


class FactFactory(factory.django.DjangoModelFactory):
    """A reference fact; ``typed=`` is its value (a lessons.facts.values value, a date here)."""

    class Meta:
        model = "lessons.Fact"
        exclude = ("typed", "derived")

    typed = DateValue(1999, 6, 12)
    derived = factory.LazyAttribute(lambda fact: Fact.value_fields(fact.typed))
    key = factory.Sequence(lambda n: f"test-fact-{n}")
    subject = "KFOR"
    predicate = "entered Kosovo"
    statement = "KFOR entered Kosovo on 12 June 1999."
    reference = factory.SubFactory(ReferenceFactory)
    value = factory.LazyAttribute(lambda fact: fact.derived["value"])
    value_display = factory.LazyAttribute(lambda fact: fact.derived["value_display"])
    sort_date = factory.LazyAttribute(lambda fact: fact.derived["sort_date"])


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizzes.Quiz"

    lesson = factory.SubFactory(LessonFactory)
    module = factory.LazyAttribute(lambda quiz: quiz.lesson.module)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizzes.Question"

    quiz = factory.SubFactory(QuizFactory)
    key = factory.Sequence(lambda n: f"mc:test:{n}")
    kind = "multiple_choice"
    prompt = factory.Sequence(lambda n: f"Question {n}: when did KFOR enter Kosovo?")
    options = ["12 June 1999", "24 March 1999", "10 June 1999", "17 February 2008"]
    answer = {"correct": "12 June 1999"}
    explanation = "The first KFOR troops entered Kosovo on 12 June 1999."
    lesson = factory.LazyAttribute(lambda q: q.quiz.lesson)
    anchor = "s-0123456789"
