from django.urls import path

from . import fact_views

app_name = "facts"
urlpatterns = [
    path("", fact_views.report, name="report"),
    path("glossary/", fact_views.glossary, name="glossary"),
    path("library/", fact_views.library, name="library"),
    path("timeline/", fact_views.timeline, name="timeline"),
]
