"""Wagtail hooks of the disclosure pages app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .minimum_set import MinimumSetPanel, MinimumSetReportView
from .review import ReviewReminderView


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
        path(
            "disclosure-reports/review/",
            ReviewReminderView.as_view(),
            name="disclosure_pages_review",
        ),
        path(
            "disclosure-reports/review/results/",
            ReviewReminderView.as_view(results_only=True),
            name="disclosure_pages_review_results",
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


@hooks.register("register_reports_menu_item")
def register_review_reminders_menu_item():
    return MenuItem(
        _("Information to review"),
        reverse("disclosure_pages_review"),
        name="disclosure-review-reminders",
        icon_name="time",
        order=1251,
    )
