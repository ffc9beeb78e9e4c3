"""Admin addresses of the office journal (under /admin/channels/journal/)."""

from django.urls import path

from . import journal_views

app_name = "channels_journal"
urlpatterns = [
    path("", journal_views.index_view, name="index"),
    path("new/", journal_views.create_view, name="create"),
    path("<str:pk>/", journal_views.detail_view, name="detail"),
    path("<str:pk>/document/", journal_views.document_view, name="document"),
    path("<str:pk>/publish/", journal_views.publish_view, name="publish"),
]
