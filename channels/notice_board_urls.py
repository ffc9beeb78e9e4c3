"""Admin addresses of the notice board's batch (under /admin/channels/notice-board/)."""

from django.urls import path

from . import notice_board

app_name = "channels_board"
urlpatterns = [
    path("", notice_board.board_view, name="index"),
    path("posters/", notice_board.batch_view, name="batch"),
    path("log/", notice_board.log_batch_view, name="log"),
]
