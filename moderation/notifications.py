"""Emails of the approval chain, each in its recipient's admin language.

Wagtail tells the requester when changes are requested and when the page is
published (its workflow notifications; our wording is in the overridden
``wagtailadmin/notifications/workflow_state_*`` templates). Wagtail does not
notify the approvers of a custom task: this notifier does, at every step.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.admin.mail import (
    EmailNotificationMixin,
    Notifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import TaskState

from .approvers import approvers_for
from .models import DisclosureApprovalTask, Withdrawal
from .public_address import public_base_url, public_page_url


class SiteLanguageDefaultMixin:
    """Each recipient reads in their own admin language; one who never chose reads
    the site's (Thai), not the language of whoever pressed the button.

    Links point at the office's public address: ``base_url`` for the admin's pages
    and ``public_url`` for the page itself (not the Site record's "localhost").
    """

    def send_emails(self, template_set, context, recipients, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().send_emails(template_set, context, recipients, **kwargs)

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        context["base_url"] = public_base_url()
        return context


class StepStartedEmailNotifier(
    SiteLanguageDefaultMixin, EmailNotificationMixin, Notifier
):
    """Emails the people who may act on a step that has just started."""

    notification = "submitted"
    template_directory = "disclosure_moderation/notifications/"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, DisclosureApprovalTask
        )

    def get_template_base_prefix(self, instance, **kwargs):
        return "step_"

    def get_recipient_users(self, task_state, **kwargs):
        ids = approvers_for(task_state).user_ids
        return set(get_user_model().objects.filter(pk__in=ids))

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        # The version under review (a live page's row still holds the old one).
        page = task_state.revision.as_object()
        context.update(
            {
                "task": task_state.task.specific,
                "task_state": task_state,
                "page": page,
                "requested_by": task_state.workflow_state.requested_by,
            }
        )
        return context


class PublishedEmailNotifier(
    SiteLanguageDefaultMixin, WorkflowStateApprovalEmailNotifier
):
    """Wagtail's "approved" email to the requester, told whether it is live now."""

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        if "page" in context:
            # The workflow's cached page predates the publication.
            context["page"] = context["page"].specific_class.objects.get(
                pk=context["page"].pk
            )
            # A request to withdraw: the chain's approval withdrew the page.
            context["withdrawal"] = Withdrawal.objects.filter(
                workflow_state=workflow_state, withdrawn_at__isnull=False
            ).first()
            shown = context["page"].live or context["withdrawal"] is not None
            context["public_url"] = public_page_url(context["page"]) if shown else ""
        return context


class ChangesRequestedEmailNotifier(
    SiteLanguageDefaultMixin, WorkflowStateRejectionEmailNotifier
):
    """Wagtail's "rejected" email to the requester, with the comment.

    Sent in the background (moderation.tasks): ``task_state_id`` names the step
    that asked for changes, which is no longer the current one if the page was sent
    again before the email went."""

    def get_context(self, workflow_state, task_state_id=None, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        if task_state_id is not None and task_state_id != context["task_state"].pk:
            task_state = TaskState.objects.get(pk=task_state_id).specific
            context.update(
                task=task_state.task,
                task_state=task_state,
                comment=task_state.get_comment(),
            )
        return context


step_started_email_notifier = StepStartedEmailNotifier()
published_email_notifier = PublishedEmailNotifier()
changes_requested_email_notifier = ChangesRequestedEmailNotifier()
