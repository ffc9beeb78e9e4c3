"""Time the disclosure listings against many items, beside a plain Wagtail page.

Usage (from the repository root):

    .venv/bin/python bench/category_page.py [--items 10000] [--runs 20]
    .venv/bin/python bench/category_page.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_db

The bench builds its own throwaway database — a temporary SQLite file unless
``--database-url`` names another — migrates it, runs ``setup_disclosure``, fills
category 1.9 with N items (tests.bulk.bulk_create_items), then requests each page
with Django's test client and prints the median and 95th-percentile render time and
the query count. The database is created by the bench and removed afterwards; an
existing one is never used, so the development database cannot be touched.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent
# The example project lives in site/ (not a package; see design.md), and tests.bulk
# is imported from the repository root.
sys.path[:0] = [str(REPO_DIR / "site"), str(REPO_DIR)]

SETTINGS = "disclosure_site.settings.test"
OFFICE_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต 1"
CATEGORY_CODE = "1.9"


@dataclass
class Target:
    """A page to measure: its label in the table and its URL."""

    label: str
    url: str


@dataclass
class Result:
    target: Target
    status: int | str
    queries: int | None = None
    times_ms: list[float] | None = None
    size_kb: float | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def p95(self) -> float | None:
        if not self.times_ms:
            return None
        if len(self.times_ms) < 2:
            return self.times_ms[0]
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[18]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the category page, its filters and pagination, and the "
        "disclosure index against N items, beside a plain Wagtail page."
    )
    parser.add_argument(
        "--items",
        type=int,
        default=10_000,
        help="items to put in category 1.9 (default 10000)",
    )
    parser.add_argument(
        "--runs", type=int, default=20, help="timed requests per page (default 20)"
    )
    parser.add_argument(
        "--database-url",
        nargs="?",
        const="env",
        help="a database that does not exist yet, e.g. "
        "postgres://postgres@127.0.0.1:5432/bench_db; the bench creates it and drops "
        "it afterwards. Without a value, the DATABASE_URL environment variable is "
        "used. Default: a temporary SQLite file.",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="leave the database in place afterwards (its URL is printed)",
    )
    parser.add_argument("--office-name", default=OFFICE_NAME)
    args = parser.parse_args(argv)
    if args.items < 1 or args.runs < 1:
        parser.error("--items and --runs must be at least 1")
    if args.database_url == "env":
        args.database_url = os.environ.get("DATABASE_URL")
        if not args.database_url:
            parser.error("--database-url without a value needs DATABASE_URL set")
    return args


class ThrowawayDatabase:
    """A database the bench creates for itself and removes afterwards."""

    def __init__(self, url: str | None, keep: bool) -> None:
        self.keep = keep
        self.tmpdir: str | None = None
        self.created_pg: str | None = None
        self.created_sqlite: Path | None = None
        if url is None:
            self.tmpdir = tempfile.mkdtemp(prefix="disclosure-bench-")
            url = f"sqlite:///{self.tmpdir}/bench.sqlite3"
        self.url = url
        self.scheme = urlsplit(url).scheme

    def create(self) -> None:
        if self.scheme.startswith("postgres"):
            self._create_postgres()
        elif self.scheme == "sqlite":
            path = Path(unquote(urlsplit(self.url).path))
            if self.tmpdir is None:
                if path.exists():
                    sys.exit(
                        f"{path} exists. The bench only uses a database it creates: "
                        "name a new file."
                    )
                self.created_sqlite = path
        else:
            sys.exit(f"Unsupported database URL scheme: {self.scheme}")

    def _maintenance(self):
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = make_conninfo(self.url.replace("postgres://", "postgresql://", 1))
        return psycopg.connect(
            make_conninfo(conninfo, dbname="postgres"), autocommit=True
        )

    def _create_postgres(self) -> None:
        from psycopg import sql

        name = urlsplit(self.url).path.lstrip("/")
        if not name:
            sys.exit("The database URL names no database.")
        with self._maintenance() as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists:
                sys.exit(
                    f"The database {name!r} exists. The bench only uses a database "
                    f"it creates and then drops: drop it (dropdb {name}) or name "
                    "another."
                )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created_pg = name

    def remove(self) -> None:
        if self.keep:
            print(f"\nDatabase kept: {self.url}")
            return
        from django.conf import settings
        from django.db import connections

        if settings.configured:
            connections.close_all()
        if self.created_pg:
            from psycopg import sql

            with self._maintenance() as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.created_pg)
                    )
                )
        if self.created_sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.created_sqlite}{suffix}").unlink(missing_ok=True)
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def set_up_django(database_url: str) -> None:
    # Set before settings are read: DATABASES comes from DATABASE_URL.
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def populate(items: int, office_name: str) -> dict:
    """Migrate, set up the office and fill category 1.9; return what the pages need."""
    from django.core.management import call_command
    from django.db import connection

    from disclosure_pages.models import (
        DisclosureCategoryPage,
        DisclosureIndexPage,
        DisclosureItemPage,
    )
    from moderation.models import Unit
    from tests.bulk import bulk_create_items

    timings = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    call_command("setup_disclosure", office_name=office_name, stdout=io.StringIO())
    timings["setup_disclosure"] = time.perf_counter() - started

    category = DisclosureCategoryPage.objects.get(code=CATEGORY_CODE)
    units = list(Unit.objects.order_by("sort_order", "pk"))
    started = time.perf_counter()
    bulk_create_items(category, items, units=units)
    timings[f"bulk_create_items({items})"] = time.perf_counter() - started

    # A live database has planner statistics (autovacuum, or sqlite_stat1 after
    # PRAGMA optimize); a freshly filled one has none and picks poor plans.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - started

    item = DisclosureItemPage.objects.child_of(category).live().order_by("pk").first()
    return {
        "category": category,
        "index": DisclosureIndexPage.objects.get(),
        "item": item,
        "unit": units[0],
        "items": items,
        "timings": timings,
    }


def targets(data: dict) -> list[Target]:
    from wagtail.models import Site

    from disclosure_pages.models import ITEMS_PER_PAGE

    category = data["category"]
    # Page 50, or the last page when there are fewer.
    deep_page = min(50, -(-data["items"] // ITEMS_PER_PAGE))
    url = category.get_url()
    filtered = urlencode({"fiscal_year": 2569, "unit": data["unit"].pk, "q": "ข้อมูล"})
    home = Site.objects.get(is_default_site=True).root_page
    return [
        Target(f"category {CATEGORY_CODE}, first page", url),
        Target("category, filtered", f"{url}?{filtered}"),
        Target(f"category, page {deep_page}", f"{url}?page={deep_page}"),
        Target("disclosure index", data["index"].get_url()),
        Target("item page", data["item"].get_url()),
        Target(f"bare Wagtail page ({type(home.specific).__name__})", home.get_url()),
    ]


def measure(target: Target, runs: int, get: Callable) -> Result:
    """One warm-up request, one counting queries, then ``runs`` timed ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        response = get(target.url)
    except Exception as exc:  # a missing template must not stop the table
        return Result(target, f"{type(exc).__name__}: {exc}"[:100])
    if response.status_code != 200:
        return Result(target, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        get(target.url)
    # Read now: every request_started signal clears the connection's query log.
    query_count = len(queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = get(target.url)
        times.append((time.perf_counter() - started) * 1000)
    return Result(target, 200, query_count, times, len(response.content) / 1024)


def print_report(args, db: ThrowawayDatabase, data: dict, results: list[Result]):
    import django
    import wagtail
    from django.db import connection

    vendor = connection.vendor
    if vendor == "sqlite":
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    print()
    print(
        f"{args.items} items in category {CATEGORY_CODE}, {args.runs} timed "
        f"requests per page, {version}"
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, settings {SETTINGS}"
    )
    print(
        "set-up: "
        + ", ".join(f"{name} {secs:.1f} s" for name, secs in data["timings"].items())
    )
    print()
    header = ("page", "queries", "median ms", "p95 ms", "KB", "url")
    rows = [header]
    for r in results:
        url = unquote(r.target.url)
        if r.times_ms is None:
            rows.append((r.target.label, "-", "-", "-", "-", f"{url} -> {r.status}"))
        else:
            figures = (r.queries, f"{r.median:.1f}", f"{r.p95:.1f}", f"{r.size_kb:.0f}")
            rows.append((r.target.label, *map(str, figures), url))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])]
        cells += [
            cell.rjust(width) for cell, width in zip(row[1:5], widths[1:5], strict=True)
        ]
        cells.append(row[5])
        print("  ".join(cells))
        if n == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    db = ThrowawayDatabase(args.database_url, args.keep)
    db.create()
    try:
        set_up_django(db.url)
        from django.test import Client

        data = populate(args.items, args.office_name)
        client = Client()
        results = [measure(t, args.runs, client.get) for t in targets(data)]
        print_report(args, db, data, results)
    finally:
        db.remove()


if __name__ == "__main__":
    main()
