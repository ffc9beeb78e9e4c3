"""One pixel limit governs a still image: WAGTAILIMAGES_MAX_IMAGE_PIXELS (128 MP).

Pillow's own decompression-bomb limit (Image.MAX_IMAGE_PIXELS, 89,478,485 pixels)
used to apply first, so a 121-megapixel photo the README accepts was refused with
"the limit is 89 megapixels". The files here are of one colour in 1-bit pixels: a
few kilobytes, and 15 MB once decoded.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from photo_gallery.image_files import ImageFileError, clean_image_file
from photo_gallery.models import SafeImage
from tests.utils import make_gallery, make_user, run_setup

THAI = re.compile("[\u0e00-\u0e7f]")


def solid_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG")
    return out.getvalue()


def test_a_121_megapixel_image_is_accepted():
    # What made the defect: Pillow's own limit is below this image.
    assert Image.MAX_IMAGE_PIXELS < 121_000_000
    clean = clean_image_file(solid_png(11_000, 11_000), "big.png")
    assert (clean.width, clean.height) == (11_000, 11_000)


# 144 MP: past the setting; 196 MP: past twice Pillow's limit, where Pillow
# itself refuses to open it.
@pytest.mark.parametrize("side", [12_000, 14_000])
def test_a_bigger_image_is_refused_in_thai_naming_the_real_limit(side):
    with pytest.raises(ImageFileError) as refused:
        clean_image_file(solid_png(side, side), "huge.png")
    message = refused.value.messages[0]
    assert "huge.png" in message and THAI.search(message)
    assert "128" in message and "89" not in message
    assert refused.value.code == "too_many_pixels"


def test_the_limit_is_read_from_the_setting():
    with override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000):
        with pytest.raises(ImageFileError) as refused:
            clean_image_file(solid_png(1_001, 1_000), "over.png")
        clean_image_file(solid_png(1_000, 1_000), "at.png")
    assert "สูงสุด 1 ล้านพิกเซล" in refused.value.messages[0]


def test_pillows_limit_is_left_as_it_was_for_other_code():
    before = Image.MAX_IMAGE_PIXELS
    clean_image_file(solid_png(11_000, 11_000), "big.png")
    assert before == Image.MAX_IMAGE_PIXELS


@pytest.fixture
def editor_client(client, db):
    run_setup()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000)
def test_every_upload_path_refuses_past_the_setting_in_thai(editor_client):
    """The upload forms and the gallery give the same Thai message, naming the
    setting's figure (a small limit keeps the files small)."""
    data = solid_png(1_100, 1_000)
    gallery = make_gallery(publish=False)
    gallery_response = editor_client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile("over.png", data)},
        HTTP_ACCEPT="application/json",
    )
    multiple = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("over.png", data)},
    )
    single = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "ใหญ่", "file": SimpleUploadedFile("over.png", data)},
    )
    assert gallery_response.status_code == 400
    assert single.status_code == 200
    for message in (
        gallery_response.json()["results"][0]["message"],
        multiple.json()["error_message"],
        single.content.decode(),
    ):
        assert "over.png" in message and "ล้านพิกเซล" in message, message
        assert "สูงสุด 1 ล้านพิกเซล" in message, message
    assert not SafeImage.objects.exists()
