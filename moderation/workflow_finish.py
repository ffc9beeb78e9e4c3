"""What the approval chain's last approval does (Wagtail's
``WAGTAIL_FINISH_WORKFLOW_ACTION``). Wagtail imports this while its own models
load, so it imports nothing at module level."""


def publish_approved(workflow_state, user=None) -> None:
    """Publish what the chain approved. The last approver needs no publish
    permission: nobody holds one on a unit's page (moderation.publishing), so this
    is the chain's own way in. A request to withdraw is carried out instead
    (moderation.withdrawal)."""
    from .withdrawal import carry_out_requested_withdrawal

    if carry_out_requested_withdrawal(workflow_state, user):
        return
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
