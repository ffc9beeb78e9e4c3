from django.urls import path

from . import admin_views

app_name = "channels_admin"
urlpatterns = [
    path("", admin_views.queue_view, name="queue"),
    path("page/<str:page_id>/", admin_views.compose_view, name="compose"),
    path("page/<str:page_id>/log/", admin_views.log_view, name="log"),
    path("page/<str:page_id>/mark/", admin_views.mark_view, name="mark"),
    path(
        "posting/<str:posting_id>/correct/",
        admin_views.correct_view,
        name="correct",
    ),
    path(
        "posting/<str:posting_id>/remove/",
        admin_views.remove_view,
        name="remove",
    ),
]
