"""Completeness of the ITA evidence: complete, missing or not recent enough for
monthly, quarterly and fiscal-year indicators; the report (own unit first, who may
read it, the workbook) and the dashboard panel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ita.completeness import (
    COMPLETE,
    MISSING,
    STALE,
    judge,
    months_due,
    report_rows,
    year_completeness,
)
from ita.evidence import EvidenceLink
from ita.models import ItaEvidence, ItaFreshness, ItaIndicator
from tests.conftest import shared_data
from tests.ita.office_data import build_ita_office
from tests.moderation.office import login

pytestmark = pytest.mark.django_db

REPORT = "/admin/ita-evidence/completeness/"


def links(*dates) -> list[EvidenceLink]:
    return [
        EvidenceLink(kind="item", title=f"ลิงก์ {d}", url=f"/{d}/", date=d) for d in dates
    ]


D = dt.date


# --- the rule ---------------------------------------------------------------------


def test_no_public_link_is_missing_whatever_the_freshness():
    for freshness in ItaFreshness.values:
        assert judge(freshness, 2569, [], D(2026, 1, 15)).status == MISSING


def test_monthly_needs_a_link_for_every_month_ended_each_counted_once():
    today = D(2026, 1, 15)  # October to December 2568 have ended
    assert [m.month for m in months_due(2569, today)] == [10, 11, 12]
    summaries = links(D(2025, 11, 5), D(2025, 12, 3), D(2026, 1, 8))
    assert judge(ItaFreshness.MONTHLY, 2569, summaries, today).status == COMPLETE

    # December's summary not published yet: stale, and the month is named.
    judged = judge(ItaFreshness.MONTHLY, 2569, summaries[:2], today)
    assert judged.status == STALE
    assert judged.owed == ["ธันวาคม 2568"]

    # One summary (October's, published in November) stands for one month only.
    judged = judge(ItaFreshness.MONTHLY, 2569, summaries[:1], today)
    assert judged.owed == ["พฤศจิกายน 2568", "ธันวาคม 2568"]

    # Before the first month has ended nothing is owed yet, but a link is needed.
    assert (
        judge(ItaFreshness.MONTHLY, 2569, summaries[:1], D(2025, 10, 20)).status
        == COMPLETE
    )


def test_monthly_does_not_count_a_link_without_a_date():
    undated = [EvidenceLink(kind="url", title="สขร.", url="https://example.org/")]
    judged = judge(ItaFreshness.MONTHLY, 2569, undated, D(2025, 12, 2))
    assert judged.status == STALE
    assert judged.owed == ["ตุลาคม 2568", "พฤศจิกายน 2568"]


def test_quarterly_needs_a_link_in_the_last_quarter_ended_or_the_current_one():
    today = D(2026, 5, 10)  # quarter 3; quarter 2 (January-March) ended last
    assert (
        judge(ItaFreshness.QUARTERLY, 2569, links(D(2026, 2, 1)), today).status
        == COMPLETE
    )
    assert (
        judge(ItaFreshness.QUARTERLY, 2569, links(D(2026, 5, 1)), today).status
        == COMPLETE
    )
    judged = judge(ItaFreshness.QUARTERLY, 2569, links(D(2025, 12, 20)), today)
    assert judged.status == STALE
    assert judged.owed == ["ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 2"]
    # A year that is over: its fourth quarter.
    after = D(2026, 11, 1)
    assert (
        judge(ItaFreshness.QUARTERLY, 2569, links(D(2026, 8, 1)), after).status
        == COMPLETE
    )
    assert (
        judge(ItaFreshness.QUARTERLY, 2569, links(D(2026, 6, 30)), after).status
        == STALE
    )


def test_fiscal_year_needs_a_link_dated_in_the_year():
    today = D(2026, 3, 1)
    assert (
        judge(ItaFreshness.FISCAL_YEAR, 2569, links(D(2025, 10, 1)), today).status
        == COMPLETE
    )
    assert (
        judge(ItaFreshness.FISCAL_YEAR, 2569, links(D(2025, 9, 30)), today).status
        == STALE
    )


def test_any_link_will_do_for_none_and_newest():
    old = links(D(2019, 1, 1))
    assert judge(ItaFreshness.NONE, 2569, old, D(2026, 3, 1)).status == COMPLETE
    assert judge(ItaFreshness.NEWEST, 2569, old, D(2026, 3, 1)).status == COMPLETE


# --- the office's year ------------------------------------------------------------


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_ita_office()


@pytest.fixture
def data(module_data, db):
    return module_data


def test_states_of_the_office_year_from_its_public_links(data):
    states = {i.indicator.code: i.status for i in year_completeness(data.year)}
    assert states["O3"] == COMPLETE
    assert states["O5"] == MISSING
    assert states["O12"] == STALE
    # O11 is monthly with nothing linked: missing.
    assert states["O11"] == MISSING
    assert states["O20"] == COMPLETE


def test_rows_per_indicator_and_unit_own_unit_first(data):
    items = year_completeness(data.year)
    finance = data.office.unit_b
    rows = report_rows(items, own_unit_ids={finance.pk})
    assert [(r.indicator.code, r.unit.code, r.own) for r in rows] == [
        ("O11", "finance", True),
        ("O12", "finance", True),
        ("O20", "finance", True),
        ("O3", "policy", False),
        ("O5", "policy", False),
        ("O20", "policy", False),
    ]
    only_missing = report_rows(items, status=MISSING, unit_id=data.office.unit_a.pk)
    assert [r.indicator.code for r in only_missing] == ["O5"]


def test_a_unit_director_sees_their_units_indicators_first_in_the_report(data):
    html = login(data.office.director_b).get(REPORT).content.decode()
    assert "ตัวชี้วัดของกลุ่ม/หน่วยของท่าน" in html
    assert html.index('row">O11 ') < html.index('row">O3 ')
    html = login(data.office.director_a).get(REPORT).content.decode()
    assert html.index('row">O3 ') < html.index('row">O11 ')


def test_the_report_in_thai_with_the_days_left_and_filters(data):
    client = login(data.office.committee)
    response = client.get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ยังไม่มีหลักฐาน" in html
    assert "หลักฐานไม่เป็นปัจจุบัน" in html
    assert "เหลืออีก 30 วัน" in html
    # Filtered by unit and state.
    html = client.get(
        REPORT, {"unit": data.office.unit_a.pk, "status": MISSING}
    ).content.decode()
    assert 'row">O5 ' in html
    assert 'row">O3 ' not in html
    assert 'row">O11 ' not in html


def test_the_report_exports_a_thai_workbook(data):
    response = login(data.office.committee).get(
        REPORT, {"export": "xlsx", "unit": data.office.unit_b.pk}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="ita-completeness-{data.year.fiscal_year}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["รหัส", "ตัวชี้วัด", "กลุ่ม/หน่วยที่รับผิดชอบ", "สถานะ"]
    assert [row[0] for row in values[1:]] == ["O11", "O12", "O20"]
    assert values[2][3] == "หลักฐานไม่เป็นปัจจุบัน"


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("committee", 200),
        ("office_director", 200),
        ("director_a", 200),
        ("ict", 200),
        ("administrator", 200),
        ("editor_a", 403),
        ("pr", 403),
    ],
)
def test_who_reads_the_report(data, person, status):
    assert login(getattr(data.office, person)).get(REPORT).status_code == status


def test_the_dashboard_panel_counts_what_is_missing_and_the_days_left(data):
    html = login(data.office.director_b).get("/admin/").content.decode()
    year = data.year.fiscal_year
    assert f"ITA {year}: ยังไม่มีหลักฐาน 2 ตัวชี้วัด" in html
    assert "เหลืออีก 30 วัน" in html
    # The director's own unit's indicators that still need evidence.
    assert "O11 ตัวชี้วัดทดสอบ O11" in html
    assert "O12 ตัวชี้วัดทดสอบ O12" in html
    assert "O5 ตัวชี้วัดทดสอบ O5" not in html


def test_the_panel_is_not_shown_to_whom_the_report_is_not(data):
    html = login(data.office.editor_a).get("/admin/").content.decode()
    assert "ita-completeness" not in html


def test_the_report_takes_as_many_queries_for_many_indicators_as_for_few(data):
    client = login(data.office.committee)
    client.get(REPORT)  # warm caches (site root paths, the user's roles)
    with CaptureQueriesContext(connection) as few:
        assert client.get(REPORT).status_code == 200
    finance = data.office.unit_b
    for n in range(30, 50):
        more = ItaIndicator.objects.create(
            year=data.year, code=f"O{n}", title=f"เพิ่ม {n}", sort_order=n
        )
        more.units.set([finance, data.office.unit_a])
        ItaEvidence.objects.create(indicator=more, url=f"https://example.org/{n}")
        ItaEvidence.objects.create(indicator=more, document=data.documents["public"])
    with CaptureQueriesContext(connection) as many:
        html = client.get(REPORT).content.decode()
    assert 'row">O49 ' in html
    assert len(many) == len(few)
