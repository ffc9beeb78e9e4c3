from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureThaiConfig(AppConfig):
    """Thai dates, fiscal periods, digits and page addresses (no models)."""

    name = "disclosure_thai"
    label = "disclosure_thai"
    verbose_name = _("Thai language")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Wagtail's Page model exists only now; the slug rule's system check
        # registers itself on import.
        from .forms import install_admin_date_fields
        from .slugs import install_thai_slugs

        install_thai_slugs()
        # Dates in the admin's forms are typed and shown in B.E. (forms.py).
        install_admin_date_fields()
