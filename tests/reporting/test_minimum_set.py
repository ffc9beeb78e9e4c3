"""The §2.1 minimum set: each minimum-required category per responsible unit is up to
date, stale or missing — on the dashboard and in a report, in a fixed number of
queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from disclosure_pages.minimum_set import CURRENT, NONE, STALE, minimum_set_rows
from moderation.models import Unit
from tests.bulk import bulk_create_items
from tests.conftest import shared_data
from tests.utils import category, make_item, make_user, run_setup

pytestmark = pytest.mark.django_db


def published_days_ago(item, days: int) -> None:
    when = timezone.now() - dt.timedelta(days=days)
    type(item).objects.filter(pk=item.pk).update(
        first_published_at=when, last_published_at=when
    )


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        finance = Unit.objects.get(code="finance")
        policy = Unit.objects.get(code="policy")
        admin = Unit.objects.get(code="admin")
        # 1.9 procurement (31 days, finance): a fresh item.
        published_days_ago(make_item(category("1.9"), unit=finance), 3)
        # 1.2 policy (365 days, policy): only an old one, and a private fresh one.
        published_days_ago(make_item(category("1.2"), unit=policy), 400)
        private = make_item(category("1.2"), unit=policy)
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        # 1.4 (admin): a draft only, so missing.
        make_item(category("1.4"), unit=admin, publish=False)
        yield {"finance": finance, "policy": policy, "admin": admin}


@pytest.fixture
def data(module_data, db):
    return module_data


def status_of(rows, code: str, unit: Unit) -> str:
    return next(r["status"] for r in rows if r["code"] == code and r["unit"] == unit)


def test_status_per_category_and_responsible_unit(data):
    rows = minimum_set_rows()
    assert status_of(rows, "1.9", data["finance"]) == CURRENT
    assert status_of(rows, "1.2", data["policy"]) == STALE
    assert status_of(rows, "1.4", data["admin"]) == NONE
    # Only minimum-required categories, one row per responsible unit.
    assert {r["code"] for r in rows} == {"1.2", "1.4", "1.6", "1.9", "1.10", "1.11"}
    assert sum(1 for r in rows if r["code"] == "1.10") == 10


def test_a_category_without_an_interval_is_current_with_any_item(data):
    category("1.2").__class__.objects.filter(code="1.2").update(
        update_interval_days=None
    )
    assert status_of(minimum_set_rows(), "1.2", data["policy"]) == CURRENT


def test_dashboard_panel_and_report(client, data):
    client.force_login(make_user("minimum-admin", is_superuser=True))
    dashboard = client.get("/admin/").content.decode()
    assert "ข้อมูลขั้นต่ำที่ต้องเผยแพร่" in dashboard
    assert "ยังไม่มีข้อมูล" in dashboard
    report = client.get("/admin/disclosure-reports/minimum-set/")
    html = report.content.decode()
    assert report.status_code == 200
    assert "เป็นปัจจุบัน" in html and "ไม่เป็นปัจจุบัน" in html
    assert "export=csv" not in html
    export = client.get("/admin/disclosure-reports/minimum-set/?export=xlsx")
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 1 + len(minimum_set_rows())
    # "Newest item" is a date cell (B.E. by its number format), so Excel sorts it;
    # a category with no item has an empty cell.
    newest = [row[3] for row in book.active.iter_rows(min_row=2)]
    dated = [cell for cell in newest if cell.value is not None]
    assert dated and all(cell.is_date for cell in dated)
    assert all(cell.number_format.startswith("[$-107041E]") for cell in dated)
    assert any(cell.value is None for cell in newest)


def test_queries_do_not_grow_with_items(data, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        minimum_set_rows()
    units = list(Unit.objects.all())
    for code in ("1.9", "1.10"):
        bulk_create_items(category(code), 300, units=units)
    with django_assert_max_num_queries(len(few)):
        rows = minimum_set_rows()
    assert status_of(rows, "1.10", data["admin"]) in (CURRENT, STALE)
