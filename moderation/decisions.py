"""A decision on a step of the approval chain: who may make it (moderation.approvers),
in what capacity it is signed, and the record kept of it for the memo."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import TaskState

from .approvers import Approvers, Routing, approvers_for, may_act_on, may_approve
from .decision_forms import ApproveForm, RequestChangesForm
from .office import Unit, office_for
from .records import ApprovalRecord, ApprovalStep, PublicationRequest


def step_position(step: str, unit_name: str, office_name: str) -> str:
    """The position printed under a signature at a step (always Thai)."""
    with translation.override("th"):
        if step == ApprovalStep.UNIT_DIRECTOR:
            return gettext("Director of %(unit)s") % {"unit": unit_name}
        if step == ApprovalStep.OFFICE_DIRECTOR:
            return gettext("Director of %(office)s") % {"office": office_name}
        return gettext("Responsible for publishing on the website")


def capacity(task_state: TaskState, step: str, user, routing: str) -> tuple[str, bool]:
    """The position the decider signs in, and whether they act for someone, as it
    is at the moment of the decision (kept in ApprovalRecord)."""
    page = task_state.workflow_state.content_object.specific
    office = office_for(page)
    unit_id = getattr(page, "unit_id", None)
    request = PublicationRequest.objects.filter(
        workflow_state_id=task_state.workflow_state_id
    ).first()
    unit = request.unit if request else Unit.objects.filter(pk=unit_id).first()
    unit_name = unit.name_th if unit else ""
    if routing == Routing.OFFICE_DIRECTOR_FOR_UNIT:
        # The office director decides the unit's step as the superior, not for them.
        return step_position(
            ApprovalStep.OFFICE_DIRECTOR, unit_name, office.name_th
        ), False
    position = step_position(step, unit_name, office.name_th)
    if step == ApprovalStep.UNIT_DIRECTOR:
        return position, unit is None or user.pk != unit.director_id
    if step == ApprovalStep.OFFICE_DIRECTOR:
        return position, user.pk != office.office_director_id
    return position, routing == Routing.ADMINISTRATORS


def record_decision(task_state, task, user, approvers: Approvers) -> ApprovalRecord:
    """Keep who decided the step and in what capacity, as it is now (the memo prints
    it so, whatever changes later)."""
    position, acting = capacity(task_state, task.step, user, approvers.routing)
    page = task_state.workflow_state.content_object
    record, _created = ApprovalRecord.objects.update_or_create(
        task_state=task_state,
        defaults={
            "step": task.step,
            "routing": approvers.routing,
            "name": user.get_full_name() or user.get_username(),
            "position": position,
            "acting": acting,
            # What the decider saw: the latest version when they decided (an
            # approver may have edited it since the step started).
            "revision": page.get_latest_revision(),
        },
    )
    return record


class DecisionRefused(PermissionDenied):
    """A decision that the rule does not allow, with the reason to show."""


def decide(task, task_state, user, action_name: str, **kwargs):
    """Record one decision on a step, once, by someone allowed to make it."""
    if set(kwargs) - {"comment"} or action_name not in ("approve", "reject"):
        raise DecisionRefused("unknown decision")
    form_class = RequestChangesForm if action_name == "reject" else ApproveForm
    form = form_class({"comment": kwargs.get("comment") or ""})
    if not form.is_valid():
        raise DecisionRefused("invalid comment")
    comment = form.cleaned_data["comment"].strip()
    # Re-read under a row lock: a second click or a second tab finds it decided.
    current = (
        TaskState.objects.select_for_update()
        .select_related("workflow_state", "revision")
        .get(pk=task_state.pk)
    )
    if current.status != TaskState.STATUS_IN_PROGRESS or current.task_id != task.pk:
        raise DecisionRefused("already decided")
    if not may_act_on(current, user):
        raise DecisionRefused("not an approver of this step")
    if action_name == "approve" and not may_approve(current, user):
        raise DecisionRefused("changed the content under review, or after approval")
    record_decision(current, task, user, approvers_for(current))
    if action_name == "reject":
        current.specific.reject(user=user, comment=comment)
    else:
        current.specific.approve(user=user, comment=comment)
