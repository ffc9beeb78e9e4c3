"""Profile pictures of the admin, stored stripped like every other image.

Wagtail stores a profile picture of up to 400 × 400 pixels as uploaded, EXIF and
GPS included, in ``avatar_images/``, which is served to anyone (the admin shows
the pictures from there). A pre_save handler re-encodes a new picture with
:func:`clean_image_file` before its file is written.
"""

from __future__ import annotations

import logging
import os

from django.core.files.base import ContentFile

from .image_files import ImageFileError, clean_image_file

logger = logging.getLogger(__name__)


def strip_new_avatar(sender, instance, raw: bool = False, **kwargs) -> None:
    """Replace a new, not yet stored profile picture with its stripped copy; one
    that cannot be cleaned is not stored (the previous picture stays)."""
    avatar = instance.avatar
    if raw or not avatar or avatar._committed:
        return
    name = os.path.basename(avatar.name)
    avatar.open("rb")
    avatar.seek(0)
    try:
        clean = clean_image_file(avatar.read(), name)
    except ImageFileError as exc:
        logger.warning("Profile picture %s not stored: %s", name, exc.messages[0])
        previous = (
            sender.objects.filter(pk=instance.pk)
            .values_list("avatar", flat=True)
            .first()
        )
        instance.avatar = previous or None
        return
    instance.avatar = ContentFile(clean.content, name=name)
