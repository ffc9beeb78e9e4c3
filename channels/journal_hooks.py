"""The notice board and the office journal in the admin: their addresses, menu
items, who may use them, and the demo issue. Registered when the app is ready."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from moderation.models import Role

from . import journal_urls, notice_board_urls
from .admin_views import can_view_queue
from .journal_demo import demo_journal_issue
from .journal_views import can_view_journal


@hooks.register("register_admin_urls")
def register_journal_urls():
    return [
        path("channels/journal/", include(journal_urls)),
        path("channels/notice-board/", include(notice_board_urls)),
    ]


class JournalMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_journal(request.user)


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_queue(request.user)


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    return BoardMenuItem(
        _("Notice board"),
        reverse("channels_board:index"),
        name="notice-board",
        icon_name="doc-full",
        order=361,
    )


@hooks.register("register_admin_menu_item")
def register_journal_menu_item():
    return JournalMenuItem(
        _("Office journal"),
        reverse("channels_journal:index"),
        name="office-journal",
        icon_name="doc-full",
        order=362,
    )


@hooks.register("disclosure_role_permissions")
def journal_role_permissions():
    """Public relations compiles the journal (administrators hold every permission
    of the app already)."""
    return {
        Role.PR: [
            "disclosure_channels.add_journalissue",
            "disclosure_channels.change_journalissue",
            "disclosure_channels.view_journalissue",
        ]
    }


# After the other demo records (the items, galleries and postings it reads).
hooks.register("disclosure_demo_data", demo_journal_issue, order=100)
