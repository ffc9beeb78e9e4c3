"""An animated PNG is stored as its first picture, a still PNG, on every path.

Willow (Wagtail's image library) cannot open an animated PNG ("Cannot load apng
images"): Wagtail's single, multiple and chooser uploads answered with Django's
vague "not an image or damaged", and the gallery upload with "could not be saved".
A gallery photo is a still picture, so the first picture is kept, stripped of
metadata like every image, and the upload goes on as for any PNG.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from photo_gallery.image_files import clean_image_file
from photo_gallery.models import SafeImage
from tests.utils import make_gallery, make_user, run_setup

FIRST_COLOUR = (200, 30, 30)


def animated_png(frames: int = 10) -> bytes:
    """The attack review's file: ``frames`` pictures saved with save_all, the first
    red, carrying a text chunk that must not be stored."""
    pictures = [Image.new("RGB", (64, 48), FIRST_COLOUR)] + [
        Image.new("RGB", (64, 48), (n * 20, 120, 255 - n * 20))
        for n in range(1, frames)
    ]
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Somchai")
    out = io.BytesIO()
    pictures[0].save(
        out, "PNG", save_all=True, append_images=pictures[1:], pnginfo=text
    )
    return out.getvalue()


APNG = animated_png()


@pytest.fixture
def editor_client(client, db):
    run_setup()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def assert_stored_as_a_still(image: SafeImage) -> None:
    stored_bytes = Path(image.file.path).read_bytes()
    stored = Image.open(io.BytesIO(stored_bytes))
    assert stored.format == "PNG"
    assert not getattr(stored, "is_animated", False)
    assert getattr(stored, "n_frames", 1) == 1
    assert b"acTL" not in stored_bytes and b"fcTL" not in stored_bytes
    assert b"Somchai" not in stored_bytes
    assert stored.convert("RGB").getpixel((5, 5)) == FIRST_COLOUR
    assert (image.width, image.height) == (64, 48)


def test_the_file_is_animated():
    image = Image.open(io.BytesIO(APNG))
    assert image.format == "PNG" and image.n_frames == 10
    assert b"Somchai" in APNG


def test_cleaning_keeps_the_first_picture_as_a_still_png():
    clean = clean_image_file(APNG, "anim.png")
    stored = Image.open(io.BytesIO(clean.content))
    assert clean.format == "PNG" and (clean.width, clean.height) == (64, 48)
    assert getattr(stored, "n_frames", 1) == 1
    assert b"acTL" not in clean.content and b"Somchai" not in clean.content
    assert stored.convert("RGB").getpixel((0, 0)) == FIRST_COLOUR


def test_the_gallery_upload_stores_the_first_picture(editor_client, client):
    gallery = make_gallery(publish=False)
    response = editor_client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile("anim.png", APNG)},
        HTTP_ACCEPT="application/json",
    )
    result = response.json()["results"][0]
    assert response.status_code == 200 and result["ok"], result
    gallery.refresh_from_db()
    assert len(gallery.get_latest_revision_as_object().photos.all()) == 1
    assert_stored_as_a_still(SafeImage.objects.get())


def test_wagtails_single_upload_stores_the_first_picture(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "ภาพเคลื่อนไหว", "file": SimpleUploadedFile("anim.png", APNG)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_stored_as_a_still(SafeImage.objects.get())


def test_wagtails_multiple_upload_stores_the_first_picture(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("anim.png", APNG)},
    )
    assert response.json()["success"] is True, response.content
    assert_stored_as_a_still(SafeImage.objects.get())


def test_the_choosers_upload_stores_the_first_picture(editor_client):
    response = editor_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "ภาพเคลื่อนไหว",
            "image-chooser-upload-file": SimpleUploadedFile("anim.png", APNG),
        },
    )
    assert response.status_code == 200
    assert response.json()["step"] == "chosen", response.content.decode()[:2000]
    assert_stored_as_a_still(SafeImage.objects.get())


def test_a_published_gallery_shows_the_still(editor_client, client):
    from tests.photo_gallery.test_image_modes import publish_with_captions

    gallery = make_gallery(publish=False)
    editor_client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile("anim.png", APNG)},
        HTTP_ACCEPT="application/json",
    )
    publish_with_captions(gallery)
    page = client.get(gallery.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="photo__link"') == 1
    assert re.search(r"/media/images/[^\"]+\.webp", html)
