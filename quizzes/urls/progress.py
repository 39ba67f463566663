"""/progress/: the learner's dashboard (URL namespace "progress")."""

from django.urls import path

from quizzes.views import progress as views

app_name = "progress"
urlpatterns = [
    path("", views.index, name="index"),
]
