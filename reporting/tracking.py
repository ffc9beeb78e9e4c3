"""Counting views and downloads, and limiting feedback, without storing who visited.

No address, user agent or cookie is stored. To count a visitor once per object and
day, a one-day pseudonym of the visitor and the object (an HMAC of the address and
user agent, salted for the day from SECRET_KEY, so yesterday's pseudonyms cannot be
matched with today's) is recorded for the day in a store that every process of the
site shares and that forgets nothing under load:

- the database (the default): a unique (day, pseudonym) row inserted with
  ``INSERT … ON CONFLICT DO NOTHING``, so whether a row was inserted *is* the answer,
  in every process at once; the rows of earlier days are deleted. The rate limit is a
  fixed-window counter row per client, incremented by one upsert that returns the
  new count;
- Redis, when ``DISCLOSURE_COUNTER_CACHE`` names a Redis cache alias (the example
  site's settings do when ``REDIS_URL`` is set): an atomic add with an expiry at
  midnight, and an atomic increment per window.

A cache kept per process (local memory) or one that forgets keys under load (local
memory culls at 300 keys; the database cache culls and does not increment
atomically; Memcached evicts) counted visitors twice and let refused clients in
again: ``reporting.checks`` refuses such a ``DISCLOSURE_COUNTER_CACHE``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone

from disclosure_thai.dates import BANGKOK
from moderation.client_address import client_address

from .models import DailyVisitor, PageViewCount, RateLimitWindow

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|scan|monitor|preview|headless|"
    r"curl|wget|python-|httpclient|http-client|java/|go-http|libwww|okhttp|"
    r"facebookexternalhit|lighthouse|pingdom",
    re.IGNORECASE,
)
CACHE_PREFIX = "disclosure_reporting"
# The name of counting a view on the public page cache's hits (apps.py).
PAGE_VIEW = "disclosure_reporting.page_view"


def today() -> dt.date:
    return timezone.now().astimezone(BANGKOK).date()


def is_bot(request) -> bool:
    """Obvious robots, and clients that send no user agent at all."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent.strip() or bool(BOT_USER_AGENT.search(agent))


def _daily_salt(day: dt.date) -> bytes:
    key = settings.SECRET_KEY.encode()
    return hmac.new(
        key, f"{CACHE_PREFIX}:{day.isoformat()}".encode(), "sha256"
    ).digest()


def visitor_hash(request, *parts: object, day: dt.date | None = None) -> str:
    """A one-day pseudonym of the visitor (address + user agent) and the given parts."""
    day = day or today()
    text = "|".join(
        [
            client_address(request) or "",
            request.META.get("HTTP_USER_AGENT", ""),
            *map(str, parts),
        ]
    )
    return hmac.new(_daily_salt(day), text.encode(), hashlib.sha256).hexdigest()


def _seconds_until_midnight() -> int:
    now = timezone.now().astimezone(BANGKOK)
    midnight = dt.datetime.combine(
        now.date() + dt.timedelta(days=1), dt.time.min, tzinfo=BANGKOK
    )
    return max(1, int((midnight - now).total_seconds()))


def counter_cache() -> BaseCache | None:
    """The cache named by ``DISCLOSURE_COUNTER_CACHE``; None means the database."""
    alias = getattr(settings, "DISCLOSURE_COUNTER_CACHE", None)
    return caches[alias] if alias else None


def first_time_today(request, kind: str, object_id: int) -> bool:
    """True the first time this visitor reaches this object today, in any process."""
    day = today()
    digest = visitor_hash(request, kind, object_id, day=day)
    cache = counter_cache()
    if cache is not None:
        key = f"{CACHE_PREFIX}:seen:{digest}"
        return cache.add(key, 1, timeout=_seconds_until_midnight())
    _forget_earlier_days(day)
    return _insert_unless_present(DailyVisitor, day=day, digest=digest)


def count_page_view(request, page_id: int) -> None:
    """One view of the page per visitor and day; robots and non-GET requests are
    not counted. Run when the page is rendered and on each hit of it from the
    public page cache: with the counters in Redis, a visitor already counted today
    costs no database query."""
    if (
        request.method == "GET"
        and not is_bot(request)
        and first_time_today(request, "page", page_id)
    ):
        increment(PageViewCount, "views", page_id=page_id, date=today())


# The day whose earlier pseudonyms this process last deleted: once a day is enough.
_forgotten_before: dt.date | None = None


def _forget_earlier_days(day: dt.date) -> None:
    """Delete the pseudonyms of earlier days and the rate limit's ended windows.

    They serve no purpose once their day or window is over, so they are not kept.
    """
    global _forgotten_before
    if _forgotten_before == day:
        return
    DailyVisitor.objects.filter(day__lt=day).delete()
    RateLimitWindow.objects.filter(
        window_end__lte=int(timezone.now().timestamp())
    ).delete()
    _forgotten_before = day


def _quoted(model: type[models.Model], connection, *fields: str) -> list[str]:
    """The quoted table name, then the quoted columns of ``fields``."""
    quote = connection.ops.quote_name
    return [quote(model._meta.db_table)] + [
        quote(model._meta.get_field(name).column) for name in fields
    ]


def _insert_unless_present(model: type[models.Model], **values) -> bool:
    """Insert the row unless one with the same unique key exists; True if inserted.

    One ``INSERT … ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL): the database
    decides, so two processes racing with the same row cannot both insert it.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor not in ("sqlite", "postgresql"):
        try:
            with transaction.atomic(using=connection.alias):
                model._default_manager.using(connection.alias).create(**values)
        except IntegrityError:
            return False
        return True
    table, *columns = _quoted(model, connection, *values)
    params = [
        model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
    ]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(params))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def increment(model: type[models.Model], field: str, **lookup) -> None:
    """Add one to ``field`` of the row matching ``lookup``, creating it at 1.

    Safe under concurrency on SQLite and PostgreSQL: the increment is an UPDATE with
    an F() expression; when two first requests race to create the row, the unique
    constraint makes one fail and it falls back to the UPDATE.
    """
    manager = model._default_manager
    if manager.filter(**lookup).update(**{field: models.F(field) + 1}):
        return
    try:
        with transaction.atomic():
            manager.create(**lookup, **{field: 1})
    except IntegrityError:
        manager.filter(**lookup).update(**{field: models.F(field) + 1})


def rate_limited(request, scope: str) -> bool:
    """Count one request from this address in ``scope``; True once over the limit.

    The limit is ``DISCLOSURE_FEEDBACK_RATE_LIMIT`` = (requests, seconds), by default
    5 a minute, counted in fixed windows of that many seconds. The count is kept
    under a one-day pseudonym of the address in the shared store and incremented
    atomically there, so exactly that many requests of a window are accepted, over
    every process.
    """
    limit, window = getattr(settings, "DISCLOSURE_FEEDBACK_RATE_LIMIT", (5, 60))
    now = int(timezone.now().timestamp())
    window_end = (now // window + 1) * window
    key = hmac.new(
        _daily_salt(today()),
        f"rate|{scope}|{window}|{client_address(request) or ''}".encode(),
        hashlib.sha256,
    ).hexdigest()
    cache = counter_cache()
    if cache is not None:
        count = _count_in_cache(
            cache, f"{CACHE_PREFIX}:rate:{key}:{window_end}", now, window_end
        )
    else:
        count = _count_in_database(key, window_end)
        if count == 1:  # a new window: delete the ended ones
            RateLimitWindow.objects.filter(window_end__lte=now).delete()
    return count > limit


def _count_in_cache(cache: BaseCache, key: str, now: int, window_end: int) -> int:
    """Add one to the window's counter in the cache; the new count."""
    # The key lives a little past the window's end, so it cannot expire between the
    # add and the increment of a request made within the window.
    timeout = window_end - now + 5
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired all the same (clocks apart): a new window
        cache.add(key, 1, timeout=timeout)
        return 1


def _count_in_database(key: str, window_end: int) -> int:
    """Add one to the window's counter row, creating it at 1; the new count.

    One upsert that returns the count (SQLite 3.35+ and PostgreSQL): concurrent
    requests each get their own count, so exactly ``limit`` of them are accepted.
    """
    connection = connections[router.db_for_write(RateLimitWindow)]
    lookup = {"key": key, "window_end": window_end}
    if connection.vendor not in ("sqlite", "postgresql") or not (
        connection.features.can_return_columns_from_insert
    ):
        increment(RateLimitWindow, "hits", **lookup)
        return RateLimitWindow.objects.get(**lookup).hits
    table, key_column, end_column, hits = _quoted(
        RateLimitWindow, connection, "key", "window_end", "hits"
    )
    sql = (
        f"INSERT INTO {table} ({key_column}, {end_column}, {hits}) "  # noqa: S608 - names from the model
        f"VALUES (%s, %s, 1) ON CONFLICT ({key_column}, {end_column}) "
        f"DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, window_end])
        return cursor.fetchone()[0]
