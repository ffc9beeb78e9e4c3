"""Which address a request came from, behind the number of proxies the office trusts.

Shared by everything that counts per address: the sign-in throttle and the public
feedback rate limit and view counters.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def _valid_address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address the request came from.

    Reached directly (``DISCLOSURE_TRUSTED_PROXY_COUNT`` = 0, the default) it is
    ``REMOTE_ADDR`` and X-Forwarded-For is ignored: anyone can write that header.
    Behind N proxies that each append the address they saw (nginx's
    ``$proxy_add_x_forwarded_for``), it is the N-th entry from the right; entries
    further left were written by the client and are never believed, so nobody
    escapes a per-address limit by sending a header of their own.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = int(getattr(settings, "DISCLOSURE_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if not forwarded:
        logger.warning(
            "No X-Forwarded-For behind %s trusted proxies: is the proxy setting it?",
            count,
        )
        return remote
    # Fewer entries than proxies: every entry was still written by a trusted proxy.
    chosen = forwarded[-min(count, len(forwarded))]
    return _valid_address(chosen) or remote
