"""Forget a category's figures (disclosure_pages.figures) when what they count changes.

An item published (new, edited or scheduled), unpublished (by hand or on expiry),
moved, deleted or saved with a changed date, unit or status; a category or the
index unpublished or moved (their items go with them); a view restriction added,
changed or removed anywhere (which items are public changes).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import figures
from .models import DisclosureCategoryPage, DisclosureItemPage

# A save that touches none of these (a draft revision's bookkeeping) leaves the
# public figures as they were.
COUNTED_FIELDS = frozenset(
    {
        "live",
        "unit",
        "unit_id",
        "publication_date",
        "fiscal_year",
        "fiscal_year_override",
        "last_published_at",
        "first_published_at",
        "path",
        "depth",
        "expired",
    }
)
DISPATCH = "disclosure_pages.figures"


def categories_of(page: Page) -> list[int]:
    """The ids of the categories whose figures count this page or its descendants."""
    if isinstance(page, DisclosureItemPage) or (
        page.specific_class is DisclosureItemPage
    ):
        parent_path = page.path[: -Page.steplen]
        return list(
            DisclosureCategoryPage.objects.filter(path=parent_path).values_list(
                "pk", flat=True
            )
        )
    # A category, the index or any page above them: every category at or below it.
    return list(
        DisclosureCategoryPage.objects.filter(path__startswith=page.path).values_list(
            "pk", flat=True
        )
    )


def purge_for_page(sender, instance, **kwargs) -> None:
    figures.purge(categories_of(instance))


def purge_for_save(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not (COUNTED_FIELDS & set(update_fields)):
        return
    figures.purge(categories_of(instance))


def purge_for_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    ids = set(categories_of(instance))
    for parent in (parent_page_before, parent_page_after):
        if parent is not None and parent.specific_class is DisclosureCategoryPage:
            ids.add(parent.pk)
    figures.purge(ids)


def purge_all(sender, **kwargs) -> None:
    figures.purge(DisclosureCategoryPage.objects.values_list("pk", flat=True))


def connect() -> None:
    """Called by the app's ready()."""
    page_published.connect(purge_for_page, dispatch_uid=f"{DISPATCH}.published")
    page_unpublished.connect(purge_for_page, dispatch_uid=f"{DISPATCH}.unpublished")
    post_page_move.connect(purge_for_move, dispatch_uid=f"{DISPATCH}.moved")
    for model in (DisclosureItemPage, DisclosureCategoryPage):
        post_save.connect(
            purge_for_save, sender=model, dispatch_uid=f"{DISPATCH}.saved.{model}"
        )
        post_delete.connect(
            purge_for_page, sender=model, dispatch_uid=f"{DISPATCH}.deleted.{model}"
        )
    for signal in (post_save, post_delete):
        signal.connect(
            purge_all,
            sender=PageViewRestriction,
            dispatch_uid=f"{DISPATCH}.restriction.{signal}",
        )
