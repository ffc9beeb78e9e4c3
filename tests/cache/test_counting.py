"""Views keep being counted once per visitor and day when the page comes from the
cache; a hit by a visitor counted today makes no database query at all (with the
page cache and the counters in Redis, as in production)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from reporting.models import DocumentDownloadCount, PageViewCount
from tests.cache.conftest import Visitor, cache_status
from tests.conftest import shared_data
from tests.utils import category, make_gallery, make_item, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        document = get_document_model().objects.create(
            title="ประกาศผลการคัดเลือก",
            file=ContentFile(b"%PDF-1.4\n" + b"0" * 400, name="result.pdf"),
        )
        item = make_item(
            category("1.9"),
            title="ประกาศผลการคัดเลือกบุคคล",
            body=[
                ("document", {"document": document, "title": "", "accessible": True})
            ],
        )
        yield {"item": item, "gallery": make_gallery(photos=1), "document": document}


@pytest.fixture
def data(module_data, db):
    return module_data


def views(page) -> int:
    return sum(PageViewCount.objects.filter(page=page).values_list("views", flat=True))


@pytest.mark.parametrize("kind", ["item", "gallery"])
def test_each_visitor_is_counted_once_a_day_on_cached_hits(data, kind):
    page = data[kind]
    first, second = Visitor(), Visitor(agent="Mozilla/5.0 (iPhone) Safari/604.1")
    assert cache_status(first.get(page.url)) == "miss"
    assert views(page) == 1
    assert cache_status(first.get(page.url)) == "hit"  # the same click again
    assert views(page) == 1
    assert cache_status(second.get(page.url)) == "hit"  # another visitor
    assert views(page) == 2
    assert cache_status(second.get(page.url)) == "hit"
    assert views(page) == 2


def test_robots_and_head_requests_are_served_but_not_counted(data):
    page = data["item"]
    Visitor().get(page.url)
    assert views(page) == 1
    robot = Visitor(agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    assert cache_status(robot.get(page.url)) == "hit"
    assert (
        cache_status(Visitor(agent="Mozilla/5.0 (X11) Chrome/131").head(page.url))
        == "hit"
    )
    assert views(page) == 1


def test_downloads_are_counted_as_before(data, visitor):
    document = data["document"]
    url = document.url
    assert "X-Disclosure-Cache" not in visitor.get(url)
    visitor.get(url)
    assert DocumentDownloadCount.objects.get(document=document).downloads == 1
    Visitor(agent="Mozilla/5.0 (iPad) Safari/604.1").get(url)
    assert DocumentDownloadCount.objects.get(document=document).downloads == 2


def test_a_cached_hit_by_a_visitor_counted_today_makes_no_database_query(
    data, redis_caches, visitor, django_assert_num_queries
):
    page = data["item"]
    assert cache_status(visitor.get(page.url)) == "miss"
    with django_assert_num_queries(0):
        response = visitor.get(page.url)
    assert response.status_code == 200 and cache_status(response) == "hit"
    assert "ประกาศผลการคัดเลือกบุคคล" in response.content.decode()
    assert views(page) == 1
    # A new visitor's hit is counted, in the database as ever.
    Visitor(agent="Mozilla/5.0 (iPhone) Safari/604.1").get(page.url)
    assert views(page) == 2


def test_the_database_cache_serves_a_site_without_redis(data, visitor, settings):
    """Without REDIS_URL the page cache is a table every process shares."""
    from django.core.management import call_command

    from moderation import public_cache

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "disclosure_page_cache",
        },
    }
    settings.DISCLOSURE_PAGE_CACHE = "pages"
    call_command("createcachetable", verbosity=0)
    page = data["item"]
    assert cache_status(visitor.get(page.url)) == "miss"
    assert cache_status(visitor.get(page.url)) == "hit"
    public_cache.purge_public_cache("test")
    assert cache_status(visitor.get(page.url)) == "miss"
    assert views(page) == 1
