"""/join/: a student joins a class with a code, typed or from a link."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.join_code, name="join_code"),
]
