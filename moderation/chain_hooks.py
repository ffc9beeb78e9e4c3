"""Admin hooks that keep every publication of a unit's page inside the approval
chain: re-approval after a rewrite, publishing outside the chain (administrators,
with a reason), and cancelling a request (with a comment). Imported by
``wagtail_hooks`` so the hooks register with the app's others."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem, SubmitForModerationMenuItem

from .pages import UnitOwnedPageMixin
from .panels import OutsideChainPanel
from .publishing import is_administrator, may_acknowledge, may_cancel

PUBLISH_OUTSIDE_CHAIN = "action-disclosure-publish-outside"
# Wagtail's own items that cancel a request with no comment and no confirmation.
WAGTAIL_CANCEL_ITEMS = ("action-cancel-workflow", "action-restart-workflow")


@hooks.register("register_log_actions")
def register_chain_log_actions(actions):
    actions.register_action(
        "disclosure_moderation.chain_restarted",
        _("Approval chain started again: the content changed after approval"),
        _("Approval chain started again"),
    )
    actions.register_action(
        "disclosure_moderation.published_outside_chain",
        _("Published outside the approval chain"),
        _("Published outside the approval chain"),
    )
    actions.register_action(
        "disclosure_moderation.outside_chain_acknowledged",
        _("Publication outside the approval chain acknowledged"),
        _("Publication outside the approval chain acknowledged"),
    )
    actions.register_action(
        "disclosure_moderation.request_cancelled",
        _("Request to publish cancelled"),
        _("Request to publish cancelled"),
    )


@hooks.register("construct_homepage_panels")
def add_outside_chain_panel(request, panels):
    if may_acknowledge(request.user):
        panels.append(OutsideChainPanel())


def _page_class(context):
    """The type of the page being edited or created."""
    page = context.get("page")
    if page is not None:
        return page.specific_class
    kwargs = context["request"].resolver_match.kwargs
    try:
        content_type = ContentType.objects.get_by_natural_key(
            kwargs["content_type_app_name"], kwargs["content_type_model_name"]
        )
    except (KeyError, ContentType.DoesNotExist):
        return None
    return content_type.model_class()


class PublishOutsideChainMenuItem(ActionMenuItem):
    """An administrator's way to publish a unit's page without the chain: saves
    the draft, then asks for the reason (moderation.chain_views)."""

    label = _("Publish outside the approval chain…")
    name = PUBLISH_OUTSIDE_CHAIN
    icon_name = "upload"

    def is_shown(self, context):
        page_class = _page_class(context)
        return (
            page_class is not None
            and issubclass(page_class, UnitOwnedPageMixin)
            and is_administrator(context["request"].user)
        )

    def get_url(self, parent_context):
        # While a request runs the editor is read-only for an administrator who is
        # not its approver: a link, since there is no draft to save first.
        page = parent_context.get("page")
        if page is not None and parent_context.get("locked_for_user"):
            return reverse(
                "disclosure_moderation:publish_outside_chain", args=[page.pk]
            )
        return None


class CancelRequestMenuItem(ActionMenuItem):
    """Cancel the running request: a link to a confirmation page that asks for a
    comment. Only the requester (withdrawing it) and administrators see it."""

    label = _("Cancel the request to publish…")
    name = "action-disclosure-cancel-request"
    icon_name = "error"

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or page is None:
            return False
        state = page.current_workflow_state
        return state is not None and may_cancel(state, context["request"].user)

    def get_url(self, parent_context):
        page = parent_context["page"]
        return reverse("disclosure_moderation:cancel_request", args=[page.pk])


class ResubmitMenuItem(SubmitForModerationMenuItem):
    """Wagtail names the step that sent the request back; a changed version goes
    back to step 1 instead (moderation.approvers.step_to_start), so the button
    names neither."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page else None
        if state and state.status == state.STATUS_NEEDS_CHANGES:
            context["label"] = gettext("Resubmit for approval")
        return context


@hooks.register("register_page_action_menu_item")
def register_publish_outside_chain_menu_item():
    return PublishOutsideChainMenuItem(order=35)


@hooks.register("register_page_action_menu_item")
def register_cancel_request_menu_item():
    return CancelRequestMenuItem(order=45)


@hooks.register("construct_page_action_menu")
def keep_cancelling_deliberate(menu_items, request, context):
    """Wagtail's "Cancel workflow" (the first entry of an approver's menu) and
    "Restart workflow" cancel a request at one click, with no comment and no
    record; ours asks for confirmation and a comment."""
    menu_items[:] = [
        ResubmitMenuItem(order=item.order)
        if isinstance(item, SubmitForModerationMenuItem)
        else item
        for item in menu_items
        if item.name not in WAGTAIL_CANCEL_ITEMS
    ]


@hooks.register("before_edit_page")
def refuse_cancelling_without_a_comment(request, page):
    """The edit form's own cancel and restart buttons are gone; a post that still
    carries them is refused rather than cancelling silently."""
    if request.method == "POST" and any(
        request.POST.get(n) for n in WAGTAIL_CANCEL_ITEMS
    ):
        return HttpResponseForbidden(
            gettext(
                "Cancel a request with “Cancel the request to publish…”: it asks "
                "for a comment."
            )
        )
    return None


def _to_publish_outside_chain(request, page):
    if request.method == "POST" and request.POST.get(PUBLISH_OUTSIDE_CHAIN):
        return redirect("disclosure_moderation:publish_outside_chain", page.pk)
    return None


@hooks.register("after_edit_page")
def ask_the_reason_after_saving(request, page):
    """The draft is saved (nothing lost); the reason comes next."""
    return _to_publish_outside_chain(request, page)


@hooks.register("after_create_page")
def ask_the_reason_after_creating(request, page):
    return _to_publish_outside_chain(request, page)
