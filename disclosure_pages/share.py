"""What a link to a page shows when shared (Facebook, LINE, X): title, summary and
a picture — the page's own, else the site's default picture."""

from __future__ import annotations

from django.templatetags.static import static

from moderation.public_address import public_page_url

from .search import page_summary_text

DEFAULT_IMAGE = "disclosure_pages/img/share-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)


def page_address(request, page) -> str:
    """The absolute address of a page as the public reaches it.

    The office's public address (moderation.public_address), not the host this
    request came through (an intranet name, an IP address) nor the Site record's
    hostname, which stays "localhost" until an administrator edits it: a printed
    QR code or a shared link must lead the public to the page. A page of another
    site keeps that site's address.
    """
    return public_page_url(page, request)


def share_image(page):
    """The picture of a page: its share/cover image, else the first image in its
    body; None when it has none. Generic over page types."""
    if page is None:
        return None
    for name in ("share_image", "cover_image", "feed_image"):
        value = getattr(page, name, None)
        if callable(value):
            value = value()
        if value is not None and hasattr(value, "get_rendition"):
            return value
    body = getattr(page, "body", None)
    if body is not None and hasattr(body, "raw_data"):
        for block in body:
            if block.block_type == "image":
                image = block.value.get("image")
                if image is not None:
                    return image
    photos = getattr(page, "photos", None)
    if photos is not None and hasattr(photos, "all"):
        first = photos.all().first()
        if first is not None and getattr(first, "image", None) is not None:
            return first.image
    return None


def share_meta(request, page, site_name: str = "") -> dict:
    """OpenGraph / Twitter card values of a page (or of a view without a page)."""
    image_url, width, height, alt = None, None, None, ""
    specific = getattr(page, "specific", page) if page is not None else None
    image = share_image(specific)
    if image is not None:
        try:
            rendition = image.get_rendition("fill-1200x630|format-jpeg")
            image_url, width, height = rendition.url, rendition.width, rendition.height
            alt = image.title
        except Exception:  # a missing file: fall back to the default picture
            image_url = None
    if image_url is None:
        image_url = static(DEFAULT_IMAGE)
        width, height = DEFAULT_IMAGE_SIZE
        alt = site_name
    if request is not None and image_url.startswith("/"):
        image_url = request.build_absolute_uri(image_url)
    url = ""
    if specific is not None:
        url = page_address(request, specific)
    elif request is not None:
        url = request.build_absolute_uri(request.path)
    description = ""
    if specific is not None:
        description = getattr(specific, "search_description", "") or page_summary_text(
            specific
        )
    return {
        "title": (getattr(specific, "seo_title", "") or getattr(specific, "title", ""))
        if specific is not None
        else site_name,
        "description": " ".join(description.split())[:300],
        "url": url,
        "image": image_url,
        "image_width": width,
        "image_height": height,
        "image_alt": alt,
        "type": "article" if getattr(specific, "disclosure_kind", None) else "website",
        "site_name": site_name,
    }
