from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Who may publish: the office, its units and their people (measure §2)."""

    name = "moderation"
    label = "disclosure_moderation"
    verbose_name = _("Publication approval")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 (checks register themselves)

        signal_handlers.connect()
