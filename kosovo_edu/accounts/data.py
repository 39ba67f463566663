"""A learner's own data: everything that is theirs, to download or to delete.

"Theirs" is found, not listed: Django's deletion collector walks every relation that cascades
from the user (lessons read, attempts and their answers, review cards, class memberships, and
whatever a later app adds), so the export and the deletion cover the same rows by construction.
Login history is kept by django-axes by username, outside the relation graph, and added here.
"""

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.core import serializers
from django.db import models, router, transaction
from django.db.models.deletion import Collector

LOGIN_HISTORY_MODELS: tuple[type[models.Model], ...] = (AccessLog, AccessFailureLog, AccessAttempt)
LOGIN_HISTORY_FIELDS = (
    "attempt_time",
    "logout_time",
    "ip_address",
    "user_agent",
    "path_info",
    "failures_since_start",
    "locked_out",
)
NEVER_EXPORTED = {"password"}  # a hash, but still nobody's business, not even the owner's


def login_history(username: str) -> Iterator[models.QuerySet[Any]]:
    for model in LOGIN_HISTORY_MODELS:
        yield model._default_manager.filter(username=username)


def login_history_before(cutoff: datetime) -> Iterator[models.QuerySet[Any]]:
    for model in LOGIN_HISTORY_MODELS:
        yield model._default_manager.filter(attempt_time__lt=cutoff)


def owned_records(user: User) -> dict[str, list[models.Model]]:
    """Every row that deleting ``user`` would delete, by model label ("quizzes.attempt")."""
    collector = Collector(using=router.db_for_write(User), origin=user)
    collector.collect([user])
    found: dict[str, list[models.Model]] = {}
    for model, instances in collector.data.items():
        found.setdefault(model._meta.label_lower, []).extend(instances)
    for queryset in collector.fast_deletes:
        found.setdefault(queryset.model._meta.label_lower, []).extend(queryset)
    return {label: sorted(rows, key=lambda row: row.pk) for label, rows in sorted(found.items())}


def _serialised(rows: Iterable[models.Model]) -> list[dict[str, Any]]:
    return [
        {"id": item["pk"], **{k: v for k, v in item["fields"].items() if k not in NEVER_EXPORTED}}
        for item in serializers.serialize("python", rows)
    ]


def _history_rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    fields = [f.name for f in queryset.model._meta.fields if f.name in LOGIN_HISTORY_FIELDS]
    return list(queryset.order_by("attempt_time").values(*fields))


def personal_data(user: User) -> dict[str, Any]:
    """All of ``user``'s data as plain values, ready for JSON (DjangoJSONEncoder)."""
    records = owned_records(user)
    account = _serialised(records.pop(User._meta.label_lower))[0]
    return {
        "account": account,
        "records": {label: _serialised(rows) for label, rows in records.items()},
        "login_history": {
            qs.model._meta.label_lower: _history_rows(qs) for qs in login_history(user.username)
        },
    }


@transaction.atomic
def delete_account(user: User) -> dict[str, int]:
    """Delete ``user``, everything of theirs and their login history; counts per model."""
    deleted: dict[str, int] = {}
    for queryset in login_history(user.username):
        _total, per_model = queryset.delete()
        deleted.update(per_model)
    _total, per_model = user.delete()
    deleted.update(per_model)
    return {label: count for label, count in deleted.items() if count}
