"""Fixtures of the public page cache's tests: a visitor, and the cache on Redis."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client, override_settings

from moderation.public_cache import HEADER

BROWSER = "Mozilla/5.0 (Linux; Android 14) Firefox/130.0"
# The tests' own Redis database (CI runs Redis; without it these tests skip).
REDIS_URL = "redis://127.0.0.1:6379/3"


class Visitor:
    """An anonymous visitor's browser: no session, a browser's user agent."""

    def __init__(self, agent: str = BROWSER, **client_kwargs):
        self.client = Client(**client_kwargs)
        self.agent = agent

    def get(self, url: str, **extra):
        extra.setdefault("HTTP_USER_AGENT", self.agent)
        return self.client.get(url, **extra)

    def head(self, url: str, **extra):
        extra.setdefault("HTTP_USER_AGENT", self.agent)
        return self.client.head(url, **extra)

    def post(self, url: str, data=None, **extra):
        extra.setdefault("HTTP_USER_AGENT", self.agent)
        return self.client.post(url, data or {}, **extra)


@pytest.fixture(autouse=True)
def page_cache_on():
    """The page cache in the local-memory default cache, which every test empties
    (tests/conftest.py); the suite elsewhere runs without it."""
    with override_settings(DISCLOSURE_PAGE_CACHE="default"):
        yield


def cache_status(response) -> str | None:
    return response.headers.get(HEADER)


@pytest.fixture
def visitor():
    return Visitor()


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_caches(page_cache_on):
    """The page cache and the counters in Redis (database 3), as in production with
    REDIS_URL, under a key prefix of this test's own; its keys are deleted after."""
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    import redis
    from django.conf import settings

    prefix = f"test-cache-{uuid.uuid4().hex}"
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    caches = {
        **settings.CACHES,
        "pages": {**backend, "KEY_PREFIX": f"{prefix}-pages"},
        "counters": {**backend, "KEY_PREFIX": f"{prefix}-counters"},
    }
    with override_settings(
        CACHES=caches,
        DISCLOSURE_PAGE_CACHE="pages",
        DISCLOSURE_COUNTER_CACHE="counters",
    ):
        yield prefix
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)
