"""Originals are not publicly browsable on the development server."""

from pathlib import Path

from django.conf import settings
from django.test import override_settings


@override_settings(ROOT_URLCONF="tests.photo_gallery.media_urls")
def test_renditions_are_served_and_originals_are_not(client, db):
    root = Path(settings.MEDIA_ROOT)
    for folder in ("original_images", "images", "uploaded_files"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "probe.jpg").write_bytes(b"jpeg")
    assert client.get("/media/images/probe.jpg").status_code == 200
    assert client.get("/media/original_images/probe.jpg").status_code == 404
    assert client.get("/media/uploaded_files/probe.jpg").status_code == 404
    assert client.get("/media/images/../original_images/probe.jpg").status_code == 404
    assert client.get("/media/original_images/").status_code == 404
    assert (
        client.get("/media/images/%2e%2e/original_images/probe.jpg").status_code == 404
    )
