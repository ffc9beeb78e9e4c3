"""Reading the office's own สขร.๑ workbook, and the command that imports it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from moderation.models import Unit
from structured_disclosures.importing import read_workbook
from structured_disclosures.models import ProcurementSummaryPage
from structured_disclosures.values import (
    format_baht,
    month_from_text,
    parse_contract,
    to_decimal,
)
from tests.structured_disclosures.workbooks import (
    GOOD_ROWS,
    cut_off,
    merges_a_whole_sheet,
    nothing_bought_with_rows,
    unpacks_huge,
    with_problems,
    workbook_bytes,
    xls_renamed,
)
from tests.utils import make_user, run_setup

pytestmark = pytest.mark.django_db


def read(data: bytes):
    return read_workbook(io.BytesIO(data))


def test_the_office_workbook_reads_whole():
    parsed = read(workbook_bytes())

    assert parsed.ok, parsed.problems
    assert [row.number for row in parsed.rows] == [1, 2, 3]
    first, second, third = parsed.rows
    # Headers broken over lines and merged over two rows were found; the row
    # numbering the columns, the total row (10) and the signature were left out.
    assert parsed.ignored == [10]
    assert [row.source_row for row in parsed.rows] == [7, 8, 9]
    assert first.work == "จัดซื้อวัสดุสำนักงาน กระดาษ A4"
    assert first.method.name == "วิธีเฉพาะเจาะจง"
    assert third.method.name == "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"
    # Money as Decimal baht, from a number cell or text with Thai digits.
    assert first.budget == Decimal("12500.00")
    assert second.budget == Decimal("8560.50")
    assert all(isinstance(row.budget, Decimal) for row in parsed.rows)
    # The bidders' names and prices sit in two columns under one merged header.
    assert second.bids == [
        ("หจก. เย็นฉ่ำแอร์", Decimal("8500.00")),
        ("ร้านช่างแอร์บ้านนา", Decimal("8900.00")),
    ]
    assert (third.winner_name, third.winner_price) == (
        "บริษัท ก่อสร้างดี จำกัด",
        Decimal("1450000.00"),
    )
    # B.E. dates: written in words, typed into a date cell, written with slashes.
    assert (first.contract_number, first.contract_date) == (
        "1/2569",
        dt.date(2025, 10, 15),
    )
    assert second.contract_date == dt.date(2025, 10, 20)
    assert (third.contract_number, third.contract_date) == (
        "3/2569",
        dt.date(2025, 10, 28),
    )


def test_every_bad_cell_is_reported_in_thai_by_row_and_column():
    with translation.override("th"):
        parsed = read(with_problems())
        messages = [str(problem) for problem in parsed.problems]

    assert not parsed.ok
    assert parsed.rows == []  # nothing half-read: no row is kept for saving
    assert messages == [
        "แถวที่ 7 คอลัมน์ D (วิธีซื้อหรือจ้าง): “วิธีพิเศษ” ไม่ใช่วิธีซื้อหรือจ้างที่กำหนดไว้ "
        "(ประกวดราคาอิเล็กทรอนิกส์ (e-bidding), ตลาดอิเล็กทรอนิกส์ (e-market), วิธีสอบราคา, "
        "วิธีคัดเลือก, วิธีเฉพาะเจาะจง) ผู้ดูแลระบบเพิ่มได้ที่ การตั้งค่า → วิธีซื้อหรือจ้าง",
        "แถวที่ 8 คอลัมน์ C (วงเงินที่จะซื้อหรือจ้าง (ราคากลาง) (บาท)): “ไม่ทราบ” "
        "ไม่ใช่จำนวนเงิน (บาท) ให้เขียนเป็นตัวเลข เช่น 12,500.00",
        "แถวที่ 9 คอลัมน์ I (เลขที่และวันที่ของสัญญาหรือข้อตกลง): อ่านวันที่ใน "
        "“สัญญาเลขที่ 3/2569 ลงวันที่ 31 ก.พ. 2568” ไม่ได้ ให้เขียนเป็น 15/10/2568 "
        "หรือ 15 ต.ค. 2568",
    ]


def test_an_empty_month_is_a_month_without_procurement():
    for data in (workbook_bytes([], nothing_bought=True), workbook_bytes([])):
        parsed = read(data)
        assert parsed.ok
        assert parsed.rows == []
        assert parsed.no_procurement


def test_a_file_that_is_no_workbook_or_not_the_form_is_refused_in_thai():
    with translation.override("th"):
        assert [str(p) for p in read(b"%PDF-1.4 not a workbook").problems] == [
            "อ่านไฟล์นี้เป็นไฟล์ Excel (.xlsx) ไม่ได้"
        ]
        from openpyxl import Workbook

        book = Workbook()
        book.active["A1"] = "รายการ"
        out = io.BytesIO()
        book.save(out)
        problems = [str(p) for p in read(out.getvalue()).problems]
    assert problems[0].startswith("ไม่พบแผ่นงานที่มีหัวคอลัมน์ของแบบ")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,500", "12500.00"),
        ("๑๒,๕๐๐.๕๐ บาท", "12500.50"),
        (0.1 + 0.2, "0.30"),  # a float cell never leaks binary noise
        ("9,800.-", "9800.00"),
    ],
)
def test_money_is_read_as_decimal(text, amount):
    assert to_decimal(text) == Decimal(amount)


def test_money_is_shown_with_separators_and_two_decimals():
    assert format_baht(Decimal("1521060.5")) == "1,521,060.50"
    assert format_baht(Decimal("0")) == "0.00"


def test_contract_dates_in_the_forms_offices_write():
    assert parse_contract("12/2569 ลว. 3 ม.ค. 69") == ("12/2569", dt.date(2026, 1, 3))
    assert parse_contract("ข้อตกลงเลขที่ 7/2569 วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๘") == (
        "7/2569",
        dt.date(2025, 10, 15),
    )
    assert parse_contract(dt.datetime(2025, 11, 2)) == ("", dt.date(2025, 11, 2))


def test_months_in_either_era():
    assert month_from_text("2568-10") == (2025, 10)
    assert month_from_text("2025-10") == (2025, 10)
    assert month_from_text("๒๕๖๙-๐๓") == (2026, 3)


# --- The command ------------------------------------------------------------------


def _file(tmp_path, data: bytes):
    path = tmp_path / "skr1.xlsx"
    path.write_bytes(data)
    return str(path)


def test_the_command_saves_a_draft_and_updates_it_never_publishing(tmp_path):
    run_setup()
    out = io.StringIO()
    call_command(
        "import_procurement_summary",
        _file(tmp_path, workbook_bytes()),
        unit="finance",
        month="2568-10",
        stdout=out,
    )
    page = ProcurementSummaryPage.objects.get()
    assert not page.live
    assert page.unit == Unit.objects.get(code="finance")
    assert (page.summary_fiscal_year, page.summary_month) == (2569, 10)
    assert page.fiscal_year == 2569
    draft = page.get_latest_revision_as_object()
    assert [row.number for row in draft.procurement_rows.all()] == [1, 2, 3]
    assert "สร้างฉบับร่าง" in out.getvalue()

    # The same month with a C.E. year: the same page, a new draft revision.
    out = io.StringIO()
    call_command(
        "import_procurement_summary",
        _file(tmp_path, workbook_bytes(GOOD_ROWS[:1])),
        unit="finance",
        month="2025-10",
        stdout=out,
    )
    assert ProcurementSummaryPage.objects.count() == 1
    page.refresh_from_db()
    assert not page.live
    assert page.revisions.count() == 2
    assert len(page.get_latest_revision_as_object().procurement_rows.all()) == 1
    assert "ปรับปรุงฉบับร่าง" in out.getvalue()


def test_the_command_saves_nothing_from_a_workbook_with_problems(tmp_path):
    run_setup()
    err = io.StringIO()
    with pytest.raises(CommandError, match="ไม่ได้นำเข้าข้อมูลใดเลย"):
        call_command(
            "import_procurement_summary",
            _file(tmp_path, with_problems()),
            unit="finance",
            month="2568-10",
            stderr=err,
        )
    assert "แถวที่ 8 คอลัมน์ C" in err.getvalue()
    assert not ProcurementSummaryPage.objects.exists()
    with pytest.raises(CommandError, match="ไม่ใช่เดือน"):
        call_command(
            "import_procurement_summary",
            _file(tmp_path, workbook_bytes()),
            unit="finance",
            month="ตุลา",
        )


def test_the_command_refuses_a_person_of_another_unit(tmp_path):
    run_setup()
    outsider = make_user("policy_editor")
    Unit.objects.get(code="policy").members.add(outsider)
    with pytest.raises(CommandError, match="ไม่มีสิทธิ์นำเข้าสรุปผลของกลุ่มบริหารงานการเงิน"):
        call_command(
            "import_procurement_summary",
            _file(tmp_path, workbook_bytes()),
            unit="finance",
            month="2568-10",
            user="policy_editor",
        )
    assert not ProcurementSummaryPage.objects.exists()


def test_no_procurement_and_rows_together_are_refused_in_thai():
    with translation.override("th"):
        parsed = read(nothing_bought_with_rows())
        messages = [str(problem) for problem in parsed.problems]
    assert messages == [
        "แถวที่ 7: ไฟล์ระบุว่าไม่มีการจัดซื้อจัดจ้างในเดือนนี้ แต่ยังมีรายการอยู่ "
        "ให้ลบข้อความนั้นหรือลบรายการออก"
    ]
    assert parsed.rows == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (xls_renamed, "อ่านไฟล์นี้เป็นไฟล์ Excel (.xlsx) ไม่ได้"),
        (cut_off, "อ่านไฟล์นี้เป็นไฟล์ Excel (.xlsx) ไม่ได้"),
        (unpacks_huge, "ไฟล์มีขนาดใหญ่เกินไปเมื่อแตกไฟล์ (เกิน 40 MB)"),
        (merges_a_whole_sheet, "ไฟล์มีการผสานเซลล์รวมกันเกิน 100,000 เซลล์"),
    ],
    ids=["xls-renamed", "cut-off", "zip-bomb", "merge-bomb"],
)
def test_hostile_files_are_refused_in_thai_before_they_are_opened(data, message):
    with translation.override("th"):
        parsed = read(data())
        problems = [str(problem) for problem in parsed.problems]
    assert len(problems) == 1 and problems[0].startswith(message), problems
    assert parsed.rows == []


def test_the_command_saves_nothing_from_a_hostile_file(tmp_path):
    run_setup()
    err = io.StringIO()
    with pytest.raises(CommandError, match="ไม่ได้นำเข้าข้อมูลใดเลย"):
        call_command(
            "import_procurement_summary",
            _file(tmp_path, merges_a_whole_sheet()),
            unit="finance",
            month="2568-10",
            stderr=err,
        )
    assert "ผสานเซลล์" in err.getvalue()
    assert not ProcurementSummaryPage.objects.exists()
