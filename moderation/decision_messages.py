"""What the person who just decided a step reads: what happened and where the
request went ("Approved: sent on to the office director"), instead of Wagtail's
"Page '…' has been updated", which says neither."""

from __future__ import annotations

from django.contrib import messages as django_messages
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import WorkflowState

from disclosure_thai.dates import format_thai_date

from .records import ApprovalStep


def decision_outcome(page, action_name: str) -> str | None:
    """The sentence for a decision just taken on ``page``; None if it cannot tell."""
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state__task", "requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is None:
        return None
    title = {"title": page.get_admin_display_title()}
    if action_name == "reject" and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        requester = state.requested_by
        name = (
            (requester.get_full_name() or requester.get_username()) if requester else ""
        )
        return gettext(
            "Sent back for changes: '%(title)s' returns to %(requester)s with your "
            "comment."
        ) % {**title, "requester": name}
    if action_name != "approve":
        return None
    if state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state:
        step = getattr(state.current_task_state.task.specific, "step", None)
        if step in ApprovalStep.values:
            return gettext("Approved: '%(title)s' is sent on to the %(role)s.") % {
                **title,
                "role": ApprovalStep(step).label,
            }
        return None
    if state.status == WorkflowState.STATUS_APPROVED:
        page.refresh_from_db()
        if page.go_live_at and page.go_live_at > timezone.now() and not page.live:
            return gettext("Approved: '%(title)s' will be published on %(date)s.") % {
                **title,
                "date": format_thai_date(page.go_live_at, "datetime"),
            }
        if page.live and not page.has_unpublished_changes:
            return gettext("Published: '%(title)s' is on the website now.") % title
        return gettext("Approved: '%(title)s' has passed every step.") % title
    return None


def replace_the_saved_message(request, page) -> None:
    """After a decision from the editor, say what happened in place of Wagtail's
    "Page '…' has been updated" (the last message it queued)."""
    if not request.POST.get("action-workflow-action"):
        return
    text = decision_outcome(page, request.POST.get("workflow-action-name", ""))
    if text is None:
        return
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
    if queued and queued[-1].level == django_messages.SUCCESS:
        queued.pop()
    messages.success(request, text)
