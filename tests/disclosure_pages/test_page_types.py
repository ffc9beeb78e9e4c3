"""The disclosure page types: where each may be created, what an item needs, and
what the index counts."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from action_plans.models import ActionPlanPage, ProgressReportPage
from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from disclosure_site.models import HomePage
from moderation.models import Unit
from organisation.models import ExecutivesPage, StructurePage
from structured_disclosures.models import (
    ProcurementAnnouncementPage,
    ProcurementPlanPage,
    ProcurementSummaryPage,
)
from tests.utils import category, default_site, make_item, make_user

pytestmark = pytest.mark.django_db

INDEX, CATEGORY, ITEM = DisclosureIndexPage, DisclosureCategoryPage, DisclosureItemPage


class TestAllowedTypes(WagtailPageTestCase):
    """Wagtail's own page-type assertions (a Django TestCase, collected by pytest)."""

    def test_index_holds_only_categories(self):
        self.assertAllowedSubpageTypes(INDEX, {CATEGORY})

    def test_category_holds_only_items_and_lives_only_under_the_index(self):
        # The structured types of the apps above are items too: procurement
        # (structured_disclosures), the action plan and its progress reports
        # (action_plans), the executives and the structure (organisation).
        self.assertAllowedSubpageTypes(
            CATEGORY,
            {
                ITEM,
                ProcurementSummaryPage,
                ProcurementPlanPage,
                ProcurementAnnouncementPage,
                ActionPlanPage,
                ProgressReportPage,
                ExecutivesPage,
                StructurePage,
            },
        )
        self.assertAllowedParentPageTypes(CATEGORY, {INDEX})

    def test_item_lives_only_under_a_category_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(ITEM, {CATEGORY})
        self.assertAllowedSubpageTypes(ITEM, set())

    def test_index_can_be_created_on_the_home_page(self):
        self.assertCanCreateAt(HomePage, INDEX)
        self.assertCanNotCreateAt(HomePage, CATEGORY)
        self.assertCanNotCreateAt(HomePage, ITEM)


@pytest.mark.parametrize(
    ("parent", "child", "allowed"),
    [
        (INDEX, CATEGORY, True),
        (INDEX, ITEM, False),
        (INDEX, INDEX, False),
        (CATEGORY, ITEM, True),
        (CATEGORY, CATEGORY, False),
        (CATEGORY, INDEX, False),
        (ITEM, ITEM, False),
        (ITEM, CATEGORY, False),
        (ITEM, INDEX, False),
        (HomePage, CATEGORY, False),
        (HomePage, ITEM, False),
        (Page, CATEGORY, False),
        (Page, ITEM, False),
    ],
)
def test_parent_child_rules(parent, child, allowed):
    assert (child in parent.allowed_subpage_models()) is allowed


def test_index_at_most_one(db):
    home = default_site().root_page
    assert INDEX.can_create_at(home)
    home.add_child(instance=INDEX(title="ข้อมูลเผยแพร่ต่อสาธารณะ", slug="d"))
    home.refresh_from_db()
    assert not INDEX.can_create_at(home)
    assert not INDEX.can_create_at(Page.get_first_root_node())


@pytest.fixture
def admin_client(client, disclosure):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    return client


def add_url(model, parent) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=(model._meta.app_label, model._meta.model_name, parent.pk),
    )


@pytest.mark.parametrize(
    ("model", "parent_of"),
    [
        (ITEM, lambda index: index),
        (ITEM, lambda index: index.get_parent()),
        (CATEGORY, lambda index: category("1.9")),
        (CATEGORY, lambda index: index.get_parent()),
        (INDEX, lambda index: index.get_parent()),  # a second index
        (INDEX, lambda index: category("1.9")),
    ],
    ids=[
        "item-under-index",
        "item-under-home",
        "category-under-category",
        "category-under-home",
        "second-index",
        "index-under-category",
    ],
)
def test_admin_refuses_a_page_where_it_does_not_belong(admin_client, model, parent_of):
    parent = parent_of(DisclosureIndexPage.objects.get())
    pages_before = Page.objects.count()
    # Wagtail answers a refused page type by sending the user back to the dashboard.
    response = admin_client.get(add_url(model, parent))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    response = admin_client.post(
        add_url(model, parent),
        nested_form_data({"title": "ผิดที่", "slug": "wrong", "code": "9.9"}),
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert Page.objects.count() == pages_before


def test_admin_offers_an_item_under_a_category(admin_client):
    response = admin_client.get(add_url(ITEM, category("1.9")))
    assert response.status_code == 200


def item_post_data(**fields) -> dict:
    data = {
        "title": "ประกาศผู้ชนะการเสนอราคา",
        "slug": "winner",
        "unit": "",
        "publication_date": "2025-10-01",
        "fiscal_year_override": "",
        "effective_date": "",
        "last_reviewed": "",
        "summary": "",
        "body": streamfield([]),
        # The editor's ITA indicators panel (added by the ita app) posts its
        # management form like every inline panel of the page.
        "ita_tags": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.parametrize(
    "unit",
    [
        "",
        "999999",
        "abc",  # a forged id: a form error, not a server error
    ],
    ids=["empty", "unknown", "not-a-number"],
)
def test_item_without_a_unit_is_a_form_error(admin_client, unit):
    parent = category("1.9")
    response = admin_client.post(add_url(ITEM, parent), item_post_data(unit=unit))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not DisclosureItemPage.objects.exists()


def test_item_with_a_unit_is_created_with_its_fiscal_year(admin_client):
    unit = Unit.objects.get(code="finance")
    parent = category("1.9")
    response = admin_client.post(add_url(ITEM, parent), item_post_data(unit=unit.pk))
    item = DisclosureItemPage.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=(item.pk,))
    assert item.unit == unit
    assert item.get_parent().pk == parent.pk
    assert item.fiscal_year == 2569
    assert not item.live


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"fiscal_year_override": "2026"}, "fiscal_year_override"),  # CE by mistake
        ({"fiscal_year_override": "2701"}, "fiscal_year_override"),
        ({"last_reviewed": "2025-09-01"}, "last_reviewed"),  # before publication
    ],
)
def test_item_form_rejects_bad_dates(admin_client, fields, error_field):
    unit = Unit.objects.get(code="finance")
    response = admin_client.post(
        add_url(ITEM, category("1.9")), item_post_data(unit=unit.pk, **fields)
    )
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert not DisclosureItemPage.objects.exists()


@pytest.mark.parametrize(
    ("publication_date", "given", "expected"),
    [
        (dt.date(2025, 10, 1), None, 2569),
        (dt.date(2025, 9, 30), None, 2568),
        (dt.date(2026, 9, 30), None, 2569),
        (dt.date(2024, 2, 29), None, 2567),
        (dt.date(2025, 10, 1), 2570, 2570),
        (dt.date(2025, 9, 30), 2569, 2569),
    ],
)
def test_fiscal_year_from_publication_date_unless_set(
    disclosure, publication_date, given, expected
):
    item = make_item(
        category("1.9"), publication_date=publication_date, fiscal_year_override=given
    )
    item.refresh_from_db()
    assert item.fiscal_year == expected


def test_moving_the_publication_date_moves_the_fiscal_year(disclosure):
    item = make_item(category("1.9"), publication_date=dt.date(2025, 9, 30))
    assert item.fiscal_year == 2568
    item.publication_date = dt.date(2025, 10, 1)
    item.save_revision().publish()
    item.refresh_from_db()
    assert item.fiscal_year == 2569


# --- the index's rows -------------------------------------------------------------

OLD = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def published_at(page, when: dt.datetime) -> None:
    type(page).objects.filter(pk=page.pk).update(last_published_at=when)


def test_category_rows_count_only_live_public_items(disclosure):
    procurement = category("1.9")
    DisclosureCategoryPage.objects.update(last_published_at=OLD)
    older = make_item(procurement, title="ประกาศ ๑")
    newest = make_item(procurement, title="ประกาศ ๒")
    published_at(older, dt.datetime(2025, 11, 1, 9, 0, tzinfo=dt.UTC))
    published_at(newest, dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC))

    # None of these count, although each was touched later than the newest item.
    later = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    draft = make_item(procurement, publish=False, title="ฉบับร่าง")
    unpublished = make_item(procurement, title="ถอนออกแล้ว")
    unpublished.unpublish()
    restricted = make_item(procurement, title="เฉพาะผู้ใช้ภายใน")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for page in (draft, unpublished, restricted):
        published_at(page, later)

    rows = {row["page"].code: row for row in disclosure.category_rows()}

    assert list(rows) == [f"1.{n}" for n in range(1, 20)]
    assert rows["1.9"]["count"] == 2
    assert rows["1.9"]["last_updated"] == dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
    assert rows["1.1"]["count"] == 0
    assert rows["1.1"]["last_updated"] is None  # shown as "ยังไม่มีข้อมูล"


def test_category_rows_count_each_category_separately(disclosure):
    for _ in range(3):
        make_item(category("1.9"))
    make_item(category("1.2"))
    rows = {row["page"].code: row["count"] for row in disclosure.category_rows()}
    assert rows["1.9"] == 3
    assert rows["1.2"] == 1
    assert sum(rows.values()) == 4


def test_category_rows_leave_out_unpublished_and_private_categories(disclosure):
    make_item(category("1.9"))
    category("1.17").unpublish()
    PageViewRestriction.objects.create(page=category("1.18"), restriction_type="login")
    codes = [row["page"].code for row in disclosure.category_rows()]
    assert "1.17" not in codes
    assert "1.18" not in codes
    assert len(codes) == 17
