"""Wagtail hooks of the reporting app: counting views and downloads, admin screens,
menu items, the page "Evaluation" button, the logged report actions and what each
role may do with the reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from moderation import public_cache
from moderation.models import Role

from . import admin_urls, tracking
from .admin_views import can_view_reports
from .counted import is_counted
from .models import DocumentDownloadCount
from .tracking import first_time_today, increment, is_bot, today
from .withdrawals import withdrawal_section


# order=1: inside Wagtail's own check_view_restrictions (order 0), which answers a
# private page with a login redirect or a password form (status 200) without
# calling the hooks within it.
@hooks.register("on_serve_page", order=1)
def count_page_view(serve):
    """One view per visitor, page and day, counted when the page is actually shown.

    Wrapping the serve chain inside Wagtail's view-restriction check (rather than
    ``before_serve_page``) means only a page actually shown is counted: a private
    page answered with a login redirect or a password form, or an error, is not.
    Robots and non-GET requests are ignored.
    """

    def serve_and_count(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if response.status_code == 200 and is_counted(page):
            tracking.count_page_view(request, page.pk)
            # The same count on each hit of this page from the public page cache.
            public_cache.on_cached_hit(request, tracking.PAGE_VIEW, page.pk)
        return response

    return serve_and_count


# order=1: after Wagtail's collection view-restriction check (order 0); a download
# it refuses (login redirect or password form) stops the chain before this hook.
@hooks.register("before_serve_document", order=1)
def count_document_download(document, request):
    """One download per visitor, document and day; robots are ignored."""
    if request.method != "GET" or is_bot(request):
        return None
    if first_time_today(request, "document", document.pk):
        increment(
            DocumentDownloadCount, "downloads", document_id=document.pk, date=today()
        )
    return None


@hooks.register("register_admin_urls")
def register_reporting_admin_urls():
    return [path("disclosure-reports/", include(admin_urls))]


class ReportingMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


class NarrativesMenuItem(MenuItem):
    """Shown to report readers and to every unit director or deputy."""

    def is_shown(self, request):
        from django.db.models import Q

        from moderation.models import Unit

        user = request.user
        return (
            can_view_reports(user)
            or Unit.objects.filter(Q(director=user) | Q(deputy=user)).exists()
        )


@hooks.register("register_reports_menu_item")
def register_committee_report_menu_item():
    return ReportingMenuItem(
        _("Committee report"),
        reverse("disclosure_reporting_admin:committee"),
        name="disclosure-committee-report",
        icon_name="table",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_narratives_menu_item():
    return NarrativesMenuItem(
        _("Unit narratives"),
        reverse("disclosure_reporting_admin:narratives"),
        name="disclosure-narratives",
        icon_name="doc-full",
        order=1310,
    )


@hooks.register("register_reports_menu_item")
def register_evaluation_report_menu_item():
    return ReportingMenuItem(
        _("Evaluation per unit and category"),
        reverse("disclosure_reporting_admin:evaluation_report"),
        name="disclosure-evaluation",
        icon_name="view",
        order=1320,
    )


def _evaluation_button(page, user, priority):
    if not is_counted(page):
        return None
    if not (can_view_reports(user) or page.permissions_for_user(user).can_edit()):
        return None
    return PageMenuItem(
        _("Evaluation"),
        reverse("disclosure_reporting_admin:page_evaluation", args=[page.pk]),
        icon_name="view",
        priority=priority,
        page=page,
    )


@hooks.register("register_page_header_buttons")
def page_header_evaluation_button(page, user, view_name=None, next_url=None):
    """ "Evaluation" in the more menu of the page's edit view header."""
    button = _evaluation_button(page, user, priority=66)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_evaluation_button(page, user, next_url=None):
    button = _evaluation_button(page, user, priority=55)
    if button:
        yield button


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action(
        "disclosure_reporting.submit",
        _("Submit report to the committee"),
        _("Submitted the report to the committee"),
    )
    actions.register_action(
        "disclosure_reporting.remove_comment",
        _("Remove a feedback comment"),
        _("Removed a feedback comment"),
    )
    actions.register_action(
        "disclosure_reporting.reopen",
        _("Reopen committee report"),
        _("Reopened the committee report"),
    )


@hooks.register("disclosure_role_permissions")
def reporting_role_permissions():
    """The reports each role reads (moderation.roles grants them at set-up): the
    office director reads them and submits the quarterly report to the committee
    (measure §4), the committee reads them, administrators do everything."""
    return {
        Role.OFFICE_DIRECTOR: [
            "disclosure_reporting.view_*",
            "disclosure_reporting.submit_committeereport",
        ],
        Role.COMMITTEE: ["disclosure_reporting.view_*"],
        Role.ADMINISTRATOR: ["disclosure_reporting.*"],
    }


@hooks.register("disclosure_committee_sections")
def withdrawals_section(period):
    """How many items and galleries were withdrawn in the period, and why."""
    return withdrawal_section(period)
