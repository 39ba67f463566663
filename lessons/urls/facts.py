"""/facts/…: the fact-check report, glossary, fact library and timeline (namespace "facts")."""

from django.urls import path

from lessons.views import facts as views

app_name = "facts"
urlpatterns = [
    path("", views.report, name="report"),
    path("glossary/", views.glossary, name="glossary"),
    path("library/", views.library, name="library"),
    path("timeline/", views.timeline, name="timeline"),
]
