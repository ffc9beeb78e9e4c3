"""The site's image model.

It is declared from the first migration because Wagtail's image model cannot be
swapped once images exist; galleries (measure §3.2) build on it.
"""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class SafeImage(AbstractImage):
    """An image of the office's website (WAGTAILIMAGES_IMAGE_MODEL)."""

    admin_form_fields = Image.admin_form_fields


class SafeRendition(AbstractRendition):
    """A resized copy of a SafeImage."""

    image = models.ForeignKey(
        SafeImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
