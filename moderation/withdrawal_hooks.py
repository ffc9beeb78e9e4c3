"""Admin hooks of withdrawal and scheduled publication: the editor's "Withdraw…"
entry, their screens, their log entries, and documents of withdrawn pages kept
from the public. Imported by ``wagtail_hooks`` so they register with the app's
others."""

from __future__ import annotations

from django.http import HttpResponseGone
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem

from . import scheduled, withdrawal_views
from .withdrawal import (
    WITHDRAWAL_REQUESTED,
    WITHDRAWN,
    may_request_withdrawal,
    may_withdraw_at_once,
    pending_withdrawal,
    withdrawn_pages_using,
)

urlpatterns = [
    path("<int:page_id>/", withdrawal_views.withdraw_view, name="withdraw"),
    path("scheduled/", scheduled.scheduled_report, name="scheduled"),
]


@hooks.register("register_admin_urls")
def register_withdrawal_urls():
    return [
        path(
            "disclosure-withdrawal/",
            include((urlpatterns, "disclosure_withdrawal")),
        )
    ]


@hooks.register("register_log_actions")
def register_withdrawal_log_actions(actions):
    actions.register_action(
        WITHDRAWN, _("Withdrawn with a public notice"), _("Withdrawn from publication")
    )
    actions.register_action(
        WITHDRAWAL_REQUESTED, _("Withdrawal requested"), _("Withdrawal requested")
    )


class WithdrawMenuItem(ActionMenuItem):
    """A live unit page's "Withdraw…": a link to the screen that asks why."""

    label = _("Withdraw from publication…")
    name = "action-disclosure-withdraw"
    icon_name = "cross"

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or page is None or not page.live:
            return False
        user = context["request"].user
        return may_withdraw_at_once(user, page) or may_request_withdrawal(user, page)

    def get_url(self, parent_context):
        return reverse(
            "disclosure_withdrawal:withdraw", args=[parent_context["page"].pk]
        )


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem(order=48)


@hooks.register("before_edit_page")
def say_the_request_is_a_withdrawal(request, page):
    """An approver opening a page whose request asks to withdraw it is told so:
    approving the last step withdraws it rather than publishing."""
    if request.method != "GET":
        return None
    record = pending_withdrawal(page.current_workflow_state)
    if record is not None:
        messages.warning(
            request,
            gettext(
                "This request asks to withdraw the page (%(reason)s): %(explanation)s"
            )
            % {
                "reason": record.get_reason_display(),
                "explanation": record.explanation,
            },
        )
    return None


# order=0: before the download is counted (reporting, order 1).
@hooks.register("before_serve_document", order=0)
def refuse_documents_of_withdrawn_pages(document, request):
    """A document used only by withdrawn pages is gone for the public; those who
    may edit such a page still open it."""
    pages = withdrawn_pages_using(document)
    if not pages:
        return None
    user = request.user
    if user.is_authenticated and any(
        page.permissions_for_user(user).can_edit() for page in pages
    ):
        return None
    return HttpResponseGone(
        gettext("This document was withdrawn with the page that published it."),
        content_type="text/plain; charset=utf-8",
    )


class ScheduledMenuItem(MenuItem):
    def is_shown(self, request):
        return scheduled.may_view_schedule(request.user)


@hooks.register("register_reports_menu_item")
def register_scheduled_report_menu_item():
    return ScheduledMenuItem(
        _("Scheduled publication"),
        reverse("disclosure_withdrawal:scheduled"),
        name="disclosure-scheduled",
        icon_name="calendar-alt",
        order=760,
    )
