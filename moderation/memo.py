"""The request memo (บันทึกขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์): who may read it and
what it says, built from the workflow's own record."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from .approvers import approvers_for, unit_ids_for
from .models import ApprovalStep, OfficeSettings, PublicationRequest, Role
from .roles import role_groups

DECISIONS = {
    TaskState.STATUS_APPROVED: _("Approved"),
    TaskState.STATUS_REJECTED: _("Changes requested"),
    TaskState.STATUS_CANCELLED: _("Cancelled"),
    TaskState.STATUS_SKIPPED: _("Skipped"),
    TaskState.STATUS_IN_PROGRESS: _("Awaiting decision"),
}
POSITIONS = {
    ApprovalStep.UNIT_DIRECTOR: _("Director of %(unit)s"),
    ApprovalStep.OFFICE_DIRECTOR: _("Director of %(office)s"),
    ApprovalStep.PUBLISHER: _("Responsible for publishing on the website"),
}


def can_view_memo(user, request: PublicationRequest) -> bool:
    """The item's unit, its approvers, ICT and administrators; nobody else."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or request.unit_id in unit_ids_for(user):
        return True
    groups = role_groups()
    privileged = [
        groups[role].pk
        for role in (Role.ADMINISTRATOR, Role.ICT_PUBLISHER, Role.OFFICE_DIRECTOR)
        if role in groups
    ]
    if user.groups.filter(pk__in=privileged).exists():
        return True
    state = request.workflow_state
    if state.task_states.filter(finished_by=user).exists():
        return True
    current = state.current_task_state
    if (
        state.status == WorkflowState.STATUS_IN_PROGRESS
        and current is not None
        and current.status == TaskState.STATUS_IN_PROGRESS
        and hasattr(current.task.specific, "step")
    ):
        return user.pk in approvers_for(current).user_ids
    return False


@dataclass
class SignatureBlock:
    """One line of the trail: who, in what capacity, decided what, when."""

    role: str
    name: str
    position: str
    decision: str
    comment: str
    at: object
    acting: bool = False


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def signature_blocks(request: PublicationRequest, office: OfficeSettings) -> list:
    """The requester, then one block per decision in the order they were taken."""
    unit = request.unit
    blocks = [
        SignatureBlock(
            role=str(_("Requester")),
            name=_name(request.requested_by),
            position=str(_("Responsible for providing the information, %(unit)s"))
            % {"unit": unit.name_th},
            decision=str(_("Requests permission to publish")),
            comment="",
            at=request.submitted_at,
        )
    ]
    states = request.workflow_state.task_states.select_related(
        "finished_by", "task"
    ).order_by("started_at", "pk")
    for state in states:
        task = state.task.specific
        step = getattr(task, "step", "")
        acting = False
        if step == ApprovalStep.UNIT_DIRECTOR and state.finished_by_id:
            acting = state.finished_by_id != unit.director_id
        elif step == ApprovalStep.OFFICE_DIRECTOR and state.finished_by_id:
            acting = state.finished_by_id != office.office_director_id
        position = POSITIONS.get(step, task.name)
        position = str(position) % {"unit": unit.name_th, "office": office.name_th}
        blocks.append(
            SignatureBlock(
                role=task.name,
                name=_name(state.finished_by),
                position=position,
                decision=str(DECISIONS.get(state.status, state.status)),
                comment=state.comment,
                at=state.finished_at,
                acting=acting,
            )
        )
    return blocks


def attachments(page) -> list[dict]:
    """Documents attached to the page, if its type lists them (``memo_attachments``)."""
    getter = getattr(page, "memo_attachments", None)
    return list(getter()) if callable(getter) else []
