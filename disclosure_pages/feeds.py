"""RSS 2.0 and Atom feeds: the disclosure section, each category, each unit, and
the activity galleries (with their pictures).

Items and galleries are found through moderation's registry of page kinds
(``moderation.page_kinds``), so galleries from another app appear without this app
importing it.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

from disclosure_thai.dates import format_thai_date
from moderation import page_kinds
from moderation.models import OfficeSettings, Unit

from .models import DisclosureCategoryPage, DisclosureIndexPage
from .search import page_date, page_summary_text
from .share import share_image

FEED_LENGTH = 30


def disclosure_models(kind: str | None = None) -> tuple:
    """Item and gallery page types (of this kind if given)."""
    return page_kinds.counted_models(kind)


def disclosure_pages(kind: str | None = None):
    models = disclosure_models(kind)
    if not models:
        return Page.objects.none()
    return Page.objects.live().public().type(*models)


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS pictures (media:content), as feed readers show them."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:media"] = "http://search.yahoo.com/mrss/"
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        media = item.get("media")
        if media:
            attrs = {"url": media["url"], "medium": "image", "type": media["type"]}
            if media.get("width"):
                attrs["width"] = str(media["width"])
                attrs["height"] = str(media["height"])
            handler.startElement("media:content", attrs)
            if media.get("title"):
                handler.addQuickElement("media:title", media["title"])
            handler.endElement("media:content")


class DisclosureFeed(Feed):
    """The newest published items of the disclosure section."""

    feed_type = MediaRssFeed
    kind = "item"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def office_name(self) -> str:
        office = OfficeSettings.for_request(self.request)
        return office.name_th or office.short_name_th or ""

    def section(self):
        return DisclosureIndexPage.objects.live().first()

    def title(self, obj=None):
        name = self.office_name()
        base = _("Public information disclosure")
        return f"{base} – {name}" if name else base

    def link(self, obj=None):
        section = self.section()
        return section.get_url(self.request) if section else "/"

    def description(self, obj=None):
        return _("The newest information published under the disclosure measure.")

    def pages(self, obj):
        return disclosure_pages(self.kind)

    def items(self, obj=None):
        pages = self.pages(obj).order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        return list(pages.specific())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return page_summary_text(item)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        unit = getattr(item, "unit", None)
        return [unit.name_th] if unit else []

    def _image(self, item):
        image = share_image(item)
        if image is None:
            return None
        try:
            rendition = image.get_rendition("max-1200x1200|format-jpeg")
            # A stored rendition whose file was lost fails here, not above.
            length = rendition.file.size if rendition.file else 0
        except Exception:  # a missing or broken file must not break the feed
            return None
        return {
            "url": self.request.build_absolute_uri(rendition.url),
            "type": "image/jpeg",
            "length": str(length),
            "width": rendition.width,
            "height": rendition.height,
            "title": getattr(image, "title", ""),
        }

    def item_enclosures(self, item):
        media = self._image(item)
        if not media:
            return []
        return [Enclosure(media["url"], media["length"], media["type"])]

    def item_extra_kwargs(self, item):
        return {"media": self._image(item)}


class CategoryFeed(DisclosureFeed):
    """The newest items of one category (by its code, e.g. 1.9)."""

    def get_object(self, request, code):
        if "\x00" in code:  # PostgreSQL refuses a NUL byte: no such category
            raise Http404
        return get_object_or_404(
            DisclosureCategoryPage.objects.live().public(), code=code
        )

    def title(self, obj=None):
        return f"{obj.code} {obj.title} – {super().title()}"

    def link(self, obj=None):
        return obj.get_url(self.request)

    def description(self, obj=None):
        return _("The newest items of category %(category)s.") % {"category": obj}

    def pages(self, obj):
        return disclosure_pages(self.kind).descendant_of(obj)


class UnitFeed(DisclosureFeed):
    """What one unit published: its items and galleries."""

    kind = None

    def get_object(self, request, code):
        return get_object_or_404(Unit, code=code)

    def title(self, obj=None):
        return f"{obj.name_th} – {super().title()}"

    def description(self, obj=None):
        return _("The newest information published by %(unit)s.") % {
            "unit": obj.name_th
        }

    def pages(self, obj):
        condition = Q(pk__in=[])
        for model in disclosure_models():
            if any(f.name == "unit" for f in model._meta.get_fields()):
                condition |= Q(id__in=model.objects.filter(unit=obj).values("pk"))
        return disclosure_pages().filter(condition)


class GalleryFeed(DisclosureFeed):
    """The newest activity galleries, each with its picture."""

    kind = "gallery"

    def title(self, obj=None):
        return f"{_('Activity galleries')} – {super().title()}"

    def link(self, obj=None):
        first = self.pages(obj).first()
        parent = first.get_parent() if first else None
        return parent.get_url(self.request) if parent else "/"

    def description(self, obj=None):
        return _("Photos of the office's activities.")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_description(self, item):
        date = page_date(item)
        summary = page_summary_text(item)
        return summary or (format_thai_date(date) if date else "")


def atom(feed_class):
    """The Atom form of a feed."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


def feed_view(feed_class, atom_feed: bool = False):
    """A view making a fresh feed object per request (a feed keeps the request)."""
    cls = atom(feed_class) if atom_feed else feed_class

    def view(request, *args, **kwargs):
        return cls()(request, *args, **kwargs)

    return view
