from django.urls import include, path

from quizzes.views import review as views

app_name = "review"
session = [
    path("", views.session, name="session"),
    path("questions/<int:question_id>/", views.answer, name="answer"),
    path("results/", views.results, name="results"),
]
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", include(session)),
]
