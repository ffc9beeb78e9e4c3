"""A plan's progress: per project the budget, the money spent to date, the share of
the budget spent, the target and the result, as the latest report gives them.

The one place these figures are made: the plan's page, the report's page, the
admin's warnings and the committee report all read them here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from disclosure_thai.dates import BANGKOK
from reporting.charts import (
    BAR_HEIGHT,
    BAR_SPACE,
    GAP,
    LABEL_CHARS,
    LABEL_HEIGHT,
    Bar,
    BarChart,
)

ZERO = Decimal("0")
TENTH = Decimal("0.1")


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal; None without a whole."""
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


@dataclass
class ProjectProgress:
    """One project of the plan with its row of a report (None: not reported)."""

    project: object  # ActionPlanProject
    row: object | None = None  # ProgressRow

    @property
    def budget(self) -> Decimal:
        return self.project.budget or ZERO

    @property
    def spent(self) -> Decimal | None:
        return None if self.row is None else self.row.spent

    @property
    def result(self) -> str:
        return "" if self.row is None else self.row.result

    @property
    def percent(self) -> Decimal | None:
        return percent(self.spent, self.budget)

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)

    @property
    def over_budget(self) -> bool:
        """Spent more than the budget: allowed (a transfer, a supplementary budget),
        but shown as a warning wherever the figures are."""
        return self.spent is not None and self.spent > self.budget


@dataclass
class PlanProgress:
    """The plan's projects as one report (the latest, usually) gives them."""

    plan: object  # ActionPlanPage
    report: object | None  # ProgressReportPage
    projects: list[ProjectProgress]
    # Rows whose project is no longer in the plan.
    orphans: list = field(default_factory=list)

    @property
    def total_budget(self) -> Decimal:
        return sum((p.budget for p in self.projects), ZERO)

    @property
    def total_spent(self) -> Decimal:
        return sum((p.spent or ZERO for p in self.projects), ZERO)

    @property
    def total_percent(self) -> Decimal | None:
        return percent(self.total_spent, self.total_budget)

    @property
    def total_percent_text(self) -> str:
        return percent_text(self.total_percent)

    @property
    def over_budget(self) -> list[ProjectProgress]:
        return [p for p in self.projects if p.over_budget]


def plan_progress(plan, report=None) -> PlanProgress:
    """The plan's projects with the rows of ``report`` (None: no report yet)."""
    projects = list(plan.projects.select_related("unit"))
    rows = list(report.progress_rows.all()) if report is not None else []
    by_project = {row.project_id: row for row in rows if row.project_id}
    known = {p.pk for p in projects}
    return PlanProgress(
        plan=plan,
        report=report,
        projects=[ProjectProgress(p, by_project.get(p.pk)) for p in projects],
        orphans=[row for row in rows if row.project_id not in known],
    )


def public_reports(plan, *, published_by: dt.date | None = None) -> list:
    """The plan's live, public progress reports, earliest round first; with
    ``published_by``, only those first published by the end of that day."""
    reports = plan.progress_reports.live().public()
    if published_by is not None:
        end = dt.datetime.combine(
            published_by + dt.timedelta(days=1), dt.time(), tzinfo=BANGKOK
        )
        reports = reports.filter(first_published_at__lt=end)
    return sorted(reports, key=lambda report: (report.months, report.pk))


def progress_chart(progress: PlanProgress, chart_id: str) -> BarChart:
    """The share of each project's budget spent, as horizontal bars on one scale
    (a full bar is 100%, a bar past the budget stops there and says how far it
    went), drawn as inline SVG by ``action_plans/includes/chart.html``."""
    bars = []
    for n, item in enumerate(progress.projects):
        value = item.percent or ZERO
        label = item.project.name
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 2] + "…"
        bars.append(
            Bar(
                label=short,
                value=f"{item.percent_text}%",
                y=GAP + n * (LABEL_HEIGHT + BAR_HEIGHT + GAP),
                width=round(BAR_SPACE * min(value, Decimal(100)) / 100),
                full_label=label,
            )
        )
    return BarChart(
        chart_id=chart_id,
        title=_("Share of each project's budget spent (%)"),
        bars=bars,
    )
