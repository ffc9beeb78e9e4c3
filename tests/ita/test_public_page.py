"""The public ITA page: /ita/, a year's page, an indicator's page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from disclosure_thai.dates import fiscal_year
from ita.models import ItaEvidence, ItaIndicator, ItaPageTag, ItaYear, ItaYearStatus
from tests.utils import category, make_item

pytestmark = pytest.mark.django_db

CURRENT = fiscal_year(timezone.localdate())


@pytest.fixture
def year(disclosure):
    year = ItaYear.objects.get(fiscal_year=CURRENT)
    year.status = ItaYearStatus.PUBLISHED
    year.save()
    return year


def test_no_public_year_means_404(client, disclosure):
    # Set-up seeds the current year as a draft: nothing is public yet.
    assert client.get("/ita/").status_code == 404
    assert client.get(f"/ita/{CURRENT}/").status_code == 404
    assert client.get(f"/ita/{CURRENT}/O1/").status_code == 404


def test_ita_redirects_to_the_current_published_year(client, year):
    ItaYear.objects.create(fiscal_year=CURRENT - 1, status=ItaYearStatus.CLOSED)
    ItaYear.objects.create(fiscal_year=CURRENT + 1, status=ItaYearStatus.DRAFT)
    response = client.get("/ita/")
    assert response.status_code == 302
    assert response["Location"] == f"/ita/{CURRENT}/"
    assert client.get(f"/ita/{CURRENT - 1}/").status_code == 200
    assert client.get(f"/ita/{CURRENT + 1}/").status_code == 404


def test_the_year_page_lists_every_indicator_with_live_public_links_only(client, year):
    o11 = year.indicators.get(code="O11")  # rule: category 1.9 in this fiscal year
    o1 = year.indicators.get(code="O1")
    start, _end = year.bounds
    make_item(category("1.9"), title="ประกาศจัดซื้อที่เผยแพร่แล้ว", publication_date=start)
    make_item(
        category("1.9"), title="ประกาศจัดซื้อฉบับร่าง", publication_date=start, publish=False
    )
    private = make_item(
        category("1.9"), title="ประกาศเฉพาะภายใน", publication_date=start
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    tagged_draft = make_item(category("1.4"), title="โครงสร้างฉบับร่าง", publish=False)
    tagged_draft.ita_tags = [ItaPageTag(indicator=o1)]
    tagged_draft.save_revision()

    response = client.get(f"/ita/{CURRENT}/")
    assert response.status_code == 200
    html = response.content.decode()
    # Every indicator, in order, with a stable anchor.
    anchors = re.findall(r'<li class="ita-indicator" id="(O\d+)"', html)
    assert anchors == [f"O{n}" for n in range(1, 27)]
    section = html.split('id="O11"')[1].split('id="O12"')[0]
    assert "ประกาศจัดซื้อที่เผยแพร่แล้ว" in section
    assert f"/ita/{CURRENT}/O11/" in section
    for hidden in ("ประกาศจัดซื้อฉบับร่าง", "ประกาศเฉพาะภายใน", "โครงสร้างฉบับร่าง"):
        assert hidden not in html
    # The date in B.E.
    assert f"1 ตุลาคม พ.ศ. {CURRENT - 1}" in section
    assert 'lang="th"' in html and "<main" in html
    assert o11.title in html


def test_an_indicator_has_its_own_address(client, year):
    ItaEvidence.objects.create(
        indicator=year.indicators.get(code="O17"),
        url="https://www.example.org/complaints",
        title="ช่องทางร้องเรียนออนไลน์",
        note="เปิดตลอด 24 ชั่วโมง",
    )
    response = client.get(f"/ita/{CURRENT}/O17/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "O17" in html
    assert 'href="https://www.example.org/complaints"' in html
    assert "เปิดตลอด 24 ชั่วโมง" in html
    lower = client.get(f"/ita/{CURRENT}/o17/")
    assert lower.status_code == 302 and lower["Location"] == f"/ita/{CURRENT}/O17/"
    assert client.get(f"/ita/{CURRENT}/O99/").status_code == 404


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/ita/{CURRENT}/").status_code == 200
    return len(queries)


def test_the_year_page_query_count_does_not_grow(client, year):
    start, _end = year.bounds
    indicators = list(ItaIndicator.objects.filter(year=year))
    # One link of each kind first: the pages are read once per page type.
    first = make_item(category("1.9"), title="ประกาศแรก", publication_date=start)
    ItaEvidence.objects.create(indicator=indicators[0], page=first)
    _page_queries(client)
    few = _page_queries(client)
    for n, indicator in enumerate(indicators[:10]):
        item = make_item(category("1.9"), title=f"ประกาศ {n}", publication_date=start)
        ItaEvidence.objects.create(indicator=indicator, page=item)
        ItaEvidence.objects.create(indicator=indicator, url=f"https://example.org/{n}")
    assert _page_queries(client) == few


def test_the_cached_page_follows_the_catalogue_and_publication(year):
    """Served from the public page cache, the page still never shows a stale
    catalogue: an edit of the catalogue and a publication both purge it."""
    from django.test import override_settings

    from tests.cache.conftest import Visitor, cache_status

    visitor = Visitor()
    url = f"/ita/{CURRENT}/"
    with override_settings(DISCLOSURE_PAGE_CACHE="default"):
        # The first render may make the site's settings rows (a purge): the page
        # is stored by the next one at the latest.
        statuses = [cache_status(visitor.get(url)) for _ in range(3)]
        assert statuses[-1] == "hit" and "miss" in statuses
        o17 = year.indicators.get(code="O17")
        o17.title = "ช่องทางแจ้งเรื่องร้องเรียน (ปรับปรุง)"
        o17.save()
        response = visitor.get(url)
        assert cache_status(response) == "miss"
        assert "ช่องทางแจ้งเรื่องร้องเรียน (ปรับปรุง)" in response.content.decode()
        ItaEvidence.objects.create(indicator=o17, url="https://example.org/new")
        assert "https://example.org/new" in visitor.get(url).content.decode()
        start, _end = year.bounds
        make_item(category("1.9"), title="ประกาศใหม่ล่าสุด", publication_date=start)
        assert "ประกาศใหม่ล่าสุด" in visitor.get(url).content.decode()
        year.status = ItaYearStatus.DRAFT
        year.save()
        assert visitor.get(url).status_code == 404
