"""System checks: the counters and the rate limit need a store every process shares
and that forgets nothing under load (see reporting.tracking)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Shared by every process, atomic add and increment, and no eviction as long as the
# server's maxmemory-policy is noeviction (Redis's default).
SHARED_BACKENDS = {
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
}
# Kept per process, or forgetting keys under load, or incrementing non-atomically.
FORGETFUL_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache": "is kept by each process",
    "django.core.cache.backends.dummy.DummyCache": "keeps nothing",
    "django.core.cache.backends.filebased.FileBasedCache": (
        "culls entries past MAX_ENTRIES and increments non-atomically"
    ),
    "django.core.cache.backends.db.DatabaseCache": (
        "culls entries past MAX_ENTRIES and increments non-atomically"
    ),
    "django.core.cache.backends.memcached.PyMemcacheCache": "evicts keys under load",
    "django.core.cache.backends.memcached.PyLibMCCache": "evicts keys under load",
}
HINT = (
    "Leave DISCLOSURE_COUNTER_CACHE unset (None) to keep the counters in the "
    "database, or point it at a Redis cache (the example site does when REDIS_URL "
    "is set)."
)


@register(Tags.caches)
def check_counter_store(app_configs, **kwargs) -> list:
    """DISCLOSURE_COUNTER_CACHE, when set, must name a shared, non-evicting cache."""
    alias = getattr(settings, "DISCLOSURE_COUNTER_CACHE", None)
    if not alias:
        return []
    if alias not in settings.CACHES:
        return [
            Error(
                f"DISCLOSURE_COUNTER_CACHE names the cache {alias!r}, which is not "
                "in CACHES.",
                hint=HINT,
                id="disclosure_reporting.E001",
            )
        ]
    backend = settings.CACHES[alias].get("BACKEND", "")
    if backend in SHARED_BACKENDS:
        return []
    if backend in FORGETFUL_BACKENDS:
        return [
            Error(
                f"DISCLOSURE_COUNTER_CACHE uses the cache {alias!r} ({backend}), "
                f"which {FORGETFUL_BACKENDS[backend]}: visitors would be counted "
                "twice and refused clients let in again.",
                hint=HINT,
                id="disclosure_reporting.E001",
            )
        ]
    return [
        Warning(
            f"DISCLOSURE_COUNTER_CACHE uses the cache {alias!r} ({backend}): make "
            "sure every process shares it, that it never evicts keys and that its "
            "add and incr are atomic.",
            hint=HINT,
            id="disclosure_reporting.W002",
        )
    ]


@register(Tags.caches, deploy=True)
def check_default_cache_is_shared(app_configs, **kwargs) -> list:
    """In production (manage.py check --deploy), a local-memory default cache is
    one cache per process: what one process caches or clears, the others do not."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend != "django.core.cache.backends.locmem.LocMemCache":
        return []
    return [
        Warning(
            "The default cache is a local-memory cache: each process of the site "
            "keeps its own, so a site served by several processes caches (and "
            "clears) pages and site data per process.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to use Redis for "
            "the cache and the counters, or serve the site from one process.",
            id="disclosure_reporting.W001",
        )
    ]
