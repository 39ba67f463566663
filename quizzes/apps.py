from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self) -> None:
        from lessons.signals import own_record_changed
        from quizzes.models import Attempt, Response

        # A learner's pages are kept per version of their records (lessons/signals.py): their
        # best scores show on lesson pages, their answers say which question comes next. An
        # answer goes only with its attempt (whose deletion is signalled) or its learner.
        for signal in (post_save, post_delete):
            signal.connect(own_record_changed, sender=Attempt)
        post_save.connect(_answer_changed, sender=Response)


def _answer_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from lessons.pagecache import learner_changed

    learner_changed(instance.attempt.user_id)
