"""No accepted photo breaks a public page.

Pillow opens images in modes and shapes that a rendition cannot always be made
from: a 16-bit greyscale PNG cannot be written as JPEG, a 1 × 60,000 strip is past
WebP's limit once made 320 pixels wide. Every upload is either stored in a mode
and shape every rendition takes (the gallery's WebP and JPEG sizes, the large
photo, the cover on the index, the share picture) or refused with a Thai message.
"""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from photo_gallery.image_files import clean_image_file
from photo_gallery.models import GalleryPhoto, SafeImage
from tests.utils import gallery_index, make_gallery, make_user, run_setup

THAI = re.compile("[\u0e00-\u0e7f]")


def encoded(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def gradient(mode: str, size=(64, 48), top: int = 65535) -> Image.Image:
    image = Image.new("I", size)
    image.putdata([top * n // (size[0] * size[1]) for n in range(size[0] * size[1])])
    return image.convert(mode) if mode != "I" else image


def sixteen_bit_png(big_endian_values: bytes, size=(64, 48)) -> bytes:
    """A 16-bit greyscale PNG written by hand (Pillow writes I;16 as 16-bit)."""
    width, height = size
    rows = b"".join(
        b"\x00" + big_endian_values[y * width * 2 : (y + 1) * width * 2]
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 16, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def sixteen_bit_animation() -> bytes:
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Somchai")
    pictures = [gradient("I;16", top=20_000 * (n + 1)) for n in range(3)]
    return encoded(
        pictures[0],
        save_all=True,
        append_images=pictures[1:],
        duration=[100, 200, 300],
        pnginfo=text,
    )


def palette_with_transparency() -> bytes:
    image = Image.new("P", (64, 48), 1)
    image.putpalette([0, 0, 0, 200, 30, 30, 30, 30, 200])
    for x in range(32):
        for y in range(48):
            image.putpixel((x, y), 0)
    return encoded(image, transparency=0)


def cmyk_jpeg() -> bytes:
    return encoded(Image.new("CMYK", (64, 48), (0, 180, 200, 20)), "JPEG")


ODD_IMAGES = {
    "grey16.png": sixteen_bit_png(
        b"".join(struct.pack(">H", v * 21) for v in range(64 * 48))
    ),
    "grey16-pillow.png": encoded(gradient("I;16")),
    "grey16-animated.png": sixteen_bit_animation(),
    "cmyk.jpg": cmyk_jpeg(),
    "palette-transparent.png": palette_with_transparency(),
    "palette.gif": encoded(Image.new("P", (64, 48), 3), "GIF"),
    "grey-alpha.png": encoded(Image.new("LA", (64, 48), (90, 128))),
    "one-bit.png": encoded(Image.new("1", (64, 48), 1)),
    "rgba.webp": encoded(Image.new("RGBA", (64, 48), (10, 200, 30, 128)), "WEBP"),
    "tiny.png": encoded(Image.new("RGB", (1, 1), (200, 0, 0))),
    "tall-strip.png": encoded(Image.new("L", (1, 60_000), 128)),
    "wide-strip.png": encoded(Image.new("L", (60_000, 1), 128)),
    "wide-band.png": encoded(Image.new("RGB", (20_000, 3), (0, 90, 0))),
    "tall-band.png": encoded(Image.new("RGB", (3, 20_000), (0, 90, 0))),
    "panorama.jpg": encoded(Image.new("RGB", (4_000, 500), (0, 90, 160)), "JPEG"),
    "tall-poster.png": encoded(Image.new("RGB", (200, 3_000), (90, 0, 160))),
}


@pytest.fixture
def editor_client(client, db):
    run_setup()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def publish_with_captions(gallery) -> None:
    gallery.refresh_from_db()
    draft = gallery.get_latest_revision_as_object()
    photos = list(draft.photos.all())
    for photo in photos:
        photo.caption = photo.alt_text = "ภาพกิจกรรม"
    draft.photos = photos
    draft.save_revision().publish()
    gallery.refresh_from_db()


@pytest.mark.parametrize("name", list(ODD_IMAGES))
def test_an_accepted_photo_never_breaks_a_public_page(editor_client, client, name):
    gallery = make_gallery(publish=False)

    response = editor_client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile(name, ODD_IMAGES[name])},
        HTTP_ACCEPT="application/json",
    )

    result = response.json()["results"][0]
    if not result["ok"]:
        # Refused: said in Thai, by name, and nothing kept.
        assert response.status_code == 400
        assert name in result["message"] and THAI.search(result["message"])
        assert not SafeImage.objects.exists() and not GalleryPhoto.objects.exists()
        return
    publish_with_captions(gallery)
    assert gallery.cover_image is not None

    page = client.get(gallery.url)
    index = client.get(gallery_index().url)
    admin = editor_client.get(reverse("photo_gallery:photos", args=[gallery.pk]))

    assert page.status_code == 200
    assert index.status_code == 200
    assert admin.status_code == 200
    html = page.content.decode()
    assert html.count('class="photo__link"') == 1
    assert ".webp" in html
    # The share picture is the photo, not the site's default picture.
    og_image = re.search(r'property="og:image" content="([^"]+)"', html).group(1)
    assert "/media/images/" in og_image, og_image
    assert "/media/images/" in index.content.decode()


@pytest.mark.parametrize(
    "name", ["tall-strip.png", "wide-strip.png", "wide-band.png", "tall-band.png"]
)
def test_a_strip_is_refused_with_a_thai_message(editor_client, name):
    gallery = make_gallery(publish=False)
    response = editor_client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile(name, ODD_IMAGES[name])},
        HTTP_ACCEPT="application/json",
    )
    result = response.json()["results"][0]
    assert response.status_code == 400 and not result["ok"]
    assert name in result["message"] and THAI.search(result["message"])
    assert not SafeImage.objects.exists()


def test_wagtails_multiple_upload_refuses_a_strip_too(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("strip.png", ODD_IMAGES["tall-strip.png"])},
    )
    data = response.json()
    assert data["success"] is False
    assert "strip.png" in data["error_message"] and THAI.search(data["error_message"])
    assert not SafeImage.objects.exists()


@pytest.mark.parametrize(
    "name, stored_mode",
    [
        ("grey16.png", "L"),
        ("grey16-pillow.png", "L"),
        ("grey16-animated.png", "L"),
        ("cmyk.jpg", "RGB"),
        # Modes every rendition takes are kept as they are.
        ("palette-transparent.png", "P"),
        ("grey-alpha.png", "LA"),
        ("one-bit.png", "1"),
    ],
)
def test_odd_modes_are_stored_in_a_mode_every_rendition_takes(name, stored_mode):
    clean = clean_image_file(ODD_IMAGES[name], name)
    stored = Image.open(io.BytesIO(clean.content))
    assert stored.mode == stored_mode


def test_a_sixteen_bit_animated_png_is_stored_as_its_first_picture():
    """Willow cannot open an animated PNG, so every APNG is stored as its first
    picture (test_animated_png.py); a 16-bit one in 8-bit grey, its shades kept."""
    assert b"Somchai" in ODD_IMAGES["grey16-animated.png"]
    clean = clean_image_file(ODD_IMAGES["grey16-animated.png"], "moving.png")
    assert b"Somchai" not in clean.content and b"acTL" not in clean.content
    stored = Image.open(io.BytesIO(clean.content))
    assert getattr(stored, "n_frames", 1) == 1 and stored.mode == "L"
    # The first picture runs from black to 20,000 of 65,535 (78 of 255); the
    # others are lighter.
    darkest, lightest = stored.getextrema()
    assert darkest == 0 and 70 < lightest <= 79


def test_sixteen_bit_grey_keeps_its_shades():
    """Dividing by 256, not clipping at 255: a 16-bit gradient stays a gradient."""
    clean = clean_image_file(ODD_IMAGES["grey16.png"], "grey16.png")
    stored = Image.open(io.BytesIO(clean.content))
    darkest, lightest = stored.getextrema()
    assert darkest == 0 and 200 < lightest <= 255
    assert len(set(stored.get_flattened_data())) > 100


def test_a_cmyk_photo_keeps_its_colour():
    clean = clean_image_file(ODD_IMAGES["cmyk.jpg"], "cmyk.jpg")
    red, green, blue = Image.open(io.BytesIO(clean.content)).getpixel((10, 10))
    assert red > 180 and green < 100 and blue < 100  # a red, not a cyan or black


@pytest.mark.parametrize(
    "mode, values, expected",
    [
        # 16-bit in either byte order: divided by 256.
        ("I;16B", [0, 32768, 65535], [0, 128, 255]),
        ("I;16", [0, 32768, 65535], [0, 128, 255]),
        # 32-bit integers: 16-bit values as above, others spread over 0-255.
        ("I", [0, 32768, 65535], [0, 128, 255]),
        ("I", [-100, 0, 100_000], [0, 0, 255]),
        ("I", [0, 100, 255], [0, 100, 255]),
        # Floats: 0.0-1.0 (the usual range) or 0-255 kept as such, others spread.
        ("F", [0.0, 0.5, 1.0], [0, 128, 255]),
        ("F", [0.0, 128.0, 255.0], [0, 128, 255]),
        ("F", [-1.0, 0.0, 1000.0], [0, 0, 255]),
    ],
)
def test_high_bit_depth_pixels_become_8_bit_grey(mode, values, expected):
    """No accepted file type gives 32-bit or big-endian pixels (Pillow reads PNGs as
    I;16), but the cleaning step takes every greyscale mode Pillow has, should a
    format with them be allowed one day."""
    from photo_gallery.image_files import renderable

    image = Image.new("F" if mode == "F" else "I", (3, 1))
    image.putdata(values)
    if mode not in ("I", "F"):
        image = image.convert(mode)
    grey = renderable(image)
    assert grey.mode == "L"
    got = list(grey.get_flattened_data())
    assert all(abs(a - b) <= 1 for a, b in zip(got, expected, strict=True)), got


def test_a_photo_stored_before_the_check_leaves_the_pages_up(client, db):
    """A 16-bit PNG stored before uploads were made renderable: the gallery and the
    index answer without it rather than with a server error."""
    from django.core.files.base import ContentFile

    run_setup()
    old = SafeImage(
        title="เก่า", file=ContentFile(ODD_IMAGES["grey16.png"], name="old.png")
    )
    old._file_cleaned = True  # as it was stored then: untouched
    old.save()
    assert Image.open(old.file.path).mode == "I;16"
    gallery = make_gallery(images=[old])

    page = client.get(gallery.url)
    index = client.get(gallery_index().url)

    assert page.status_code == 200 and index.status_code == 200
    assert 'class="photo__link"' not in page.content.decode()
