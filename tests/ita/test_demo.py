"""The demo data's ITA page: the current year published, demo items linked."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure_thai.dates import fiscal_year
from ita.evidence import indicator_links
from ita.models import ItaYear, ItaYearStatus
from tests.conftest import shared_data
from tests.utils import run_setup

CURRENT = fiscal_year(timezone.localdate())


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo_data", force=True, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        yield load_demo()


@pytest.mark.django_db
class TestDemoIta:
    def test_the_current_year_is_published_with_a_deadline(self, demo):
        year = ItaYear.objects.get(fiscal_year=CURRENT)
        assert year.status == ItaYearStatus.PUBLISHED
        assert year.deadline is not None
        assert "ITA year" in demo

    def test_demo_items_and_the_gallery_are_linked(self, demo):
        year = ItaYear.objects.get(fiscal_year=CURRENT)
        codes = {i.pk: i.code for i in year.indicators.all()}
        links = {codes[pk]: ls for pk, ls in indicator_links(year).items()}
        tagged = {
            code: [link.page.slug for link in ls if link.source == "tag"]
            for code, ls in links.items()
        }
        assert tagged["O17"] == ["demo-1-19-3"]
        assert tagged["O16"] == ["demo-1-19-3"]
        assert sorted(tagged["O25"]) == ["demo-1-10-3", "demo-1-7-2"]
        assert tagged["O19"] == ["demo-gallery-workshop"]
        # The rules find the procurement items and the newest plan by themselves.
        assert any(link.source == "rule" for link in links["O11"])
        assert [link.source for link in links["O5"]] == ["rule"]
        assert links["O3"][0].kind == "page"  # the contact page

    def test_the_public_page_shows_them(self, demo, client):
        response = client.get("/ita/", follow=True)
        assert response.redirect_chain == [(f"/ita/{CURRENT}/", 302)]
        html = response.content.decode()
        assert html.count('class="ita-indicator"') == 26
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/ita/{CURRENT}/")
        assert len(queries) < 40

    def test_a_second_run_adds_no_tag(self, demo):
        output = load_demo()
        assert "ITA tags of" not in output.split("already there")[0]
