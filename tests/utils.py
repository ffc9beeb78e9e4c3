"""Plain helpers for building test data (style of Wagtail's contrib tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from moderation.models import Unit

OFFICE_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต ๑"
_counter = itertools.count(1)


def run_setup(**kwargs) -> None:
    """Run setup_disclosure for a test office, quietly.

    The first run with the default office in a database as migrations left it copies
    in the office built once for the session (tests/seeded.py): the same rows the
    command writes, without its second of publishing and indexing.
    """
    from tests import seeded

    if not kwargs and seeded.restore():
        return
    kwargs.setdefault("office_name", OFFICE_NAME)
    call_command("setup_disclosure", stdout=_Null(), **kwargs)


def run_setup_command() -> None:
    """The real command for the test office, whatever the database holds."""
    call_command("setup_disclosure", stdout=_Null(), office_name=OFFICE_NAME)


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def disclosure_index() -> DisclosureIndexPage:
    return DisclosureIndexPage.objects.get()


def category(code: str) -> DisclosureCategoryPage:
    return DisclosureCategoryPage.objects.get(code=code)


def make_user(username: str | None = None, **kwargs):
    username = username or f"user{next(_counter)}"
    kwargs.setdefault("email", f"{username}@example.org")
    kwargs.setdefault("password", "pw-" + username)
    return get_user_model().objects.create_user(username=username, **kwargs)


def make_unit(**kwargs) -> Unit:
    n = next(_counter)
    kwargs.setdefault("code", f"unit-{n}")
    kwargs.setdefault("name_th", f"กลุ่มทดสอบ {n}")
    return Unit.objects.create(**kwargs)


def make_item(
    parent: DisclosureCategoryPage,
    *,
    publish: bool = True,
    **kwargs,
) -> DisclosureItemPage:
    """An item under a category, published (with a revision) unless told not to."""
    n = next(_counter)
    kwargs.setdefault("title", f"รายการข้อมูลทดสอบ {n}")
    kwargs.setdefault("slug", f"item-{n}")
    kwargs.setdefault("publication_date", dt.date(2026, 1, 15))
    if "unit" not in kwargs:
        kwargs["unit"] = Unit.objects.order_by("pk").first() or make_unit()
    if not publish:
        kwargs.setdefault("live", False)
    item = DisclosureItemPage(**kwargs)
    parent.add_child(instance=item)
    revision = item.save_revision()
    if publish:
        revision.publish()
        item.refresh_from_db()
    return item


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


# ---- activity photo galleries ---------------------------------------------


def make_jpeg(
    size: tuple[int, int] = (64, 48),
    *,
    color: tuple[int, int, int] = (200, 40, 40),
    gps: bool = False,
    orientation: int | None = None,
) -> bytes:
    """A small JPEG; with ``gps`` it carries GPS, camera serial and XMP metadata."""
    import io

    from PIL import ExifTags, Image

    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    options = {}
    if gps:
        exif[ExifTags.Base.Make] = "TestCam"
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-0042"
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(
            {
                ExifTags.GPS.GPSLatitudeRef: "N",
                ExifTags.GPS.GPSLatitude: (13.0, 45.0, 12.5),
                ExifTags.GPS.GPSLongitudeRef: "E",
                ExifTags.GPS.GPSLongitude: (100.0, 30.0, 6.25),
            }
        )
        options["xmp"] = b"<x:xmpmeta><rdf:Description owner='Somchai'/></x:xmpmeta>"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=80, **options)
    return out.getvalue()


def make_safe_image(**kwargs):
    """A SafeImage with a small generated JPEG."""
    from django.core.files.base import ContentFile

    from photo_gallery.models import SafeImage

    n = next(_counter)
    kwargs.setdefault("title", f"ภาพทดสอบ {n}")
    if "file" not in kwargs:
        kwargs["file"] = ContentFile(make_jpeg(), name=f"photo-{n}.jpg")
    image = SafeImage(**kwargs)
    image.save()
    return image


def gallery_index():
    from photo_gallery.models import GalleryIndexPage

    return GalleryIndexPage.objects.get()


def make_gallery(
    parent=None,
    *,
    photos: int = 0,
    publish: bool = True,
    images: list | None = None,
    **kwargs,
):
    """A gallery under the gallery index with ``photos`` captioned photos (or one
    per image of ``images``), published with a revision unless told not to."""
    from photo_gallery.models import ActivityGalleryPage, GalleryPhoto

    parent = parent or gallery_index()
    n = next(_counter)
    kwargs.setdefault("title", f"ภาพกิจกรรมทดสอบ {n}")
    kwargs.setdefault("slug", f"gallery-{n}")
    kwargs.setdefault("event_date", dt.date(2026, 1, 15))
    if "unit" not in kwargs:
        kwargs["unit"] = Unit.objects.order_by("pk").first() or make_unit()
    if not publish:
        kwargs.setdefault("live", False)
    gallery = ActivityGalleryPage(**kwargs)
    images = (
        images if images is not None else [make_safe_image() for _ in range(photos)]
    )
    gallery.photos = [
        GalleryPhoto(
            image=image,
            sort_order=i,
            caption=f"คำบรรยายภาพ {i + 1}",
            alt_text=f"ข้อความแทนภาพ {i + 1}",
        )
        for i, image in enumerate(images)
    ]
    parent.add_child(instance=gallery)
    revision = gallery.save_revision()
    if publish:
        revision.publish()
        gallery.refresh_from_db()
    return gallery
