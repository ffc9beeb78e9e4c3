from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    """The office's other channels (§2.2): what public relations posts where, the
    post composer, the channel log, the notice board and the office journal."""

    name = "channels"
    label = "disclosure_channels"
    verbose_name = _("Other channels")
    default_auto_field = "django.db.models.BigAutoField"
