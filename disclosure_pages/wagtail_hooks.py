"""Wagtail hooks of the disclosure pages app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .minimum_set import MinimumSetPanel, MinimumSetReportView


# §2.1 minimum set: a dashboard panel and a report.
@hooks.register("construct_homepage_panels")
def add_minimum_set_panel(request, panels):
    panels.append(MinimumSetPanel())


@hooks.register("register_admin_urls")
def register_minimum_set_report_urls():
    return [
        path(
            "disclosure-reports/minimum-set/",
            MinimumSetReportView.as_view(),
            name="disclosure_pages_minimum_set",
        ),
        path(
            "disclosure-reports/minimum-set/results/",
            MinimumSetReportView.as_view(results_only=True),
            name="disclosure_pages_minimum_set_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_minimum_set_report_menu_item():
    return MenuItem(
        _("Minimum required information (§2.1)"),
        reverse("disclosure_pages_minimum_set"),
        name="disclosure-minimum-set",
        icon_name="list-ul",
        order=1250,
    )
