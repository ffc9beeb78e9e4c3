"""Security headers: a strict Content-Security-Policy on every public page (no inline
script or style, nothing from another host), Wagtail's own policy on the admin, and
Referrer-Policy and Permissions-Policy on every response."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Page

from disclosure_site.security_headers import ContentSecurityPolicyMiddleware
from tests.utils import category, make_gallery, make_item

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Everything in a page that a policy without 'unsafe-inline' refuses, unless it
    carries the response's nonce: inline <script> and <style>, style="..." and
    on...="..." attributes, javascript: addresses."""

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, str | None]] = []  # (tag, nonce)
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inline = (tag == "script" and not attrs.get("src")) or tag == "style"
        data = attrs.get("type") in ("application/json", "application/ld+json")
        if inline and not data:
            self.blocks.append((tag, attrs.get("nonce")))
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.attributes.append(f'<{tag} {name}="{value}">')
            if name in ("href", "src", "action") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.attributes.append(f'<{tag} {name}="{value}">')


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    return parser


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def header_nonce(header: str) -> str | None:
    match = re.search(r"'nonce-([^']+)'", header)
    return match.group(1) if match else None


@pytest.fixture
def public_urls(disclosure) -> list[str]:
    """One page of every public kind, the search with results, a poster and a 404."""
    item = make_item(category("1.9"), title="ประกาศจัดซื้อจัดจ้าง")
    gallery = make_gallery(photos=2, title="ภาพกิจกรรมวันครู")
    seeded = [
        page.url
        for page in Page.objects.live().filter(depth__gte=2).specific()
        if page.url
    ]
    return sorted(
        {
            *seeded,
            item.url,
            gallery.url,
            "/search/?q=จัดซื้อ",
            f"/poster/{item.pk}/",
            f"/poster/{gallery.pk}/",
            "/disclosure/no-such-page/",
        }
    )


def test_public_pages_carry_the_headers_and_the_strict_policy(client, public_urls):
    assert len(public_urls) >= 10
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = response.headers.get("Content-Security-Policy", "")
        policy = directives(csp)
        assert policy["default-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in csp, url
        assert "'unsafe-eval'" not in csp, url
        # Our own files only: no other host, no wildcard, no data: in any directive.
        assert not re.search(r"https?:|\*|data:|blob:", csp), (url, csp)
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert response.headers["Referrer-Policy"] == "same-origin", url
        permissions = response.headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in permissions, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_public_pages_have_no_inline_code_without_the_nonce(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        found = inline_code(response.content.decode())
        assert found.attributes == [], url
        nonce = header_nonce(response.headers["Content-Security-Policy"])
        for tag, tag_nonce in found.blocks:
            assert tag_nonce is not None, f"inline <{tag}> without a nonce on {url}"
            assert tag_nonce == nonce, f"<{tag}> nonce is not the header's on {url}"


def test_the_photo_viewer_and_print_button_are_files(client, disclosure):
    gallery = make_gallery(photos=2)
    page = client.get(gallery.url).content.decode()
    assert re.search(r'<script src="[^"]*photo_gallery/js/lightbox[^"]*\.js"', page)
    poster = client.get(f"/poster/{gallery.pk}/").content.decode()
    assert "data-print" in poster
    assert re.search(r'<script src="[^"]*disclosure_moderation/js/print-button', poster)


def test_the_server_error_page_has_no_inline_style():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    found = inline_code(html)
    assert found.blocks == [] and found.attributes == []
    assert "disclosure_site/css/error.css" in html


def test_a_template_that_needs_inline_script_gets_the_nonce_the_header_allows():
    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">document.title = "x";</script>'
    )

    def view(request):
        return HttpResponse(template.render({}, request))

    request = RequestFactory().get("/disclosure/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    csp = response.headers["Content-Security-Policy"]
    (script_nonce,) = re.findall(r'nonce="([^"]+)"', response.content.decode())
    assert f"'nonce-{script_nonce}'" in directives(csp)["script-src"]
    assert "'unsafe-inline'" not in csp


def test_a_page_without_inline_script_lists_no_nonce(client, disclosure):
    csp = client.get("/disclosure/").headers["Content-Security-Policy"]
    assert header_nonce(csp) is None
    assert directives(csp)["script-src"] == ["'self'"]


def test_the_admin_runs_under_its_own_policy_with_no_other_host(
    admin_client, disclosure
):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    policy = directives(csp)
    # Wagtail's admin writes inline scripts (date pickers, inline panels): allowed
    # there, and only there, and without a nonce (which would void 'unsafe-inline').
    assert "'unsafe-inline'" in policy["script-src"]
    assert header_nonce(csp) is None
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert not re.search(r"https?:|\*", csp), csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    # Nor does the admin page ask the browser for anything from another host
    # (Gravatar pictures, Wagtail's update check).
    html = response.content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail" not in html


def test_the_login_page_is_under_the_admin_policy(client, disclosure):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response.headers["Content-Security-Policy"]


def test_the_public_policy_covers_feedback_errors(client, disclosure):
    response = client.post("/evaluation/feedback/", {})
    assert response.status_code >= 400
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert inline_code(response.content.decode()).attributes == []
