"""No served file carries GPS: originals are stripped on every path, and so are the
renditions the public page uses."""

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.models import Collection

from photo_gallery.models import SafeImage
from tests.utils import make_gallery, make_jpeg, make_safe_image, make_user, run_setup

GPS_JPEG = make_jpeg((800, 600), gps=True, orientation=6)  # 6: rotate 90° to show


def assert_no_metadata(data: bytes, where: str) -> None:
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo), f"GPS in {where}"
    assert not dict(exif), f"EXIF in {where}: {dict(exif)}"
    assert "xmp" not in image.info and "exif" not in image.info, where
    assert b"Exif\x00\x00" not in data and b"SN-0042" not in data, where
    assert b"Somchai" not in data and b"TestCam" not in data, where


def media_file(url: str) -> bytes:
    path = unquote(urlsplit(url).path)
    assert path.startswith(settings.MEDIA_URL), url
    return (Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]).read_bytes()


@pytest.fixture
def admin_client(client, db):
    run_setup()
    user = make_user(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def upload_through_every_admin_view(client, gallery) -> list[SafeImage]:
    """The gallery upload, Wagtail's multiple upload and Wagtail's single upload."""
    response = client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile("gps-gallery.jpg", GPS_JPEG)},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["ok"]
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("gps-multiple.jpg", GPS_JPEG)},
    )
    assert response.json()["success"], response.content
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "gps single",
            "file": SimpleUploadedFile("gps-single.jpg", GPS_JPEG),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content
    images = list(SafeImage.objects.order_by("pk"))
    assert [i.title for i in images] == [
        "gps-gallery",
        "gps-multiple.jpg",
        "gps single",
    ]
    return images


def test_gps_jpeg_uploaded_through_the_admin_leaks_nowhere(admin_client):
    gallery = make_gallery(publish=False)
    images = upload_through_every_admin_view(admin_client, gallery)

    for image in images:
        image.refresh_from_db()
        stored = Path(image.file.path).read_bytes()
        assert_no_metadata(stored, f"original {image.file.name}")
        # The orientation was applied to the pixels before the tag was dropped.
        assert (image.width, image.height) == (600, 800)
        assert Image.open(io.BytesIO(stored)).size == (600, 800)
        assert image.file_size == len(stored)

    # The editor writes captions and publishes; the public page shows every image.
    gallery.refresh_from_db()
    draft = gallery.get_latest_revision_as_object()
    photos = list(draft.photos.all())
    assert [p.image_id for p in photos] == [images[0].pk]
    from photo_gallery.models import GalleryPhoto

    photos += [
        GalleryPhoto(image=image, sort_order=n, caption="ภาพ", alt_text="ภาพ")
        for n, image in enumerate(images[1:], start=1)
    ]
    for photo in photos:
        photo.caption = photo.alt_text = "ภาพกิจกรรม"
    draft.photos = photos
    draft.save_revision().publish()

    html = admin_client.get(gallery.url).content.decode()
    urls = set(re.findall(r'(?:src|href)="(/media/[^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls.update(part.split()[0] for part in srcset.split(","))
    assert any(u.endswith(".webp") for u in urls)
    assert any(".jpg" in u for u in urls)
    assert len(urls) >= 3 * 5  # two widths in two formats, and the large photo
    for url in urls:
        assert "/original_images/" not in url
        assert_no_metadata(media_file(url), url)


def test_a_file_saved_by_code_is_stripped_too(db):
    image = make_safe_image(file=ContentFile(GPS_JPEG, name="api.jpg"))
    image.refresh_from_db()
    assert_no_metadata(Path(image.file.path).read_bytes(), "original saved by code")
    # Changing the title leaves the stored file alone.
    name = image.file.name
    image.title = "ชื่อใหม่"
    image.save()
    assert image.file.name == name


def test_png_keeps_its_transparency_and_loses_its_text_chunks(db):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somchai")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    image = make_safe_image(file=ContentFile(out.getvalue(), name="t.png"))
    stored = Image.open(image.file.path)
    assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0
    assert "Author" not in stored.info


def test_a_file_replaced_in_wagtails_image_editor_is_stripped(admin_client):
    image = make_safe_image()
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "แทนที่ไฟล์",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("replaced.jpg", GPS_JPEG),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert "replaced" in image.file.name
    assert_no_metadata(Path(image.file.path).read_bytes(), "replaced original")
    assert (image.width, image.height) == (600, 800)


def make_mpo() -> bytes:
    """A phone's JPEG holding a second picture (MPF: a depth or HDR gain map), both
    with GPS: Pillow opens it as "MPO"."""
    exif = Image.open(io.BytesIO(GPS_JPEG)).getexif()
    exif[ExifTags.Base.Orientation] = 1
    out = io.BytesIO()
    photo, extra = Image.new("RGB", (80, 60), "red"), Image.new("L", (40, 30))
    photo.save(out, "MPO", save_all=True, append_images=[extra], exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    return out.getvalue()


def test_a_phone_jpeg_with_a_second_picture_is_accepted_without_it(admin_client):
    gallery = make_gallery(publish=False)
    mpo = make_mpo()
    response = admin_client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile("phone.jpg", mpo)},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["results"][0]["ok"], response.content.decode()
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("phone-multiple.jpg", mpo)},
    )
    assert response.json()["success"], response.content
    for image in SafeImage.objects.all():
        stored = Path(image.file.path).read_bytes()
        assert_no_metadata(stored, image.file.name)
        # Only the photo is kept: one JPEG picture, the extra one dropped.
        opened = Image.open(io.BytesIO(stored))
        assert (opened.format, opened.size) == ("JPEG", (80, 60))
        assert getattr(opened, "n_frames", 1) == 1
