"""The committee report says how many items were withdrawn in the period and why;
a withdrawn item is no longer counted as published."""

import pytest
from django.utils import timezone

from disclosure_thai.dates import fiscal_quarter, fiscal_year
from moderation.withdrawal import withdraw
from tests.moderation.office import build_office

pytestmark = pytest.mark.django_db

COMMITTEE = "/admin/disclosure-reports/committee/"


def test_the_report_counts_withdrawals_by_reason(client):
    office = build_office()
    wrong = office.item(title="ประกาศที่ลงผิดหมวด", publish=True)
    old = office.item(title="ประกาศรับสมัครที่ปิดรับแล้ว", publish=True)
    kept = office.item(title="ประกาศที่ยังเผยแพร่อยู่", publish=True)
    withdraw(
        wrong,
        office.administrator,
        reason="published_in_error",
        explanation="ลงผิดหมวด ย้ายไปหมวด 1.9",
    )
    withdraw(old, office.administrator, reason="no_longer_current", explanation="ปิดรับ")
    today = timezone.localdate()
    period = f"{fiscal_year(today)}-q{fiscal_quarter(today)}"
    client.force_login(office.administrator)
    html = client.get(f"{COMMITTEE}?period={period}").content.decode()
    assert "การถอนการเผยแพร่" in html
    assert wrong.title in html and old.title in html
    assert "ลงเผยแพร่โดยผิดพลาด" in html and "ลงผิดหมวด ย้ายไปหมวด 1.9" in html
    assert "ถอนการเผยแพร่ในรอบนี้ 2 รายการ" in html
    assert "ลงเผยแพร่โดยผิดพลาด 1 รายการ" in html
    assert "ไม่เป็นปัจจุบันแล้ว 1 รายการ" in html
    assert kept.title not in html.split("การถอนการเผยแพร่", 1)[1]

    earlier = f"{fiscal_year(today) - 1}-q1"
    html = client.get(f"{COMMITTEE}?period={earlier}").content.decode()
    assert "ถอนการเผยแพร่ในรอบนี้" not in html and wrong.title not in html
