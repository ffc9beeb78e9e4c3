"""The public notice of a withdrawn page, at the address it was published under.

Wagtail answers an address whose page is not live with "not found". For a unit's
page withdrawn with a reason (``moderation.withdrawal``) the address stays: it
shows the title, the dates and the notice, with ``noindex`` so search engines drop
it, and answers 410 Gone where the page was published in error. Install
:class:`WithdrawalNoticeMiddleware` in ``MIDDLEWARE``; it acts only on a "not
found" raised while serving a page.
"""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from .models import WithdrawalReason
from .publishing import is_unit_owned
from .withdrawal import current_withdrawal

SERVE_URL_NAME = "wagtail_serve"


def withdrawn_page_at(request, path: str):
    """The withdrawn unit's page (and its withdrawal) at ``path`` of the request's
    site; None for any other address, a private page or one under a section no
    longer live."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    components = [c for c in path.split("/") if c]
    if not components:
        return None
    url_path = root.url_path + "/".join(components) + "/"
    page = (
        Page.objects.filter(url_path=url_path, live=False, path__startswith=root.path)
        .exclude(pk=root.pk)
        .first()
    )
    if page is None:
        return None
    page = page.specific
    if not is_unit_owned(page):
        return None
    # Its sections must still be public, and the page no private one.
    if (
        page.get_ancestors().filter(depth__gt=root.depth, live=False).exists()
    ) or page.get_view_restrictions().exists():
        return None
    withdrawal = current_withdrawal(page)
    if withdrawal is None:
        return None
    return page, withdrawal


def notice_response(request, page, withdrawal) -> TemplateResponse:
    """The notice; 410 for a page published in error, else 200; never indexed."""
    replacement = withdrawal.replaced_by
    if replacement is not None and not replacement.live:
        replacement = None
    status = 410 if withdrawal.reason == WithdrawalReason.PUBLISHED_IN_ERROR else 200
    response = TemplateResponse(
        request,
        "disclosure_moderation/withdrawal_notice.html",
        {
            "page": page,
            "self": page,
            "withdrawal": withdrawal,
            "replacement": replacement.specific if replacement else None,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


class WithdrawalNoticeMiddleware:
    """Turns Wagtail's "not found" for a withdrawn page into its notice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or request.method not in (
            "GET",
            "HEAD",
        ):
            return None
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != SERVE_URL_NAME:
            return None
        path = match.kwargs.get("path")
        if path is None:
            path = match.args[0] if match.args else ""
        found = withdrawn_page_at(request, path)
        if found is None:
            return None
        response = notice_response(request, *found)
        return response.render()
