"""Moderation's models. The office's and the chain's records are defined in
``moderation.office`` and ``moderation.records`` (the layers every rule imports) and
imported here, so Django and the other apps find every model in this module; the
chain's step as a Wagtail task, which asks moderation.approvers who may act, is the
top of that stack."""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task

from .approvers import (
    step_to_start,
    task_states_user_can_moderate,
    user_may_act,
    user_may_approve,
)
from .change_note_records import ChangeNote
from .decision_forms import ApproveForm, RequestChangesForm
from .decisions import decide
from .office import OfficeSettings, Role, RoleGroup, Unit, UnitKind, UnitQuerySet
from .pages import has_page_permission
from .records import ApprovalRecord, ApprovalStep, PublicationRequest
from .urgent_records import RetroApproval
from .withdrawal_records import Withdrawal, WithdrawalReason

__all__ = [
    "ApprovalRecord",
    "ApprovalStep",
    "ChangeNote",
    "DisclosureApprovalTask",
    "OfficeSettings",
    "PageCreation",
    "PublicationRequest",
    "RetroApproval",
    "Role",
    "RoleGroup",
    "Unit",
    "UnitKind",
    "UnitQuerySet",
    "Withdrawal",
    "WithdrawalReason",
]


class DisclosureApprovalTask(Task):
    """One step of the approval chain; its approvers come from the page's unit and
    the office at run time, so one workflow serves every unit."""

    step = models.CharField(
        _("step"), max_length=20, choices=ApprovalStep.choices, unique=True
    )

    admin_form_fields = [*Task.admin_form_fields, "step"]
    admin_form_readonly_on_edit_fields = [
        *Task.admin_form_readonly_on_edit_fields,
        "step",
    ]

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    @classmethod
    def get_description(cls):
        return _(
            "Approved by the unit's director, the office director or an ICT publisher, "
            "resolved from the page's unit; nobody approves their own request."
        )

    # Who may act: one rule, in moderation.approvers.
    def _may_act(self, obj, user) -> bool:
        return user_may_act(self, obj, user)

    def get_actions(self, obj, user):
        if not self._may_act(obj, user):
            return []
        actions = [("reject", _("Request changes"), True)]
        # Whoever changed the content under review may send it back, not approve it.
        if user_may_approve(self, obj, user):
            # No "and publish" here: Wagtail's action menu adds it to the approvals
            # of whichever step is last, the one whose approval publishes.
            actions += [
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return actions

    def start(self, workflow_state, user=None):
        # A rewrite after "request changes" goes back to step 1; see step_to_start.
        step = step_to_start(self, workflow_state, user)
        if step.pk != self.pk:
            return step.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def get_form_for_action(self, action):
        return RequestChangesForm if action == "reject" else ApproveForm

    def user_can_access_editor(self, obj, user):
        return self._may_act(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self._may_act(obj, user))

    def user_can_lock(self, obj, user):
        # A lock would outlive the step and block the next approver.
        return False

    def user_can_unlock(self, obj, user):
        # Wagtail asks only the task while a workflow runs; keep the publishers'
        # and administrators' unlock permission working then too.
        return has_page_permission(user, "unlock_page")

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return task_states_user_can_moderate(self, user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        return decide(self, task_state, user, action_name, **kwargs)


class PageCreation(models.Model):
    """One "new page" form, known by the random token it was rendered with.

    Wagtail 8's autosave posts the create form, and "Save draft" may post the same
    form again before the autosave's answer has turned it into an edit form: the
    second post then made a second page, or was refused as "slug already used".
    The first post to create the page records it here; later posts of the same
    form edit that page (moderation/page_creation.py).
    """

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once the person's own click (not an autosave) has been answered: the
    # browser has left that form, so an autosave of it arriving later is stale.
    submitted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("page creation form")
        verbose_name_plural = _("page creation forms")

    def __str__(self) -> str:
        return str(self.token)
