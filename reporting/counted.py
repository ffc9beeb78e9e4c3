"""What reporting counts: page types whose class says ``disclosure_kind``.

Reporting imports no page app. It finds the item and gallery page types among
Wagtail's page models by their ``disclosure_kind`` class attribute ("item" or
"gallery"); each has a ``unit`` foreign key to moderation's Unit.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, get_page_models

KINDS = ("item", "gallery")


def counted_models(kind: str | None = None) -> list[type[Page]]:
    """Page models counted as ``kind`` (or as any kind), in a stable order."""
    models = [
        model
        for model in get_page_models()
        if getattr(model, "disclosure_kind", None) in KINDS
        and (kind is None or model.disclosure_kind == kind)
        and not model._meta.abstract
    ]
    return sorted(models, key=lambda m: m._meta.label)


def counted_content_type_ids(kind: str | None = None) -> list[int]:
    """Content type ids of the counted models (cached by Django after one query)."""
    models = counted_models(kind)
    if not models:
        return []
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def is_counted(page: Page) -> bool:
    """Whether a page (base or specific) is an item or a gallery."""
    return getattr(page.specific_class, "disclosure_kind", None) in KINDS


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
