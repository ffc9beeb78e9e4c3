"""The public short address of a page (/s/<id>/), as posts carry it."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from wagtail.models import Site

from .queue import public_page


def short_link(request, page_id):
    """Redirect to a live, public item or gallery of this site; anything else
    (a draft, a private or withdrawn page, another site's, a made-up id) is 404."""
    site = Site.find_for_request(request)
    page = public_page(page_id, site)
    if page is None:
        raise Http404
    url = page.get_url(request)
    if not url:
        raise Http404
    response = HttpResponseRedirect(url)
    return response
