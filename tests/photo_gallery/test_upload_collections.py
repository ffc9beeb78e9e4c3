"""No upload stores a file that has not been stripped, whatever the collection sent.

Wagtail's multiple upload keeps a file whose form fails on another field than the
file (a collection that does not exist, or one the person may not add to) as an
"uploaded file" in ``wagtail_uploads/``, untouched, to be finished later: with GPS
and XMP, in a folder a web server may serve. Such an upload is refused instead,
with a Thai message, and leaves no row and no file.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, UploadedFile

from moderation.models import Unit
from photo_gallery.models import SafeImage
from tests.utils import make_gallery, make_jpeg, make_user, run_setup

THAI = re.compile("[\u0e00-\u0e7f]")
GPS_JPEG = make_jpeg((80, 60), gps=True)


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def add_collection_permission(group: Group, collection: Collection, *codenames):
    for codename in codenames:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )


@pytest.fixture
def units(db):
    """Two units' collections under the root; an editor who may add images to the
    whole tree, and one who may add only to unit A's collection (and its child)."""
    run_setup()
    root = Collection.get_first_root_node()
    unit_a = root.add_child(name="กลุ่มนโยบายและแผน")
    unit_a_events = unit_a.add_child(name="กิจกรรมกลุ่มนโยบายและแผน")
    unit_b = root.add_child(name="กลุ่มบริหารงานการเงิน")
    everywhere = make_user(is_staff=True)
    group = Group.objects.create(name="image editors everywhere")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    add_collection_permission(group, root, "add_image", "choose_image")
    everywhere.groups.add(group)
    only_a = make_user(is_staff=True)
    group_a = Group.objects.create(name="image editors of unit A")
    group_a.permissions.add(Permission.objects.get(codename="access_admin"))
    add_collection_permission(group_a, unit_a, "add_image", "choose_image")
    only_a.groups.add(group_a)
    return {
        "a": unit_a,
        "a_events": unit_a_events,
        "b": unit_b,
        "everywhere": everywhere,
        "only_a": only_a,
    }


def multiple_upload(client, collection, name="gps.jpg"):
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": SimpleUploadedFile(name, GPS_JPEG),
            "collection": collection,
            "title": name,
        },
    )


@pytest.mark.parametrize("collection", ["", "999", "abc"])
def test_multiple_upload_to_a_collection_that_does_not_exist_is_refused(
    client, units, collection
):
    client.force_login(units["everywhere"])
    before = stored_files()

    response = multiple_upload(client, collection)

    data = response.json()
    assert data["success"] is False, data
    assert THAI.search(data["error_message"]), data["error_message"]
    assert "gps.jpg" in data["error_message"]
    assert not UploadedFile.objects.exists()
    assert not SafeImage.objects.exists()
    assert stored_files() == before


def test_multiple_upload_to_another_units_collection_is_refused(client, units):
    client.force_login(units["only_a"])
    before = stored_files()

    response = multiple_upload(client, units["b"].pk)

    data = response.json()
    assert data["success"] is False, data
    assert THAI.search(data["error_message"]), data["error_message"]
    assert not UploadedFile.objects.exists()
    assert not SafeImage.objects.exists()
    assert stored_files() == before


def test_multiple_upload_to_a_permitted_collection_is_stored_stripped(client, units):
    client.force_login(units["only_a"])
    before = stored_files()

    response = multiple_upload(client, units["a_events"].pk)

    assert response.json()["success"] is True, response.content
    image = SafeImage.objects.get()
    assert image.collection == units["a_events"]
    stored = Path(image.file.path).read_bytes()
    assert b"Exif" not in stored and b"Somchai" not in stored
    assert not UploadedFile.objects.exists()
    new_files = stored_files() - before
    assert [f.split("/")[0] for f in new_files] == ["original_images"], new_files


@pytest.mark.parametrize("collection", ["", "999", "abc", "other unit"])
def test_single_upload_and_chooser_upload_store_nothing_when_refused(
    client, units, collection
):
    client.force_login(units["only_a"])
    if collection == "other unit":
        collection = units["b"].pk
    before = stored_files()
    single = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "gps",
            "file": SimpleUploadedFile("gps.jpg", GPS_JPEG),
            "collection": collection,
        },
    )
    chooser = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "gps",
            "image-chooser-upload-file": SimpleUploadedFile("gps.jpg", GPS_JPEG),
            "image-chooser-upload-collection": collection,
        },
    )
    assert single.status_code == 200  # the form again, with the error
    assert chooser.status_code == 200
    assert chooser.json()["step"] == "reshow_creation_form"
    assert not SafeImage.objects.exists() and not UploadedFile.objects.exists()
    assert stored_files() == before


def test_gallery_upload_stores_in_a_collection_the_person_may_add_to(client, units):
    policy = Unit.objects.get(code="policy")
    policy.members.add(units["only_a"])
    # An administrator gave each unit its own collection: the roles no longer add
    # images to the root.
    GroupCollectionPermission.objects.filter(
        collection=Collection.get_first_root_node(), permission__codename="add_image"
    ).delete()
    gallery = make_gallery(unit=policy, publish=False)
    client.force_login(units["only_a"])
    before = stored_files()

    response = client.post(
        reverse("photo_gallery:photos", args=[gallery.pk]),
        {"files": SimpleUploadedFile("gps.jpg", GPS_JPEG), "collection": "abc"},
        HTTP_ACCEPT="application/json",
    )

    assert response.json()["results"][0]["ok"], response.content
    image = SafeImage.objects.get()
    # Not the root, where this person may not add images: their own collection.
    assert image.collection == units["a"]
    assert b"Somchai" not in Path(image.file.path).read_bytes()
    new_files = stored_files() - before
    assert [f.split("/")[0] for f in new_files] == ["original_images"], new_files


def test_a_held_upload_is_stripped_when_its_form_is_finished(client, units):
    """An uploaded file kept before this fix (or by another path) becomes an image
    only through SafeImage.save: the raw file is removed from the holding folder
    and the image stored stripped."""
    client.force_login(units["everywhere"])
    before = stored_files()
    upload = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(SafeImage),
        file=SimpleUploadedFile("held.jpg", GPS_JPEG),
        uploaded_by_user=units["everywhere"],
    )
    prefix = f"uploaded-image-{upload.pk}"
    response = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload.pk]),
        {f"{prefix}-title": "held", f"{prefix}-collection": units["a"].pk},
    )
    assert response.json()["success"], response.content
    image = SafeImage.objects.get()
    assert b"Somchai" not in Path(image.file.path).read_bytes()
    assert not UploadedFile.objects.exists()
    new_files = stored_files() - before
    assert [f.split("/")[0] for f in new_files] == ["original_images"], new_files


@override_settings(ROOT_URLCONF="tests.photo_gallery.media_urls")
def test_the_holding_folder_is_not_served(client, db):
    root = Path(settings.MEDIA_ROOT) / "wagtail_uploads"
    root.mkdir(parents=True, exist_ok=True)
    (root / "probe.jpg").write_bytes(GPS_JPEG)
    assert client.get("/media/wagtail_uploads/probe.jpg").status_code == 404
    assert client.get("/media/images/../wagtail_uploads/probe.jpg").status_code == 404
