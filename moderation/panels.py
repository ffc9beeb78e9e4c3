"""Dashboard panels: what waits for me, where my requests stand, and my guides."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from laces.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from .drafts import listable
from .guides import GUIDES, guides_for
from .models import PublicationRequest
from .publishing import awaiting_acknowledgement
from .urgent import OVERDUE_AFTER


def _shown(user) -> QuerySet:
    """The pages whose requests the user's panels may list (moderation.drafts)."""
    return listable(Page.objects.all(), user)


class WaitingForMePanel(Component):
    """Requests at a step where the user may decide (รอการพิจารณาของฉัน)."""

    name = "disclosure_waiting_for_me"
    template_name = "disclosure_moderation/panels/waiting_for_me.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = (
            TaskState.objects.reviewable_by(request.user)
            .filter(workflow_state__publication_request__page__in=_shown(request.user))
            .select_related("workflow_state__requested_by", "task")
            .order_by("started_at")
        )
        rows = []
        requests = {
            r.workflow_state_id: r
            for r in PublicationRequest.objects.filter(
                workflow_state__in=[s.workflow_state_id for s in states]
            ).select_related("page", "unit")
        }
        for state in states:
            pub = requests.get(state.workflow_state_id)
            if pub is not None:
                rows.append({"state": state, "request": pub})
        return {"rows": rows, "request": request}


class MyRequestsPanel(Component):
    """The user's requests still open or sent back, with the step each is at."""

    name = "disclosure_my_requests"
    template_name = "disclosure_moderation/panels/my_requests.html"
    order = 60

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows = (
            PublicationRequest.objects.filter(
                Q(requested_by=request.user)
                & Q(page__in=_shown(request.user))
                & Q(
                    workflow_state__status__in=[
                        WorkflowState.STATUS_IN_PROGRESS,
                        WorkflowState.STATUS_NEEDS_CHANGES,
                    ]
                )
            )
            .select_related(
                "page",
                "unit",
                "workflow_state__current_task_state__task",
            )
            .order_by("-submitted_at")[:20]
        )
        return {"rows": rows, "request": request}


class OutsideChainPanel(Component):
    """Publications outside the approval chain that the office director has not
    yet acknowledged (เผยแพร่นอกขั้นตอนการอนุญาต)."""

    name = "disclosure_outside_chain"
    template_name = "disclosure_moderation/panels/outside_chain.html"
    order = 40

    def get_context_data(self, parent_context):
        rows = awaiting_acknowledgement().select_related("page", "unit", "requested_by")
        return {
            "rows": list(rows),
            "request": parent_context["request"],
            # The acknowledge buttons are forms: laces renders without the
            # request's context, so the token is handed on.
            "csrf_token": parent_context.get("csrf_token"),
        }


class UrgentPublicationsPanel(Component):
    """Urgent publications still waiting for approval after the fact
    (รอการอนุมัติย้อนหลัง), those open past three days marked, with the step the
    user may approve."""

    name = "disclosure_urgent_publications"
    template_name = "disclosure_moderation/panels/urgent_publications.html"
    order = 35

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows,
            "overdue_days": OVERDUE_AFTER.days,
            "request": parent_context["request"],
            "csrf_token": parent_context.get("csrf_token"),  # its approval forms
        }


class GuidesPanel(Component):
    """Links to the role guides (คู่มือการใช้งาน): the user's own, or every
    role's for someone whose roles have none (administrators)."""

    name = "disclosure_guides"
    template_name = "disclosure_moderation/guide/panel.html"
    order = 70

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        mine = guides_for(request.user)
        return {
            "guides": mine or list(GUIDES),
            "mine": bool(mine),
            "index_url": reverse("disclosure_guide:index"),
            "request": request,
        }
