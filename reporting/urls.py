"""Public URLs of the reporting app (include under any prefix)."""

from django.urls import path

from . import views

app_name = "disclosure_reporting"

urlpatterns = [
    path("feedback/", views.feedback, name="feedback"),
]
