"""Admin screens of the approval chain: units, the memo, the requests report,
dashboard panels, the role guides, and the set-up of roles and the workflow."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import (
    chain_hooks,  # noqa: F401 (registers the chain's publish and cancel hooks)
    page_creation,  # noqa: F401 (one page per create form, however its saves race)
    scoping,  # noqa: F401 (keeps other units' drafts out of the admin's listings)
    urgent_hooks,  # noqa: F401 (urgent publication and change notes)
    urls,
    withdrawal_hooks,  # noqa: F401 (withdrawal and the scheduled report)
)
from .decision_forms import COMMENT_MAX_LENGTH
from .decision_messages import replace_the_saved_message
from .memo import can_view_memo
from .models import PublicationRequest, Unit
from .panels import GuidesPanel, MyRequestsPanel, WaitingForMePanel
from .setup import ensure_roles_and_workflow


class UnitChooserViewSet(SnippetChooserViewSet):
    """Keeps the unit chooser out of admin forms: a foreign key to a unit is a plain
    select. A dozen units fit in one list, and Wagtail's chooser widget answers a
    forged non-numeric id with a server error."""

    register_widget = False


class UnitViewSet(SnippetViewSet):
    """Units of the office (กลุ่ม/หน่วย): names, kind and people."""

    model = Unit
    chooser_viewset_class = UnitChooserViewSet
    icon = "group"
    menu_label = _("Units")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name_th", "short_name", "kind", "director", "deputy"]
    list_filter = ["kind"]
    search_fields = ["name_th", "name_en", "short_name"]
    # Plain ORM lookups: the search backend does not segment Thai names.
    search_backend_name = None
    ordering = ["sort_order", "name_th"]


register_snippet(UnitViewSet)


@hooks.register("disclosure_setup", order=100)
def set_up_roles_and_workflow(site, office, units, report, **kwargs):
    ensure_roles_and_workflow(report)


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(
        "disclosure_moderation.step_started",
        _("Approval step started"),
        _("Approval step started"),
    )


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("disclosure-approval/", include(urls, namespace="disclosure_moderation"))
    ]


@hooks.register("register_admin_urls")
def register_guide_urls():
    return [
        path(
            "disclosure-guide/",
            include((urls.guide_urlpatterns, "disclosure_guide")),
        )
    ]


@hooks.register("register_help_menu_item")
def register_guides_help_menu_item():
    return MenuItem(
        _("User guides"),
        reverse("disclosure_guide:index"),
        name="disclosure-guides",
        icon_name="help",
        order=900,
    )


class RequestsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("disclosure_moderation.view_publicationrequest")


@hooks.register("register_reports_menu_item")
def register_requests_report_menu_item():
    return RequestsReportMenuItem(
        _("Requests to publish"),
        reverse("disclosure_moderation:requests"),
        name="disclosure-requests",
        icon_name="tasks",
        order=750,
    )


# Wagtail's two workflow panels say the same as ours in other words; one term per
# idea (glossary), so ours replace them.
REPLACED_PANELS = {
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
}


@hooks.register("construct_homepage_panels")
def add_approval_panels(request, panels):
    panels[:] = [p for p in panels if getattr(p, "name", "") not in REPLACED_PANELS]
    panels.append(WaitingForMePanel())
    panels.append(MyRequestsPanel())


@hooks.register("construct_homepage_panels")
def add_guides_panel(request, panels):
    panels.append(GuidesPanel())


@hooks.register("register_page_header_buttons")
def memo_header_button(page, user, view_name, next_url=None):
    latest = PublicationRequest.objects.filter(page_id=page.pk).order_by("-pk").first()
    if latest is not None and can_view_memo(user, latest):
        yield Button(
            _("Request memo"),
            reverse("disclosure_moderation:memo", args=[latest.pk]),
            icon_name="doc-full",
            priority=66,
        )


@hooks.register("before_edit_page")
def ignore_autosaves_of_a_decision(request, page):
    """Wagtail's autosave posts the whole edit form, the hidden fields of a decision
    being sent included, so the decision would run twice; the second run can write
    the page back as it was loaded, unpublishing what the first just published.
    An autosave carrying a decision saves nothing: the decision's own post does."""
    if (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and not request.accepts("text/html")
    ):
        return JsonResponse(
            {
                "success": False,
                "error_code": "decision_in_progress",
                "error_message": gettext("Your decision is being sent."),
            },
            status=409,
        )
    return None


@hooks.register("before_edit_page")
def refuse_forged_workflow_actions(request, page):
    """The editor's workflow buttons send their modal's data as JSON; a forged or
    broken one gets a clear 400 rather than a server error, and "request changes"
    without a comment is refused whichever way it is sent."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    raw = request.POST.get("workflow-action-extra-data", "{}")
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    comment = data.get("comment", "") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or set(data) - {"comment"}
        or not isinstance(comment, str)
        or len(comment) > COMMENT_MAX_LENGTH
    ):
        return HttpResponseBadRequest(
            gettext("The approval form was incomplete. Reload the page and try again.")
        )
    if request.POST.get("workflow-action-name") == "reject" and not comment.strip():
        return HttpResponseBadRequest(gettext("Say what should be changed."))
    return None


@hooks.register("after_edit_page", order=-10)
def say_what_the_decision_did(request, page):
    """Before any hook that redirects: the message after a decision says what
    happened to the request (moderation/decision_messages.py)."""
    replace_the_saved_message(request, page)


@hooks.register("after_edit_page")
def send_deciders_without_the_explorer_to_their_dashboard(request, page):
    """After a decision Wagtail opens the page explorer; an approver with no page
    permissions (the office director) would find "no permission" under their own
    confirmation. They go back to their dashboard, where the requests wait."""
    if (
        request.POST.get("action-workflow-action")
        and not get_valid_next_url_from_request(request)
        and not page_permission_policy.user_has_any_permission(
            request.user, PageIndexView.any_permission_required
        )
    ):
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_copy_page")
def refuse_a_broken_copy_form(request, page):
    """Wagtail reads the destination straight from the POST; a missing, malformed or
    unknown one is a clear 400, not a server error."""
    if request.method != "POST":
        return None
    raw = request.POST.get("new_parent_page", "")
    if not raw.isdigit() or not Page.objects.filter(pk=int(raw)).exists():
        return HttpResponseBadRequest(gettext("Choose where to put the copy."))
    return None
