"""The resized copies a public gallery page shows, found without a query per photo.

Wagtail's ``{% picture %}`` tag costs about 1.5 ms a photo (it also writes every
rendition back to the cache on each request); a 300-photo gallery spends half a
second in it. Here the renditions come from the prefetched ones, and are created
(and cached) only when one is missing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from wagtail.images.models import Filter, SourceImageIOError

logger = logging.getLogger(__name__)

THUMB_WIDTHS = (320, 640)
FORMATS = ("webp", "jpeg")
LARGE_SPEC = "max-1600x1600"
THUMB_SPECS = {
    (fmt, width): f"width-{width}|format-{fmt}"
    for fmt in FORMATS
    for width in THUMB_WIDTHS
}
ALL_SPECS = [*THUMB_SPECS.values(), LARGE_SPEC]
_FILTERS = {spec: Filter(spec=spec) for spec in ALL_SPECS}


@dataclass
class PhotoSources:
    """URLs and sizes for a <picture>: WebP and JPEG srcsets, the JPEG fallback
    (whose width and height reserve the space) and the large photo to link to."""

    webp_srcset: str
    jpeg_srcset: str
    src: str
    width: int
    height: int
    large_url: str
    large_width: int
    large_height: int


def _renditions(image) -> dict:
    found = image.find_existing_renditions(*_FILTERS.values())
    if len(found) == len(_FILTERS):
        return {f.spec: r for f, r in found.items()}
    return image.get_renditions(*ALL_SPECS)


def _srcset(renditions: dict, fmt: str) -> str:
    by_width = {}
    for width in THUMB_WIDTHS:
        rendition = renditions[THUMB_SPECS[(fmt, width)]]
        # A photo narrower than 640 px gives the same width twice: list it once.
        by_width.setdefault(rendition.width, rendition.url)
    return ", ".join(f"{url} {width}w" for width, url in by_width.items())


def photo_sources(image) -> PhotoSources | None:
    """The sources of an image, or None when its original file is lost (as Wagtail's
    own image tags do, the page shows without it rather than failing) or no copy
    can be made of it (an original stored before uploads were made renderable,
    e.g. a 16-bit PNG, which JPEG cannot hold)."""
    try:
        renditions = _renditions(image)
    except SourceImageIOError:
        logger.warning("The original file of image %s is missing", image.pk)
        return None
    except (OSError, ValueError):
        logger.exception("No rendition can be made of image %s", image.pk)
        return None
    fallback = renditions[THUMB_SPECS[("jpeg", THUMB_WIDTHS[0])]]
    large = renditions[LARGE_SPEC]
    return PhotoSources(
        webp_srcset=_srcset(renditions, "webp"),
        jpeg_srcset=_srcset(renditions, "jpeg"),
        src=fallback.url,
        width=fallback.width,
        height=fallback.height,
        large_url=large.url,
        large_width=large.width,
        large_height=large.height,
    )
