"""The approval chain's emails, sent in the background (moderation.background).

The signal handlers queue one of these with the ids of what happened; the worker
(or, with the immediate backend, the request itself) reads the rows again and
sends. A send that fails is raised, so the task is recorded as failed and retried.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import TaskState, WorkflowState

from .background import retried_task
from .notifications import (
    changes_requested_email_notifier,
    published_email_notifier,
    step_started_email_notifier,
)


class EmailNotSent(Exception):
    """The mail server refused or could not be reached (Wagtail logs which)."""


def _user(user_id):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _sent(result: bool, what: str) -> None:
    if result is False:
        raise EmailNotSent(what)


@retried_task
def send_step_started_email(task_state_id: int, user_id: int | None) -> None:
    """To the people who may act on the step that has just started."""
    task_state = TaskState.objects.filter(pk=task_state_id).first()
    if task_state is None:  # the request was cancelled and its states deleted
        return
    _sent(
        step_started_email_notifier(instance=task_state, user=_user(user_id)),
        f"step started, task state {task_state_id}",
    )


@retried_task
def send_published_email(workflow_state_id: int, user_id: int | None) -> None:
    """To the requester: the chain approved (and published) their page."""
    workflow_state = WorkflowState.objects.filter(pk=workflow_state_id).first()
    if workflow_state is None:
        return
    _sent(
        published_email_notifier(instance=workflow_state, user=_user(user_id)),
        f"approved, workflow state {workflow_state_id}",
    )


@retried_task
def send_changes_requested_email(
    workflow_state_id: int, user_id: int | None, task_state_id: int | None = None
) -> None:
    """To the requester: changes were asked for, with the approver's comment (of
    the step that asked, even if the page was sent again meanwhile)."""
    workflow_state = WorkflowState.objects.filter(pk=workflow_state_id).first()
    if workflow_state is None:
        return
    _sent(
        changes_requested_email_notifier(
            instance=workflow_state,
            user=_user(user_id),
            task_state_id=task_state_id,
        ),
        f"changes requested, workflow state {workflow_state_id}",
    )
