"""The annual procurement plan and its announcements: made in the admin by a unit's
editor, published through the office's approval chain, then public — each line
with its announcements and the summary rows that carry it out — found by the Thai
search, listed in the category feed and evaluated as any item."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import querydict_from_html

from moderation.setup import SetupReport
from reporting.models import Feedback
from structured_disclosures.demo import ensure_procurement_plan
from structured_disclosures.importing import read_workbook, save_summary
from structured_disclosures.models import (
    ProcurementAnnouncementPage,
    ProcurementMethod,
    ProcurementPlanLine,
    ProcurementPlanPage,
)
from tests.moderation.office import build_office, edit_form, login
from tests.structured_disclosures.workbooks import workbook_bytes
from tests.utils import category

pytestmark = pytest.mark.django_db

PLAN_ADD = "/admin/pages/add/structured_disclosures/procurementplanpage/{}/"
ANNOUNCEMENT_ADD = (
    "/admin/pages/add/structured_disclosures/procurementannouncementpage/{}/"
)
LINES = [
    ("จัดซื้อวัสดุสำนักงาน กระดาษ A4", "150000", "วิธีเฉพาะเจาะจง", "11"),
    ("จ้างซ่อมเครื่องปรับอากาศห้องประชุมใหญ่", "60000.50", "วิธีเฉพาะเจาะจง", "12"),
    (
        "ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน",
        "1500000",
        "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
        "1",
    ),
]


def add_form(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data


def plan_data(client, office, *, unit=None, year="2569", lines=LINES) -> dict:
    data = add_form(client, PLAN_ADD.format(category("1.9").pk))
    methods = {m.name: m.pk for m in ProcurementMethod.objects.all()}
    data.update(
        {
            "title": f"แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {year}",
            "slug": f"plan-{year}",
            "unit": str((unit or office.unit_b).pk),
            "plan_fiscal_year": year,
            "plan_lines-TOTAL_FORMS": str(len(lines)),
            "plan_lines-INITIAL_FORMS": "0",
        }
    )
    for n, (work, budget, method, month) in enumerate(lines):
        data.update(
            {
                f"plan_lines-{n}-work": work,
                f"plan_lines-{n}-budget": budget,
                f"plan_lines-{n}-method": str(methods[method]),
                f"plan_lines-{n}-expected_month": month,
                f"plan_lines-{n}-ORDER": str(n + 1),
                f"plan_lines-{n}-DELETE": "",
                f"plan_lines-{n}-id": "",
            }
        )
    return data


def announcement_data(client, line, *, kind="invitation", unit=None, title=None):
    data = add_form(client, ANNOUNCEMENT_ADD.format(category("1.9").pk))
    data.update(
        {
            "title": title or f"ประกาศ {kind} {line.pk}",
            "slug": f"announcement-{kind}-{line.pk}",
            "unit": str(unit.pk if unit else line.page.unit_id),
            "announcement_kind": kind,
            "plan_line": str(line.pk),
            "summary": "กำหนดยื่นข้อเสนอผ่านระบบ e-GP",
        }
    )
    return data


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def through_the_chain(office, page) -> None:
    """The unit's director, the office director and the ICT publisher approve."""
    for approver in (office.director_b, office.office_director, office.ict):
        page.refresh_from_db()
        state = page.current_workflow_task_state
        assert state is not None, f"{page} is not in the chain"
        response = login(approver).post(
            action_url(page, "approve", state), {"comment": ""}
        )
        assert response.status_code == 302
    page.refresh_from_db()


def create_and_submit(client, url: str, data: dict, model):
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, (
        re.findall(r'class="error-message">(.*?)<', response.content.decode(), re.S)
        or response.content.decode()[:3000]
    )
    return model.objects.latest("pk")


def publish_plan_directly(office, unit, year="2569", lines=LINES):
    """A plan the chain approved, made as an administrator would."""
    client = login(office.administrator)
    client.post(
        PLAN_ADD.format(category("1.9").pk),
        {
            **plan_data(client, office, unit=unit, year=year, lines=lines),
            "slug": f"plan-{unit.code}-{year}",
        },
    )
    plan = ProcurementPlanPage.objects.get(unit=unit, plan_fiscal_year=year)
    plan.get_latest_revision().publish(skip_permission_checks=True)
    plan.refresh_from_db()
    return plan


def plan_line_options(client) -> list[str]:
    """The values the announcement form's plan line chooser offers."""
    html = client.get(ANNOUNCEMENT_ADD.format(category("1.9").pk)).content.decode()
    select = html[html.index('name="plan_line"') :]
    select = select[: select.index("</select>")]
    return [v for v in re.findall(r'<option value="(\d*)"', select) if v]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_plan_and_announcements_go_through_the_chain_and_are_public(client):
    office = build_office()
    editor = login(office.editor_b)  # finance

    plan = create_and_submit(
        editor,
        PLAN_ADD.format(category("1.9").pk),
        plan_data(editor, office),
        ProcurementPlanPage,
    )
    assert not plan.live
    through_the_chain(office, plan)
    assert plan.live
    lines = list(plan.plan_lines.all())
    assert [str(line.budget) for line in lines] == [
        "150000.00",
        "60000.50",
        "1500000.00",
    ]
    building = lines[2]

    # The announcement's chooser offers the lines of the unit's published plan.
    form = editor.get(ANNOUNCEMENT_ADD.format(category("1.9").pk)).content.decode()
    assert f'<option value="{building.pk}">ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน –' in form
    announcements = {}
    for kind, title in (
        ("invitation", "ประกาศเชิญชวน ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน"),
        ("winner", "ประกาศผู้ชนะการเสนอราคา จ้างปรับปรุงอาคารสำนักงาน"),
    ):
        page = create_and_submit(
            editor,
            ANNOUNCEMENT_ADD.format(category("1.9").pk),
            announcement_data(editor, building, kind=kind, title=title),
            ProcurementAnnouncementPage,
        )
        through_the_chain(office, page)
        assert page.live and page.plan_line == building
        announcements[kind] = page

    # The plan's public page: an accessible table, each line with its announcements.
    html = client.get(plan.url).content.decode()
    assert (
        '<caption id="plan-caption">แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2569 '
        "กลุ่มบริหารงานการเงินและสินทรัพย์ หน่วย: บาท</caption>"
    ) in html
    assert html.count('<th scope="col"') == 7
    assert '<th scope="row">ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน</th>' in html
    assert '<td class="num">1,710,000.50</td>' in html  # the total
    assert "แผนการจัดซื้อจัดจ้าง 3 รายการ งบประมาณรวม 1,710,000.50 บาท" in text(html)
    row = html[html.index(f'id="line-{building.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="{announcements["invitation"].url}">ประกาศเชิญชวน</a>' in row
    assert f'href="{announcements["winner"].url}">ประกาศผู้ชนะการเสนอราคา</a>' in row
    assert "มกราคม 2569" in row  # the expected month of fiscal year 2569
    assert "ข้อมูลนี้เป็นประโยชน์หรือไม่" in html  # evaluated as any item

    # The announcement names its plan line and links the plan.
    html = client.get(announcements["winner"].url).content.decode()
    assert (
        f'href="{plan.url}#line-{building.pk}">ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน</a>'
        in html
    )
    assert "งบประมาณ 1,500,000.00 บาท ในแผนการจัดซื้อจัดจ้าง" in text(html)
    assert "ประกาศผู้ชนะการเสนอราคา" in text(html)

    # Found by a Thai word inside a line of the plan, listed in the category feed.
    found = client.get("/search/", {"q": "เครื่องปรับอากาศ"}).content.decode()
    assert plan.title in found
    feed = client.get("/feeds/category/1.9/rss/").content.decode()
    assert plan.title in feed
    assert announcements["invitation"].title in feed

    # A visitor's answer to "was this useful?" is stored for the plan.
    page_html = client.get(plan.url).content.decode()
    form = page_html[page_html.index('class="evaluation-form"') :]
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    response = client.post(
        "/evaluation/feedback/",
        {**fields, "useful": "yes"},
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
    )
    assert response.status_code == 302
    assert Feedback.objects.get().page_id == plan.pk


def test_summary_rows_linked_to_a_line_show_on_the_plan(client):
    office = build_office()
    plan = publish_plan_directly(office, office.unit_b)
    lines = list(plan.plan_lines.all())
    october, _new = save_summary(
        read_workbook(io.BytesIO(workbook_bytes())),
        unit=office.unit_b,
        fiscal_year=2569,
        month=10,
    )

    # The editor links the summary's third row to the plan's building line.
    editor = login(office.editor_b)
    data = edit_form(editor, october)
    options = editor.get(f"/admin/pages/{october.pk}/edit/").content.decode()
    assert f'<option value="{lines[2].pk}">' in options
    data["procurement_rows-2-plan_line"] = str(lines[2].pk)
    response = editor.post(f"/admin/pages/{october.pk}/edit/", data)
    assert response.status_code == 302
    october.refresh_from_db()
    october.get_latest_revision().publish(skip_permission_checks=True)

    html = client.get(plan.url).content.decode()
    row = html[html.index(f'id="line-{lines[2].pk}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="{october.url}">ตุลาคม 2568</a>' in row
    assert "บริษัท ก่อสร้างดี จำกัด" in row and "1,450,000.00" in row


def test_another_units_plan_line_is_refused(client):
    office = build_office()
    policy_plan = publish_plan_directly(office, office.unit_a)  # not finance's
    foreign = policy_plan.plan_lines.first()
    finance_plan = publish_plan_directly(office, office.unit_b)
    own = finance_plan.plan_lines.first()

    # Finance's editor is not offered policy's lines; a forged id is refused.
    editor = login(office.editor_b)
    assert plan_line_options(editor) == [
        str(line.pk) for line in finance_plan.plan_lines.all()
    ]
    data = announcement_data(editor, foreign, unit=office.unit_b)
    response = editor.post(ANNOUNCEMENT_ADD.format(category("1.9").pk), data)
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not ProcurementAnnouncementPage.objects.exists()

    # An administrator sees every unit's lines, yet an announcement of finance
    # cannot name policy's plan.
    admin = login(office.administrator)
    data = announcement_data(admin, foreign, unit=office.unit_b)
    response = admin.post(ANNOUNCEMENT_ADD.format(category("1.9").pk), data)
    assert response.status_code == 200
    assert (
        "ไม่ใช่รายการในแผนการจัดซื้อจัดจ้างที่เผยแพร่แล้วของกลุ่ม/หน่วยนี้" in response.content.decode()
    )
    assert not ProcurementAnnouncementPage.objects.exists()

    # A line of an unpublished plan is not offered either.
    finance_plan.unpublish()
    assert plan_line_options(editor) == []
    assert own.pk

    # One plan per unit and fiscal year.
    response = admin.post(
        PLAN_ADD.format(category("1.9").pk),
        {**plan_data(admin, office, unit=office.unit_a), "slug": "plan-again"},
    )
    assert "กลุ่ม/หน่วยนี้มีแผนการจัดซื้อจัดจ้างของปีงบประมาณนี้แล้ว" in (response.content.decode())
    assert ProcurementPlanPage.objects.count() == 2


def test_only_under_the_procurement_category():
    build_office()
    for model in (ProcurementPlanPage, ProcurementAnnouncementPage):
        assert model.can_create_at(category("1.9"))
        assert not model.can_create_at(category("1.6"))


def test_the_demo_plan_has_three_lines_and_two_announcements(client):
    office = build_office()

    class Demo:
        users = {"ict": office.ict}
        units = {"finance": office.unit_b}
        today = dt.date(2025, 11, 20)  # fiscal year 2569
        report = SetupReport()

    ensure_procurement_plan(Demo)
    ensure_procurement_plan(Demo)  # a second run adds nothing
    assert Demo.report.kept == ["procurement plan"]
    plan = ProcurementPlanPage.objects.get()
    assert plan.live and plan.plan_fiscal_year == 2569
    assert plan.plan_lines.count() == 3
    announcements = ProcurementAnnouncementPage.objects.live().order_by("pk")
    assert [a.announcement_kind for a in announcements] == ["invitation", "winner"]
    building = plan.plan_lines.get(work="จ้างปรับปรุงอาคารสำนักงาน")
    assert {a.plan_line_id for a in announcements} == {building.pk}

    html = client.get(plan.url).content.decode()
    row = html[html.index(f'id="line-{building.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "ประกาศเชิญชวน</a>" in row and "ประกาศผู้ชนะการเสนอราคา</a>" in row


def test_the_plans_page_costs_the_same_for_more_lines(client):
    office = build_office()
    plan = publish_plan_directly(office, office.unit_b)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(plan.url).status_code == 200
        return len(captured)

    queries()  # the first request reads what the process keeps (the site, ...)
    few = queries()
    method = ProcurementMethod.objects.first()
    ProcurementPlanLine.objects.bulk_create(
        ProcurementPlanLine(
            page=plan, work=f"งานที่ {n}", budget=n, method=method, expected_month=3
        )
        for n in range(30)
    )
    assert plan.plan_lines.count() == 33
    assert queries() == few
