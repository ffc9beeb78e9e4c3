"""Template tags of the public site: share metadata and poster links.

{% share_meta page office_name as share %}   values for OpenGraph / Twitter cards
{% poster_url page as url %}                 the page's notice-board poster, or ""
"""

from django import template
from django.urls import reverse

from ..share import share_meta as _share_meta

register = template.Library()


@register.simple_tag(takes_context=True)
def share_meta(context, page=None, site_name=""):
    return _share_meta(context.get("request"), page or None, site_name or "")


@register.simple_tag
def poster_url(page) -> str:
    specific = getattr(page, "specific", page)
    # A new page in the editor's preview is "live" by default but has no id yet.
    if (
        getattr(specific, "disclosure_kind", None) in ("item", "gallery")
        and getattr(specific, "live", False)
        and specific.pk
    ):
        return reverse("disclosure_poster", args=[specific.pk])
    return ""
