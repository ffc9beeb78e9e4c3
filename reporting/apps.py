from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Evaluation of publications and the quarterly committee report (measure §4)."""

    name = "reporting"
    label = "disclosure_reporting"
    verbose_name = _("Evaluation and reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The counters' store must be shared by every process (reporting.checks).
        from . import checks  # noqa: F401
