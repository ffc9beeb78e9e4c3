"""Admin hooks that keep every publication of a unit's page inside the approval
chain: re-approval after a rewrite, publishing outside the chain (administrators,
with a reason), and cancelling a request (with a comment). Imported by
``wagtail_hooks`` so the hooks register with the app's others."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_chain_log_actions(actions):
    actions.register_action(
        "disclosure_moderation.chain_restarted",
        _("Approval chain started again: the content changed after approval"),
        _("Approval chain started again"),
    )
