"""Counting views and downloads, and limiting feedback, without storing who visited.

No address, user agent or cookie is stored. To count a visitor once per page and day,
a hash of (daily salt, address, user agent, object) is kept in Django's cache until
the day ends; the salt is derived from SECRET_KEY and the date, so yesterday's hashes
cannot be matched with today's. With the default per-process local-memory cache the
dedupe and the rate limit are per process: point CACHES at a shared cache when the
site runs several processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from moderation.thai_dates import BANGKOK

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|scan|monitor|preview|headless|"
    r"curl|wget|python-|httpclient|http-client|java/|go-http|libwww|okhttp|"
    r"facebookexternalhit|lighthouse|pingdom",
    re.IGNORECASE,
)
CACHE_PREFIX = "disclosure_reporting"


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
            request.META.get("REMOTE_ADDR", ""),
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


def first_time_today(request, kind: str, object_id: int) -> bool:
    """True the first time this visitor reaches this object today (cache only)."""
    key = f"{CACHE_PREFIX}:seen:{kind}:{visitor_hash(request, kind, object_id)}"
    return cache.add(key, 1, timeout=_seconds_until_midnight())


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
    5 a minute. Only a hash of the address is used as the cache key.
    """
    limit, window = getattr(settings, "DISCLOSURE_FEEDBACK_RATE_LIMIT", (5, 60))
    bucket = int(timezone.now().timestamp()) // window
    address = hmac.new(
        _daily_salt(today()),
        request.META.get("REMOTE_ADDR", "").encode(),
        hashlib.sha256,
    ).hexdigest()
    key = f"{CACHE_PREFIX}:rate:{scope}:{address}:{bucket}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
