from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("kosovo_edu.accounts.urls")),
    path("lessons/", include("lessons.urls.lessons")),
    path("facts/", include("lessons.urls.facts")),
    path("quizzes/", include("quizzes.urls.flow")),
    path("review/", include("quizzes.urls.review")),
    path("progress/", include("quizzes.urls.progress")),
    path("teach/", include("kosovo_edu.classrooms.urls")),
    path("join/", include("kosovo_edu.classrooms.join_urls")),
    path("admin/", admin.site.urls),
]
