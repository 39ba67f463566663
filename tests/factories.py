"""factory-boy factories shared by every test folder."""

import factory
from django.contrib.auth.models import User

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


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
    class Meta:
        model = "lessons.LessonProgress"

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)


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
