"""Editors' side: drafts may lack captions, submission may not; planning listing;
galleries go to moderation like items; a 300-photo page costs as many queries as a
3-photo one."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from photo_gallery.models import ActivityGalleryPage
from tests.conftest import shared_data
from tests.utils import (
    disclosure_index,
    make_gallery,
    make_safe_image,
    make_user,
    run_setup,
)


@pytest.fixture
def editor_client(client, db):
    run_setup()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def edit_form(client, gallery):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[gallery.pk]))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def photos_form(client, gallery):
    response = client.get(reverse("photo_gallery:photos", args=[gallery.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="gallery-photos-form")
    data = data.copy()
    for key in list(data):
        # A ticked box without a value attribute: a browser sends "on".
        if key.endswith("-show") and data[key] == "":
            data[key] = "on"
    return data


def save_photos(client, gallery, data):
    return client.post(reverse("photo_gallery:photos", args=[gallery.pk]), data)


def submit(client, gallery):
    data = edit_form(client, gallery)
    data["action-submit"] = "Submit"
    return client.post(reverse("wagtailadmin_pages:edit", args=[gallery.pk]), data)


def test_draft_without_captions_saves_but_submission_is_refused(editor_client):
    gallery = make_gallery(publish=False, photos=2)
    data = photos_form(editor_client, gallery)
    data["photo-0-caption"] = ""
    data["photo-1-alt_text"] = ""
    assert save_photos(editor_client, gallery, data).status_code == 302
    gallery.refresh_from_db()
    draft = gallery.get_latest_revision_as_object()
    assert [p.caption for p in draft.ordered_photos()] == ["", "คำบรรยายภาพ 2"]

    response = submit(editor_client, gallery)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ต้องมีคำบรรยายภาพทุกภาพก่อนส่งขออนุญาตเผยแพร่" in html
    assert "ภาพที่ 1" in html
    assert "ต้องมีข้อความแทนภาพทุกภาพ" in html
    gallery.refresh_from_db()
    assert not gallery.workflow_in_progress
    # The photo page tells the editor what is missing, too.
    page = editor_client.get(reverse("photo_gallery:photos", args=[gallery.pk]))
    assert "ต้องมีคำบรรยายภาพทุกภาพ" in page.content.decode()


def test_gallery_with_captions_is_submitted_for_approval(editor_client):
    gallery = make_gallery(publish=False, photos=2)
    response = submit(editor_client, gallery)
    assert response.status_code == 302, response.content.decode()[:3000]
    gallery.refresh_from_db()
    assert gallery.workflow_in_progress
    # The same approval workflow as the disclosure items.
    assert gallery.get_workflow() == disclosure_index().get_workflow()
    # Saving the page in Wagtail's editor keeps the photos of the draft.
    assert len(gallery.get_latest_revision_as_object().photos.all()) == 2


def test_a_planned_gallery_without_photos_cannot_be_submitted(editor_client):
    gallery = make_gallery(publish=False)
    response = submit(editor_client, gallery)
    assert response.status_code == 200
    assert "อย่างน้อยหนึ่งภาพ" in response.content.decode()


def test_photos_are_reordered_captioned_hidden_removed_and_one_is_the_cover(
    editor_client,
):
    gallery = make_gallery(photos=4)
    first, second, third, fourth = (p.image_id for p in gallery.ordered_photos())
    data = photos_form(editor_client, gallery)
    data["photo-0-order"] = "5"  # the first photo moves to the end
    data["photo-1-caption"] = "ครูและนักเรียนร่วมกิจกรรม"
    data["photo-2-remove"] = "on"
    del data["photo-3-show"]
    data["cover"] = "1"
    assert save_photos(editor_client, gallery, data).status_code == 302

    gallery.refresh_from_db()
    draft = gallery.get_latest_revision_as_object()
    photos = draft.ordered_photos()
    assert [p.image_id for p in photos] == [second, fourth, first]
    assert photos[0].caption == "ครูและนักเรียนร่วมกิจกรรม" and photos[0].is_cover
    assert [p.show_on_page for p in photos] == [True, False, True]
    # A live gallery changes only in its draft until it is published again.
    assert gallery.photos.count() == 4
    draft.save_revision().publish()
    gallery.refresh_from_db()
    assert gallery.cover_image_id == second and gallery.photo_count == 2


@pytest.mark.parametrize(
    "forge",
    [
        {"photo-count": "7"},
        {"photo-0-image": "999999"},
        {"photo-0-order": "first"},
        {"photo-0-caption": "ก" * 501},
        {"revision": "1"},
    ],
)
def test_a_forged_or_stale_photo_form_saves_nothing(editor_client, forge):
    gallery = make_gallery(publish=False, photos=2)
    data = photos_form(editor_client, gallery)
    data["photo-1-caption"] = "เปลี่ยนแล้ว"
    data.update(forge)
    revisions = gallery.revisions.count()
    response = save_photos(editor_client, gallery, data)
    assert response.status_code == 409
    assert re.search("[\u0e00-\u0e7f]", response.content.decode())
    assert gallery.revisions.count() == revisions


def test_a_second_click_on_save_is_not_reported_as_lost(editor_client):
    gallery = make_gallery(publish=False, photos=2)
    data = photos_form(editor_client, gallery)
    data["photo-0-caption"] = "บันทึกครั้งเดียว"
    revisions = gallery.revisions.count()
    assert save_photos(editor_client, gallery, data).status_code == 302
    # The same form arrives again (a double click): it is saved already.
    response = save_photos(editor_client, gallery, data)
    assert response.status_code == 302
    assert gallery.revisions.count() == revisions + 1
    # A different form on the old revision (Back, then another change) is refused.
    data["photo-0-caption"] = "เปลี่ยนอีกครั้ง"
    assert save_photos(editor_client, gallery, data).status_code == 409
    draft = ActivityGalleryPage.objects.get(pk=gallery.pk)
    draft = draft.get_latest_revision_as_object()
    assert draft.ordered_photos()[0].caption == "บันทึกครั้งเดียว"


def test_the_photo_page_of_300_photos_is_light(editor_client, small_and_large):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("photo_gallery:photos", args=[small_and_large["large"].pk])
    editor_client.get(url)  # creates the thumbnails
    counts = {}
    for name, gallery in small_and_large.items():
        url = reverse("photo_gallery:photos", args=[gallery.pk])
        editor_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url)
        counts[name] = len(queries)
    assert response.content.decode().count("data-photo-row") == 300
    assert counts["large"] == counts["small"], counts


def test_end_date_before_start_is_refused(editor_client):
    gallery = make_gallery(publish=False, photos=1)
    data = edit_form(editor_client, gallery)
    data["event_end_date"] = "2026-01-01"  # the gallery is on 15 January 2026
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[gallery.pk]), data
    )
    assert response.status_code == 200
    assert ActivityGalleryPage.objects.get(pk=gallery.pk).event_end_date is None


def test_planning_lists_upcoming_by_date_and_past_without_photos(editor_client):
    today = timezone.localdate()
    make_gallery(title="ปีหน้า", event_date=today + dt.timedelta(days=40))
    make_gallery(title="พรุ่งนี้", event_date=today + dt.timedelta(days=1))
    make_gallery(title="ผ่านไปไม่มีภาพ", event_date=today - dt.timedelta(days=3))
    make_gallery(title="ผ่านไปมีภาพ", event_date=today - dt.timedelta(days=3), photos=1)
    response = editor_client.get(reverse("photo_gallery:planning"))
    assert response.status_code == 200
    html = response.content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert upcoming.index("พรุ่งนี้") < upcoming.index("ปีหน้า")
    assert "ผ่านไปไม่มีภาพ" in past and "ผ่านไปมีภาพ" not in html
    menu = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("photo_gallery:planning") in menu


@pytest.fixture(scope="module")
def small_and_large(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        images = [make_safe_image() for _ in range(300)]
        yield {
            "small": make_gallery(images=images[:3]),
            "large": make_gallery(images=images),
        }


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_photos(client, small_and_large):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, gallery in small_and_large.items():
        client.get(gallery.url)  # creates the renditions once
        # Both start from a cold cache: the large page's renditions would have
        # pushed other entries out of the small local-memory cache.
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(gallery.url)
        assert response.status_code == 200
        counts[name] = len(queries)
    html = response.content.decode()
    assert html.count('class="photo__link"') == 300
    assert counts["large"] == counts["small"], counts
