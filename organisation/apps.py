from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    """The office's people and shape as data: the executives (1.5) and the
    organisation chart drawn from the units (1.4)."""

    name = "organisation"
    label = "disclosure_organisation"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"
