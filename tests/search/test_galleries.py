"""Activity galleries in the site search, the galleries feed and the poster."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from moderation.models import Unit
from tests.conftest import shared_data
from tests.utils import make_gallery, run_setup


@pytest.fixture(scope="module")
def galleries(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        unit = Unit.objects.get(code="promotion")
        yield {
            "reading": make_gallery(
                title="กิจกรรมส่งเสริมการอ่าน",
                description="นักเรียนร่วมกิจกรรมรักการอ่านในห้องสมุดโรงเรียน",
                place="โรงเรียนบ้านหนองแวง",
                event_date=dt.date(2026, 2, 14),
                unit=unit,
                photos=2,
            ),
            "draft": make_gallery(title="กิจกรรมรักการอ่านร่าง", publish=False),
        }


@pytest.mark.django_db
def test_gallery_found_by_thai_words(galleries, client):
    response = client.get("/search/", {"q": "รักการอ่าน"})
    found = [r["page"].title for r in response.context["results"]]
    assert found == [galleries["reading"].title]
    response = client.get(
        "/search/", {"q": "ห้องสมุด", "unit": "promotion", "fiscal_year": "2569"}
    )
    assert [r["page"].title for r in response.context["results"]] == [
        galleries["reading"].title
    ]


@pytest.mark.django_db
def test_galleries_feed_has_pictures(galleries, client):
    response = client.get("/feeds/galleries/rss/")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    items = list(root.iter("item"))
    assert [i.findtext("title") for i in items] == [galleries["reading"].title]
    assert items[0].find("enclosure").get("type") == "image/jpeg"
    atom = client.get("/feeds/galleries/atom/").content.decode()
    assert 'rel="enclosure"' in atom


@pytest.mark.django_db
def test_a_gallery_without_description_is_dated_in_the_buddhist_era(galleries, client):
    make_gallery(title="กิจกรรมวันครู", event_date=dt.date(2026, 1, 16), photos=1)
    root = ET.fromstring(client.get("/feeds/galleries/rss/").content)  # noqa: S314
    descriptions = {
        item.findtext("title"): item.findtext("description")
        for item in root.iter("item")
    }
    assert descriptions["กิจกรรมวันครู"] == "16 มกราคม พ.ศ. 2569"


@pytest.mark.django_db
def test_gallery_poster_and_share_card(galleries, client):
    gallery = galleries["reading"]
    response = client.get(f"/poster/{gallery.pk}/")
    assert response.status_code == 200
    assert gallery.title in response.content.decode()
    assert client.get(f"/poster/{galleries['draft'].pk}/").status_code == 404
    html = client.get(gallery.url).content.decode()
    assert 'property="og:image" content="http://testserver/media/' in html
