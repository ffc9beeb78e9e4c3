from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    """The office's other channels (§2.2): what public relations posts where, the
    post composer, the channel log, the notice board and the office journal."""

    name = "channels"
    label = "disclosure_channels"
    verbose_name = _("Other channels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import journal_hooks  # noqa: F401 (the journal's and board's hooks)
        from .journal_log import log_published_issue

        # The journal's issue goes live (the chain's last approval): log its pages.
        page_published.connect(
            log_published_issue, dispatch_uid="channels.journal_published"
        )
