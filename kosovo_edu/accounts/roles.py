"""Roles: student (default), teacher (member of the "Teachers" group), admin (staff)."""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Group, User

TEACHERS_GROUP = "Teachers"


class Role(StrEnum):
    ANONYMOUS = "visitor"
    STUDENT = "student"
    TEACHER = "teacher"
    ADMIN = "admin"


def role_of(user: User | AnonymousUser) -> Role:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Role.ANONYMOUS
    if user.is_staff:
        return Role.ADMIN
    if is_teacher(user):
        return Role.TEACHER
    return Role.STUDENT


def is_teacher(user: User | AnonymousUser) -> bool:
    """Teachers are members of the Teachers group; admins may teach too."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    # Cached on the user object: the nav asks on every page.
    cached: bool | None = getattr(user, "_is_teacher", None)
    if cached is None:
        cached = user.is_staff or user.groups.filter(name=TEACHERS_GROUP).exists()
        user._is_teacher = cached  # type: ignore[attr-defined]
    return cached


def make_teacher(user: User) -> None:
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    user.groups.add(group)
