"""Time a hit of the public page cache against rendering the page, per page type.

Usage (from the repository root):

    .venv/bin/python bench/page_cache.py [--items 1000] [--runs 50]
    .venv/bin/python bench/page_cache.py --redis-url redis://127.0.0.1:6379/3

The database is a throwaway one, as in ``category_page.py`` (``--database-url``
for PostgreSQL). Each page is requested with Django's test client by an anonymous
visitor: ``--runs`` times with the page cache off (rendered every time), then, with
the cache on, once to store it and ``--runs`` times from the cache. The cache is
a local-memory cache, or Redis with ``--redis-url`` (the page cache and the
counters then both live there, as in production with REDIS_URL; the keys the
bench made are deleted afterwards). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from category_page import ThrowawayDatabase, populate, set_up_django  # noqa: E402

BROWSER = "Mozilla/5.0 (Linux; Android 14) Firefox/130.0"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis-url", default=None)
    return parser.parse_args(argv)


def caches_for(redis_url: str | None, prefix: str) -> dict:
    from django.conf import settings

    caches = dict(settings.CACHES)
    if redis_url:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
        caches["pages"] = {**backend, "KEY_PREFIX": f"{prefix}-pages"}
        caches["counters"] = {**backend, "KEY_PREFIX": f"{prefix}-counters"}
    else:
        caches["pages"] = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
        }
    return caches


def timed(get, url: str, runs: int) -> tuple[float, int]:
    """Median milliseconds of ``runs`` requests, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        get(url)
    count = len(queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count


def main(argv=None) -> None:
    args = parse_args(argv)
    db = ThrowawayDatabase(args.database_url, keep=False)
    db.create()
    prefix = f"bench-page-cache-{uuid.uuid4().hex[:8]}"
    try:
        set_up_django(db.url)
        from django.test import Client, override_settings
        from wagtail.models import Site

        from tests.utils import make_gallery

        data = populate(args.items, "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต 1")
        gallery = make_gallery(photos=6)
        category = data["category"].get_url()
        pages = [
            ("home", Site.objects.get(is_default_site=True).root_page.get_url()),
            ("disclosure index", data["index"].get_url()),
            (f"category ({args.items} items)", category),
            ("category, filtered", f"{category}?fiscal_year=2569&page=2"),
            ("item", data["item"].get_url()),
            ("gallery index", gallery.get_parent().get_url()),
            ("gallery (6 photos)", gallery.get_url()),
            ("search", "/search/?q=" + quote("ข้อมูล")),
            ("feed (RSS)", "/feeds/disclosure/rss/"),
            ("sitemap.xml", "/sitemap.xml"),
        ]
        client = Client()

        def get(url):
            response = client.get(url, HTTP_USER_AGENT=BROWSER)
            assert response.status_code == 200, (url, response.status_code)
            return response

        rows = []
        with override_settings(DISCLOSURE_PAGE_CACHE=None):
            for label, url in pages:
                get(url)  # templates compiled, the visitor counted today
                rows.append([label, *timed(get, url, args.runs)])
        overrides = {
            "CACHES": caches_for(args.redis_url, prefix),
            "DISCLOSURE_PAGE_CACHE": "pages",
        }
        if args.redis_url:
            overrides["DISCLOSURE_COUNTER_CACHE"] = "counters"
        with override_settings(**overrides):
            for row, (_label, url) in zip(rows, pages, strict=True):
                first = get(url)
                assert first["X-Disclosure-Cache"] == "miss", (
                    url,
                    first["X-Disclosure-Cache"],
                )
                get(url)  # the visitor counted today in this store too
                row += list(timed(get, url, args.runs))
                assert get(url)["X-Disclosure-Cache"] == "hit"
    finally:
        if args.redis_url:
            import redis

            connection = redis.Redis.from_url(args.redis_url)
            for key in connection.scan_iter(f"{prefix}*"):
                connection.delete(key)
        db.remove()

    store = f"Redis ({args.redis_url})" if args.redis_url else "local memory"
    print(
        f"\nPublic page cache: {args.items} items, {args.runs} requests per figure, "
        f"cache in {store}, database {db.scheme}; Django's test client, no server."
    )
    header = ("page", "rendered ms", "queries", "cached hit ms", "queries", "speed-up")
    table = [header] + [
        (label, f"{ms:.2f}", str(q), f"{hit:.2f}", str(hq), f"{ms / hit:.0f}×")
        for label, ms, q, hit, hq in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print(
            "  ".join(
                [row[0].ljust(widths[0])]
                + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
