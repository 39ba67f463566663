from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Lessons and facts"

    def ready(self) -> None:
        from lessons import signals

        signals.connect()
