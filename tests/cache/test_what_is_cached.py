"""Which requests the public page cache answers, and what it never stores: a
visitor's pages come from the cache, a signed-in person's, a preview, the admin,
private pages, errors and posts never do; query strings cannot fill it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from disclosure_pages.models import DisclosureItemPage
from moderation.public_cache import ENTRY_PREFIX
from tests.cache.conftest import BROWSER, Visitor, cache_status
from tests.conftest import shared_data
from tests.utils import (
    category,
    disclosure_index,
    make_gallery,
    make_item,
    make_user,
    run_setup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        procurement = category("1.9")
        item = make_item(procurement, title="ประกาศจัดซื้อครุภัณฑ์สำนักงาน")
        private = make_item(procurement, title="รายการเฉพาะบุคลากร")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        secret = make_item(procurement, title="รายการมีรหัสผ่าน")
        PageViewRestriction.objects.create(
            page=secret, restriction_type="password", password="รหัส1234"
        )
        gallery = make_gallery(photos=1, title="ภาพกิจกรรมวันครู")
        yield {
            "item": item,
            "private": private,
            "secret": secret,
            "category": procurement,
            "gallery": gallery,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def stored_entries() -> int:
    """Pages held by the tests' page cache (the local-memory default cache)."""
    return sum(ENTRY_PREFIX in key for key in caches["default"]._cache)


def without_token(response) -> str:
    """The page without its feedback token (one of its own in every response)."""
    return re.sub(r'name="token" value="[^"]*"', "", response.content.decode())


def public_urls(data) -> list[str]:
    return [
        "/",
        disclosure_index().url,
        data["category"].url,
        data["item"].url,
        data["gallery"].url,
        data["gallery"].get_parent().url,
        "/search/?q=ครุภัณฑ์",
        "/feeds/disclosure/rss/",
        "/feeds/category/1.9/atom/",
        "/sitemap.xml",
        "/robots.txt",
        f"/poster/{data['item'].pk}/",
    ]


def test_every_kind_of_public_page_is_served_from_the_cache(data, visitor):
    for url in public_urls(data):
        first = visitor.get(url)
        assert first.status_code == 200, url
        assert cache_status(first) == "miss", url
        again = visitor.get(url)
        assert cache_status(again) == "hit", url
        assert without_token(again) == without_token(first), url
        assert again["Content-Type"] == first["Content-Type"], url


def test_a_hit_renders_nothing_and_reads_no_page(
    data, visitor, django_assert_max_num_queries
):
    """A hit is not rendered again: the category page, 10+ queries when rendered,
    costs at most the counting of the visit (here the database counters)."""
    url = data["category"].url
    assert cache_status(visitor.get(url)) == "miss"
    with django_assert_max_num_queries(0):
        again = visitor.get(url)  # a category counts no view: nothing at all
    assert cache_status(again) == "hit"
    assert "ประกาศจัดซื้อครุภัณฑ์สำนักงาน" in again.content.decode()


def test_the_security_headers_come_with_a_hit(data, visitor):
    url = data["item"].url
    first = visitor.get(url)
    hit = visitor.get(url)
    assert cache_status(hit) == "hit"
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
    ):
        assert hit[header] == first[header], header
    assert not hit.cookies
    assert int(hit["Content-Length"]) == len(hit.content)


def test_head_is_answered_from_the_cache(data, visitor):
    url = data["category"].url
    assert cache_status(visitor.head(url)) == "miss"
    head = visitor.head(url)
    assert head.status_code == 200 and cache_status(head) == "hit"
    assert head.content == b""
    assert cache_status(visitor.get(url)) == "hit"


def test_a_signed_in_person_never_gets_nor_fills_the_cache(data, visitor):
    url = data["item"].url
    person = Client()
    person.force_login(make_user(is_superuser=True, is_staff=True))
    for _ in range(2):
        response = person.get(url, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200
        assert cache_status(response) == "bypass"
    assert stored_entries() == 0
    assert cache_status(visitor.get(url)) == "miss"
    # And the reverse: what a visitor stored is not served to them.
    assert cache_status(person.get(url, HTTP_USER_AGENT=BROWSER)) == "bypass"


def test_a_forged_session_cookie_is_an_anonymous_visitor(data):
    """A made-up sessionid neither skips the cache (each request would be rendered
    again) nor gets stored: the response that deletes the bad cookie is not kept."""
    url = data["category"].url
    forger = Visitor()
    forger.client.cookies["sessionid"] = "f" * 32
    cold = forger.get(url)
    assert cold.status_code == 200
    assert cache_status(cold) == "skip"  # it deletes the cookie: not stored
    assert stored_entries() == 0
    assert cache_status(Visitor().get(url)) == "miss"
    forger.client.cookies["sessionid"] = "f" * 32
    hit = forger.get(url)
    assert cache_status(hit) == "hit"
    forger.client.cookies["sessionid"] = "<script>"
    assert cache_status(forger.get(url)) == "hit"


def test_admin_documents_and_posts_do_not_go_through_the_cache(data, visitor):
    assert "X-Disclosure-Cache" not in visitor.get("/admin/login/")
    assert "X-Disclosure-Cache" not in visitor.get("/admin/")
    response = visitor.post("/evaluation/feedback/", {"page_id": data["item"].pk})
    assert response.status_code == 400
    assert "X-Disclosure-Cache" not in response
    assert stored_entries() == 0


def test_previews_are_never_served_from_the_cache(data, visitor):
    url = data["item"].url
    visitor.get(url)
    for query in ("?preview", "?preview=1", "?preview_mode=default"):
        assert cache_status(visitor.get(url + query)) == "bypass"
    editor = Client()
    editor.force_login(make_user(is_superuser=True, is_staff=True))
    preview = editor.get(f"/admin/pages/{data['item'].pk}/view_draft/")
    assert preview.status_code == 200
    assert "X-Disclosure-Cache" not in preview


def test_private_and_password_pages_are_never_stored(data, visitor):
    for page in (data["private"], data["secret"]):
        for _ in range(2):
            response = visitor.get(page.url)
            assert response.status_code in (200, 302)
            assert cache_status(response) == "skip"
            assert page.title not in response.content.decode()
    assert stored_entries() == 0


def test_a_page_made_private_leaves_the_cache_at_once(data, visitor):
    url = data["item"].url
    visitor.get(url)
    assert cache_status(visitor.get(url)) == "hit"
    PageViewRestriction.objects.create(page=data["item"], restriction_type="login")
    response = visitor.get(url)
    assert response.status_code == 302
    assert "ประกาศจัดซื้อครุภัณฑ์สำนักงาน" not in response.content.decode()


def test_error_pages_are_never_stored(data, visitor, monkeypatch):
    for _ in range(2):
        missing = visitor.get("/disclosure/no-such-page/")
        assert missing.status_code == 404 and cache_status(missing) == "skip"

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a broken page")

    monkeypatch.setattr(DisclosureItemPage, "serve", broken)
    crashing = Visitor(raise_request_exception=False)
    for _ in range(2):
        response = crashing.get(data["item"].url)
        assert response.status_code == 500 and cache_status(response) == "skip"
    assert stored_entries() == 0


def test_the_same_click_twice_is_one_entry_and_one_view(data, visitor):
    from reporting.models import PageViewCount

    url = data["item"].url
    assert [cache_status(visitor.get(url)) for _ in range(2)] == ["miss", "hit"]
    assert stored_entries() == 1
    assert (
        sum(
            PageViewCount.objects.filter(page=data["item"]).values_list(
                "views", flat=True
            )
        )
        == 1
    )


# ---- query strings ---------------------------------------------------------


def test_listing_filters_are_cached_under_one_key_whatever_their_order(data, visitor):
    url = data["category"].url
    unit = data["item"].unit_id
    first = visitor.get(f"{url}?fiscal_year=2569&unit={unit}&page=1")
    assert first.status_code == 200 and cache_status(first) == "miss"
    again = visitor.get(f"{url}?page=1&unit={unit}&fiscal_year=2569")
    assert cache_status(again) == "hit"
    assert again.content == first.content
    # Another filter is another page.
    assert cache_status(visitor.get(f"{url}?fiscal_year=2568")) == "miss"


def test_shared_links_with_tracking_parameters_are_the_page_itself(data, visitor):
    url = data["item"].url
    assert cache_status(visitor.get(url)) == "miss"
    shared = visitor.get(f"{url}?fbclid=IwAR3xyz&utm_source=line")
    assert shared.status_code == 200 and cache_status(shared) == "hit"
    assert stored_entries() == 1


@pytest.mark.parametrize(
    "query",
    [
        "?zzz=1",
        "?page=0",
        "?page=abc",
        "?page=99999",
        "?page=1&page=2",
        "?fiscal_year=abc",
        "?fiscal_year=๒๕๖๙",
        "?unit=<b>",
        "?date_from=31/12/2569",
        "?month=13",
        "?evaluation=done",
        "?q=" + "ก" * 201,
        "?q=%00",
    ],
)
def test_unknown_or_malformed_parameters_are_served_but_never_stored(
    data, visitor, query
):
    response = visitor.get(data["category"].url + query)
    assert response.status_code in (200, 400)
    assert cache_status(response) == "bypass"
    assert stored_entries() == 0


def test_a_flood_of_made_up_query_strings_stores_nothing(data, visitor):
    url = data["category"].url
    for n in range(40):
        assert cache_status(visitor.get(f"{url}?x{n}={n}")) == "bypass"
    assert stored_entries() == 0


@override_settings(DISCLOSURE_PAGE_CACHE_VARIANTS=3)
def test_an_address_keeps_a_bounded_number_of_query_strings(data, visitor):
    """Words typed are unbounded: each address stores so many query strings per
    generation, the rest are served without being stored."""
    statuses = [cache_status(visitor.get(f"/search/?q=คำค้น{n}")) for n in range(6)]
    assert statuses == ["miss", "miss", "miss", "skip", "skip", "skip"]
    assert cache_status(visitor.get("/search/?q=คำค้น0")) == "hit"
    # The address itself, without a query string, is not limited.
    assert cache_status(visitor.get("/search/")) == "miss"
    assert stored_entries() == 4


@override_settings(DISCLOSURE_PAGE_CACHE=None)
def test_the_cache_can_be_turned_off(data, visitor):
    response = visitor.get(data["item"].url)
    assert response.status_code == 200
    assert "X-Disclosure-Cache" not in response
    assert stored_entries() == 0
