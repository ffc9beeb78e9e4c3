"""Relevance and speed of the Thai site search, beside Wagtail's plain search.

Usage (from the repository root):

    .venv/bin/python bench/search.py [--items 10000] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search .venv/bin/python bench/search.py
    .venv/bin/python bench/search.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_search

Like bench/category_page.py, the bench builds its own throwaway database, migrates
it and runs ``setup_disclosure``: a temporary SQLite file, or with ``DATABASE_URL``
set a new database beside the one it names (same server, the name suffixed with
``_bench_search``), or the database ``--database-url`` names. Then:

1. it publishes the relevance sets — tests/search/relevance.json and the hard set
   (relevance_hard.json and relevance_hard_lead.json) — and prints recall and
   precision of the site search on each and, for comparison, of Wagtail's plain
   database search (the same backend without Thai segmentation) on the same index;
2. it adds N items (tests.bulk.bulk_create_items), times building the search index
   (``update_index``), and prints the median and 95th-percentile time of a search —
   the backend query for the first page of results, and the whole search page — over
   every query of the set, ``--runs`` times each.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_DIR / "site"), str(REPO_DIR), str(REPO_DIR / "bench")]

from category_page import (  # noqa: E402 - after the path is set
    OFFICE_NAME,
    SETTINGS,
    ThrowawayDatabase,
    set_up_django,
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    parser.add_argument(
        "--database-url",
        nargs="?",
        const="env",
        help="a database that does not exist yet (created and dropped); without a "
        "value, DATABASE_URL. Default: a temporary SQLite file.",
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.database_url is None and os.environ.get("DATABASE_URL"):
        args.database_url = beside(os.environ["DATABASE_URL"])
    elif args.database_url == "env":
        args.database_url = os.environ.get("DATABASE_URL")
        if not args.database_url:
            parser.error("--database-url without a value needs DATABASE_URL set")
    return args


def beside(url: str) -> str | None:
    """A new database of the same kind as ``url``: on a PostgreSQL server, the
    same server with ``_bench_search`` after the name; for SQLite, a temporary file
    (None)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return None
    name = parts.path.lstrip("/") or "postgres"
    return urlunsplit(parts._replace(path=f"/{name}_bench_search"))


def percentiles(times_ms: list[float]) -> tuple[float, float]:
    if len(times_ms) < 2:
        return times_ms[0], times_ms[0]
    return (
        statistics.median(times_ms),
        statistics.quantiles(times_ms, n=20, method="inclusive")[18],
    )


def main(argv=None) -> None:
    args = parse_args(argv)
    db = ThrowawayDatabase(args.database_url, args.keep)
    db.create()
    try:
        set_up_django(db.url)
        run(args)
    finally:
        db.remove()


def run(args) -> None:
    import django
    import wagtail
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from modelsearch.backends.database import SearchBackend as PlainBackend

    from disclosure_pages.models import DisclosureCategoryPage
    from disclosure_pages.search import find_pages, public_pages
    from moderation.models import Unit
    from tests.bulk import bulk_create_items
    from tests.search import relevance

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_disclosure", office_name=OFFICE_NAME, stdout=io.StringIO())
    if connection.vendor == "sqlite":
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    print(
        f"{version}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"settings {SETTINGS}"
    )

    data = relevance.load()
    sets = [("Relevance set (relevance.json)", data)]
    sets.append(("Hard set (relevance_hard*.json)", relevance.load_hard()))
    plain = PlainBackend({})
    engines = {
        "Thai search (this project)": lambda q: [
            p.pk for p in find_pages(public_pages(), q)
        ],
        "Wagtail's plain database search": lambda q: [
            p.pk for p in plain.search(q, public_pages())
        ],
    }
    for title, rows in sets:
        started = time.perf_counter()
        ids = relevance.create_items(rows)
        print(
            f"\n{title}: {len(rows['items'])} items, {len(rows['queries'])} queries "
            f"(published and indexed in {time.perf_counter() - started:.1f} s)"
        )
        print(f"{'':34}{'recall':>8}{'precision':>11}{'misses':>8}")
        for label, engine in engines.items():
            score = relevance.score(engine, ids, rows["queries"])
            print(
                f"{label:34}{score.recall:8.3f}{score.precision:11.3f}"
                f"{len(score.misses):8d}"
            )
            if label.startswith("Thai"):
                for query, missing, extra in score.misses:
                    print(f"    {query}: missing {missing} extra {extra}")

    category = DisclosureCategoryPage.objects.get(code="1.9")
    units = list(Unit.objects.order_by("sort_order", "pk"))
    started = time.perf_counter()
    bulk_create_items(category, args.items, units=units)
    print(
        f"\n{args.items} more items: inserted in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    print(f"search index built (update_index) in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    queries = [row["query"] for row in data["queries"]]
    client = Client()
    backend_ms, page_ms, found = [], [], []
    for query in queries:  # warm up: caches, dictionary, prepared plans
        list(find_pages(public_pages(), query)[:20])
        client.get("/search/", {"q": query})
    for _ in range(args.runs):
        for query in queries:
            started = time.perf_counter()
            results = find_pages(public_pages(), query)
            first = list(results[:20])
            count = results.count()
            backend_ms.append((time.perf_counter() - started) * 1000)
            found.append(count if first or count else 0)
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            page_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
    total = public_pages().count()
    print(
        f"\nSearch over {total} public pages, {len(queries)} queries x {args.runs} "
        f"runs (results per query: median {statistics.median(found):.0f}, "
        f"max {max(found)})"
    )
    print(f"{'':40}{'median ms':>10}{'p95 ms':>10}")
    for label, times in (
        ("backend: first 20 results + count", backend_ms),
        ("search page (GET /search/?q=...)", page_ms),
    ):
        median, p95 = percentiles(times)
        print(f"{label:40}{median:10.1f}{p95:10.1f}")


if __name__ == "__main__":
    main()
