"""Building plans and progress reports for the tests, as the models store them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from action_plans.models import (
    ActionPlanPage,
    ActionPlanProject,
    ProgressReportPage,
    ProgressRow,
)
from tests.utils import category

YEAR = 2569


def make_plan(unit, projects, *, year=YEAR, publish=True, **kwargs) -> ActionPlanPage:
    """A plan of ``unit`` with ``projects``: (name, unit, budget, indicators, targets)."""
    kwargs.setdefault("title", f"แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {year} {unit.code}")
    kwargs.setdefault("slug", f"plan-{year}-{unit.code}")
    kwargs.setdefault("publication_date", dt.date(year - 543, 1, 15))
    plan = ActionPlanPage(unit=unit, plan_fiscal_year=year, **kwargs)
    plan.projects = [
        ActionPlanProject(
            sort_order=n,
            name=name,
            unit=project_unit,
            budget=Decimal(budget),
            indicators=indicators,
            targets=targets,
        )
        for n, (name, project_unit, budget, indicators, targets) in enumerate(projects)
    ]
    category("1.6").add_child(instance=plan)
    revision = plan.save_revision()
    if publish:
        revision.publish()
    return ActionPlanPage.objects.get(pk=plan.pk)


def make_report(
    plan, period, spending, *, publish=True, **kwargs
) -> ProgressReportPage:
    """A report on ``plan`` for ``period``: ``spending`` maps project name to
    (spent, result)."""
    kwargs.setdefault("title", f"รายงานผลการดำเนินงาน {period} {plan.slug}")
    kwargs.setdefault("slug", f"{plan.slug}-{period}")
    kwargs.setdefault("publication_date", plan.publication_date)
    report = ProgressReportPage(
        unit=plan.unit, plan=plan, period=period, live=False, **kwargs
    )
    projects = {p.name: p for p in plan.projects.all()}
    report.progress_rows = [
        ProgressRow(
            sort_order=n, project=projects[name], spent=Decimal(spent), result=result
        )
        for n, (name, (spent, result)) in enumerate(spending.items())
    ]
    category("1.6").add_child(instance=report)
    revision = report.save_revision()
    if publish:
        revision.publish()
    return ProgressReportPage.objects.get(pk=report.pk)
