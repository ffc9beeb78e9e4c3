"""The gallery's photos page: its header names the gallery under its section, and
the photo list that the upload script reads again after an upload (the part marked
data-photos-section) already holds the photos just added."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.utils import make_gallery, make_jpeg, make_user, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    run_setup()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def photos_section(html: str) -> str:
    return re.search(
        r"<section[^>]*data-photos-section.*?</section>", html, re.S
    ).group()


def test_the_header_names_the_gallery(editor_client):
    gallery = make_gallery(title="กีฬาสีสำนักงาน ๒๕๖๙")
    html = editor_client.get(reverse("photo_gallery:photos", args=[gallery.pk]))
    html = html.content.decode()
    header = re.search(r"<header.*?</header>", html, re.S).group()
    assert "กีฬาสีสำนักงาน ๒๕๖๙" in header
    assert gallery.get_parent().title in header
    assert re.search(r"<title>[^<]*กีฬาสีสำนักงาน ๒๕๖๙", html)


def test_the_list_read_after_an_upload_holds_the_new_photos(editor_client):
    gallery = make_gallery()
    url = reverse("photo_gallery:photos", args=[gallery.pk])
    before = photos_section(editor_client.get(url).content.decode())
    assert "ฉบับร่างมี 0 ภาพ" in before
    response = editor_client.post(
        url,
        {"files": [SimpleUploadedFile(f"p{n}.jpg", make_jpeg()) for n in range(2)]},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    after = photos_section(editor_client.get(url).content.decode())
    assert "ฉบับร่างมี 2 ภาพ" in after
    assert len(re.findall(r"data-photo-row", after)) == 2
    # The form in it carries the draft's new revision, so saving captions there
    # right away is not refused as out of date.
    gallery.refresh_from_db()
    assert f'name="revision" value="{gallery.latest_revision_id}"' in after
