"""The gallery index and gallery pages as a visitor and the set-up see them."""

import datetime as dt
import re

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from photo_gallery.models import ActivityGalleryPage, GalleryIndexPage
from tests.conftest import shared_data
from tests.utils import (
    default_site,
    gallery_index,
    make_gallery,
    make_safe_image,
    make_unit,
    run_setup,
)


@pytest.mark.django_db
def test_setup_creates_the_index_once_and_keeps_an_existing_slug():
    root = default_site().root_page
    root.add_child(instance=Page(title="ของเดิม", slug="gallery"))
    run_setup()
    index = gallery_index()
    assert index.get_parent().pk == root.pk
    assert index.slug != "gallery"  # the site's own /gallery/ page is left alone
    assert index.live and GalleryIndexPage.disclosure_workflow_root
    index.title = "ภาพกิจกรรมของสำนักงาน"
    index.save_revision().publish()
    run_setup()
    assert GalleryIndexPage.objects.count() == 1
    assert gallery_index().title == "ภาพกิจกรรมของสำนักงาน"


class TestPageTypes(WagtailPageTestCase):
    def test_parent_and_child_types(self):
        self.assertAllowedSubpageTypes(GalleryIndexPage, {ActivityGalleryPage})
        self.assertAllowedParentPageTypes(ActivityGalleryPage, {GalleryIndexPage})
        self.assertAllowedSubpageTypes(ActivityGalleryPage, set())
        assert ActivityGalleryPage.disclosure_kind == "gallery"
        assert GalleryIndexPage.max_count == 1


@pytest.fixture(scope="module")
def galleries(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        unit_a, unit_b = make_unit(name_th="กลุ่มเอ"), make_unit(name_th="กลุ่มบี")
        old = make_gallery(
            title="ประชุมเดือนกันยายน",
            event_date=dt.date(2025, 9, 20),  # fiscal year 2568
            unit=unit_a,
            photos=2,
        )
        new = make_gallery(
            title="อบรมครูเดือนตุลาคม",
            event_date=dt.date(2025, 10, 3),  # fiscal year 2569
            event_end_date=dt.date(2025, 10, 5),
            place="หอประชุมสำนักงาน",
            photographers="นายถ่าย ภาพดี",
            unit=unit_b,
            photos=3,
        )
        hidden = new.get_latest_revision_as_object()
        photos = list(hidden.photos.all())
        photos[2].show_on_page = False
        hidden.photos = photos
        hidden.save_revision().publish()
        draft = make_gallery(title="ยังไม่เผยแพร่", publish=False, photos=1)
        for _ in range(13):  # enough for a second page of the list
            make_gallery(event_date=dt.date(2024, 5, 1), unit=unit_a)
        yield {"old": old, "new": new, "draft": draft, "a": unit_a, "b": unit_b}


@pytest.mark.django_db
class TestPublicPages:
    def test_index_lists_live_galleries_newest_first_with_thai_dates(
        self, client, galleries
    ):
        response = client.get(gallery_index().url)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("อบรมครูเดือนตุลาคม") < html.index("ประชุมเดือนกันยายน")
        assert "ยังไม่เผยแพร่" not in html
        assert "3 ตุลาคม พ.ศ. 2568" in html
        assert 'rel="next"' in html  # 16 galleries, 12 a page

    @pytest.mark.parametrize(
        ("query", "shown", "not_shown"),
        [
            ({"fiscal_year": "2569"}, "อบรมครู", "ประชุมเดือนกันยายน"),
            ({"month": "9"}, "ประชุมเดือนกันยายน", "อบรมครู"),
        ],
    )
    def test_filters(self, client, galleries, query, shown, not_shown):
        html = client.get(gallery_index().url, query).content.decode()
        assert shown in html and not_shown not in html

    def test_unit_filter(self, client, galleries):
        html = client.get(
            gallery_index().url, {"unit": galleries["b"].pk}
        ).content.decode()
        assert "อบรมครู" in html and "ประชุมเดือนกันยายน" not in html

    @pytest.mark.parametrize(
        "query",
        [
            {"fiscal_year": "abc"},
            {"fiscal_year": "1999"},
            {"unit": "x'; drop"},
            {"unit": "999999"},
            {"month": "13"},
            {"page": "zzz"},
        ],
    )
    def test_malformed_filters_get_a_thai_message_not_an_error(
        self, client, galleries, query
    ):
        response = client.get(gallery_index().url, query)
        assert response.status_code == 200
        html = response.content.decode()
        if "page" not in query:
            assert 'role="alert"' in html
            assert re.search("ไม่|เลือก", html)
        assert "อบรมครูเดือนตุลาคม" in html  # the invalid filter is ignored

    def test_gallery_page(self, client, galleries):
        response = client.get(galleries["new"].url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "3 ตุลาคม พ.ศ. 2568" in html and "5 ตุลาคม พ.ศ. 2568" in html
        assert "หอประชุมสำนักงาน" in html and "นายถ่าย ภาพดี" in html
        # Two of three photos are shown; the hidden one is not.
        assert html.count('class="photo__link"') == 2
        assert "คำบรรยายภาพ 3" not in html
        assert "คำบรรยายภาพ 1" in html and 'alt="ข้อความแทนภาพ 1"' in html
        pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
        assert len(pictures) == 2
        for picture in pictures:
            assert 'type="image/webp"' in picture
            img = re.search(r"<img [^>]*>", picture).group()
            assert "srcset=" in img and "width=" in img and "height=" in img
            assert ".jpg" in re.search(r'src="([^"]+)"', img).group(1)
        assert "data-lightbox" in html and "lightbox.js" in html

    def test_photos_below_the_first_row_load_lazily(self, client, db):
        run_setup()
        gallery = make_gallery(photos=6)
        html = client.get(gallery.url).content.decode()
        imgs = re.findall(r"<img [^>]*>", html)
        assert [('loading="lazy"' in img) for img in imgs[-6:]] == [False] * 4 + [
            True
        ] * 2

    def test_empty_gallery_page(self, client, galleries):
        gallery = make_gallery(photos=0)
        response = client.get(gallery.url)
        assert response.status_code == 200
        assert 'class="empty"' in response.content.decode()


@pytest.mark.django_db
def test_cover_photo_is_the_chosen_one_else_the_first_shown(client):
    run_setup()
    first, second = make_safe_image(), make_safe_image()
    gallery = make_gallery(images=[first, second])
    assert gallery.cover_image_id == first.pk and gallery.photo_count == 2
    draft = gallery.get_latest_revision_as_object()
    photos = list(draft.photos.all())
    photos[1].is_cover = True
    draft.photos = photos
    draft.save_revision().publish()
    gallery.refresh_from_db()
    assert gallery.cover_image_id == second.pk


@pytest.mark.django_db
def test_a_photo_whose_file_is_lost_is_left_out_not_an_error_page(client):
    """As Wagtail's own image tags do, a missing original costs its photo only."""
    import os

    run_setup()
    lost, kept = make_safe_image(), make_safe_image()
    gallery = make_gallery(images=[lost, kept])
    os.remove(lost.file.path)
    lost.renditions.all().delete()

    response = client.get(gallery.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="photo__link"') == 1
    assert "คำบรรยายภาพ 2" in html and "คำบรรยายภาพ 1" not in html
    # The index shows the gallery, with the lost photo as its cover, without one.
    response = client.get(gallery_index().url)
    assert response.status_code == 200
    assert gallery.title in response.content.decode()
