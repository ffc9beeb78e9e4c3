"""System checks of the approval chain's installation."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def check_app_order(app_configs=None, installed_apps=None, **kwargs):
    """moderation replaces Wagtail's workflow emails and templates by coming first."""
    apps = list(installed_apps or settings.INSTALLED_APPS)
    if (
        "moderation" in apps
        and "wagtail.admin" in apps
        and apps.index("moderation") > apps.index("wagtail.admin")
    ):
        return [
            Warning(
                "'moderation' is listed after 'wagtail.admin' in INSTALLED_APPS.",
                hint="List it before 'wagtail.admin' so its workflow emails and "
                "templates replace Wagtail's (otherwise requesters get two emails).",
                id="disclosure_moderation.W001",
            )
        ]
    return []


@register()
def check_finish_workflow_action(app_configs=None, **kwargs):
    """The chain's last step publishes through moderation: nobody else may publish
    a unit's page, so Wagtail's default finishing action would be refused."""
    action = getattr(settings, "WAGTAIL_FINISH_WORKFLOW_ACTION", "")
    if "moderation" in settings.INSTALLED_APPS and action != (
        "moderation.workflow_finish.publish_approved"
    ):
        return [
            Warning(
                "WAGTAIL_FINISH_WORKFLOW_ACTION is not "
                "'moderation.workflow_finish.publish_approved'.",
                hint="Set it in your settings: the last approval of the chain "
                "publishes a unit's page, which nobody may publish by hand.",
                id="disclosure_moderation.W004",
            )
        ]
    return []
