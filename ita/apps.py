from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaConfig(AppConfig):
    """ITA (การประเมินคุณธรรมและความโปร่งใส): indicators per fiscal year and the
    links to their evidence on the office's own site."""

    name = "ita"
    label = "ita"
    verbose_name = _("ITA evidence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers, tagging

        # The indicators panel on every item and gallery editor, added from here so
        # the page apps need not know this app.
        tagging.add_tag_panels()
        # A change to the catalogue purges the cached public ITA page.
        signal_handlers.connect()
