"""Which page types are what: the one registry of page kinds.

Every app asks here, instead of scanning Wagtail's page models with a marker of its
own, as ``wagtail.contrib.forms.utils.get_form_types`` does for form pages. A page
class declares its kind where it is defined; this module imports no page app:

- a unit's page (items, galleries) mixes in :class:`moderation.pages.UnitOwnedPageMixin`
  and says ``disclosure_kind = "item"`` (the default) or ``"gallery"``: what is
  counted, listed in the feeds and kept from the sitemap;
- a section that roots the approval workflow (the disclosure index, the gallery
  index) says ``disclosure_workflow_root = True``;
- an office page (accessibility statement, contact, ...) says
  ``office_page_kind = "<key>"``, the key the footer and set-up know it by;
- a searchable page indexes the segmented Thai text (``disclosure_thai.search``).

The answer is collected once, after the apps are ready, and kept for the process.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from wagtail.models import Page, get_page_models

from disclosure_thai.search import model_is_segmented

ITEM = "item"
GALLERY = "gallery"
KINDS = (ITEM, GALLERY)


@dataclass(frozen=True)
class PageKinds:
    """The page models of each kind, in Wagtail's order of their definition."""

    unit_owned: tuple[type[Page], ...]
    by_kind: dict[str, tuple[type[Page], ...]]
    workflow_roots: tuple[type[Page], ...]
    office: dict[str, type[Page]]
    searchable: tuple[type[Page], ...]


def kind_of(model_or_page) -> str | None:
    """The kind ("item" or "gallery") of a unit's page type or page, else None."""
    if isinstance(model_or_page, Page):
        model_or_page = model_or_page.specific_class
    kind = getattr(model_or_page, "disclosure_kind", None)
    return kind if kind in KINDS else None


def is_unit_owned(model: type) -> bool:
    """A page type of :class:`moderation.pages.UnitOwnedPageMixin`: it belongs to one
    unit. Known by the mixin's marker so that this module needs no permission code."""
    return bool(getattr(model, "disclosure_unit_owned", False))


def _collect(models: list[type[Page]]) -> PageKinds:
    unit_owned = tuple(m for m in models if is_unit_owned(m))
    office: dict[str, type[Page]] = {}
    for model in models:
        key = getattr(model, "office_page_kind", "")
        if key:
            office.setdefault(key, model)
    return PageKinds(
        unit_owned=unit_owned,
        by_kind={
            kind: tuple(m for m in models if kind_of(m) == kind) for kind in KINDS
        },
        workflow_roots=tuple(
            m for m in models if getattr(m, "disclosure_workflow_root", False)
        ),
        office=office,
        searchable=tuple(m for m in models if model_is_segmented(m)),
    )


_registry: PageKinds | None = None


def registry() -> PageKinds:
    """The page kinds, collected from Wagtail's page models once they are all known.

    Asked before the apps are ready (a model module still loading), the answer is
    computed afresh and not kept, so a page type defined later is never missed.
    """
    global _registry
    if _registry is not None:
        return _registry
    found = _collect(get_page_models())
    if apps.ready:
        _registry = found
    return found


def unit_owned_models() -> tuple[type[Page], ...]:
    """Page types that belong to one unit (items and galleries of every app)."""
    return registry().unit_owned


def counted_models(kind: str | None = None) -> tuple[type[Page], ...]:
    """Items or galleries (``kind``), or both: what is counted, fed and shared."""
    kinds = registry().by_kind
    if kind is None:
        return tuple(m for k in KINDS for m in kinds[k])
    return kinds.get(kind, ())


def item_models() -> tuple[type[Page], ...]:
    """Page types counted as items."""
    return counted_models(ITEM)


def gallery_models() -> tuple[type[Page], ...]:
    """Page types counted as activity galleries."""
    return counted_models(GALLERY)


def workflow_root_models() -> tuple[type[Page], ...]:
    """Section page types whose subtree goes through the approval workflow."""
    return registry().workflow_roots


def office_page_models() -> dict[str, type[Page]]:
    """The office's own page types by their key (``office_page_kind``)."""
    return dict(registry().office)


def searchable_models() -> tuple[type[Page], ...]:
    """Page types that index the segmented Thai text (the public search)."""
    return registry().searchable
