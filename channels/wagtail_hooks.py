"""The other channels in the admin: public relations' queue and log, marking a
page for channels, the channel list in Settings, what each role may do, the
section of the committee report, the evaluation's "where it was posted" and the
demo postings."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from moderation import page_kinds
from moderation.models import Role

from . import admin_urls
from .admin_views import can_mark, can_view_queue
from .models import Channel, ChannelMark, ChannelPosting, MarkSource
from .queue import public_pages
from .report import committee_section


@hooks.register("register_admin_urls")
def register_channel_urls():
    return [path("channels/", include(admin_urls))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_queue(request.user)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Channel queue"),
        reverse("channels_admin:queue"),
        name="channel-queue",
        icon_name="mail",
        order=360,
    )


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "mail"
    menu_label = _("Channels")
    add_to_settings_menu = True
    list_display = ["name", "kind", "max_length", "active"]


register_snippet(ChannelViewSet)


def _mark_button(page, user, priority):
    if page_kinds.kind_of(page) is None:
        return None
    if not can_mark(user, page.specific_deferred):
        return None
    return PageMenuItem(
        _("Other channels"),
        reverse("channels_admin:mark", args=[page.pk]),
        icon_name="mail",
        priority=priority,
        page=page,
    )


@hooks.register("register_page_header_buttons")
def page_header_channels_button(page, user, view_name=None, next_url=None):
    """ "Other channels" in the more menu of the page's header: the editor asks
    for channels, ICT decides them when publishing."""
    button = _mark_button(page, user, priority=67)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_channels_button(page, user, next_url=None):
    button = _mark_button(page, user, priority=56)
    if button:
        yield button


@hooks.register("disclosure_role_permissions")
def channel_role_permissions():
    """Public relations keeps the channel list and the log; ICT publishers may
    mark what they publish; administrators do everything."""
    log = [
        "disclosure_channels.add_channelposting",
        "disclosure_channels.change_channelposting",
        "disclosure_channels.view_channelposting",
        "disclosure_channels.add_channelmark",
        "disclosure_channels.change_channelmark",
        "disclosure_channels.delete_channelmark",
        "disclosure_channels.view_channelmark",
        "disclosure_channels.add_channel",
        "disclosure_channels.change_channel",
        "disclosure_channels.view_channel",
    ]
    return {
        Role.PR: log,
        Role.ICT_PUBLISHER: [
            "disclosure_channels.add_channelmark",
            "disclosure_channels.view_channelmark",
        ],
        Role.ADMINISTRATOR: ["disclosure_channels.*"],
    }


@hooks.register("disclosure_committee_sections")
def channel_counts_section(period):
    return committee_section(period)


@hooks.register("disclosure_page_evaluation_panels")
def where_it_was_posted(request, page):
    postings = (
        ChannelPosting.objects.current()
        .filter(page=page)
        .select_related("channel")
        .order_by("-posted_at")
    )
    return render_to_string(
        "channels/admin/evaluation_panel.html",
        {"postings": postings, "page": page},
        request=request,
    )


@hooks.register("disclosure_demo_data")
def demo_postings(demo):
    """A few postings of the demo's published items: Facebook, LINE and the board,
    one of them corrected (its address was wrong)."""
    if ChannelPosting.objects.exists():
        demo.report.kept.append("channel postings")
        return
    pr = demo.users.get("pr")
    ict = demo.users.get("ict")
    channels = {c.key: c for c in Channel.objects.all()}
    pages = [p.specific for p in public_pages(None).order_by("-first_published_at")[:3]]
    if not pages or not {"facebook", "line", "board"} <= set(channels):
        return
    now = timezone.now().replace(second=0, microsecond=0)
    for number, page in enumerate(pages):
        for key in ("facebook", "line", "x"):
            if key in channels:
                ChannelMark.objects.get_or_create(
                    page=page,
                    channel=channels[key],
                    defaults={"source": MarkSource.PUBLISHED, "marked_by": ict},
                )
        if number == len(pages) - 1 and len(pages) > 1:
            continue  # the newest marks wait in the queue
        posted_at = now - dt.timedelta(days=2 + number)
        facebook = ChannelPosting.objects.create(
            page=page,
            page_title=page.title,
            unit_id=getattr(page, "unit_id", None),
            channel=channels["facebook"],
            posted_at=posted_at,
            url=f"https://www.facebook.com/example.office/posts/{1000 + page.pk}",
            posted_by=pr,
        )
        ChannelPosting.objects.create(
            page=page,
            page_title=page.title,
            unit_id=getattr(page, "unit_id", None),
            channel=channels["board"],
            posted_at=posted_at,
            location="บอร์ดประชาสัมพันธ์ หน้าห้องประชุม ชั้น 1",
            posted_by=pr,
        )
        if number == 0:
            ChannelPosting.objects.create(
                page=page,
                page_title=page.title,
                unit_id=getattr(page, "unit_id", None),
                channel=channels["facebook"],
                posted_at=posted_at,
                url=f"https://www.facebook.com/example.office/posts/{2000 + page.pk}",
                posted_by=pr,
                replaces=facebook,
                correction_reason="บันทึกที่อยู่โพสต์ผิด",
            )
            ChannelPosting.objects.create(
                page=page,
                page_title=page.title,
                unit_id=getattr(page, "unit_id", None),
                channel=channels["line"],
                posted_at=posted_at + dt.timedelta(hours=1),
                url="https://line.me/R/home/public/post?id=example",
                posted_by=pr,
            )
    demo.report.created.append("channel postings")
