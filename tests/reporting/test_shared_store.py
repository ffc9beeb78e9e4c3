"""Views, downloads and the feedback rate limit are kept in a store that every
process of the site shares and that forgets nothing under load: the database by
default, Redis when the site is configured with it.

Each scenario runs on both stores; the Redis one is skipped, saying why, when no
Redis server answers. A "process" is a thread with its own database connection and
its own connection to the cache, as a worker process of the site would have.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.checks import Tags, run_checks
from django.db import connection, connections
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.models import DailyVisitor, Feedback, PageViewCount
from reporting.tracking import first_time_today, rate_limited, visitor_hash
from reporting.views import feedback_token
from reporting.wagtail_hooks import count_page_view
from tests.utils import category, make_item, run_setup

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
# 3 a.m. Bangkok time: far from midnight and from a minute boundary.
MOMENT = dt.datetime(2026, 1, 15, 20, 0, 20, tzinfo=dt.UTC)


def redis_or_skip():
    """A client of the test Redis server, or skip the test saying why."""
    try:
        import redis
    except ImportError:
        pytest.skip("the redis package is not installed (pip install redis)")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis server answers at {REDIS_URL}: {exc}")
    return client


@pytest.fixture(params=["database", "redis"])
def store(request):
    """The shared store, and the cache aliases two processes of the site use for it
    (None: the database)."""
    if request.param == "database":
        with override_settings(DISCLOSURE_COUNTER_CACHE=None):
            yield (None, None)
        return
    client = redis_or_skip()
    # A key prefix of this test's own: other runs may share the server, and it is
    # never flushed.
    prefix = f"disclosure-test-{uuid.uuid4().hex}"
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    caches = {
        "default": LOCAL_MEMORY,
        "process-a": redis_cache,
        "process-b": dict(redis_cache),
    }
    try:
        with override_settings(CACHES=caches, DISCLOSURE_COUNTER_CACHE="process-a"):
            yield ("process-a", "process-b")
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


class Process:
    """One worker process of the site: its own thread, database connection, local
    memory (a local-memory default cache of its own) and connection to the counter
    cache (``alias``)."""

    def __init__(self, alias: str | None, name: str):
        self.alias = alias
        self.name = name
        self.pool = ThreadPoolExecutor(max_workers=1)

    def run(self, function, *args):
        own_memory = {**LOCAL_MEMORY, "LOCATION": self.name}
        with override_settings(
            CACHES={**settings.CACHES, "default": own_memory},
            DISCLOSURE_COUNTER_CACHE=self.alias,
        ):
            return self.pool.submit(function, *args).result()

    def close(self):
        self.pool.submit(connections.close_all).result()
        self.pool.shutdown()


def visit(page, address: str) -> None:
    """A visitor's browser is shown the page (the hook that counts, around a serve
    that answers 200)."""
    request = RequestFactory().get(
        page.url, REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER
    )
    count_page_view(lambda *args: HttpResponse("ok"))(page, request, (), {})


def address(n: int) -> str:
    return f"10.1.{n // 250}.{n % 250 + 1}"


def views(page) -> int:
    return sum(PageViewCount.objects.filter(page=page).values_list("views", flat=True))


def post_answer(page, client_address: str) -> int:
    """A visitor answers the form of a freshly opened page; the HTTP status."""
    response = Client().post(
        "/evaluation/feedback/",
        {"page_id": page.pk, "token": feedback_token(page.pk), "useful": "yes"},
        REMOTE_ADDR=client_address,
        HTTP_USER_AGENT=BROWSER,
    )
    return response.status_code


@pytest.mark.django_db
def test_400_other_visitors_do_not_make_the_first_count_twice(
    client, disclosure, store, frozen
):
    item = make_item(category("1.9"))
    for n in range(401):
        visit(item, address(n))
    response = client.get(item.url, REMOTE_ADDR=address(0), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert views(item) == 401


@pytest.mark.django_db
def test_300_visitors_reading_two_items_twice_count_exactly_300_each(
    disclosure, store, frozen
):
    procurement = category("1.9")
    first, second = make_item(procurement), make_item(procurement)
    for _round in range(2):
        for n in range(300):
            visit(first, address(n))
            visit(second, address(n))
    assert (views(first), views(second)) == (300, 300)


@pytest.mark.django_db
@override_settings(DISCLOSURE_FEEDBACK_RATE_LIMIT=(5, 60))
def test_a_refused_client_stays_refused_while_others_visit(disclosure, store, frozen):
    item = make_item(category("1.9"))
    codes = [post_answer(item, "10.9.9.9") for _ in range(6)]
    assert codes == [302] * 5 + [429]
    for n in range(400):  # load on the store between two posts of the same minute
        visit(item, address(n))
    assert [post_answer(item, "10.9.9.9") for _ in range(3)] == [429] * 3
    assert Feedback.objects.count() == 5
    assert post_answer(item, "10.9.9.10") == 302  # another address is not affected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DISCLOSURE_FEEDBACK_RATE_LIMIT=(5, 60))
def test_the_rate_limit_holds_across_two_processes(store, frozen):
    run_setup()
    item = make_item(category("1.9"))
    processes = [Process(alias, f"process-{uuid.uuid4().hex}") for alias in store]
    try:
        codes = [processes[n % 2].run(post_answer, item, "10.9.9.9") for n in range(10)]
        seen = [processes[n % 2].run(visit, item, address(7)) for n in range(2)]
    finally:
        for process in processes:
            process.close()
    assert codes == [302] * 5 + [429] * 5
    assert Feedback.objects.count() == 5
    assert len(seen) == 2
    assert views(item) == 1  # the second process knew the visitor was counted


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_visits_and_posts_are_counted_exactly(store, frozen):
    if store[0] is None and connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database locks whole tables")
    factory = RequestFactory()
    request = factory.post("/evaluation/feedback/", REMOTE_ADDR="10.8.8.8")
    visitor = factory.get("/", REMOTE_ADDR="10.8.8.8", HTTP_USER_AGENT=BROWSER)

    def attempt(n: int) -> tuple[bool, bool]:
        try:
            with override_settings(DISCLOSURE_FEEDBACK_RATE_LIMIT=(5, 60)):
                return (
                    rate_limited(request, "feedback"),
                    first_time_today(visitor, "page", 42),
                )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(attempt, range(20)))
    assert [limited for limited, _ in results].count(False) == 5
    assert [first for _, first in results].count(True) == 1


@pytest.mark.django_db
def test_the_database_keeps_only_todays_pseudonyms(disclosure, monkeypatch):
    item = make_item(category("1.9"))
    day = dt.datetime(2031, 3, 1, 5, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: day)
    visit(item, "10.7.7.7")
    stored = list(DailyVisitor.objects.values_list("day", "digest"))
    assert len(stored) == 1
    assert "10.7.7.7" not in str(stored) and "Firefox" not in str(stored)
    request = RequestFactory().get("/", REMOTE_ADDR="10.7.7.7", HTTP_USER_AGENT=BROWSER)
    # Tomorrow the same visitor has another pseudonym, and yesterday's are deleted.
    assert stored[0][1] != visitor_hash(
        request, "page", item.pk, day=dt.date(2031, 3, 2)
    )
    monkeypatch.setattr(timezone, "now", lambda: day + dt.timedelta(days=1))
    visit(item, "10.7.7.8")
    assert list(DailyVisitor.objects.values_list("day", flat=True)) == [
        dt.date(2031, 3, 2)
    ]
    assert views(item) == 2


def check_ids(**settings) -> set[str]:
    with override_settings(**settings):
        return {
            message.id
            for message in run_checks(
                tags=[Tags.caches], include_deployment_checks=True
            )
            if message.id and message.id.startswith("disclosure_reporting.")
        }


REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    ("caches", "counter_cache", "expected"),
    [
        # The database keeps the counters; Wagtail's own cache would be per process.
        ({"default": LOCAL_MEMORY}, None, {"disclosure_reporting.W001"}),
        ({"default": REDIS_CACHE}, None, set()),
        ({"default": REDIS_CACHE}, "default", set()),
        # Counters in a cache that each process keeps for itself, or that forgets.
        (
            {"default": LOCAL_MEMORY},
            "default",
            {"disclosure_reporting.E001"} | {"disclosure_reporting.W001"},
        ),
        (
            {
                "default": REDIS_CACHE,
                "db": {
                    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                    "LOCATION": "cache_table",
                },
            },
            "db",
            {"disclosure_reporting.E001"},
        ),
        ({"default": REDIS_CACHE}, "missing", {"disclosure_reporting.E001"}),
    ],
    ids=["db+locmem", "db+redis", "redis", "locmem", "dbcache", "missing"],
)
def test_system_checks_refuse_a_per_process_or_forgetful_store(
    caches, counter_cache, expected
):
    found = check_ids(CACHES=caches, DISCLOSURE_COUNTER_CACHE=counter_cache)
    assert found == expected


@pytest.mark.django_db
def test_counting_a_view_costs_at_most_two_queries(client, disclosure, store):
    item = make_item(category("1.9"))
    client.get(item.url, HTTP_USER_AGENT=BROWSER)  # the day's first view, warm caches

    def queries(address: str, agent: str = BROWSER) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(item.url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
        assert response.status_code == 200
        return len(captured)

    robot = queries("10.6.6.1", "Googlebot/2.1")  # not counted at all
    assert queries("10.6.6.2") <= robot + 2  # a new visitor: recorded and counted
    assert queries("10.6.6.2") <= robot + 1  # the same visitor again
    assert views(item) == 2


def production_settings(**environ: str) -> dict:
    """CACHES and DISCLOSURE_COUNTER_CACHE of the production settings, loaded in a
    fresh interpreter with this environment."""
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "k" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "www.example.go.th",
        "WAGTAILADMIN_BASE_URL": "https://www.example.go.th",
        "REDIS_URL": "",
        **environ,
    }
    code = (
        "import json; from disclosure_site.settings import production as s; "
        "print(json.dumps([s.CACHES, s.DISCLOSURE_COUNTER_CACHE]))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    caches, counter_cache = json.loads(result.stdout.splitlines()[-1])
    return {"CACHES": caches, "DISCLOSURE_COUNTER_CACHE": counter_cache}


def test_production_without_redis_counts_in_the_database_and_warns():
    production = production_settings()
    assert production["DISCLOSURE_COUNTER_CACHE"] is None
    assert check_ids(**production) == {"disclosure_reporting.W001"}


def test_production_with_redis_uses_it_for_the_cache_and_the_counters():
    production = production_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    counters = production["CACHES"][production["DISCLOSURE_COUNTER_CACHE"]]
    assert counters["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert counters["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert production["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert check_ids(**production) == set()
