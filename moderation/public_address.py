"""The office's public address: the one place that decides where links that leave
the site (request memos, emails, notice-board posters) point.

Wagtail's own absolute URLs come from the Site record, whose first migration
names it "localhost" on port 80; an office that never edited it would print and
send dead links. The public address is ``WAGTAILADMIN_BASE_URL`` (production
refuses to start without it), and only without it the default Site's address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

# Host names that nobody outside the server can reach.
LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"})  # noqa: S104


def public_base_url() -> str:
    """The office's public address without a trailing slash, e.g.
    ``https://www.example.go.th``; "" when nothing says what it is."""
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", None) or "").strip()
    if base:
        return base.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else ""


def public_page_url(page, request=None) -> str:
    """The absolute address of a page as the public reaches it.

    A page of the office's site (the default site) gets the public address; a page
    of another site keeps that site's own. "" for a page outside every site.
    """
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    site_id, root_url, path = parts
    site = getattr(request, "_wagtail_site", None)  # Site.find_for_request's
    if site is not None and site.pk == site_id:
        default_id = site_id if site.is_default_site else None
    else:
        default_id = (
            Site.objects.filter(is_default_site=True)
            .values_list("pk", flat=True)
            .first()
        )
    base = public_base_url() if site_id == default_id else (root_url or "")
    return base + path


def site_address(url: str) -> tuple[str, int] | None:
    """The hostname and port a Wagtail Site record needs for ``url``; None when
    the address has no host name."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return parts.hostname, port


def is_local_hostname(hostname: str) -> bool:
    """Whether a host name can only be reached from the server itself."""
    return hostname.strip().lower() in LOCAL_HOSTNAMES
