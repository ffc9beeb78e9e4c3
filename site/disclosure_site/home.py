"""What the home page's sections show, read in a fixed number of queries.

Each listing section costs one query (two with the page-restriction check Wagtail's
``public()`` makes), whatever the number of items or photos it shows; the
categories of every listed item come in one more query, the sections' "see all"
pages in one, and the cover photos' alternative text in one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from wagtail.models import Page

from disclosure_pages.models import DisclosureIndexPage, DisclosureItemPage
from photo_gallery.models import (
    ActivityGalleryPage,
    GalleryIndexPage,
    GalleryPhoto,
    SafeImage,
)
from photo_gallery.renditions import photo_sources

TEMPLATES = {
    "highlight": "disclosure_site/blocks/highlight.html",
    "latest_items": "disclosure_site/blocks/latest_items.html",
    "galleries": "disclosure_site/blocks/latest_galleries.html",
    "quick_links": "disclosure_site/blocks/quick_links.html",
    "text": "disclosure_site/blocks/text.html",
}


MORE_TYPES = ("latest_items", "galleries")


@dataclass
class Section:
    """One section of the home page as its template shows it."""

    block_type: str
    value: Any
    id: str
    template: str
    entries: list = field(default_factory=list)
    more: Page | None = None


def _items(home: Page, category: Page | None, count: int) -> list:
    items = DisclosureItemPage.objects.live().public()
    items = items.child_of(category) if category else items.descendant_of(home)
    return list(
        items.defer_streamfields().order_by(
            "-publication_date", "-first_published_at", "-pk"
        )[:count]
    )


def _galleries(home: Page, count: int) -> list:
    return list(
        ActivityGalleryPage.objects.live()
        .public()
        .descendant_of(home)
        .select_related("unit")
        .prefetch_related(
            Prefetch("cover_image", queryset=SafeImage.objects.prefetch_renditions())
        )
        .order_by("-event_date", "-pk")[:count]
    )


def _attach_categories(items: list) -> None:
    """Each item's category (its parent page), for all items in one query."""
    paths = {item.path[: -item.steplen] for item in items}
    if not paths:
        return
    parents = {p.path: p for p in Page.objects.filter(path__in=paths).live()}
    for item in items:
        item.home_category = parents.get(item.path[: -item.steplen])


def _attach_covers(galleries: list) -> None:
    """Each gallery's cover: its renditions and the alternative text its photo has."""
    wanted = {(g.pk, g.cover_image_id) for g in galleries if g.cover_image_id}
    alt_texts = {}
    if wanted:
        rows = GalleryPhoto.objects.filter(
            page_id__in={pk for pk, _image in wanted},
            image_id__in={image for _pk, image in wanted},
        ).values_list("page_id", "image_id", "alt_text")
        alt_texts = {(page, image): alt for page, image, alt in rows}
    for gallery in galleries:
        gallery.cover_sources = (
            photo_sources(gallery.cover_image) if gallery.cover_image_id else None
        )
        gallery.cover_alt = alt_texts.get((gallery.pk, gallery.cover_image_id), "")


def _section_pages(home: Page) -> dict[type, Page]:
    """The disclosure index and the activity photo index under the home page."""
    found = {}
    for page in (
        Page.objects.child_of(home)
        .live()
        .type(DisclosureIndexPage, GalleryIndexPage)
        .order_by("path")
    ):
        found.setdefault(page.specific_class, page)
    return found


def section_data(home: Page, body) -> list[Section]:
    """The home page's sections, in order, with what each lists."""
    sections = []
    listed_items: list = []
    listed_galleries: list = []
    for block in body or ():
        template = TEMPLATES.get(block.block_type)
        if template is None:
            continue
        section = Section(block.block_type, block.value, block.id, template)
        if block.block_type == "latest_items":
            category = block.value.get("category")
            if category is not None and not category.live:
                category = None
            section.entries = _items(home, category, block.value.get("count") or 6)
            section.more = category
            listed_items += section.entries
        elif block.block_type == "galleries":
            section.entries = _galleries(home, block.value.get("count") or 3)
            listed_galleries += section.entries
        sections.append(section)

    _attach_categories(listed_items)
    _attach_covers(listed_galleries)
    if any(s.more is None and s.block_type in MORE_TYPES for s in sections):
        index_pages = _section_pages(home)
        for section in sections:
            if section.more is None and section.block_type == "latest_items":
                section.more = index_pages.get(DisclosureIndexPage)
            elif section.block_type == "galleries":
                section.more = index_pages.get(GalleryIndexPage)
    return sections
