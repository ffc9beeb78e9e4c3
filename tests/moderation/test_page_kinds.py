"""The registry of page kinds: each page type's own declaration decides what it is,
and every app gets the same answer from moderation.page_kinds."""

import pytest

from action_plans.models import ActionPlanPage, ProgressReportPage
from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from disclosure_pages.public_sector import OFFICE_PAGE_MODELS
from moderation import page_kinds
from organisation.models import ExecutivesPage, StructurePage
from photo_gallery.models import ActivityGalleryPage, GalleryIndexPage
from structured_disclosures.models import (
    ProcurementAnnouncementPage,
    ProcurementPlanPage,
    ProcurementSummaryPage,
)

# Every item type, in the order Wagtail defines them (the apps' order): the item
# and the structured types of the apps above the page apps.
ITEM_TYPES = (
    DisclosureItemPage,
    ProcurementSummaryPage,
    ProcurementPlanPage,
    ProcurementAnnouncementPage,
    ActionPlanPage,
    ProgressReportPage,
    ExecutivesPage,
    StructurePage,
)


def test_each_kind_holds_the_page_types_that_declare_it():
    assert page_kinds.item_models() == ITEM_TYPES
    assert page_kinds.gallery_models() == (ActivityGalleryPage,)
    assert set(page_kinds.counted_models()) == {*ITEM_TYPES, ActivityGalleryPage}
    assert set(page_kinds.unit_owned_models()) == {*ITEM_TYPES, ActivityGalleryPage}
    assert set(page_kinds.workflow_root_models()) == {
        DisclosureIndexPage,
        GalleryIndexPage,
    }
    assert page_kinds.office_page_models() == {
        model.office_page_kind: model for model in OFFICE_PAGE_MODELS
    }
    assert set(page_kinds.searchable_models()) == {
        DisclosureCategoryPage,
        *ITEM_TYPES,
        ActivityGalleryPage,
    }


@pytest.mark.django_db
def test_the_kind_of_a_page_or_its_type():
    assert page_kinds.kind_of(DisclosureItemPage) == "item"
    assert page_kinds.kind_of(ActivityGalleryPage()) == "gallery"
    assert page_kinds.kind_of(DisclosureCategoryPage) is None
    assert page_kinds.kind_of(DisclosureCategoryPage()) is None


def test_collected_once_after_the_apps_are_ready():
    assert page_kinds.registry() is page_kinds.registry()
