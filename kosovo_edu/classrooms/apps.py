from django.apps import AppConfig


class ClassroomsConfig(AppConfig):
    name = "kosovo_edu.classrooms"
    label = "classrooms"
    verbose_name = "Classrooms"
