from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotoGalleryConfig(AppConfig):
    """Activity photo galleries (measure §3.2) and the site's image model."""

    name = "photo_gallery"
    label = "disclosure_photo_gallery"
    verbose_name = _("Activity photos")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save

        from .avatars import strip_new_avatar

        # Profile pictures are public (avatar_images/): never stored unstripped.
        pre_save.connect(
            strip_new_avatar,
            sender="wagtailusers.UserProfile",
            dispatch_uid="photo_gallery_strip_avatar",
        )
