"""Idempotent creation of the activity photo index (a `disclosure_setup` hook)."""

from __future__ import annotations

from wagtail.coreutils import find_available_slug
from wagtail.models import Site

from moderation.setup import SetupReport

from .models import GalleryIndexPage

INDEX_TITLE = "ภาพกิจกรรม"
INDEX_SLUG = "gallery"


def ensure_gallery_index(site: Site, report: SetupReport) -> GalleryIndexPage:
    """The one gallery index, reused wherever an editor moved or renamed it."""
    existing = GalleryIndexPage.objects.first()
    if existing is not None:
        report.kept.append("activity photo index")
        return existing
    parent = site.root_page
    # An existing site may already use the slug: add a number rather than fail.
    page = GalleryIndexPage(
        title=INDEX_TITLE,
        slug=find_available_slug(parent, INDEX_SLUG),
        show_in_menus=True,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.created.append("activity photo index")
    return page
