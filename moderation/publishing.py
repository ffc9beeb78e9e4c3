"""Who puts a unit's page live, and how — the one place that decides it.

A unit's item or gallery is published by the approval chain's last step
(``moderation.workflow_finish``, Wagtail's ``WAGTAIL_FINISH_WORKFLOW_ACTION``).
Nobody holds a "publish" button on such a page
(``UnitPagePermissionTester.can_publish``): outside the chain only an
administrator publishes, with a written reason, which opens a memo marked as
published outside the chain for the office director to acknowledge
(``publish_outside_chain``). Cancelling a request is here too: its requester
withdraws it, or an administrator cancels it, always with a comment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, WorkflowState

from .approvers import reviewed_content
from .change_notes import carry_over_note, publish_change_notes, record_note
from .models import OfficeSettings, PublicationRequest, Role, RoleGroup
from .office import content_unit
from .pages import UnitOwnedPageMixin
from .signal_handlers import open_numbered_request


def is_administrator(user) -> bool:
    """A superuser, or a member of the administrator role's group."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = user.__dict__.get("_disclosure_is_administrator")
    if cached is None:
        cached = RoleGroup.objects.filter(
            role=Role.ADMINISTRATOR, group__user=user
        ).exists()
        user.__dict__["_disclosure_is_administrator"] = cached
    return cached


def is_unit_owned(page) -> bool:
    return isinstance(page, UnitOwnedPageMixin) or issubclass(
        page.specific_class or Page, UnitOwnedPageMixin
    )


# Publishing outside the chain


def may_publish_outside_chain(user, page) -> bool:
    """Administrators, on a unit's page they may open."""
    return (
        is_administrator(user)
        and is_unit_owned(page)
        and page.permissions_for_user(user).can_edit()
    )


def publication_problems(page) -> list[str]:
    """What stops this version from going public, as the editor's own publish
    would say it (the page's validation and its ``submission_errors``)."""
    problems: list[str] = []
    try:
        page.full_clean()
    except ValidationError as error:
        problems.extend(error.messages)
    getter = getattr(page, "submission_errors", None)
    if callable(getter):
        problems.extend(str(problem) for problem in getter())
    return problems


def nothing_new_to_publish(page) -> bool:
    """Whether the page is live with the content of its latest version: publishing
    it again would only open a memo about nothing (a second click, a reload, or the
    editor's menu used without a change)."""
    if not page.live or page.live_revision_id is None:
        return False
    latest = page.get_latest_revision()
    if latest is None or latest.pk == page.live_revision_id:
        return True
    return reviewed_content(latest) == reviewed_content(page.live_revision)


def publish_outside_chain(
    page, user, reason: str, *, urgent: bool = False, ordered_by: str = "", note=None
) -> PublicationRequest | None:
    """Publish the page's latest version now, outside the chain, and open its memo;
    None when there is nothing new to publish.

    A request still running is cancelled with the reason, so its memo says why; its
    change note, if any, moves to the new memo. ``urgent`` marks an urgent
    publication (moderation.urgent), approved after the fact instead of
    acknowledged; ``note`` is the change note written with it (a ChangeNoteEntry).
    """

    with transaction.atomic():
        # Two presses at once: the second waits here, then finds it published.
        page = Page.objects.select_for_update().get(pk=page.pk).specific
        if nothing_new_to_publish(page):
            return None
        revision = page.get_latest_revision() or page.save_revision(user=user)
        running = page.current_workflow_state
        if running is not None:
            cancel_request(
                running,
                user,
                (
                    gettext("Published urgently: %(reason)s")
                    if urgent
                    else gettext("Published outside the approval chain: %(reason)s")
                )
                % {"reason": reason},
            )
        was_live = page.live
        revision.publish(user=user, skip_permission_checks=True)
        memo = open_numbered_request(
            page,
            unit_id=content_unit(revision.content) or page.unit_id,
            submitted_at=timezone.now(),
            requested_by=user,
            outside_chain=True,
            reason=reason,
            published_revision=revision,
            urgent=urgent,
            ordered_by=ordered_by,
        )
        if note is not None and was_live:
            record_note(page, memo, revision, user, note)
        elif running is not None:
            carry_over_note(running, memo)
        publish_change_notes(page, revision)
        log(
            instance=page,
            action="disclosure_moderation.published_urgently"
            if urgent
            else "disclosure_moderation.published_outside_chain",
            user=user,
            revision=revision,
            data={
                "reason": reason,
                "memo_id": memo.pk,
                "document_number": memo.document_number,
                **({"ordered_by": ordered_by} if ordered_by else {}),
            },
        )
    return memo


def may_acknowledge(user) -> bool:
    """The office director (of any site's office) acknowledges."""
    return (
        user.is_authenticated
        and user.is_active
        and OfficeSettings.objects.filter(office_director=user).exists()
    )


def awaiting_acknowledgement():
    """Publications outside the chain the office director has not yet seen; an
    urgent one is approved after the fact instead (moderation.urgent)."""
    return PublicationRequest.objects.filter(
        outside_chain=True, urgent=False, acknowledged_at__isnull=True
    )


def acknowledge(memo: PublicationRequest, user) -> bool:
    """Record that the office director has seen a publication outside the chain;
    False if someone already did."""
    updated = (
        awaiting_acknowledgement()
        .filter(pk=memo.pk)
        .update(acknowledged_by=user, acknowledged_at=timezone.now())
    )
    if updated:
        log(
            instance=memo.page.specific,
            action="disclosure_moderation.outside_chain_acknowledged",
            user=user,
            data={"memo_id": memo.pk, "document_number": memo.document_number},
        )
    return bool(updated)


# Cancelling a request


def may_cancel(workflow_state: WorkflowState, user) -> bool:
    """The requester withdraws their own request; an administrator may cancel any.
    Approvers decide (approve or request changes); they do not cancel."""
    if not (user.is_authenticated and user.is_active):
        return False
    if workflow_state.status not in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        return False
    return workflow_state.requested_by_id == user.pk or is_administrator(user)


def cancel_request(workflow_state: WorkflowState, user, comment: str) -> bool:
    """Cancel a running request with a comment: Wagtail's cancellation, the
    comment on the step it stopped at and on the memo, and a log entry. False
    when it no longer runs (a second click waited here while the first cancelled
    it, or the chain finished meanwhile)."""
    with transaction.atomic():
        workflow_state = WorkflowState.objects.select_for_update().get(
            pk=workflow_state.pk
        )
        if workflow_state.status not in (
            WorkflowState.STATUS_IN_PROGRESS,
            WorkflowState.STATUS_NEEDS_CHANGES,
        ):
            return False
        current = workflow_state.current_task_state
        was_running = current is not None and current.status == (
            TaskState.STATUS_IN_PROGRESS
        )
        workflow_state.cancel(user=user)
        if was_running:
            TaskState.objects.filter(pk=current.pk).update(comment=comment)
        PublicationRequest.objects.filter(workflow_state=workflow_state).update(
            cancelled_by=user,
            cancelled_by_name=user.get_full_name() or user.get_username(),
            cancelled_at=timezone.now(),
            cancel_comment=comment,
        )
        log(
            instance=workflow_state.content_object.specific,
            action="disclosure_moderation.request_cancelled",
            user=user,
            revision=current.revision if current else None,
            data={
                "comment": comment,
                "withdrawn": workflow_state.requested_by_id == user.pk,
            },
        )
    return True
