"""A plan and its progress reports made in Wagtail's editor by the office's roles,
through the approval chain; the refusals a person sees in Thai (money, forged
projects, the same round twice, another unit's plan) and the over-budget warning."""

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from action_plans.models import ActionPlanPage, ProgressReportPage
from tests.action_plans.plans import make_plan, make_report
from tests.moderation.office import build_office, edit_form, login
from tests.utils import category

pytestmark = pytest.mark.django_db


def add_url(model: str) -> str:
    return f"/admin/pages/add/action_plans/{model}/{category('1.6').pk}/"


def rows(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{k}": v for k, v in row.items()})
        data[f"{prefix}-{n}-ORDER"] = str(n + 1)
        data.setdefault(f"{prefix}-{n}-id", "")
    return data


def post_plan(client, unit, projects, **fields):
    form = client.get(add_url("actionplanpage"))
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2569",
            "slug": "action-plan-2569",
            "unit": str(unit.pk),
            "plan_fiscal_year": "2569",
            "publication_date": "2025-10-15",
            "body-count": "0",
            **rows("projects", projects),
            **fields,
        }
    )
    return client.post(add_url("actionplanpage"), data)


def post_report(client, unit, plan, period, progress, **fields):
    form = client.get(add_url("progressreportpage"))
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": f"รายงานผลการดำเนินงานตามแผน {period}",
            "slug": f"progress-{period}",
            "unit": str(unit.pk),
            "plan": str(plan.pk),
            "period": period,
            "publication_date": "2026-04-10",
            "body-count": "0",
            **rows("progress_rows", progress),
            **fields,
        }
    )
    return client.post(add_url("progressreportpage"), data)


def project(name, unit, budget, **kwargs):
    return {
        "name": name,
        "unit": str(unit.pk),
        "budget": budget,
        "indicators": kwargs.get("indicators", "ร้อยละของโรงเรียน"),
        "targets": kwargs.get("targets", "ร้อยละ 80"),
    }


def progress(project, spent, result="ดำเนินการแล้ว"):
    return {"project": str(project.pk), "spent": spent, "result": result}


def approve_through_the_chain(office, page):
    for approver in (office.director_a, office.office_director, office.ict):
        page.refresh_from_db()
        state = page.current_workflow_task_state
        assert state is not None, approver
        response = login(approver).post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/",
            {"comment": ""},
        )
        assert response.status_code == 302
    page.refresh_from_db()
    return page


@pytest.fixture
def office():
    return build_office()


@pytest.fixture
def plan(office):
    return make_plan(
        office.unit_a,
        [
            ("โครงการพัฒนาการอ่าน", office.unit_a, "100000", "ร้อยละ", "ร้อยละ 80"),
            ("โครงการพัฒนาระบบการเงิน", office.unit_b, "50000", "ระบบ", "1 ระบบ"),
        ],
    )


def test_an_editor_makes_a_plan_that_the_chain_publishes(office, client):
    client = login(office.editor_a)
    response = post_plan(
        client,
        office.unit_a,
        [
            project("โครงการพัฒนาการอ่าน", office.unit_a, "1,250,000.50"),
            project("โครงการพัฒนาระบบการเงิน", office.unit_b, "๙๘,๕๐๐"),
        ],
        **{"action-submit": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ActionPlanPage.objects.get()
    assert not plan.live
    assert [(p.name, p.unit, str(p.budget)) for p in plan.projects.all()] == [
        ("โครงการพัฒนาการอ่าน", office.unit_a, "1250000.50"),
        ("โครงการพัฒนาระบบการเงิน", office.unit_b, "98500.00"),
    ]
    assert login(office.editor_b).get(plan.url or "/").status_code in (200, 404)

    plan = approve_through_the_chain(office, plan)
    assert plan.live
    html = login(office.committee).get(plan.url).content.decode()
    assert "1,250,000.50" in html and "98,500.00" in html
    assert "2 โครงการ งบประมาณรวม 1,348,500.50 บาท" in plan.summary


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("ไม่ทราบ", "“ไม่ทราบ” ไม่ใช่จำนวนเงิน (บาท) ให้เขียนเป็นตัวเลข เช่น 12,500.00"),
        ("12,5OO", "“12,5OO” ไม่ใช่จำนวนเงิน (บาท)"),
        ("-500", "จำนวนเงิน (บาท) ต้องไม่ติดลบ"),
    ],
)
def test_money_that_is_no_amount_or_negative_is_refused_in_thai(
    office, budget, message
):
    client = login(office.editor_a)
    response = post_plan(
        client, office.unit_a, [project("โครงการ ก", office.unit_a, budget)]
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActionPlanPage.objects.exists()


def test_one_plan_per_unit_and_fiscal_year(office, plan):
    client = login(office.editor_a)
    response = post_plan(
        client,
        office.unit_a,
        [project("โครงการ ข", office.unit_a, "1000")],
        slug="action-plan-2569-again",
    )
    assert "กลุ่ม/หน่วยนี้มีแผนปฏิบัติการประจำปีงบประมาณนี้แล้ว" in (response.content.decode())
    assert ActionPlanPage.objects.count() == 1


def test_a_report_goes_through_the_chain_and_overspending_is_a_warning(office, plan):
    reading, finance = plan.projects.all()
    client = login(office.editor_a)
    response = post_report(
        client,
        office.unit_a,
        plan,
        "h1",
        [
            progress(reading, "40,000", "อบรมครูแล้ว 2 รุ่น"),
            progress(finance, "60,000.75", "ติดตั้งระบบแล้ว"),
        ],
        **{"action-submit": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    shown = client.get(response["Location"]).content.decode()
    assert "ใช้จ่ายเกินงบประมาณ: โครงการพัฒนาระบบการเงิน" in shown
    report = ProgressReportPage.objects.get()
    assert report.fiscal_year == 2569 and not report.live
    # The unit director at the first step opens the report in the editor: each
    # project is offered by its name and its plan's title.
    editor = login(office.director_a).get(f"/admin/pages/{report.pk}/edit/")
    assert editor.status_code == 200
    assert "โครงการพัฒนาระบบการเงิน (แผนปฏิบัติการประจำปีงบประมาณ" in (
        editor.content.decode()
    )

    # Not public until the chain has approved it.
    html = login(office.committee).get(plan.url).content.decode()
    assert "ยังไม่มีรายงานผลการดำเนินงานที่เผยแพร่" in html

    report = approve_through_the_chain(office, report)
    assert report.live
    words = " ".join(login(office.committee).get(plan.url).content.decode().split())
    assert "อบรมครูแล้ว 2 รุ่น" in words
    assert "60,000.75" in words and "120.0" in words and "เกินงบประมาณ" in words


def test_a_project_of_another_plan_is_refused(office, plan):
    """Forged project ids: a project of the unit's other plan is named in Thai; a
    project of another unit's plan is not even offered to the unit's editor; ICT,
    who sees every plan, is refused as well."""
    old = make_plan(
        office.unit_a,
        [("โครงการปีก่อน", office.unit_a, "1000", "", "")],
        year=2568,
    )
    finance_plan = make_plan(
        office.unit_b, [("โครงการของการเงิน", office.unit_b, "1000", "", "")]
    )
    reading = plan.projects.first()

    client = login(office.editor_a)
    response = post_report(
        client,
        office.unit_a,
        plan,
        "h1",
        [progress(reading, "10"), progress(old.projects.get(), "10")],
    )
    assert response.status_code == 200
    assert (
        "“โครงการปีก่อน” เป็นโครงการของแผนอื่น "
        "รายงานผลการดำเนินงานรายงานได้เฉพาะโครงการของแผนที่รายงาน"
    ) in response.content.decode()

    response = post_report(
        client, office.unit_a, plan, "h1", [progress(finance_plan.projects.get(), "10")]
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()

    response = post_report(
        login(office.ict),
        office.unit_a,
        plan,
        "h1",
        [progress(finance_plan.projects.get(), "10")],
    )
    assert response.status_code == 200
    assert "“โครงการของการเงิน” เป็นโครงการของแผนอื่น" in response.content.decode()

    # The same project twice in one report.
    response = post_report(
        client,
        office.unit_a,
        plan,
        "h1",
        [progress(reading, "1"), progress(reading, "2")],
    )
    assert "“โครงการพัฒนาการอ่าน” มีอยู่ในรายงานนี้แล้ว" in response.content.decode()
    assert not ProgressReportPage.objects.exists()


def test_the_same_round_twice_is_refused(office, plan):
    reading = plan.projects.first()
    client = login(office.editor_a)
    first = post_report(client, office.unit_a, plan, "h1", [progress(reading, "10")])
    assert first.status_code == 302
    # The same POST again (a double click), then a new report of the same round.
    again = post_report(client, office.unit_a, plan, "h1", [progress(reading, "10")])
    assert again.status_code == 200
    assert "แผนนี้มีรายงานผลการดำเนินงานของรอบนี้แล้ว" in again.content.decode()
    other = post_report(
        client, office.unit_a, plan, "h1", [progress(reading, "10")], slug="another"
    )
    assert "แผนนี้มีรายงานผลการดำเนินงานของรอบนี้แล้ว" in other.content.decode()
    # Another round of the same plan is welcome.
    year_end = post_report(client, office.unit_a, plan, "fy", [progress(reading, "90")])
    assert year_end.status_code == 302
    assert ProgressReportPage.objects.count() == 2


def test_another_units_editor_cannot_report_on_the_plan(office, plan):
    reading = plan.projects.first()
    client = login(office.editor_b)  # finance: the plan is policy's
    response = post_report(client, office.unit_b, plan, "h1", [progress(reading, "1")])
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    # ICT may choose any plan, but the report is the plan's unit's to make.
    response = post_report(
        login(office.ict), office.unit_b, plan, "h1", [progress(reading, "1")]
    )
    assert (
        "รายงานผลการดำเนินงานต้องจัดทำโดยกลุ่ม/หน่วยที่รับผิดชอบแผน (กลุ่มนโยบายและแผน)"
    ) in response.content.decode()
    assert not ProgressReportPage.objects.exists()


def test_a_reported_project_cannot_be_removed_from_the_plan(office, plan):
    reading = plan.projects.first()
    make_report(plan, "h1", {reading.name: ("10", "เริ่มแล้ว")})
    client = login(office.editor_a)
    data = edit_form(client, plan)
    assert data["projects-TOTAL_FORMS"] == "2"
    data["projects-0-DELETE"] = "on"
    response = client.post(f"/admin/pages/{plan.pk}/edit/", data)
    assert response.status_code == 200
    assert (
        "นำ “โครงการพัฒนาการอ่าน” ออกจากแผนไม่ได้ เพราะมีรายงานผลการดำเนินงานของโครงการนี้แล้ว"
    ) in response.content.decode()
    assert plan.projects.count() == 2
    # The project that no report speaks of may go.
    data = edit_form(client, plan)
    data["projects-1-DELETE"] = "on"
    response = client.post(f"/admin/pages/{plan.pk}/edit/", data)
    assert response.status_code == 302
