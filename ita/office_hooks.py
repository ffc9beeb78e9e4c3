"""The office's ITA screens in the admin, registered with Wagtail's hooks (imported
by ``ita.wagtail_hooks``): the dashboard panel, the completeness report, the
evidence links and the evidence pack, their menu items, and what each role may do.
"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from moderation.models import Role

from . import admin_views
from .access import (
    can_read_report,
    directed_unit_ids,
    may_link_any,
)
from .completeness import (
    COMPLETE,
    MISSING,
    current_year,
    days_left,
    summary,
    year_completeness,
)


class ItaCompletenessPanel(Component):
    """Dashboard panel: "ITA 2569: N indicators missing evidence, D days left", and
    a unit director's own indicators that still need evidence."""

    name = "ita_completeness"
    template_name = "ita/admin/panel.html"
    order = 160

    def __init__(self, year, user):
        self.year = year
        self.user = user

    def get_context_data(self, parent_context):
        items = year_completeness(self.year)
        mine_ids = directed_unit_ids(self.user)
        counts = summary(items)
        return {
            "year": self.year,
            "counts": counts,
            "owing": counts[MISSING],
            "days_left": days_left(self.year),
            "mine": [
                item
                for item in items
                if item.status != COMPLETE and any(u.pk in mine_ids for u in item.units)
            ],
            "can_link": may_link_any(self.user),
        }


@hooks.register("construct_homepage_panels")
def add_ita_completeness_panel(request, panels):
    if not can_read_report(request.user):
        return
    year = current_year()
    if year is not None and year.indicators.exists():
        panels.append(ItaCompletenessPanel(year, request.user))


@hooks.register("register_admin_urls")
def register_ita_evidence_admin_urls():
    return [
        path(
            "ita-evidence/",
            include((admin_views.urlpatterns, admin_views.app_name)),
        )
    ]


class _ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_report(request.user)


class _EvidenceMenuItem(MenuItem):
    def is_shown(self, request):
        return may_link_any(request.user)


@hooks.register("register_reports_menu_item")
def register_ita_completeness_menu_item():
    return _ReportMenuItem(
        _("ITA evidence completeness"),
        reverse("ita_evidence:completeness"),
        name="ita-completeness",
        icon_name="tasks",
        order=1260,
    )


@hooks.register("register_reports_menu_item")
def register_ita_evidence_menu_item():
    return _EvidenceMenuItem(
        _("ITA evidence links"),
        reverse("ita_evidence:evidence"),
        name="ita-evidence-links",
        icon_name="link",
        order=1261,
    )


@hooks.register("disclosure_role_permissions")
def ita_role_permissions():
    """ICT publishers and administrators keep the catalogue (every permission of
    the app). The committee, the office director and unit directors need no model
    permission: ``ita.access`` lets them read the completeness report by their
    role, and a unit director link evidence to the indicators their unit owns, so
    the catalogue's own screens stay with those who keep it."""
    return {
        Role.ICT_PUBLISHER: ["ita.*"],
        Role.ADMINISTRATOR: ["ita.*"],
    }
