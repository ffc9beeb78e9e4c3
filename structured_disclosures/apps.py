from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuredDisclosuresConfig(AppConfig):
    """Categories published as data rather than documents: the monthly procurement
    summary (แบบ สขร.๑) first."""

    name = "structured_disclosures"
    label = "structured_disclosures"
    verbose_name = _("Structured disclosures")
    default_auto_field = "django.db.models.BigAutoField"
