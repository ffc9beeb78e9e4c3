"""Many photos into a gallery at once: bad files are refused one by one with a
Thai message naming them, the others are added, and nothing is half-saved."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from photo_gallery.models import ActivityGalleryPage, GalleryPhoto, SafeImage
from tests.utils import make_gallery, make_jpeg, make_user, run_setup

THAI = re.compile("[\u0e00-\u0e7f]")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def decompression_bomb_png(side: int = 30_000) -> bytes:
    """A valid side × side one-bit PNG of zeros: about 100 KB on disk, 900 MP."""
    row = b"\x00" * (1 + side // 8 + 1)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side))
    body += compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", body)
        + png_chunk(b"IEND", b"")
    )


def noisy_jpeg(size=(240, 180)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


BAD_FILES = {
    "not_image": ("รายงาน.jpg", b"%PDF-1.4 this is a document, not a photo\n" * 20),
    "truncated": ("cut-short.jpg", noisy_jpeg()[:2500]),
    "bomb": ("bomb.png", decompression_bomb_png()),
    "empty": ("empty.jpg", b""),
    "too_big": ("huge.jpg", noisy_jpeg((400, 300))),
    "svg_script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "heic": ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1"),
    "svg_renamed": (
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
}


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def editor_client(client, db):
    run_setup()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def upload(client, gallery, *files, json=True):
    return client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
        **({"HTTP_ACCEPT": "application/json"} if json else {}),
    )


@pytest.mark.parametrize("kind", list(BAD_FILES))
@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=20_000)
def test_bad_upload_is_refused_by_name_and_the_rest_is_added(editor_client, kind):
    gallery = make_gallery(publish=False)
    name, data = BAD_FILES[kind]
    good = make_jpeg()
    assert len(good) < 20_000
    if kind == "too_big":
        assert len(data) > 20_000
    files_before, images_before = stored_files(), SafeImage.objects.count()

    response = upload(
        editor_client, gallery, ("first.jpg", good), (name, data), ("last.jpg", good)
    )

    assert response.status_code == 200
    first, bad, last = response.json()["results"]
    assert first["ok"] and last["ok"]
    assert not bad["ok"]
    assert name in bad["message"] and THAI.search(bad["message"]), bad["message"]
    # Two photos in the draft, two images, two stored files: nothing of the bad one.
    assert SafeImage.objects.count() == images_before + 2
    new_files = stored_files() - files_before
    assert len(new_files) == 2, new_files
    assert all(f.startswith("original_images/") for f in new_files)
    draft = ActivityGalleryPage.objects.get(pk=gallery.pk)
    assert [p.image.title for p in draft.photos.order_by("sort_order")] == [
        "first",
        "last",
    ]


def test_a_file_that_fails_after_it_is_stored_leaves_nothing(
    editor_client, monkeypatch
):
    gallery = make_gallery(publish=False)
    files_before = stored_files()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ActivityGalleryPage, "save_revision", broken)
    response = upload(editor_client, gallery, ("photo.jpg", make_jpeg()))
    assert response.status_code == 400
    result = response.json()["results"][0]
    assert not result["ok"] and "photo.jpg" in result["message"]
    assert SafeImage.objects.count() == 0 and GalleryPhoto.objects.count() == 0
    assert stored_files() == files_before


def test_wagtail_multiple_upload_refuses_a_truncated_jpeg(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("cut.jpg", BAD_FILES["truncated"][1])},
    )
    data = response.json()
    assert not data["success"] and "cut.jpg" in data["error_message"]
    assert SafeImage.objects.count() == 0


def test_without_javascript_all_files_go_in_one_request(editor_client):
    gallery = make_gallery(publish=False)
    response = upload(
        editor_client,
        gallery,
        ("a.jpg", make_jpeg()),
        ("b.txt", b"text"),
        json=False,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "a.jpg" in html and "b.txt" in html
    assert GalleryPhoto.objects.filter(page=gallery).count() == 1


def test_one_upload_session_makes_one_revision_and_marks_the_gallery_shot(
    editor_client,
):
    gallery = make_gallery(publish=False)
    revisions_before = gallery.revisions.count()
    for n in range(3):
        upload(editor_client, gallery, (f"p{n}.jpg", make_jpeg()))
    gallery.refresh_from_db()
    assert gallery.revisions.count() == revisions_before + 1
    draft = gallery.get_latest_revision_as_object()
    assert [p.sort_order for p in draft.photos.all()] == [0, 1, 2]
    assert gallery.status == "shot"
    # Uploaded photos wait for captions: shown, but without text yet.
    assert all(p.show_on_page and not p.caption for p in draft.photos.all())


def test_uploads_to_a_live_gallery_go_to_a_draft(editor_client, client):
    gallery = make_gallery(photos=1)
    upload(editor_client, gallery, ("new.jpg", make_jpeg()))
    gallery.refresh_from_db()
    assert gallery.has_unpublished_changes
    assert len(gallery.get_latest_revision_as_object().photos.all()) == 2
    assert gallery.photos.count() == 1  # the live page still shows one
    html = client.get(gallery.url).content.decode()
    assert html.count('class="photo__link"') == 1


def test_only_editors_of_the_gallery_may_upload(client, db):
    run_setup()
    gallery = make_gallery(publish=False)
    client.force_login(make_user())
    response = upload(client, gallery, ("a.jpg", make_jpeg()))
    assert response.status_code in (302, 403)
    assert SafeImage.objects.count() == 0


def test_upload_page_and_buttons(editor_client):
    gallery = make_gallery(publish=False)
    url = reverse("photo_gallery:photos", args=[gallery.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and "multiple" in html and "upload.js" in html
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[gallery.pk]))
    assert url in edit.content.decode()
