"""/lessons/…: the catalogue, modules, lessons and progress (URL namespace "lessons")."""

from django.urls import path

from lessons.views import lessons as views

app_name = "lessons"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("marks/", views.toggle_marks, name="marks"),
    path("<slug:module_slug>/", views.module_detail, name="module"),
    path("<slug:module_slug>/<slug:lesson_slug>/", views.lesson_detail, name="lesson"),
    path(
        "<slug:module_slug>/<slug:lesson_slug>/complete/",
        views.complete_lesson,
        name="complete",
    ),
]
