"""The plans in the quarterly committee report (through reporting's section hook,
with the progress public at the period's end) and the example site's demo plan."""

import datetime as dt

import pytest
from django.utils import timezone

from action_plans.models import ActionPlanPage, ProgressReportPage
from action_plans.wagtail_hooks import demo_action_plan
from disclosure_site.management.commands.load_demo_data import DemoContext
from disclosure_thai.dates import BANGKOK, FiscalPeriod
from moderation.models import Unit
from moderation.setup import SetupReport
from reporting.figures import compute
from reporting.sections import collect
from tests.action_plans.plans import make_plan, make_report
from tests.utils import make_user, run_setup

pytestmark = pytest.mark.django_db


def published_on(report, day: dt.date) -> None:
    when = dt.datetime.combine(day, dt.time(10), tzinfo=BANGKOK)
    ProgressReportPage.objects.filter(pk=report.pk).update(first_published_at=when)


@pytest.fixture
def plan():
    run_setup()
    units = {u.code: u for u in Unit.objects.all()}
    plan = make_plan(
        units["policy"],
        [
            ("โครงการ ก", units["policy"], "100000", "", ""),
            ("โครงการ ข", units["finance"], "300000", "", ""),
        ],
    )
    six = make_report(plan, "h1", {"โครงการ ก": ("50000", "ครึ่งหนึ่ง")})
    year = make_report(
        plan, "fy", {"โครงการ ก": ("100000", "ครบ"), "โครงการ ข": ("200000", "")}
    )
    published_on(six, dt.date(2026, 4, 10))
    published_on(year, dt.date(2026, 10, 20))
    return plan


def section(period):
    found = [s for s in collect(period) if s["key"] == "action_plans"]
    return found[0] if found else None


def test_the_committee_report_links_the_plan_with_its_progress_at_the_period_end(
    plan,
):
    third = section(FiscalPeriod.quarter(2569, 3))  # to 30 June 2569: the 6 months
    assert third["title"] == "แผนปฏิบัติการประจำปีและผลการดำเนินงาน"
    assert third["columns"][0] == "แผนปฏิบัติการประจำปี"
    assert third["rows"] == [
        [
            plan.title,
            "กลุ่มนโยบายและแผน",
            2,
            "400,000.00",
            "รอบ 6 เดือน (1 ต.ค. 2568 – 31 มี.ค. 2569)",
            "50,000.00",
            "12.5",
        ]
    ]
    assert third["links"] == [plan.get_full_url()]
    # Before any report was public, the plan is listed without progress.
    first = section(FiscalPeriod.quarter(2569, 1))
    assert first["rows"][0][4] == "ยังไม่มีรายงานผลการดำเนินงาน"
    # The next fiscal year has no plan: no section at all.
    assert section(FiscalPeriod.quarter(2570, 1)) is None


def test_the_section_is_in_the_computed_report_and_survives_freezing(plan):
    figures = compute(FiscalPeriod(2569))
    stored = [s for s in figures.to_json()["sections"] if s["key"] == "action_plans"]
    assert stored and stored[0]["rows"][0][3] == "400,000.00"


def test_the_demo_plan_has_four_units_projects_and_a_published_6_month_report():
    run_setup()
    units = {u.code: u for u in Unit.objects.all()}
    ict = make_user("ict")
    today = timezone.localdate()
    demo = DemoContext(
        users={"ict": ict}, units=units, today=today, report=SetupReport()
    )
    demo_action_plan(demo)
    plan = ActionPlanPage.objects.live().get()
    projects = list(plan.projects.all())
    assert len(projects) == 4
    assert len({p.unit_id for p in projects}) == 4
    report = ProgressReportPage.objects.live().get()
    assert report.plan == plan and report.period == "h1"
    assert len(report.progress_rows.all()) == 4

    # Run again: nothing new.
    again = DemoContext(
        users={"ict": ict}, units=units, today=today, report=SetupReport()
    )
    demo_action_plan(again)
    assert again.report.kept == ["action plan"]
    assert ActionPlanPage.objects.count() == 1
    assert ProgressReportPage.objects.count() == 1
