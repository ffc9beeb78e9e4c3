"""The example site's action plan (``load_demo_data`` calls it through the
``disclosure_demo_data`` hook): idempotent, matched by unit and fiscal year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from disclosure_pages.models import DisclosureCategoryPage
from disclosure_thai.dates import fiscal_year

from .models import (
    ActionPlanPage,
    ActionPlanProject,
    ProgressPeriod,
    ProgressReportPage,
    ProgressRow,
    action_plan_category_code,
    period_end,
)

PLAN_UNIT = "policy"
PUBLISHER = "ict"
# name, unit code, budget, indicators, targets, spent at six months, result
PROJECTS = [
    (
        "โครงการพัฒนาคุณภาพการจัดการเรียนรู้ภาษาไทย",
        "supervision",
        "250000.00",
        "ร้อยละของโรงเรียนที่จัดกิจกรรมส่งเสริมการอ่าน",
        "โรงเรียนในสังกัดร้อยละ 80",
        "112500.00",
        "จัดอบรมครูแล้ว 2 รุ่น โรงเรียนเข้าร่วมร้อยละ 45",
    ),
    (
        "โครงการพัฒนาข้าราชการครูและบุคลากรทางการศึกษา",
        "development",
        "180000.00",
        "จำนวนครูที่ผ่านการพัฒนา",
        "ครู 300 คน",
        "95000.00",
        "พัฒนาครูแล้ว 160 คน",
    ),
    (
        "โครงการส่งเสริมการจัดการศึกษาปฐมวัย",
        "promotion",
        "120000.00",
        "ร้อยละของโรงเรียนที่ผ่านการประเมินมาตรฐานปฐมวัย",
        "ร้อยละ 90",
        "30000.00",
        "ประชุมชี้แจงโรงเรียนแล้ว อยู่ระหว่างการประเมิน",
    ),
    (
        "โครงการติดตามและประเมินผลแผนปฏิบัติการ",
        "policy",
        "50000.00",
        "จำนวนรายงานผลการดำเนินงานตามแผน",
        "รายงาน 2 ฉบับ (รอบ 6 และ 12 เดือน)",
        "20000.00",
        "จัดทำรายงานรอบ 6 เดือนแล้ว 1 ฉบับ",
    ),
]


def ensure_demo_plan(demo) -> None:
    """The current fiscal year's plan with four projects of four units and its
    6-month progress report, both published as if the chain had approved them."""
    unit = demo.units.get(PLAN_UNIT)
    publisher = demo.users.get(PUBLISHER)
    category = DisclosureCategoryPage.objects.filter(
        code=action_plan_category_code()
    ).first()
    units = [demo.units.get(code) for _n, code, *_rest in PROJECTS]
    if unit is None or publisher is None or category is None or None in units:
        return
    year = fiscal_year(demo.today)
    if ActionPlanPage.objects.filter(unit=unit, plan_fiscal_year=year).exists():
        demo.report.kept.append("action plan")
        return
    start = dt.date(year - 544, 10, 1)
    plan = ActionPlanPage(
        title=f"แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {year}",
        slug=f"action-plan-{year}",
        unit=unit,
        plan_fiscal_year=year,
        publication_date=min(demo.today, start + dt.timedelta(days=14)),
        live=False,
    )
    plan.projects = [
        ActionPlanProject(
            sort_order=n,
            name=name,
            unit=project_unit,
            budget=Decimal(budget),
            indicators=indicators,
            targets=targets,
        )
        for n, ((name, _c, budget, indicators, targets, *_r), project_unit) in (
            enumerate(zip(PROJECTS, units, strict=True))
        )
    ]
    category.add_child(instance=plan)
    plan.save_revision(user=publisher).publish(
        user=publisher, skip_permission_checks=True
    )
    demo.report.created.append(f"action plan {plan.slug}")

    projects = list(plan.projects.all())
    report = ProgressReportPage(
        title=f"รายงานผลการดำเนินงานตามแผนปฏิบัติการ รอบ 6 เดือน ปีงบประมาณ พ.ศ. {year}",
        slug=f"action-plan-{year}-progress-6-months",
        unit=unit,
        plan=plan,
        period=ProgressPeriod.H1,
        publication_date=min(
            demo.today, period_end(year, ProgressPeriod.H1) + dt.timedelta(days=15)
        ),
        live=False,
    )
    report.progress_rows = [
        ProgressRow(sort_order=n, project=project, result=result, spent=Decimal(spent))
        for n, (project, (*_f, spent, result)) in enumerate(
            zip(projects, PROJECTS, strict=True)
        )
    ]
    category.add_child(instance=report)
    report.save_revision(user=publisher).publish(
        user=publisher, skip_permission_checks=True
    )
    demo.report.created.append(f"action plan progress report {report.slug}")
