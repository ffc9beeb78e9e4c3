"""The request memo (บันทึกขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์): who may read it and
what it says, built from the workflow's own record."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, TaskState, WorkflowState

from .approvers import approvers_for, decided_revision
from .decisions import step_position
from .office import Role, office_for, unit_ids_for
from .records import ApprovalStep, PublicationRequest
from .roles import role_groups
from .urgent import step_label, steps_user_may_approve
from .urgent_records import RETRO_STEPS

DECISIONS = {
    TaskState.STATUS_APPROVED: _("Approved"),
    TaskState.STATUS_REJECTED: _("Changes requested"),
    TaskState.STATUS_CANCELLED: _("Cancelled"),
    TaskState.STATUS_SKIPPED: _("Skipped"),
    TaskState.STATUS_IN_PROGRESS: _("Awaiting decision"),
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
    if state is None:  # published outside the chain: the roles above only
        # ... and, for an urgent publication, who approves it after the fact.
        return request.urgent and (
            bool(steps_user_may_approve(request, user))
            or request.retro_approvals.filter(user=user).exists()
        )
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
    version: int | None = None  # the page's revision number the decision was about
    superseded: bool = False  # an approval of content that changed afterwards


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def signature_blocks(request: PublicationRequest) -> list[SignatureBlock]:
    """The requester, then one block per step taken, in the order they were taken,
    each as recorded when it was decided; then the cancellation, if any. A
    publication outside the chain has the administrator and the office director's
    acknowledgement instead."""
    office = office_for(request.page)
    numbers = version_numbers(request)
    if request.urgent:
        return urgent_blocks(request, office, numbers)
    if request.outside_chain:
        return outside_chain_blocks(request, office, numbers)
    blocks = [
        SignatureBlock(
            role=gettext("Requester"),
            name=_name(request.requested_by),
            position=gettext("Responsible for providing the information, %(unit)s")
            % {"unit": request.unit.name_th},
            decision=gettext("Requests permission to publish"),
            comment="",
            at=request.submitted_at,
        )
    ]
    withdrawal = getattr(request.workflow_state, "disclosure_withdrawal", None)
    if withdrawal is not None:
        blocks[0].decision = gettext("Requests withdrawal from publication: %s") % (
            withdrawal.get_reason_display()
        )
        blocks[0].comment = withdrawal.explanation
    states = list(
        request.workflow_state.task_states.select_related(
            "finished_by", "task", "disclosure_record"
        ).order_by("started_at", "pk")
    )
    if request.cancelled_at and states and states[-1].status == "cancelled":
        states.pop()  # the step the cancellation stopped: its own block follows
    for state in states:
        task = state.task.specific
        record = getattr(state, "disclosure_record", None)
        if record is not None:
            name, position, acting = record.name, record.position, record.acting
        else:
            name = _name(state.finished_by)
            step = getattr(task, "step", "")
            position = step_position(step, request.unit.name_th, office.name_th)
            acting = False
        revision = decided_revision(state)
        blocks.append(
            SignatureBlock(
                role=task.name,
                name=name,
                position=position,
                decision=str(DECISIONS.get(state.status, state.status)),
                comment=state.comment,
                at=state.finished_at,
                acting=acting,
                version=numbers.get(revision.pk) if revision else None,
                superseded=bool(record and record.superseded_at),
            )
        )
    if request.cancelled_at:
        withdrawn = request.cancelled_by_id == request.requested_by_id
        blocks.append(
            SignatureBlock(
                role=gettext("Cancellation"),
                name=request.cancelled_by_name,
                position=blocks[0].position if withdrawn else gettext("Administrator"),
                decision=gettext("Request withdrawn by the requester")
                if withdrawn
                else gettext("Request cancelled"),
                comment=request.cancel_comment,
                at=request.cancelled_at,
            )
        )
    return blocks


def outside_chain_blocks(
    request: PublicationRequest, office, numbers: dict[int, int]
) -> list[SignatureBlock]:
    """Who published without the chain and why; then the office director."""
    acknowledged_by = request.acknowledged_by
    return [
        SignatureBlock(
            role=gettext("Published by"),
            name=_name(request.requested_by),
            position=gettext("Administrator"),
            decision=gettext("Published outside the approval chain"),
            comment=request.reason,
            at=request.submitted_at,
            version=numbers.get(request.published_revision_id),
        ),
        SignatureBlock(
            role=gettext("Office director"),
            name=_name(acknowledged_by),
            position=step_position(ApprovalStep.OFFICE_DIRECTOR, "", office.name_th),
            decision=gettext("Acknowledged")
            if request.acknowledged_at
            else gettext("Awaiting acknowledgement"),
            comment="",
            at=request.acknowledged_at,
        ),
    ]


def urgent_blocks(
    request: PublicationRequest, office, numbers: dict[int, int]
) -> list[SignatureBlock]:
    """Who published urgently, why and on whose order; then each director's
    approval after the fact, or the blank it waits for."""
    publisher = request.requested_by
    by_director = publisher is not None and publisher.pk == office.office_director_id
    step = ApprovalStep.OFFICE_DIRECTOR if by_director else ApprovalStep.PUBLISHER
    blocks = [
        SignatureBlock(
            role=gettext("Published urgently by"),
            name=_name(publisher),
            position=step_position(step, request.unit.name_th, office.name_th),
            decision=gettext("Published urgently on the verbal order of %(name)s")
            % {"name": request.ordered_by}
            if request.ordered_by
            else gettext("Published urgently"),
            comment=request.reason,
            at=request.submitted_at,
            version=numbers.get(request.published_revision_id),
        )
    ]
    approvals = {a.step: a for a in request.retro_approvals.all()}
    for step in RETRO_STEPS:
        approval = approvals.get(step)
        role = gettext("%(step)s: approval after the fact") % {"step": step_label(step)}
        if approval is None:
            blocks.append(
                SignatureBlock(
                    role=role,
                    name="",
                    position=step_position(step, request.unit.name_th, office.name_th),
                    decision=gettext("Awaiting approval after the fact"),
                    comment="",
                    at=None,
                )
            )
            continue
        blocks.append(
            SignatureBlock(
                role=role,
                name=approval.name,
                position=approval.position,
                decision=gettext("Approved after the fact"),
                comment=approval.comment,
                at=approval.approved_at,
                acting=approval.acting,
            )
        )
    return blocks


def version_numbers(request: PublicationRequest) -> dict[int, int]:
    """revision id → its number among the page's versions (1 = the first saved),
    as the page's history counts them."""
    ids = Revision.page_revisions.filter(object_id=str(request.page_id)).order_by(
        "created_at", "pk"
    )
    return {pk: n for n, pk in enumerate(ids.values_list("pk", flat=True), 1)}


def version_under_review(request: PublicationRequest):
    """The page as it was submitted (or as last decided on, or as published
    outside the chain), not the live one."""
    if request.published_revision_id:
        return request.published_revision.as_object()
    state = (
        request.workflow_state.current_task_state if request.workflow_state else None
    )
    if state is not None and state.revision_id:
        return state.revision.as_object()
    return request.page.specific


def attachments(page) -> list[dict]:
    """Documents attached to the page, if its type lists them (``memo_attachments``)."""
    getter = getattr(page, "memo_attachments", None)
    return list(getter()) if callable(getter) else []
