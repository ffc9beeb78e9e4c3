"""What one run of setup_disclosure leaves behind: read-only checks on one set-up
site, made once for the module."""

import pytest
from wagtail.models import PageViewRestriction

from disclosure_pages.models import DisclosureCategoryPage
from moderation.models import Unit, UnitKind
from tests.conftest import shared_data
from tests.moderation.test_setup_disclosure import (
    CODES,
    EXPECTED_TITLES,
    EXPECTED_UNITS,
    MINIMUM_REQUIRED,
    office,
)
from tests.utils import OFFICE_NAME, category, default_site, disclosure_index, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def set_up_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        yield


@pytest.fixture
def set_up(set_up_once, db):
    """The set-up site; each test runs in its own savepoint inside it."""


def test_index_is_under_the_default_sites_root(set_up):
    index = disclosure_index()
    assert index.title == "ข้อมูลเผยแพร่ต่อสาธารณะ"
    assert index.get_parent().pk == default_site().root_page_id
    assert index.live
    assert index.url == "/disclosure/"


def test_nineteen_categories_in_order_under_the_index(set_up):
    children = [p.specific for p in disclosure_index().get_children()]
    assert [c.code for c in children] == CODES
    assert all(isinstance(c, DisclosureCategoryPage) for c in children)


@pytest.mark.parametrize(("code", "title"), sorted(EXPECTED_TITLES.items()))
def test_category_titles_as_the_announcement_words_them(set_up, code, title):
    assert category(code).title == title


def test_no_title_names_another_office_or_keeps_a_placeholder(set_up):
    for page in DisclosureCategoryPage.objects.all():
        assert "{" not in page.title
        assert "โสธร" not in page.title
    with_office = {
        c.code for c in DisclosureCategoryPage.objects.all() if OFFICE_NAME in c.title
    }
    assert with_office == {"1.1", "1.2", "1.3", "1.4", "1.5", "1.8", "1.14", "1.15"}


def test_minimum_required_categories(set_up):
    flagged = set(
        DisclosureCategoryPage.objects.filter(minimum_required=True).values_list(
            "code", flat=True
        )
    )
    assert flagged == MINIMUM_REQUIRED


def test_categories_are_live_and_public(set_up):
    pages = DisclosureCategoryPage.objects.all()
    assert pages.count() == 19
    assert pages.live().public().count() == 19
    assert not PageViewRestriction.objects.exists()
    for page in pages:
        assert page.first_published_at is not None
        assert not page.has_unpublished_changes
        assert page.url == f"/disclosure/{page.code.replace('.', '-')}/"


def test_units_with_thai_names_and_kinds(set_up):
    assert [(u.code, u.name_th, u.kind) for u in Unit.objects.all()] == EXPECTED_UNITS


def test_office_settings_point_at_the_ict_and_pr_units(set_up):
    settings_ = office()
    assert settings_.name_th == OFFICE_NAME
    assert settings_.ict_unit.name_th == (
        "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร"
    )
    assert settings_.ict_unit.kind == UnitKind.ICT
    assert settings_.pr_unit.name_th == "งานประชาสัมพันธ์"
    assert settings_.pr_unit.kind == UnitKind.PR


def test_responsible_units_of_a_category(set_up):
    assert [u.code for u in category("1.9").responsible_units.all()] == ["finance"]
    assert set(category("1.10").responsible_units.values_list("code", flat=True)) == {
        code for code, _, _ in EXPECTED_UNITS if code != "pr"
    }
