from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotoGalleryConfig(AppConfig):
    """Activity photo galleries (measure §3.2) and the site's image model."""

    name = "photo_gallery"
    label = "disclosure_photo_gallery"
    verbose_name = _("Activity photos")
    default_auto_field = "django.db.models.BigAutoField"
