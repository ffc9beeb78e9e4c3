from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureSiteConfig(AppConfig):
    """The runnable example site: its home page and demo data."""

    name = "disclosure_site"
    label = "disclosure_site"
    verbose_name = _("Example site")
    default_auto_field = "django.db.models.BigAutoField"
