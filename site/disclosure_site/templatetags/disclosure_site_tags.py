"""Template tags of the example site: the office's look for the page frame."""

from django import template
from wagtail.models import Site

from ..models import SiteAppearance

register = template.Library()

_REQUEST_ATTRIBUTE = "_disclosure_site_appearance"


@register.simple_tag(takes_context=True)
def site_appearance(context) -> SiteAppearance:
    """The site's appearance settings in one query (logo included), read once per
    request. Unlike ``settings.…`` in a template, a site that never saved them gets
    the defaults without a row being written by a visitor's GET."""
    request = context.get("request")
    found = getattr(request, _REQUEST_ATTRIBUTE, None)
    if found is not None:
        return found
    site = context.get("current_site")
    if site is None and request is not None:
        site = Site.find_for_request(request)
    appearance = None
    if site is not None:
        appearance = (
            SiteAppearance.objects.filter(site=site).select_related("logo").first()
        )
    appearance = appearance or SiteAppearance(site=site)
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, appearance)
    return appearance
