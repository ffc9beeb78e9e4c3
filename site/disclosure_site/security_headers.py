"""Security headers of every response: the Content-Security-Policy (strict on the
public site, Wagtail's own on the admin) and the Permissions-Policy."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def admin_prefix() -> str | None:
    """The path the Wagtail admin is mounted at (``/admin/``), read from the URLconf
    so moving the admin moves its policy with it."""
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a second policy for Wagtail's admin.

    The public site runs under ``CONTENT_SECURITY_POLICY``: our own files only, no
    inline script or style (a nonce where a template really needs one). Wagtail's admin
    writes inline scripts (date pickers, inline panels) and style attributes that carry
    no nonce, so the admin runs under ``DISCLOSURE_ADMIN_CONTENT_SECURITY_POLICY``:
    inline allowed, but still nothing loaded from, sent to or framed by another site.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        prefix = admin_prefix()
        admin_policy = getattr(
            settings, "DISCLOSURE_ADMIN_CONTENT_SECURITY_POLICY", None
        )
        if (
            not report_only
            and parts.config is None
            and admin_policy
            and prefix
            # request.path, like reverse(), carries the sub-path a site is served under.
            and request.path.startswith(prefix)
        ):
            # No nonce: a browser ignores 'unsafe-inline' once a nonce is listed.
            return PolicyParts(
                config=admin_policy["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
            )
        return parts


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` from the ``PERMISSIONS_POLICY`` setting: each
    browser feature maps to the origins allowed to use it (empty: nobody)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy: dict[str, list[str]] = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
