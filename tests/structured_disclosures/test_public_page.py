"""The public page of a month's procurement summary, its downloads, and the
summary found where every item is: the category page, its feed and the search."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from moderation.models import Unit
from moderation.pdf import chromium
from structured_disclosures.importing import read_workbook, save_summary
from structured_disclosures.models import ProcurementSummaryPage
from tests.conftest import shared_data
from tests.structured_disclosures.workbooks import workbook_bytes
from tests.utils import category, run_setup

pytestmark = pytest.mark.django_db


def publish(page):
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture(scope="module")
def summaries(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        finance = Unit.objects.get(code="finance")
        october, _new = save_summary(
            read_workbook(io.BytesIO(workbook_bytes())),
            unit=finance,
            fiscal_year=2569,
            month=10,
        )
        november, _new = save_summary(
            read_workbook(io.BytesIO(workbook_bytes([], nothing_bought=True))),
            unit=finance,
            fiscal_year=2569,
            month=11,
        )
        december, _new = save_summary(  # a draft: not on the public pages
            read_workbook(io.BytesIO(workbook_bytes())),
            unit=finance,
            fiscal_year=2569,
            month=12,
        )
        yield {
            "october": publish(october),
            "november": publish(november),
            "december": december,
        }


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_month_is_an_accessible_table_with_totals(client, summaries):
    response = client.get(summaries["october"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<caption id="procurement-caption">สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน'
        "ตุลาคม 2568 กลุ่มบริหารงานการเงินและสินทรัพย์ (แบบ สขร.๑) หน่วย: บาท</caption>"
    ) in html
    assert html.count('<th scope="col"') == 8
    assert '<th scope="row">จัดซื้อวัสดุสำนักงาน กระดาษ A4</th>' in html
    # Baht with thousands separators and two decimals, rows and totals.
    assert '<td class="num">1,500,000.00</td>' in html
    assert '<td class="num">8,560.50</td>' in html
    assert '<td class="num">1,521,060.50</td>' in html  # the total of the budgets
    assert "1,470,500.00" in html  # the total of the agreed prices
    words = text(html)
    assert (
        "การจัดซื้อจัดจ้าง 3 รายการ วงเงินรวม 1,521,060.50 บาท ราคาที่ตกลงรวม "
        "1,470,500.00 บาท" in words
    )
    assert "หจก. เย็นฉ่ำแอร์ 8,500.00" in words
    assert "3/2569 ลงวันที่ 28 ต.ค. 2568" in words  # the contract, B.E.
    assert "?format=xlsx" in html and "?format=pdf" in html
    # Its owner, as on every item page: the unit and a link to category 1.9.
    page = summaries["october"]
    assert f"<dd>{page.unit.name_th}</dd>" in html
    assert f'href="{page.get_parent().url}">1.9 ' in html


def test_the_fiscal_year_at_a_glance(client, summaries):
    html = client.get(summaries["october"].url).content.decode()
    glance = html[html.index('id="months-heading"') :]
    assert "ภาพรวมปีงบประมาณ พ.ศ. 2569" in glance
    months = re.findall(r'<li class="month-grid__month[^"]*">(.*?)</li>', glance, re.S)
    assert len(months) == 12
    assert 'aria-current="page">ตุลาคม 2568' in months[0]
    assert "เผยแพร่แล้ว" in months[0]
    assert f'href="{summaries["november"].url}"' in months[1]
    assert "เผยแพร่แล้ว: ไม่มีการจัดซื้อจัดจ้าง" in months[1]
    # December is only a draft, September (the last month) nothing yet.
    assert "ยังไม่เผยแพร่" in months[2] and "href" not in months[2]
    assert "กันยายน 2569" in months[11]


def test_a_month_without_procurement_still_is_published(client, summaries):
    html = client.get(summaries["november"].url).content.decode()
    assert "ไม่มีการจัดซื้อจัดจ้างในเดือนนี้" in html
    assert "<table" not in html


def test_the_workbook_download(client, summaries):
    response = client.get(summaries["october"].url + "?format=xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "procurement-finance-2569-10.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == (
        "ลำดับที่",
        "งานที่จัดซื้อหรือจัดจ้าง",
        "วงเงินที่จะซื้อหรือจ้าง (ราคากลาง) (บาท)",
    )
    assert rows[3][1] == "ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน"
    assert Decimal(str(rows[2][2])) == Decimal("8560.5")  # a number, not text
    assert rows[-1][1:3] == ("รวม", 1521060.5)


def test_the_a4_document(client, summaries, settings):
    page = summaries["october"]
    if chromium():
        response = client.get(page.url + "?format=pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    settings.DISCLOSURE_CHROMIUM = "/nonexistent/chromium"
    response = client.get(page.url + "?format=pdf")
    html = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาสั่งพิมพ์หน้านี้แล้วเลือก “บันทึกเป็น PDF”" in html
    assert "procurement_print.css" in html and "1,521,060.50" in html


def test_listed_fed_and_found_as_any_item(client, summaries):
    october = summaries["october"]
    listing = client.get(category("1.9").url).content.decode()
    assert october.title in listing
    assert summaries["november"].title in listing
    assert summaries["december"].title not in listing  # a draft
    assert "การจัดซื้อจัดจ้าง 3 รายการ วงเงินรวม 1,521,060.50 บาท" in listing

    feed = client.get("/feeds/category/1.9/rss/").content.decode()
    assert october.title in feed
    assert summaries["december"].title not in feed

    # Found by a word that is only in one of its rows.
    found = client.get("/search/", {"q": "เครื่องปรับอากาศ"}).content.decode()
    assert october.title in found
    found = client.get("/search/", {"q": "ก่อสร้างดี"}).content.decode()
    assert october.title in found


def test_only_under_the_procurement_category(summaries):
    assert ProcurementSummaryPage.can_create_at(category("1.9"))
    assert not ProcurementSummaryPage.can_create_at(category("1.6"))
