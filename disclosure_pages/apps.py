from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosurePagesConfig(AppConfig):
    """What is published: the disclosure index, the 19 categories and their items."""

    name = "disclosure_pages"
    label = "disclosure_pages"
    verbose_name = _("Public information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
