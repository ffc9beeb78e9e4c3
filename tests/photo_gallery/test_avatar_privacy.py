"""Profile pictures are served to anyone (/media/avatar_images/): they are stored
stripped of metadata like every other image, never as uploaded."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.users.models import UserProfile

from tests.utils import make_jpeg, make_user

# Small enough that Wagtail stores it as uploaded instead of resizing it.
GPS_AVATAR = make_jpeg((120, 90), gps=True, orientation=6)


@pytest.mark.django_db
def test_a_profile_picture_with_gps_is_stored_without_it():
    profile = UserProfile.get_for_user(make_user(is_staff=True))
    form = AvatarPreferencesForm(
        {}, {"avatar": SimpleUploadedFile("me.jpg", GPS_AVATAR)}, instance=profile
    )
    assert form.is_valid(), form.errors
    form.save()

    profile.refresh_from_db()
    assert profile.avatar.name.startswith("avatar_images/")
    stored = Path(profile.avatar.path).read_bytes()
    assert b"Exif" not in stored and b"Somchai" not in stored
    assert b"SN-0042" not in stored and b"TestCam" not in stored
    # Turned upright by its orientation before the tag was dropped.
    assert Image.open(io.BytesIO(stored)).size == (90, 120)


@pytest.mark.django_db
def test_a_profile_picture_that_cannot_be_cleaned_is_not_stored():
    """Pillow's check in Wagtail's form lets a truncated JPEG through; it is not
    stored as it is (the person keeps the picture they had)."""
    profile = UserProfile.get_for_user(make_user(is_staff=True))
    truncated = make_jpeg((120, 90), gps=True)[:400]
    profile.avatar = SimpleUploadedFile("cut.jpg", truncated)
    profile.save()
    profile.refresh_from_db()
    assert not profile.avatar
