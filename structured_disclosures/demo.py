"""Demo records of the procurement plan: the finance unit's plan of the current
fiscal year (three lines) with an invitation and a winner's announcement of its
largest work, all published as if the approval chain had approved them."""

from __future__ import annotations

from decimal import Decimal

from disclosure_pages.models import DisclosureCategoryPage
from disclosure_thai.dates import fiscal_year

from .models import (
    ProcurementAnnouncementPage,
    ProcurementMethod,
    ProcurementPlanLine,
    ProcurementPlanPage,
    ProcurementSummaryPage,
    procurement_category_code,
)

PUBLISHER = "ict"
PLAN_LINES = [
    # work, budget, method name, expected month
    ("จัดซื้อวัสดุสำนักงาน (กระดาษ หมึกพิมพ์)", "150000.00", "วิธีเฉพาะเจาะจง", 11),
    ("จ้างซ่อมเครื่องปรับอากาศ ห้องประชุม", "60000.00", "วิธีเฉพาะเจาะจง", 12),
    (
        "จ้างปรับปรุงอาคารสำนักงาน",
        "1500000.00",
        "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
        1,
    ),
]


def _publish(page, user) -> None:
    revision = page.save_revision(user=user)
    # Demo content stands for pages the chain already approved.
    revision.publish(user=user, skip_permission_checks=True)


def ensure_procurement_plan(demo) -> None:
    """The plan, its announcements, and last month's summary rows linked to it."""
    unit = demo.units.get("finance")
    category = DisclosureCategoryPage.objects.filter(
        code=procurement_category_code()
    ).first()
    publisher = demo.users.get(PUBLISHER)
    if unit is None or category is None:
        return
    year = fiscal_year(demo.today)
    plan = ProcurementPlanPage.objects.filter(unit=unit, plan_fiscal_year=year).first()
    if plan is not None:
        demo.report.kept.append("procurement plan")
        return
    methods = {m.name: m for m in ProcurementMethod.objects.all()}
    fallback = next(iter(methods.values()))
    plan = ProcurementPlanPage(
        title=f"แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {year} – {unit.name_th}",
        slug=f"procurement-plan-{year}-{unit.code}",
        unit=unit,
        plan_fiscal_year=year,
        live=False,
    )
    plan.plan_lines = [
        ProcurementPlanLine(
            sort_order=n,
            work=work,
            budget=Decimal(budget),
            method=methods.get(method, fallback),
            expected_month=month,
        )
        for n, (work, budget, method, month) in enumerate(PLAN_LINES)
    ]
    category.add_child(instance=plan)
    _publish(plan, publisher)
    demo.report.created.append(f"procurement plan {plan.slug}")

    lines = list(plan.plan_lines.all())
    building = lines[-1]
    for kind, title in (
        (
            ProcurementAnnouncementPage.INVITATION,
            "ประกาศเชิญชวน ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน "
            "ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
        ),
        (
            ProcurementAnnouncementPage.WINNER,
            "ประกาศผู้ชนะการเสนอราคา ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน",
        ),
    ):
        announcement = ProcurementAnnouncementPage(
            title=title,
            slug=f"procurement-{kind}-{year}-{unit.code}",
            unit=unit,
            announcement_kind=kind,
            plan_line=building,
            summary=(
                "บริษัท ก่อสร้างดี จำกัด เป็นผู้ชนะการเสนอราคา ราคา 1,450,000.00 บาท"
                if kind == ProcurementAnnouncementPage.WINNER
                else "กำหนดยื่นข้อเสนอผ่านระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)"
            ),
            live=False,
        )
        category.add_child(instance=announcement)
        _publish(announcement, publisher)
        demo.report.created.append(f"procurement announcement {announcement.slug}")

    _link_summary_rows(unit, year, lines, publisher)


def _link_summary_rows(unit, year, lines, publisher) -> None:
    """Rows of this year's published summaries that carry out a plan line (the
    same work) name it."""
    by_work = {line.work: line for line in lines}
    for summary in ProcurementSummaryPage.objects.live().filter(
        unit=unit, summary_fiscal_year=year
    ):
        draft = summary.get_latest_revision_as_object()
        changed = False
        for row in draft.procurement_rows.all():
            line = by_work.get(row.work)
            if line is not None and row.plan_line_id is None:
                row.plan_line = line
                changed = True
        if changed:
            _publish(draft, publisher)
