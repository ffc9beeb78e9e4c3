"""Wagtail hooks of the action plans: the warning when a project has spent more than
its budget, the demo plan, and the plans' section of the committee report."""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks

from .committee import committee_section
from .demo import ensure_demo_plan
from .models import ProgressReportPage
from .progress import plan_progress


def warn_over_budget(request, page) -> None:
    """Spending past the budget is saved (a transfer or a supplementary budget may
    explain it) but the person is warned, naming the projects."""
    page = page.specific
    if not isinstance(page, ProgressReportPage) or page.plan is None:
        return
    over = plan_progress(page.plan, page).over_budget
    if over:
        messages.warning(
            request,
            _(
                "Spent more than the budget: %(projects)s. Check the amounts; if "
                "they are right, say why in the report's attachment."
            )
            % {"projects": ", ".join(item.project.name for item in over)},
        )


@hooks.register("after_create_page")
def warn_over_budget_after_create(request, page):
    warn_over_budget(request, page)


@hooks.register("after_edit_page")
def warn_over_budget_after_edit(request, page):
    warn_over_budget(request, page)


@hooks.register("disclosure_demo_data")
def demo_action_plan(demo):
    """The current fiscal year's plan of policy and planning, with four projects of
    four units and its 6-month progress report, both published."""
    ensure_demo_plan(demo)


@hooks.register("disclosure_committee_sections")
def action_plans_section(period):
    return committee_section(period)
