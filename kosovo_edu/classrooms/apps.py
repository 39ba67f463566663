from django.apps import AppConfig


class ClassroomsConfig(AppConfig):
    name = "kosovo_edu.classrooms"
    label = "classrooms"
    verbose_name = "Classrooms"

    def ready(self) -> None:
        from kosovo_edu.classrooms import signals

        signals.connect()
