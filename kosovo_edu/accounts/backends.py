"""Django's ModelBackend, with the signed-in user of a request read from this process's memory
while Redis has announced no change to them (``lessons.versionfeed.VersionFeed.user_row``).

Every save or deletion of a user announces it once committed (``user_changed``, connected in
apps.py): a new password, a deactivation or a deletion reaches every process's next request,
as a read from the database would. Without Redis, or while the feed is down, each request
reads the user from the database as Django does."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends, get_user_model
from django.db import DEFAULT_DB_ALIAS, transaction

from lessons.versionfeed import FEED


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        fields = [field.attname for field in model._meta.concrete_fields]
        row = FEED.user_row(
            int(user_id),
            lambda: model._default_manager.filter(pk=user_id).values_list(*fields).first(),
        )
        if row is None:
            return None
        user = model.from_db(DEFAULT_DB_ALIAS, fields, row)  # a new object for each request
        return user if self.user_can_authenticate(user) else None


def user_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """A user saved or deleted: announced once the transaction commits (at once outside one)."""
    pk = instance.pk
    transaction.on_commit(lambda: FEED.user_changed(pk))
