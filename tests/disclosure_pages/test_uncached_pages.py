"""Pages rendered without the page cache (the first visit after a publish, a
signed-in reader) cost a fixed number of queries, and the category's counted
figures (disclosure_pages.figures) are right the moment an item changes."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from disclosure_pages import figures
from disclosure_pages.models import DisclosureItemPage, count_category_figures
from moderation.models import Unit
from tests.bulk import bulk_create_items
from tests.utils import category, make_item

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    """Every request here renders the page, as a first visit after a change does."""
    settings.DISCLOSURE_PAGE_CACHE = None


@pytest.fixture
def units(disclosure):
    return list(Unit.objects.order_by("sort_order", "pk")[:3])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200, url
    return len(queries)


def listing(client, url: str, **params):
    response = client.get(
        f"{url}?{urlencode(params)}" if params else url, HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 200
    return response.context


class TestCategoryPageCost:
    def test_same_queries_for_30_and_300_items(self, client, disclosure, units):
        procurement = category("1.9")
        bulk_create_items(procurement, 30, units=units)
        urls = {
            "first page": procurement.url,
            "page 2": f"{procurement.url}?page=2",
            "unit and year": f"{procurement.url}?"
            + urlencode({"fiscal_year": 2569, "unit": units[0].pk}),
            "words": f"{procurement.url}?q=" + "ประกาศ",
        }
        for url in urls.values():  # warm Wagtail's own caches (site root paths)
            client.get(url, HTTP_USER_AGENT=BROWSER)
        figures.purge([procurement.pk])
        cold_small = count_queries(client, urls["first page"])
        small = {name: count_queries(client, url) for name, url in urls.items()}
        # Counted figures are read, not counted again on every request.
        assert small["first page"] < cold_small

        bulk_create_items(procurement, 270, units=units)
        figures.purge([procurement.pk])
        assert count_queries(client, urls["first page"]) == cold_small
        large = {name: count_queries(client, url) for name, url in urls.items()}
        assert large == small
        assert listing(client, procurement.url)["paginator"].count == 300

    def test_the_figures_are_those_of_a_full_count(self, client, disclosure, units):
        procurement = category("1.9")
        bulk_create_items(procurement, 120, units=units)
        items = DisclosureItemPage.objects.child_of(procurement).live()
        context = listing(client, procurement.url)
        assert context["paginator"].count == 120
        years = sorted(set(items.values_list("fiscal_year", flat=True)), reverse=True)
        assert [
            value for value, _ in context["filter"].form["fiscal_year"].field.choices
        ][1:] == years
        for unit in units:
            for year in years:
                expected = items.filter(unit=unit, fiscal_year=year).count()
                context = listing(
                    client, procurement.url, unit=unit.pk, fiscal_year=year
                )
                assert context["paginator"].count == expected > 0
                shown = {item.pk for item in context["items_page"]}
                assert shown <= set(
                    items.filter(unit=unit, fiscal_year=year).values_list(
                        "pk", flat=True
                    )
                )
        newest = max(items.values_list("last_published_at", flat=True))
        assert listing(client, procurement.url)["last_updated"] == newest
        # Words narrow the listing beyond the figures: those rows are counted.
        word_count = items.filter(title__icontains="สัญญา").count()
        assert (
            listing(client, procurement.url, q="สัญญา")["paginator"].count == word_count
        )

    def test_pages_are_read_within_their_publication_dates(
        self, client, disclosure, units
    ):
        """Each page of the listing holds the rows of the full ordering, read with
        LIMIT/OFFSET among the items of the dates that hold them only."""
        procurement = category("1.9")
        bulk_create_items(procurement, 85, units=units, days=20)
        expected = [page.pk for page in procurement.public_items()]
        shown = []
        for number in range(1, 6):
            with CaptureQueriesContext(connection) as queries:
                context = listing(client, procurement.url, page=number)
            shown += [item.pk for item in context["items_page"]]
            rows = [
                q["sql"]
                for q in queries
                if "LIMIT" in q["sql"]
                and "publication_date" in q["sql"]
                and "BETWEEN" not in q["sql"]
                and ">=" in q["sql"]
            ]
            assert len(rows) == 1, "one query for the page's rows, within its dates"
        assert shown == expected


class TestFiguresFollowChanges:
    """A change to an item is on its category page and the index at once."""

    def test_publish_unpublish_move_delete(self, client, disclosure, units):
        procurement, budget = category("1.9"), category("1.8")
        bulk_create_items(procurement, 30, units=units)
        assert listing(client, procurement.url)["paginator"].count == 30

        item = make_item(
            procurement,
            slug="new-item",
            unit=units[1],
            publication_date=dt.date(2027, 11, 2),
        )  # fiscal year 2571, which no other item has
        context = listing(client, procurement.url)
        assert context["paginator"].count == 31
        assert context["last_updated"] == item.last_published_at
        choices = dict(context["filter"].form["fiscal_year"].field.choices)
        assert "2571" in {str(value) for value in choices}
        assert (
            listing(client, procurement.url, fiscal_year=2571)["paginator"].count == 1
        )
        rows = {
            row["page"].pk: row
            for row in listing(client, disclosure.url)["category_rows"]
        }
        assert rows[procurement.pk]["count"] == 31

        # An edit published with another unit moves the item between the counts.
        item.unit = units[2]
        item.save_revision().publish()
        context = listing(client, procurement.url, fiscal_year=2571, unit=units[2].pk)
        assert context["paginator"].count == 1
        assert [page.pk for page in context["items_page"]] == [item.pk]

        item.refresh_from_db()
        item.unpublish()
        context = listing(client, procurement.url)
        assert context["paginator"].count == 30
        assert 2571 not in context["filter"].filters["fiscal_year"].extra["choices"]

        item.save_revision().publish()
        listing(client, budget.url)
        item.refresh_from_db()
        item.move(budget, pos="last-child")
        assert listing(client, procurement.url)["paginator"].count == 30
        assert listing(client, budget.url)["paginator"].count == 1
        rows = {
            row["page"].pk: row
            for row in listing(client, disclosure.url)["category_rows"]
        }
        assert (rows[procurement.pk]["count"], rows[budget.pk]["count"]) == (30, 1)

        DisclosureItemPage.objects.get(pk=item.pk).delete()
        assert listing(client, budget.url)["paginator"].count == 0

    def test_a_view_restriction_takes_items_out_of_the_counts(
        self, client, disclosure, units
    ):
        procurement = category("1.9")
        bulk_create_items(procurement, 10, units=units)
        assert listing(client, disclosure.url)["category_rows"]
        restricted = DisclosureItemPage.objects.child_of(procurement).first()
        restriction = PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.LOGIN
        )
        assert listing(client, procurement.url)["paginator"].count == 9
        restriction.delete()
        assert listing(client, procurement.url)["paginator"].count == 10

    def test_one_query_counts_many_categories(self, disclosure, units):
        categories = [category("1.9"), category("1.8"), category("1.1")]
        bulk_create_items(categories[0], 12, units=units)
        bulk_create_items(categories[1], 7, units=units[:1])
        with CaptureQueriesContext(connection) as queries:
            counted = count_category_figures(categories)
        assert len(queries) == 3  # the view restrictions, then two grouped counts
        assert [counted[c.pk].total for c in categories] == [12, 7, 0]
        assert counted[categories[1].pk].per_unit() == {units[0].pk: 7}


class TestItemPageCost:
    """An item page rendered for a visitor costs 12 queries (18 before: routing read
    each page twice, the unit and the category apart, the view restrictions twice,
    the breadcrumbs the tree again): the site, five to route, the restrictions, the
    day's visitor, the office settings and appearance, the menu and the footer."""

    def test_queries_of_an_item_page(
        self, client, disclosure, django_assert_num_queries
    ):
        procurement = category("1.9")
        item = make_item(procurement, slug="counted-item")
        client.get(item.url, HTTP_USER_AGENT=BROWSER)  # warm Wagtail's caches

        # A visitor counted already today: the day's pseudonym is found, no count.
        with django_assert_num_queries(12):
            response = client.get(item.url, HTTP_USER_AGENT=BROWSER)
        html = response.content.decode()
        assert item.unit.name_th in html
        assert f"{procurement.code} {procurement.title}" in html
        assert 'aria-label="Breadcrumb"' in html or "breadcrumbs" in html
        crumbs = response.content.decode().split('class="breadcrumbs', 1)[1]
        crumbs = crumbs.split("</nav>", 1)[0]
        for page in (disclosure, procurement):
            assert f'href="{page.url}"' in crumbs
        assert 'name="token"' in html  # the feedback form: a public page

        # A new visitor is counted once, with one more query (the day's count).
        with django_assert_num_queries(13):
            client.get(item.url, HTTP_USER_AGENT=BROWSER + " other")

    def test_a_private_item_is_still_refused(self, client, disclosure):
        procurement = category("1.9")
        item = make_item(procurement, slug="private-item")
        PageViewRestriction.objects.create(
            page=procurement, restriction_type=PageViewRestriction.LOGIN
        )
        response = client.get(item.url, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 302
        assert "login" in response["Location"]
