"""/teach/ (namespace "teach"): the teacher's classes. The class page and its reports come
from ``classrooms.reports.urls``, in the same namespace."""

from django.urls import include, path

from . import views

app_name = "teach"

urlpatterns = [
    path("", views.index, name="index"),
    path("classes/new/", views.new, name="new"),
    path("classes/<int:pk>/settings/", views.settings, name="settings"),
    path("classes/<int:pk>/code/", views.code, name="code"),
    path("classes/<int:pk>/rename/", views.rename, name="rename"),
    path("classes/<int:pk>/regenerate-code/", views.regenerate_code, name="regenerate_code"),
    path("classes/<int:pk>/archive/", views.archive, name="archive"),
    path(
        "classes/<int:pk>/students/<int:student_pk>/remove/",
        views.remove_student,
        name="remove_student",
    ),
    path("classes/<int:pk>/teachers/add/", views.add_teacher, name="add_teacher"),
    path(
        "classes/<int:pk>/teachers/<int:teacher_pk>/remove/",
        views.remove_teacher,
        name="remove_teacher",
    ),
    path("classes/<int:pk>/assign/", views.assign, name="assign"),
    path(
        "classes/<int:pk>/assignments/<int:assignment_pk>/remove/",
        views.unassign,
        name="unassign",
    ),
    path("", include("kosovo_edu.classrooms.reports.urls")),
]
