"""The page cache's system checks: a cache that is not there stops the site; one
kept per process is reported by check --deploy."""

from __future__ import annotations

from django.test import override_settings

from moderation.checks import check_page_cache, check_page_cache_is_shared

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
DATABASE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "disclosure_page_cache",
}


def test_a_page_cache_missing_from_caches_is_an_error():
    with override_settings(DISCLOSURE_PAGE_CACHE="nowhere"):
        assert [e.id for e in check_page_cache()] == ["disclosure_moderation.E001"]
    with override_settings(DISCLOSURE_PAGE_CACHE=None):
        assert check_page_cache() == []


def test_a_page_cache_kept_per_process_is_reported_for_production():
    with override_settings(
        CACHES={"default": LOCMEM, "pages": LOCMEM}, DISCLOSURE_PAGE_CACHE="pages"
    ):
        assert [w.id for w in check_page_cache_is_shared()] == [
            "disclosure_moderation.W005"
        ]
    with override_settings(
        CACHES={"default": LOCMEM, "pages": DATABASE}, DISCLOSURE_PAGE_CACHE="pages"
    ):
        assert check_page_cache_is_shared() == []
