"""The admin's import (upload → preview → confirm), who may import for which unit,
and a summary going through the office's approval chain until it is public."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Page

from disclosure_thai.dates import FiscalPeriod, fiscal_year
from reporting.figures import compute
from structured_disclosures.models import ProcurementImport, ProcurementSummaryPage
from tests.moderation.office import build_office, edit_form, login
from tests.structured_disclosures.workbooks import (
    cut_off,
    merges_a_whole_sheet,
    nothing_bought_with_rows,
    with_problems,
    workbook_bytes,
    xls_renamed,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/procurement-summary/import/"


def upload(client, data: bytes, *, unit, month="2568-10"):
    return client.post(
        IMPORT_URL,
        {
            "file": SimpleUploadedFile("สขร1-ตค68.xlsx", data),
            "unit": unit.pk,
            "month": month,
        },
    )


def preview_url(token: str) -> str:
    return f"{IMPORT_URL}{token}/"


def test_upload_preview_confirm_and_a_second_click_saves_nothing():
    office = build_office()
    client = login(office.editor_b)  # finance

    form = client.get(IMPORT_URL)
    assert form.status_code == 200
    assert "นำเข้าสรุปผลการจัดซื้อจัดจ้าง" in form.content.decode()

    response = upload(client, workbook_bytes(), unit=office.unit_b)
    assert response.status_code == 302
    preview = ProcurementImport.objects.get()
    assert response["Location"] == preview_url(preview.token)
    assert not ProcurementSummaryPage.objects.exists()  # nothing saved yet

    html = client.get(preview_url(preview.token)).content.decode()
    assert "จัดซื้อวัสดุสำนักงาน กระดาษ A4" in html
    assert "1,500,000.00" in html and "8,560.50" in html
    assert "3 รายการ วงเงินรวม 1,521,060.50 บาท" in html
    assert "ไม่นำแถวรวมเข้ามา: แถวที่ 10" in html

    response = client.post(preview_url(preview.token))
    page = ProcurementSummaryPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live
    assert page.owner == office.editor_b
    assert page.revisions.count() == 1

    # A second click on the same button: told so, nothing saved twice.
    again = client.post(preview_url(preview.token), follow=True)
    assert "ไฟล์นี้นำเข้าแล้ว จึงไม่ได้บันทึกซ้ำ" in again.content.decode()
    assert ProcurementSummaryPage.objects.count() == 1
    assert page.revisions.count() == 1


def test_a_workbook_with_problems_is_shown_with_them_and_nothing_is_kept():
    office = build_office()
    client = login(office.editor_b)
    response = upload(client, with_problems(), unit=office.unit_b)
    html = response.content.decode()
    assert response.status_code == 400
    assert "ไม่ได้นำเข้าข้อมูลใดเลย: ไฟล์มีปัญหา 3 รายการ" in html
    assert (
        "แถวที่ 8 คอลัมน์ C (วงเงินที่จะซื้อหรือจ้าง (ราคากลาง) (บาท)): “ไม่ทราบ” "
        "ไม่ใช่จำนวนเงิน (บาท) ให้เขียนเป็นตัวเลข เช่น 12,500.00"
    ) in html
    assert not ProcurementImport.objects.exists()
    assert not ProcurementSummaryPage.objects.exists()


def test_forged_expired_and_other_peoples_previews_are_refused():
    office = build_office()
    client = login(office.editor_b)
    response = client.post(preview_url("forged-token-0123456789"))
    assert response.status_code == 400
    assert "ไม่พบตัวอย่างนี้" in response.content.decode()

    upload(client, workbook_bytes(), unit=office.unit_b)
    preview = ProcurementImport.objects.get()
    # Another person, even a director of another unit, cannot use the link.
    other = login(office.editor_a).post(preview_url(preview.token))
    assert other.status_code == 400
    ProcurementImport.objects.filter(pk=preview.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=2)
    )
    response = client.post(preview_url(preview.token))
    assert response.status_code == 400
    assert "ตัวอย่างนี้หมดอายุแล้ว" in response.content.decode()
    assert not ProcurementSummaryPage.objects.exists()


def test_an_editor_cannot_import_for_a_unit_they_do_not_belong_to(tmp_path):
    office = build_office()
    client = login(office.editor_a)  # policy, not finance
    response = upload(client, workbook_bytes(), unit=office.unit_b)
    assert response.status_code == 200  # the form again: finance is not offered
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not ProcurementImport.objects.exists()
    # People without a unit (the committee) do not get the screen at all.
    assert login(office.committee).get(IMPORT_URL).status_code in (302, 403)


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def test_a_summary_goes_through_the_chain_and_is_counted_once():
    office = build_office()
    client = login(office.editor_b)
    upload(client, workbook_bytes(), unit=office.unit_b)
    client.post(preview_url(ProcurementImport.objects.get().token))
    page = ProcurementSummaryPage.objects.get()

    # The editor opens the summary in Wagtail's editor and submits it.
    data = edit_form(client, page)
    assert data["procurement_rows-TOTAL_FORMS"] == "3"
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    for approver in (office.director_b, office.office_director, office.ict):
        page.refresh_from_db()
        state = page.current_workflow_task_state
        assert state is not None
        response = login(approver).post(
            action_url(page, "approve", state), {"comment": ""}
        )
        assert response.status_code == 302

    page.refresh_from_db()
    assert page.live
    assert [row.work for row in page.procurement_rows.all()][0] == (
        "จัดซื้อวัสดุสำนักงาน กระดาษ A4"
    )
    # The committee report counts it once, as an item of finance (not twice, as
    # an item and as a summary).
    figures = compute(FiscalPeriod(fiscal_year(timezone.now())))
    finance = next(u for u in figures.units if u.id == office.unit_b.pk)
    assert finance.published == 1
    assert figures.totals.published == 1


def test_one_summary_per_unit_and_month_is_enforced_in_thai():
    office = build_office()
    client = login(office.editor_b)
    upload(client, workbook_bytes(), unit=office.unit_b)
    client.post(preview_url(ProcurementImport.objects.get().token))
    first = ProcurementSummaryPage.objects.get()
    category = Page.objects.get(pk=first.get_parent().pk)

    response = client.get(
        f"/admin/pages/add/structured_disclosures/procurementsummarypage/{category.pk}/"
    )
    assert response.status_code == 200
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2568 (ซ้ำ)",
            "slug": "procurement-duplicate",
            "unit": str(office.unit_b.pk),
            "summary_fiscal_year": "2569",
            "summary_month": "10",
            "no_procurement": "on",
            "body-count": "0",
        }
    )
    response = client.post(
        f"/admin/pages/add/structured_disclosures/procurementsummarypage/{category.pk}/",
        data,
    )
    html = response.content.decode()
    assert "กลุ่ม/หน่วยนี้มีสรุปผลการจัดซื้อจัดจ้างของเดือนนี้แล้ว" in html
    assert ProcurementSummaryPage.objects.count() == 1


def test_hostile_uploads_are_refused_in_thai_and_nothing_is_kept():
    office = build_office()
    client = login(office.editor_b)
    for data, message in (
        (xls_renamed(), "อ่านไฟล์นี้เป็นไฟล์ Excel (.xlsx) ไม่ได้"),
        (cut_off(), "อ่านไฟล์นี้เป็นไฟล์ Excel (.xlsx) ไม่ได้"),
        (merges_a_whole_sheet(), "ไฟล์มีการผสานเซลล์รวมกันเกิน 100,000 เซลล์"),
        (b"\0" * (5 * 1024 * 1024 + 1), "ไฟล์มีขนาดเกิน 5 MB"),
        (
            nothing_bought_with_rows(),
            "แถวที่ 7: ไฟล์ระบุว่าไม่มีการจัดซื้อจัดจ้างในเดือนนี้ แต่ยังมีรายการอยู่",
        ),
    ):
        response = upload(client, data, unit=office.unit_b)
        assert response.status_code in (200, 400)
        assert message in response.content.decode(), message
    # An .xlsx name is asked for; a real workbook named .xls is refused by its name.
    response = client.post(
        IMPORT_URL,
        {
            "file": SimpleUploadedFile("skr1.xls", workbook_bytes()),
            "unit": office.unit_b.pk,
            "month": "2568-10",
        },
    )
    assert "กรุณาเลือกไฟล์ .xlsx" in response.content.decode()
    # A forged unit id: finance's editor posting policy's unit.
    response = upload(client, workbook_bytes(), unit=office.unit_a)
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not ProcurementImport.objects.exists()
    assert not ProcurementSummaryPage.objects.exists()


def test_a_month_without_procurement_holding_rows_is_refused_in_the_editor():
    office = build_office()
    client = login(office.editor_b)
    upload(client, workbook_bytes(), unit=office.unit_b)
    client.post(preview_url(ProcurementImport.objects.get().token))
    page = ProcurementSummaryPage.objects.get()

    data = edit_form(client, page)
    data["no_procurement"] = "on"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert (
        "เดือนที่ไม่มีการจัดซื้อจัดจ้างต้องไม่มีรายการ ให้เอาเครื่องหมายที่ "
        "“ไม่มีการจัดซื้อจัดจ้างในเดือนนี้” ออก หรือลบรายการทั้ง 3 รายการ"
    ) in response.content.decode()
    assert page.revisions.count() == 1

    # With its rows deleted, the month is saved as one without procurement.
    for n in range(3):
        data[f"procurement_rows-{n}-DELETE"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.no_procurement and not draft.procurement_rows.all()
