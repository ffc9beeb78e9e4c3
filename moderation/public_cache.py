"""The anonymous page cache: public pages served from a shared cache, never stale.

What is cached
    A GET or HEAD of a public address by a visitor without a session: pages (items,
    categories with their filters and pages, the index, galleries, the office's
    pages), search results, feeds, the sitemap, robots.txt, posters. Never: the
    admin, documents (each download is counted and may be private), static and
    media files, a visitor with a session (signed in, or past a page password), a
    preview, a private or password page (Wagtail marks them ``private``), anything
    but a 200, a streamed file, a response that sets a cookie or is marked
    ``private``/``no-cache``/``no-store``, one that used a CSP nonce, a POST.

    The cache is the ``DISCLOSURE_PAGE_CACHE`` alias (the example site: Redis when
    ``REDIS_URL`` is set, else the database, so every process of the site shares
    it); ``None`` turns it off. ``X-Disclosure-Cache`` says what happened: ``hit``,
    ``miss`` (rendered and stored), ``skip`` (rendered, not storable) or ``bypass``
    (not a request the cache answers).

Query strings
    An entry's key is the scheme, host, path and the query parameters the public
    pages read (``PARAMETERS``), sorted. Tracking parameters (``utm_*``, ``fbclid``,
    ``gclid``) are removed from the request before it is served, so a shared link
    is one entry with the page it points to. A request with any other parameter,
    a parameter given twice or a value of the wrong form is served without the
    cache and stores nothing, and each address stores at most
    ``DISCLOSURE_PAGE_CACHE_VARIANTS`` query strings per generation: a flood of
    made-up filters or words cannot fill the cache.

Never stale
    Every entry records the generation of the cache it was rendered under, and the
    Bangkok date. ``purge_public_cache(reason)`` starts a new generation: every
    entry of an earlier one is a miss from then on, in every process at once (the
    generation lives in the shared cache and is read with the entry, in one round
    trip). It is called by the signals in ``moderation.public_cache_signals``
    (publish, unpublish, move, delete, a new live page, view restrictions, images,
    documents, the office settings, units and their people, users' names,
    snippets, sites) and by any feature that changes what the public sees some
    other way. The date in the entry makes everything a miss at midnight, so a new
    day or fiscal year (1 October) is never shown with yesterday's listings.

    Why one generation for the whole site rather than purging addresses: one
    publication changes many addresses at once (the item, its category's listing
    and every page of it, the index's counts, the home page, several feeds, the
    sitemap, search results, the unit's feed); working out exactly which is
    fragile, and a missed one is a stale page. An office publishes a few times a
    day and is read thousands of times, so rendering again the pages read after a
    change costs little. wagtail-cache does the same (it clears its whole cache on
    publish). The new generation is started at once *and* again after the
    database transaction commits: a page rendered from the old data while the
    change was being committed is stored under the generation in between, which
    no request reads after the commit.

Per-visitor parts and counting
    ``hole(request, name, arg)`` puts a marker in a page that is filled for each
    response, from the cache or not, by the function registered with
    ``register_hole`` (the feedback form's one-time token). ``on_cached_hit``
    records, with the stored page, what to do on each hit: ``register_hit_action``
    names the function (counting a view once per visitor and day). With the
    counters and the page cache in Redis, a hit by a visitor already counted today
    makes no database query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.html import escape

from disclosure_thai.dates import BANGKOK

logger = logging.getLogger(__name__)

HEADER = "X-Disclosure-Cache"
GENERATION_KEY = "disclosure-public-cache:generation"
ENTRY_PREFIX = "disclosure-public-cache:page:"
VARIANTS_PREFIX = "disclosure-public-cache:variants:"
DEFAULT_TIMEOUT = 24 * 60 * 60
DEFAULT_VARIANTS = 200
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_TEXT = 200  # words typed in a filter or the search box that are still cached


def _pattern(regex: str) -> Callable[[str], bool]:
    compiled = re.compile(regex)
    return lambda value: compiled.fullmatch(value) is not None


def _text(value: str) -> bool:
    return len(value) <= MAX_TEXT and not any(
        ord(c) < 32 or ord(c) == 127 for c in value
    )


# The query parameters the public pages read, with the values that are cached:
# pagination, the category, gallery and search filters, and the feedback "thanks".
PARAMETERS: dict[str, Callable[[str], bool]] = {
    "page": _pattern(r"[1-9][0-9]{0,3}"),
    "q": _text,
    "fiscal_year": _pattern(r"(2[4-7][0-9]{2})?"),
    "unit": _pattern(
        r"[a-z0-9_-]{0,50}"
    ),  # a unit's number (listings) or code (search)
    "category": _pattern(r"([0-9]{1,2}(\.[0-9]{1,2})?)?"),
    "month": _pattern(r"(1[0-2]|[1-9])?"),
    "date_from": _pattern(r"([0-9]{4}-[0-9]{2}-[0-9]{2})?"),
    "date_to": _pattern(r"([0-9]{4}-[0-9]{2}-[0-9]{2})?"),
    "evaluation": _pattern(r"thanks"),
}
# Added by share links and campaigns; no page reads them.
IGNORED_PARAMETERS = frozenset(
    {
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "utm_id",
        "fbclid",
        "gclid",
    }
)
# A session key as Django makes them; any other cookie value is not a session.
_SESSION_KEY = re.compile(r"[a-z0-9]{32,40}")
_NOT_CACHEABLE = ("private", "no-store", "no-cache")

_HIT_ACTIONS: dict[str, Callable[[object, int], None]] = {}
_HOLES: dict[str, Callable[[object, int], str]] = {}


def page_cache() -> BaseCache | None:
    """The cache of public pages (``DISCLOSURE_PAGE_CACHE``); None when off."""
    alias = getattr(settings, "DISCLOSURE_PAGE_CACHE", None)
    return caches[alias] if alias else None


# ---------------------------------------------------------------------------
# Purging


def _new_generation() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def _start_generation(cache: BaseCache) -> str:
    """The current generation, starting one if the cache has none (a new cache,
    or the key lost): a new random one, so no entry stored before matches it."""
    token = _new_generation()
    if cache.add(GENERATION_KEY, token, timeout=None):
        return token
    return cache.get(GENERATION_KEY) or token


def _bump(cache: BaseCache) -> None:
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def _bump_after_commit() -> None:
    cache = page_cache()
    if cache is not None:
        _bump(cache)


def purge_public_cache(reason: str) -> None:
    """Make every cached public page a miss, in every process: call it whenever
    something the public sees changes (the signals of public_cache_signals call it
    for publishing, moving, deleting, the office's data and the like).

    The generation changes at once and again when the current transaction commits
    (see the module's docstring); a failure to reach the cache is raised, so a
    change is not saved while its pages could stay cached.
    """
    cache = page_cache()
    if cache is None:
        return
    logger.info("Public page cache purged: %s", reason)
    _bump(cache)
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is _bump_after_commit
        for _ids, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_bump_after_commit, robust=True)


# ---------------------------------------------------------------------------
# What a rendered page asks of the cache


@dataclass
class _Render:
    """A request the cache may store: what its page asked for."""

    actions: list[tuple[str, int]] = field(default_factory=list)
    holes: bool = False


def register_hit_action(name: str, action: Callable[[object, int], None]) -> None:
    """``action(request, arg)`` runs on each cached hit of a page that asked for it
    with ``on_cached_hit(request, name, arg)`` (GET only)."""
    _HIT_ACTIONS[name] = action


def register_hole(name: str, fill: Callable[[object, int], str]) -> None:
    """``fill(request, arg)`` gives the text of a ``hole(request, name, arg)``."""
    _HOLES[name] = fill


def on_cached_hit(request, name: str, arg: int) -> None:
    """Run the registered action ``name`` with ``arg`` on every cached hit of the
    page being rendered (it is the page's own job to do it for this request)."""
    state = getattr(request, "_public_cache", None)
    if state is not None and (name, int(arg)) not in state.actions:
        state.actions.append((name, int(arg)))


def _hole_prefix() -> str:
    """A marker nobody can type into a page: it carries a digest of SECRET_KEY."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"disclosure-public-cache-hole", "sha256"
    ).hexdigest()
    return f"pchole-{digest[:16]}-"


def hole(request, name: str, arg: int) -> str:
    """The per-visitor text ``name`` for ``arg``: a marker filled for each response
    when the page may be cached, the text itself otherwise."""
    state = getattr(request, "_public_cache", None)
    if state is None:
        return _HOLES[name](request, int(arg))
    state.holes = True
    return f"{_hole_prefix()}{name}.{int(arg)}."


def _fill_holes(request, body: bytes) -> bytes:
    pattern = re.compile(
        re.escape(_hole_prefix()).encode() + rb"([a-z_]{1,40})\.([0-9]{1,19})\."
    )

    def fill(match: re.Match) -> bytes:
        filler = _HOLES.get(match.group(1).decode())
        if filler is None:
            return b""
        return escape(filler(request, int(match.group(2)))).encode()

    return pattern.sub(fill, body)


# ---------------------------------------------------------------------------
# Which requests the cache answers


_skipped_prefixes: dict[str, tuple[str, ...]] = {}


def _skipped(path: str) -> bool:
    """The admin, documents, static and media files: never through the cache."""
    script_prefix = get_script_prefix()
    prefixes = _skipped_prefixes.get(script_prefix)
    if prefixes is None:
        found = [settings.STATIC_URL or "", settings.MEDIA_URL or ""]
        for name, args in (("wagtailadmin_home", ()), ("wagtaildocs_serve", (1, "x"))):
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
            # The first segment after the script prefix: /admin/, /documents/.
            rest = url[len(script_prefix) :].split("/", 1)[0]
            found.append(f"{script_prefix}{rest}/")
        found += list(getattr(settings, "DISCLOSURE_PAGE_CACHE_SKIP", ()))
        prefixes = tuple(p for p in found if p.startswith("/") and p != "/")
        _skipped_prefixes[script_prefix] = prefixes
    return path.startswith(prefixes)


def _has_session(request) -> bool:
    """Whether the request carries a session that exists (a forged or expired
    session cookie is not one: the visitor is as anonymous as without it)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    engine = settings.SESSION_ENGINE
    if engine.endswith("signed_cookies"):
        return True  # the cookie is the session
    if not _SESSION_KEY.fullmatch(key):
        return False
    return import_module(engine).SessionStore().exists(key)


def _canonical_query(request) -> str | None:
    """The sorted known parameters; None when the request must not use the cache.

    Tracking parameters are taken out of the request itself, so the page rendered
    is the one the key names.
    """
    if not request.META.get("QUERY_STRING"):
        return ""
    kept: list[tuple[str, str]] = []
    dropped = False
    for name, values in request.GET.lists():
        if name in IGNORED_PARAMETERS:
            dropped = True
            continue
        valid = PARAMETERS.get(name)
        if valid is None or len(values) != 1 or not valid(values[0]):
            return None
        kept.append((name, values[0]))
    kept.sort()
    query = urlencode(kept)
    if dropped:
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
    return query


def _cache_key(request) -> tuple[str, str, str] | None:
    """(entry key, address key, query) of a request the cache answers, else None."""
    if request.method not in ("GET", "HEAD") or _skipped(request.path):
        return None
    if getattr(request, "is_dummy", False):  # Wagtail's preview in the admin
        return None
    if "HTTP_AUTHORIZATION" in request.META or "messages" in request.COOKIES:
        return None
    query = _canonical_query(request)
    if query is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if _has_session(request):
        return None
    address = f"{request.scheme}\n{host}\n{request.path}"
    address_key = hashlib.sha256(
        address.encode("utf-8", "backslashreplace")
    ).hexdigest()
    entry = hashlib.sha256(
        f"{address}\n{query}".encode("utf-8", "backslashreplace")
    ).hexdigest()
    return ENTRY_PREFIX + entry, address_key, query


def _tag(generation: str) -> str:
    return f"{generation}|{timezone.now().astimezone(BANGKOK).date().isoformat()}"


def _timeout() -> int:
    """The configured life of an entry, at most until midnight in Bangkok (the
    entry is a miss from then on anyway)."""
    now = timezone.now().astimezone(BANGKOK)
    midnight = dt.datetime.combine(
        now.date() + dt.timedelta(days=1), dt.time.min, tzinfo=BANGKOK
    )
    left = int((midnight - now).total_seconds()) + 1
    return max(
        1,
        min(left, getattr(settings, "DISCLOSURE_PAGE_CACHE_TIMEOUT", DEFAULT_TIMEOUT)),
    )


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _NOT_CACHEABLE):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "cookie"}:
        return False
    if getattr(request, "_csp_nonce", None) or getattr(request, "is_preview", False):
        return False
    return len(response.content) <= MAX_BODY_BYTES


class PublicPageCacheMiddleware:
    """Serves anonymous GET and HEAD requests of public addresses from the page
    cache and stores what it renders for them (the module's docstring says which).

    Place it after the security headers and WhiteNoise and before the session
    middleware: a hit runs none of the middleware below it.
    """

    STORED_HEADERS_SKIPPED = frozenset({"content-length", "set-cookie", HEADER.lower()})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache = page_cache()
        if cache is None:
            return self.get_response(request)
        found = _cache_key(request)
        if found is None:
            response = self.get_response(request)
            if (
                request.method in ("GET", "HEAD")
                and not _skipped(request.path)
                and not getattr(request, "is_dummy", False)
            ):
                response[HEADER] = "bypass"
            return response
        key, address_key, query = found
        try:
            values = cache.get_many([GENERATION_KEY, key])
            generation = values.get(GENERATION_KEY) or _start_generation(cache)
        except Exception:  # the cache is unreachable: serve the page without it
            logger.exception("The public page cache could not be read.")
            return self.get_response(request)
        tag = _tag(generation)
        entry = values.get(key)
        if entry is not None and entry[0] == tag:
            return self.serve(request, entry)
        state = request._public_cache = _Render()
        response = self.get_response(request)
        stored = False
        if _storable(request, response):
            try:
                stored = self.store(
                    cache, response, state, tag, key, address_key, query, generation
                )
            except Exception:
                logger.exception("A page could not be stored in the public page cache.")
        if state.holes and not response.streaming:
            response.content = _fill_holes(request, response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        response[HEADER] = "miss" if stored else "skip"
        return response

    def store(
        self, cache, response, state, tag, key, address_key, query, generation
    ) -> bool:
        timeout = _timeout()
        if query:
            # At most so many query strings of one address per generation.
            limit = getattr(
                settings, "DISCLOSURE_PAGE_CACHE_VARIANTS", DEFAULT_VARIANTS
            )
            counter = f"{VARIANTS_PREFIX}{address_key}:{generation}"
            cache.add(counter, 0, timeout=timeout)
            try:
                if cache.incr(counter) > limit:
                    return False
            except ValueError:  # expired in between
                return False
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in self.STORED_HEADERS_SKIPPED
        ]
        entry = (
            tag,
            response.status_code,
            headers,
            zlib.compress(response.content, 1),
            tuple(state.actions),
            state.holes,
        )
        cache.set(key, entry, timeout=timeout)
        return True

    def serve(self, request, entry) -> HttpResponse:
        _tag_, status, headers, body, actions, holes = entry
        body = zlib.decompress(body)
        if holes:
            body = _fill_holes(request, body)
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        response[HEADER] = "hit"
        if request.method == "GET":
            for name, arg in actions:
                action = _HIT_ACTIONS.get(name)
                if action is None:
                    continue
                try:
                    action(request, arg)
                except Exception:  # a lost count must not cost the visitor the page
                    logger.exception("The cached hit's action %s failed.", name)
        return response
