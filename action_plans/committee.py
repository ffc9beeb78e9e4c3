"""The action plans' section of the quarterly committee report (measure §4): the
plans of the period's fiscal year, each with the latest progress report published
by the end of the period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.sections import ReportSection

from .models import ActionPlanPage
from .money import format_baht
from .progress import plan_progress, public_reports


def committee_section(period) -> ReportSection | None:
    """One row per live, public plan of ``period.fiscal_year``; None without one.

    The progress is what was public at the end of the period, so a report frozen
    for the second quarter keeps the 6-month round even after the year's report."""
    plans = (
        ActionPlanPage.objects.live()
        .public()
        .filter(plan_fiscal_year=period.fiscal_year)
        .select_related("unit")
        .order_by("unit__sort_order", "pk")
    )
    rows, links = [], []
    for plan in plans:
        reports = public_reports(plan, published_by=period.end)
        report = reports[-1] if reports else None
        progress = plan_progress(plan, report)
        rows.append(
            [
                plan.title,
                plan.unit.name_th,
                len(progress.projects),
                format_baht(progress.total_budget),
                report.period_label if report else _("no progress report yet"),
                format_baht(progress.total_spent) if report else "",
                progress.total_percent_text if report else "",
            ]
        )
        links.append(plan.get_full_url() or "")
    if not rows:
        return None
    return ReportSection(
        key="action_plans",
        title=_("Annual action plans and their progress"),
        columns=[
            _("Action plan"),
            _("Unit"),
            _("Projects"),
            _("Budget, baht"),
            _("Latest progress report"),
            _("Spent to date, baht"),
            _("Share of the budget spent"),
        ],
        rows=rows,
        links=links,
        caption=_(
            "The fiscal year's plans with the progress public by the period's end"
        ),
        note=_(
            "Spent to date and the share spent are those of the latest progress "
            "report published by the end of the period."
        ),
        order=30,
    )
