"""The class page, a student's drill-down and the exports. No ``app_name``: the classrooms
URLconf includes this module inside its "teach" namespace (``teach:class`` and so on)."""

from django.urls import path

from . import views

urlpatterns = [
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("classes/<int:pk>/students/<int:student_pk>/", views.class_student, name="student"),
    path("classes/<int:pk>/results.csv", views.export_results, name="export_results"),
    path("classes/<int:pk>/items.csv", views.export_items, name="export_items"),
]
