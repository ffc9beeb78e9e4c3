"""What reporting counts: the items and galleries of every app.

Reporting imports no page app. It asks moderation's registry of page kinds
(``moderation.page_kinds``) for the item and gallery page types; each has a
``unit`` foreign key to moderation's Unit.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from moderation import page_kinds


def counted_models(kind: str | None = None) -> list[type[Page]]:
    """Page models counted as ``kind`` (or as any kind), in a stable order.

    A type that extends another counted type (the monthly procurement summary is
    an item) is left out: its rows are already in its parent's table, and counting
    both would count each of them twice.
    """
    models = page_kinds.counted_models(kind)
    return sorted(
        (m for m in models if not any(o is not m and issubclass(m, o) for o in models)),
        key=lambda m: m._meta.label,
    )


def counted_content_type_ids(kind: str | None = None) -> list[int]:
    """Content type ids of the counted models, subtypes included (cached by Django
    after one query)."""
    models = page_kinds.counted_models(kind)
    if not models:
        return []
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def is_counted(page: Page) -> bool:
    """Whether a page (base or specific) is an item or a gallery."""
    return page_kinds.kind_of(page) is not None


def public_live_counted_page(page_id) -> Page | None:
    """The specific live, public item or gallery with this id, or None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    if not 0 < page_id < 2**63:
        return None
    page = (
        Page.objects.live()
        .public()
        .filter(pk=page_id, content_type_id__in=counted_content_type_ids())
        .first()
    )
    return page.specific if page else None
