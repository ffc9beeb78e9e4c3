"""Tables other apps add to the committee report (reporting/sections.py): on the
screen, in the A4 document and the workbook, and frozen with a submitted report."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from wagtail import hooks

from reporting.sections import HOOK, ReportSection
from tests.utils import make_user

pytestmark = pytest.mark.django_db

PERIOD = "2569-q1"
COMMITTEE = "/admin/disclosure-reports/committee/"


def channel_section(count):
    def section(period):
        assert (period.fiscal_year, period.kind, period.number) == (2569, "quarter", 1)
        return ReportSection(
            key="channels",
            title="การเผยแพร่ทางช่องทางอื่น",
            columns=["กลุ่ม/หน่วย", "Facebook", "งบประมาณ (บาท)"],
            rows=[["กลุ่มนโยบายและแผน", count, Decimal("1250.50")]],
            links=["/admin/pages/"],
            total=["รวม", count, None],
            note="นับตามบันทึกการเผยแพร่",
        )

    return section


@pytest.fixture
def secretary(client, db):
    client.force_login(make_user("sections-admin", is_superuser=True))
    return client


def test_a_section_shows_on_the_screen_the_print_and_the_workbook(secretary):
    with hooks.register_temporarily(HOOK, channel_section(3)):
        screen = secretary.get(f"{COMMITTEE}?period={PERIOD}").content.decode()
        printed = secretary.get(f"{COMMITTEE}{PERIOD}/print/").content.decode()
        workbook = load_workbook(
            io.BytesIO(secretary.get(f"{COMMITTEE}{PERIOD}/xlsx/").content)
        )
    for html in (screen, printed):
        assert "การเผยแพร่ทางช่องทางอื่น" in html
        assert (
            '<th scope="row"><a href="/admin/pages/">กลุ่มนโยบายและแผน</a></th>' in html
        )
        assert "<td>1250.50</td>" in html
        assert "นับตามบันทึกการเผยแพร่" in html
    # Numbered after the report's own four parts, in Thai digits.
    assert "๕. การเผยแพร่ทางช่องทางอื่น" in printed
    sheet = workbook["การเผยแพร่ทางช่องทางอื่น"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("กลุ่ม/หน่วย", "Facebook", "งบประมาณ (บาท)")
    assert rows[1][:2] == ("กลุ่มนโยบายและแผน", 3)
    assert rows[2][:2] == ("รวม", 3)


def test_without_sections_the_report_has_its_own_parts_only(secretary):
    printed = secretary.get(f"{COMMITTEE}{PERIOD}/print/").content.decode()
    assert "๕." not in printed
    workbook = load_workbook(
        io.BytesIO(secretary.get(f"{COMMITTEE}{PERIOD}/xlsx/").content)
    )
    assert len(workbook.sheetnames) == 3


def test_a_submitted_report_keeps_the_section_as_it_was(secretary):
    with hooks.register_temporarily(HOOK, channel_section(3)):
        assert secretary.post(f"{COMMITTEE}{PERIOD}/submit/").status_code == 302
    # The app now counts differently, or is gone: the frozen report does not change.
    with hooks.register_temporarily(HOOK, channel_section(9)):
        screen = secretary.get(f"{COMMITTEE}?period={PERIOD}").content.decode()
    assert "<td>3</td>" in screen and "<td>9</td>" not in screen
    printed = secretary.get(f"{COMMITTEE}{PERIOD}/print/").content.decode()
    assert "๕. การเผยแพร่ทางช่องทางอื่น" in printed


def test_a_section_with_no_rows_says_so(secretary):
    def empty(period):
        return [
            ReportSection(key="empty", title="ตารางว่าง", columns=["กลุ่ม/หน่วย"]),
            None,
        ][0]

    with hooks.register_temporarily(HOOK, empty):
        screen = secretary.get(f"{COMMITTEE}?period={PERIOD}").content.decode()
    assert "ตารางว่าง" in screen
    assert "ไม่มีข้อมูลที่ต้องรายงานในรอบรายงานนี้" in screen
