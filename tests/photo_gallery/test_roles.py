"""Editors of a gallery's unit manage its photos; editors of another unit cannot."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moderation.models import Unit
from photo_gallery.models import SafeImage
from tests.utils import make_gallery, make_jpeg, make_user, run_setup


@pytest.mark.django_db
def test_only_the_units_editors_manage_its_gallery_photos(client):
    run_setup()
    policy, finance = Unit.objects.get(code="policy"), Unit.objects.get(code="finance")
    own, other = make_user("editor_policy"), make_user("editor_finance")
    policy.members.add(own)
    finance.members.add(other)
    gallery = make_gallery(unit=policy, publish=False)
    url = reverse("photo_gallery:photos", args=[gallery.pk])

    client.force_login(other)
    assert client.get(url).status_code in (302, 403)
    client.force_login(own)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"files": SimpleUploadedFile("a.jpg", make_jpeg())},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["results"][0]["ok"], response.content
    assert SafeImage.objects.get().uploaded_by_user == own


@pytest.mark.django_db
def test_other_units_people_and_visitors_change_nothing(client):
    """With the roles the set-up gives: another unit's editor and approver, and an
    anonymous visitor, neither see nor change the photos; the unit's director may."""
    from tests.moderation.office import build_office

    office = build_office()
    gallery = make_gallery(unit=office.unit_a, publish=False, photos=1)
    url = reverse("photo_gallery:photos", args=[gallery.pk])
    revisions = gallery.revisions.count()
    save = {"revision": str(gallery.latest_revision_id), "photo-count": "1"}
    for person in (None, office.editor_b, office.director_b, office.committee):
        client.logout()
        if person:
            client.force_login(person)
        assert client.get(url).status_code in (302, 403)
        upload = {"files": SimpleUploadedFile("a.jpg", make_jpeg())}
        assert client.post(url, upload).status_code in (302, 403)
        assert client.post(url, save).status_code in (302, 403)
    assert SafeImage.objects.count() == 1
    assert gallery.revisions.count() == revisions

    client.force_login(office.director_a)
    response = client.post(
        url,
        {"files": SimpleUploadedFile("b.jpg", make_jpeg())},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["results"][0]["ok"], response.content
