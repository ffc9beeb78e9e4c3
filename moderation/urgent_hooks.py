"""Admin hooks of a live page's changes: urgent publication (the editor's menu
item, the dashboard panel, the history's words) and change notes (kept with the
request the editor submits). Imported by ``wagtail_hooks`` so the hooks register
with the app's others."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.widgets import Button

from .chain_hooks import _page_class
from .change_notes import change_note_fields, clean_entry, record_submitted_note
from .memo import can_view_memo
from .pages import UnitOwnedPageMixin
from .panels import UrgentPublicationsPanel
from .urgent import (
    may_be_urgent_publisher,
    may_publish_urgently,
    open_urgent_publications,
    urgent_rows_for,
)

PUBLISH_URGENTLY = "action-disclosure-publish-urgently"


@hooks.register("register_log_actions")
def register_urgent_log_actions(actions):
    actions.register_action(
        "disclosure_moderation.published_urgently",
        _("Published urgently"),
        _("Published urgently"),
    )
    actions.register_action(
        "disclosure_moderation.urgent_approved_after",
        _("Urgent publication approved after the fact"),
        _("Urgent publication approved after the fact"),
    )


@hooks.register("construct_homepage_panels")
def add_urgent_publications_panel(request, panels):
    """For whoever may approve one, and for those who read every request (the
    office director, ICT, administrators) even when none is open."""
    rows = urgent_rows_for(request.user)
    if rows or request.user.has_perm("disclosure_moderation.view_publicationrequest"):
        panels.append(UrgentPublicationsPanel(rows))


class PublishUrgentlyMenuItem(ActionMenuItem):
    """The office director's or ICT publisher's urgent publication of a page that
    has been public or is in the chain: saves the draft, then asks for the reason
    (moderation.urgent_views)."""

    label = _("Publish urgently…")
    name = PUBLISH_URGENTLY
    icon_name = "warning"

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or page is None:
            return False
        page_class = _page_class(context)
        if page_class is None or not issubclass(page_class, UnitOwnedPageMixin):
            return False
        user = context["request"].user
        return may_be_urgent_publisher(user) and may_publish_urgently(user, page)

    def get_url(self, parent_context):
        # Read-only editor (someone else's step): nothing to save, a link.
        page = parent_context.get("page")
        if page is not None and parent_context.get("locked_for_user"):
            return reverse("disclosure_moderation:publish_urgently", args=[page.pk])
        return None


@hooks.register("register_page_action_menu_item")
def register_publish_urgently_menu_item():
    return PublishUrgentlyMenuItem(order=36)


@hooks.register("after_edit_page")
def ask_the_urgent_reason_after_saving(request, page):
    """The draft is saved (nothing lost); the reason comes next."""
    if request.method == "POST" and request.POST.get(PUBLISH_URGENTLY):
        return redirect("disclosure_moderation:publish_urgently", page.pk)
    return None


@hooks.register("after_edit_page", order=-20)
def keep_the_change_note(request, page):
    """The editor submitted a change to a live page: its note (or the minor-edit
    choice), which the form required, goes with the request just opened."""
    if request.method != "POST" or not request.POST.get("action-submit"):
        return None
    fields = change_note_fields()
    cleaned = {}
    for name, field in fields.items():
        try:
            cleaned[name] = field.clean(
                field.widget.value_from_datadict(request.POST, {}, name)
            )
        except forms.ValidationError:  # the page form refused it already
            return None
    record_submitted_note(page, request.user, clean_entry(cleaned))
    return None


@hooks.register("register_page_header_buttons")
def urgent_flag_header_button(page, user, view_name, next_url=None):
    """The page's flag while its urgent publication waits for approval after the
    fact (รอการอนุมัติย้อนหลัง), linking to its memo."""
    memo = open_urgent_publications().filter(page_id=page.pk).order_by("-pk").first()
    if memo is not None and can_view_memo(user, memo):
        yield Button(
            _("Awaiting approval after the fact"),
            reverse("disclosure_moderation:memo", args=[memo.pk]),
            icon_name="warning",
            priority=65,
        )
