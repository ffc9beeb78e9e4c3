"""The "scheduled" report: which unit pages go live and which expire, and when.

Go-live and expiry dates are set in the page's editor and pass through the
approval chain with the version they belong to: the chain's last approval of a
version with a future go-live date schedules it (Wagtail's
``approved_go_live_at``), and ``publish_scheduled`` (run by the systemd timer in
``deploy/``) publishes it then, or unpublishes a page whose expiry date has come
(withdrawn as no longer current, moderation.withdrawal)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from .office import OfficeSettings, unit_ids_for
from .page_kinds import unit_owned_models
from .pages import has_office_wide_access
from .publishing import is_administrator


@dataclass
class ScheduledChange:
    """One page going live or expiring at a time."""

    page: object
    event: str
    at: dt.datetime


GOES_LIVE = _("Goes live")
EXPIRES = _("Publication ends")


def sees_every_unit(user) -> bool:
    return (
        is_administrator(user)
        or has_office_wide_access(user)
        or OfficeSettings.objects.filter(office_director=user).exists()
    )


def may_view_schedule(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (sees_every_unit(user) or bool(unit_ids_for(user)))
    )


def scheduled_changes(user) -> list[ScheduledChange]:
    """What goes live and what expires, soonest first, among the pages of the
    user's units (every unit for publishers, administrators, the office
    director)."""
    every_unit = sees_every_unit(user)
    units = unit_ids_for(user)
    scheduled = dict(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
            "object_id", "approved_go_live_at"
        )
    )
    page_ids = [int(i) for i in scheduled if i.isdigit()]
    changes: list[ScheduledChange] = []
    for model in unit_owned_models():
        pages = model.objects.select_related("unit")
        if not every_unit:
            pages = pages.filter(unit_id__in=units)
        for page in pages.filter(pk__in=page_ids):
            changes.append(ScheduledChange(page, GOES_LIVE, scheduled[str(page.pk)]))
        for page in pages.filter(live=True, expire_at__isnull=False):
            changes.append(ScheduledChange(page, EXPIRES, page.expire_at))
    changes.sort(key=lambda change: (change.at, change.page.pk))
    return changes


def scheduled_report(request):
    """The report, in the admin's language, with B.E. dates."""
    if not may_view_schedule(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "disclosure_moderation/scheduled_report.html",
        {
            "changes": scheduled_changes(request.user),
            "page_title": _("Scheduled publication"),
            "header_title": _("Scheduled publication"),
            "header_icon": "calendar-alt",
        },
    )
