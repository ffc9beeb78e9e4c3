"""Signal handlers: keep role groups in step, open a request memo, route and notify."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from disclosure_thai.dates import fiscal_year

from .approvers import approvers_for
from .change_notes import publish_change_notes
from .models import DisclosureApprovalTask, OfficeSettings, PublicationRequest, Unit
from .office import content_unit, office_for
from .roles import sync_role_groups
from .tasks import (
    send_changes_requested_email,
    send_published_email,
    send_step_started_email,
)


def resync_roles(**kwargs) -> None:
    sync_role_groups()


def open_publication_request(sender, instance: WorkflowState, user=None, **kwargs):
    """Number the request memo when a unit-owned page enters the workflow."""
    page = instance.content_object
    if page is None:
        return
    page = page.specific
    if not hasattr(page, "unit_id") or hasattr(instance, "publication_request"):
        return
    # The unit of the version submitted (a live page's row keeps the published one).
    revision = page.get_latest_revision()
    unit_id = content_unit(revision.content if revision else None) or page.unit_id
    if unit_id is None:
        return
    open_numbered_request(
        page,
        unit_id=unit_id,
        submitted_at=instance.created_at or timezone.now(),
        workflow_state=instance,
        requested_by=instance.requested_by,
    )


def open_numbered_request(page, *, unit_id: int, submitted_at, **fields):
    """Create a request memo with the next number of its fiscal year."""
    year = fiscal_year(timezone.localdate(submitted_at))
    parent = page.get_parent()
    prefix = office_for(page).memo_number_prefix
    for _attempt in range(5):
        number = (
            PublicationRequest.objects.filter(fiscal_year=year).aggregate(
                n=Max("number")
            )["n"]
            or 0
        ) + 1
        try:
            with transaction.atomic():
                return PublicationRequest.objects.create(
                    document_number=PublicationRequest.format_number(
                        prefix, number, year
                    ),
                    page=page,
                    unit_id=unit_id,
                    category=parent,
                    submitted_at=submitted_at,
                    fiscal_year=year,
                    number=number,
                    **fields,
                )
        except IntegrityError:
            continue  # another request took the number; take the next one
    raise IntegrityError("Could not number the request memo.")


def route_and_notify(sender, instance: TaskState, user=None, **kwargs):
    """Log who a step went to (and why, when not the usual person), then email them."""
    task = instance.task.specific
    if not isinstance(task, DisclosureApprovalTask):
        return
    approvers = approvers_for(instance)
    page = instance.workflow_state.content_object
    log(
        instance=page.specific,
        action="disclosure_moderation.step_started",
        user=user,
        data={
            "step": task.step,
            "task": task.name,
            "task_state_id": instance.pk,
            "routing": approvers.routing,
            "approver_ids": sorted(approvers.user_ids),
        },
    )
    send_step_started_email.enqueue(instance.pk, user.pk if user else None)


# The emails leave the request: queued (moderation.tasks), sent by the worker.


def queue_published_email(sender, instance: WorkflowState, user=None, **kwargs):
    send_published_email.enqueue(instance.pk, user.pk if user else None)


def queue_changes_requested_email(sender, instance: WorkflowState, user=None, **kwargs):
    send_changes_requested_email.enqueue(
        instance.pk, user.pk if user else None, instance.current_task_state_id
    )


def change_notes_go_public(sender, instance, revision=None, **kwargs):
    """A version published by the chain's last step takes its change note public."""
    if revision is not None:
        publish_change_notes(instance, revision)


def connect() -> None:
    post_save.connect(resync_roles, sender=Unit, dispatch_uid="disclosure_unit_saved")
    post_delete.connect(
        resync_roles, sender=Unit, dispatch_uid="disclosure_unit_deleted"
    )
    m2m_changed.connect(
        resync_roles,
        sender=Unit.members.through,
        dispatch_uid="disclosure_unit_members_changed",
    )
    post_save.connect(
        resync_roles, sender=OfficeSettings, dispatch_uid="disclosure_office_saved"
    )
    workflow_submitted.connect(
        open_publication_request,
        sender=WorkflowState,
        dispatch_uid="disclosure_open_publication_request",
    )
    # Connected before wagtail.admin's own receivers under the same dispatch_uid,
    # so Django keeps these and drops Wagtail's: one email, in the right language.
    workflow_approved.connect(
        queue_published_email,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )
    workflow_rejected.connect(
        queue_changes_requested_email,
        sender=WorkflowState,
        dispatch_uid="workflow_state_rejected_email_notification",
    )
    task_submitted.connect(
        route_and_notify,
        sender=TaskState,
        dispatch_uid="disclosure_route_and_notify",
    )
    page_published.connect(
        change_notes_go_public, dispatch_uid="disclosure_change_notes_go_public"
    )
