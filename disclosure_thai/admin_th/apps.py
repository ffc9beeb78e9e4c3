from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureAdminThaiConfig(AppConfig):
    """Thai catalogue of Wagtail's admin strings (no models, no views), and people
    listed by name in admin forms (people.py)."""

    name = "disclosure_thai.admin_th"
    # The label it had as a top-level app: check ids and the e2e switch keep it.
    label = "disclosure_admin_th"
    verbose_name = _("Thai admin catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 (registers the checks)
        from .people import register_person_fields

        register_person_fields()
