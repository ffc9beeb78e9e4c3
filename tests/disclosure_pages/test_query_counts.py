"""The public listings cost the same number of queries for 100 items as for 10,000.

Each test measures its pages at the small size, adds items with the bulk helper, then
requires every page at the large size to stay within the small size's count. The
pages are requested once before measuring so warm caches (content types, site root
paths) do not pad the small count. A page of 20 rows must also cost no more than a
page of one row, which catches a query per row that a fixed page size would hide.
"""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from disclosure_pages.models import DisclosureItemPage
from disclosure_thai.dates import fiscal_year
from moderation.models import Unit
from tests.bulk import bulk_create_items
from tests.utils import category, make_item

SMALL = 101  # six pages of 20, the last holding a single item
LARGE = 10_000


def query_counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def assert_within(client, django_assert_max_num_queries, urls, small_counts):
    for name, url in urls.items():
        with django_assert_max_num_queries(small_counts[name]):
            response = client.get(url)
        assert response.status_code == 200, (name, url)


@pytest.fixture
def units(disclosure):
    """Three units, so a unit filter still finds items among 100."""
    return list(Unit.objects.order_by("sort_order", "pk")[:3])


class TestBulkCreateItems:
    def test_items_are_valid_live_public_pages(self, client, disclosure, units):
        procurement = category("1.9")
        assert bulk_create_items(procurement, 30, units=units) == 30
        assert bulk_create_items(procurement, 20, units=units[:1], live=False) == 20

        assert procurement.get_children().count() == 50
        assert procurement.numchild == 50
        assert all(problems == [] for problems in Page.find_problems())
        items = DisclosureItemPage.objects.child_of(procurement)
        assert items.live().public().count() == 30
        assert len(set(items.values_list("slug", flat=True))) == 50
        assert {item.unit_id for item in items.live()} == {u.pk for u in units}
        for item in items:
            assert item.fiscal_year == fiscal_year(item.publication_date)
            assert item.fiscal_year in (2568, 2569)
            assert item.url_path == f"{procurement.url_path}{item.slug}/"

        item = items.live().first()
        response = client.get(item.url)
        assert response.status_code == 200
        assert response.context["page"] == item
        draft = items.filter(live=False).first()
        assert client.get(draft.url).status_code == 404

    def test_continues_after_children_added_the_usual_way(self, disclosure, units):
        procurement = category("1.9")
        make_item(procurement, slug="item-1", publication_date=dt.date(2025, 1, 5))
        bulk_create_items(procurement, 5, units=units)

        assert procurement.get_children().count() == 6
        assert all(problems == [] for problems in Page.find_problems())


def test_category_page_queries_do_not_grow_with_items(
    client, disclosure, units, django_assert_max_num_queries
):
    procurement = category("1.9")
    bulk_create_items(procurement, SMALL, units=units)
    filtered = {"fiscal_year": 2569, "unit": units[0].pk, "q": "ข้อมูล"}
    urls = {
        "first page": procurement.url,
        "filtered": f"{procurement.url}?{urlencode(filtered)}",
        "page 3": f"{procurement.url}?page=3",
        "page 6": f"{procurement.url}?page=6",
    }
    query_counts(client, urls)  # warm the caches
    small_counts = query_counts(client, urls)
    assert len(client.get(urls["page 6"]).context["items_page"]) == 1
    assert small_counts["page 3"] <= small_counts["page 6"], (
        f"20 rows cost {small_counts['page 3']} queries, 1 row "
        f"{small_counts['page 6']}: a query per row?"
    )
    response = client.get(urls["filtered"])
    assert response.context["items_page"].object_list, "the filter must find items"

    bulk_create_items(procurement, LARGE - SMALL, units=units)

    assert_within(client, django_assert_max_num_queries, urls, small_counts)
    response = client.get(urls["page 3"])
    assert response.context["paginator"].count == LARGE
    assert response.context["items_page"].number == 3


def test_index_queries_do_not_grow_with_items(
    client, disclosure, units, django_assert_max_num_queries
):
    categories = [category(f"1.{n}") for n in range(1, 20)]
    for page in categories[:5]:
        bulk_create_items(page, 20, units=units)
    urls = {"index": disclosure.url}
    query_counts(client, urls)  # warm the caches
    small_counts = query_counts(client, urls)

    per_category = LARGE // len(categories)
    for page in categories:
        bulk_create_items(page, per_category, units=units)

    assert_within(client, django_assert_max_num_queries, urls, small_counts)
    rows = client.get(disclosure.url).context["category_rows"]
    assert len(rows) == 19
    assert sum(row["count"] for row in rows) == 5 * 20 + 19 * per_category
