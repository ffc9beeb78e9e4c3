"""Template tags of the office's own pages, for the site's templates.

{% office_pages as pages %}   the live office page of each kind: pages.measure, ...
{% office_page_links %}       the footer's links to the web standard's pages
"""

from django import template

from ..public_sector import FOOTER_KINDS
from ..public_sector import office_pages as find_office_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def office_pages(context) -> dict:
    return find_office_pages(context.get("request"))


@register.inclusion_tag(
    "disclosure_pages/includes/office_page_links.html", takes_context=True
)
def office_page_links(context) -> dict:
    request = context.get("request")
    pages = find_office_pages(request)
    return {
        "links": [pages[kind] for kind in FOOTER_KINDS if kind in pages],
        "current": context.get("page"),
        "request": request,
    }


@register.simple_tag
def breadcrumb_pages(page, site) -> list:
    """The page's ancestors from the site's root page down (not the page itself).

    Read from the parents the page was routed through (Wagtail keeps each on its
    child), with no query; asked for a page reached another way, from the tree.
    """
    root = site.root_page if site is not None else None
    if page is None or root is None or page.depth <= root.depth:
        return []
    chain, current = [], page
    while current.depth > root.depth:
        parent = current.__dict__.get("_cached_parent_obj")
        if parent is None or parent.depth != current.depth - 1:
            return list(page.get_ancestors().filter(depth__gte=root.depth))
        chain.append(parent)
        current = parent
    return chain[::-1]
