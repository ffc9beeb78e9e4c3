"""The requests report downloads as XLSX only: Thai text stays Thai and dates are
dates (Bangkok time). No CSV is offered: Excel opens its Thai as garbage."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from moderation.models import PublicationRequest
from tests.moderation.office import build_office, login, submit

pytestmark = pytest.mark.django_db

URL = "/admin/disclosure-approval/requests/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_requests_report_downloads_thai_and_dates_as_xlsx(monkeypatch):
    office = build_office()
    item = office.item(title="ประกาศผลการจัดซื้อจัดจ้างประจำเดือน")
    # 08:30 in Bangkok is 01:30 UTC: the sheet shows the office's time.
    moment = timezone.make_aware(dt.datetime(2026, 1, 15, 8, 30))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    submit(item, office.editor_a)
    monkeypatch.undo()
    memo = PublicationRequest.objects.get(page=item)

    client = login(office.office_director)
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    assert header[:2] == ["เลขที่", "ปีงบประมาณ (พ.ศ.)"]
    assert "กลุ่ม/หน่วย" in header and "วันที่ส่งขออนุญาต" in header
    (row,) = rows[1:]
    cells = dict(zip(header, row, strict=True))
    assert row[2].value == "ประกาศผลการจัดซื้อจัดจ้างประจำเดือน"
    assert cells["กลุ่ม/หน่วย"].value == office.unit_a.name_th
    assert cells["สถานะ"].value == "อยู่ระหว่างพิจารณา"
    submitted = cells["วันที่ส่งขออนุญาต"]
    assert submitted.is_date
    assert submitted.value == dt.datetime(2026, 1, 15, 8, 30)
    assert cells["เลขที่"].value == memo.number


def test_the_requests_report_offers_no_csv():
    office = build_office()
    submit(office.item(title="คำขอเผยแพร่"), office.editor_a)
    client = login(office.administrator)
    html = client.get(URL).content.decode()
    assert "export=xlsx" in html
    assert "export=csv" not in html
    # An old CSV link shows the report's page rather than a file.
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "คำขอเผยแพร่" in response.content.decode()
