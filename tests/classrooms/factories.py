"""Classes, memberships and assignments for the classrooms tests (and the reports' tests)."""

import factory

from tests.factories import LessonFactory, UserFactory


class ClassroomFactory(factory.django.DjangoModelFactory):
    """A class; ``teachers=[...]`` and ``students=[...]`` fill it."""

    class Meta:
        model = "classrooms.Classroom"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Class {n}")

    @factory.post_generation
    def teachers(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.teachers.add(*extracted)  # type: ignore[attr-defined]

    @factory.post_generation
    def students(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            for student in extracted:  # type: ignore[attr-defined]
                self.enrol(student)  # type: ignore[attr-defined]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "classrooms.Membership"

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """Reading a lesson by default; pass ``quiz=`` (and ``lesson=None``) for a quiz."""

    class Meta:
        model = "classrooms.Assignment"

    classroom = factory.SubFactory(ClassroomFactory)
    lesson = factory.SubFactory(LessonFactory)
    quiz = None
