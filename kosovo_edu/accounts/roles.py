"""Roles: student (default), teacher (member of the "Teachers" group), admin (staff)."""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group

TEACHERS_GROUP = "Teachers"


class Role(StrEnum):
    ANONYMOUS = "visitor"
    STUDENT = "student"
    TEACHER = "teacher"
    ADMIN = "admin"


def role_of(user: AbstractBaseUser | AnonymousUser) -> Role:
    if not user.is_authenticated:
        return Role.ANONYMOUS
    if user.is_staff:
        return Role.ADMIN
    if is_teacher(user):
        return Role.TEACHER
    return Role.STUDENT


def is_teacher(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Teachers are members of the Teachers group; admins may teach too."""
    if not user.is_authenticated:
        return False
    # Cached on the user object: the nav asks on every page.
    if not hasattr(user, "_is_teacher"):
        user._is_teacher = user.is_staff or user.groups.filter(name=TEACHERS_GROUP).exists()
    return user._is_teacher


def make_teacher(user: AbstractBaseUser) -> None:
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    user.groups.add(group)
