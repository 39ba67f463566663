from django.urls import path

from quizzes.views import flow as views
from quizzes.views import problems

app_name = "quizzes"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/<int:quiz_id>/", views.start, name="start"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/questions/<int:question_id>/", views.answer, name="answer"),
    path(
        "attempts/<int:pk>/questions/<int:question_id>/feedback/",
        views.feedback,
        name="feedback",
    ),
    path("attempts/<int:pk>/results/", views.results, name="results"),
    path("report/", problems.report_problem, name="report_problem"),
    path("<slug:module_slug>/", views.module_test, name="module_test"),
    path("<slug:module_slug>/<slug:lesson_slug>/", views.lesson_quiz, name="lesson_quiz"),
]
