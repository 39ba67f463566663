"""Create the demo accounts (and, once content exists, a class and some progress)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from kosovo_edu.accounts.roles import make_teacher

DEMO_PASSWORD = "kosovo-demo"


def ensure_user(username: str, *, staff: bool = False) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = staff
        user.save()
    return user, created


class Command(BaseCommand):
    help = (
        "Create demo accounts admin, teacher and student (password 'kosovo-demo'). "
        "Idempotent; refuses to run when DEBUG is off."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("demo refuses to run when DEBUG is off: it creates known passwords.")
        created = []
        for username, staff in (("admin", True), ("teacher", False), ("student", False)):
            user, was_created = ensure_user(username, staff=staff)
            if username == "teacher":
                make_teacher(user)
            if was_created:
                created.append(username)
        summary = ", ".join(created) if created else "nothing new"
        self.stdout.write(f"demo: created {summary}; password for new accounts: {DEMO_PASSWORD}")
