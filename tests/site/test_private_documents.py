"""Documents are reached only through Wagtail's document view, which checks the
collection's privacy and counts the download: never under a public media URL."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from reporting.models import DocumentDownloadCount

pytestmark = [
    pytest.mark.django_db,
    # The site's URLs as the development server (DEBUG) has them, /media/ included.
    pytest.mark.urls("tests.photo_gallery.media_urls"),
]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
PDF = b"%PDF-1.4\n" + b"0" * 256


def make_document(title: str, name: str, collection=None):
    kwargs = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=title, file=ContentFile(PDF, name=name), **kwargs
    )


def private_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="เอกสารภายใน")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="login"
    )
    return collection


def media_url(document) -> str:
    """Where the file lies under MEDIA_URL (documents/<name>)."""
    return settings.MEDIA_URL + document.file.name


def test_a_private_document_is_refused_under_media_too(client):
    document = make_document("บันทึกภายใน", "internal.pdf", private_collection())
    assert (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes() == PDF

    refused = client.get(document.url, HTTP_USER_AGENT=BROWSER)
    assert refused.status_code == 302  # to the login page
    assert "/login/" in refused["Location"]
    assert client.get(media_url(document)).status_code == 404
    assert not DocumentDownloadCount.objects.exists()


def test_a_public_document_is_downloaded_through_the_view_and_counted(client):
    document = make_document("ประกาศผู้ชนะการเสนอราคา", "winner.pdf")
    # Another test may have stored a winner.pdf first: the storage then adds a suffix.
    assert document.url == f"/documents/{document.pk}/{Path(document.file.name).name}"
    # Not under /media/ either: the view is the only way, so every download counts.
    assert client.get(media_url(document)).status_code == 404
    assert client.get("/media/documents/").status_code == 404

    response = client.get(document.url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert list(DocumentDownloadCount.objects.values_list("downloads", flat=True)) == [
        1
    ]


@pytest.mark.parametrize("folder", ["images", "avatar_images"])
def test_renditions_and_avatars_are_still_served(client, folder):
    root = Path(settings.MEDIA_ROOT) / folder
    root.mkdir(parents=True, exist_ok=True)
    (root / "probe.jpg").write_bytes(b"jpeg")
    assert client.get(f"/media/{folder}/probe.jpg").status_code == 200


@pytest.mark.parametrize(
    "folder", ["documents", "original_images", "uploaded_files", "backups", ""]
)
def test_no_other_media_folder_is_served(client, folder):
    # Only the allowed folders are public, so a folder added later (a holding
    # area, an export) is private until someone decides otherwise.
    root = Path(settings.MEDIA_ROOT) / folder
    root.mkdir(parents=True, exist_ok=True)
    (root / "probe.pdf").write_bytes(PDF)
    path = f"{folder}/probe.pdf" if folder else "probe.pdf"
    assert client.get(f"/media/{path}").status_code == 404
    assert client.get(f"/media/images/../{path}").status_code == 404


@override_settings(DEBUG=False)
def test_a_document_without_a_local_path_is_streamed_not_redirected(
    client, monkeypatch
):
    # A storage that offers only a URL (object storage) would make Wagtail's
    # default redirect the visitor to the file's own, public URL.
    def no_local_path(self):
        raise NotImplementedError("This storage has no local path.")

    monkeypatch.setattr(FieldFile, "path", property(no_local_path))
    document = make_document("รายงานประจำปี", "annual.pdf")
    response = client.get(document.url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert DocumentDownloadCount.objects.get().downloads == 1
