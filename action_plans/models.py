"""The annual action plan (แผนปฏิบัติการประจำปี, category 1.6) and its progress reports.

``ActionPlanPage`` is a disclosure item (it extends ``DisclosureItemPage``): it
belongs to one unit (the one that keeps the plan, usually policy and planning),
goes through the approval chain, is counted, fed, searched and evaluated as every
item is. Its projects are rows of the page, each owned by a unit of the office,
with a budget in Decimal baht.

``ProgressReportPage`` is a page of its own in the same category, linked to the
plan (see its docstring for why it is not a child of the plan).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from disclosure_pages.models import FISCAL_YEAR_VALIDATORS, DisclosureItemPage
from disclosure_thai.dates import fiscal_year_bounds, format_thai_date
from moderation.change_notes import ChangeNotePanel

from .forms import ActionPlanForm, ProgressReportForm
from .money import BahtField, format_baht
from .progress import plan_progress, progress_chart, public_reports


def action_plan_category_code() -> str:
    return getattr(settings, "DISCLOSURE_ACTION_PLAN_CATEGORY", "1.6")


def _is_action_plan_category(parent) -> bool:
    return getattr(parent.specific, "code", None) == action_plan_category_code()


class ProgressPeriod(models.TextChoices):
    """The rounds a progress report covers, from the start of the fiscal year: the
    6- and 12-month rounds always, the first and third quarters where the office
    wants them."""

    Q1 = "q1", _("first quarter (3 months)")
    H1 = "h1", _("6-month round")
    Q3 = "q3", _("third quarter (9 months)")
    FY = "fy", _("12-month round")


# Months since 1 October that each round covers: the order of the rounds.
PERIOD_MONTHS = {
    ProgressPeriod.Q1: 3,
    ProgressPeriod.H1: 6,
    ProgressPeriod.Q3: 9,
    ProgressPeriod.FY: 12,
}


def period_end(fiscal_year_be: int, period: str) -> dt.date:
    """The last day a round covers, e.g. 31 March for the 6-month round."""
    start, _end = fiscal_year_bounds(fiscal_year_be)
    months = PERIOD_MONTHS[ProgressPeriod(period)]
    month_index = start.month - 1 + months  # the month after the round
    year = start.year + month_index // 12
    return dt.date(year, month_index % 12 + 1, 1) - dt.timedelta(days=1)


class ActionPlanPage(DisclosureItemPage):
    """A fiscal year's action plan (แผนปฏิบัติการประจำปี) with its projects."""

    base_form_class = ActionPlanForm

    plan_fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=FISCAL_YEAR_VALIDATORS
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        MultiFieldPanel(
            [FieldPanel("plan_fiscal_year"), FieldPanel("publication_date")],
            heading=_("Fiscal year"),
        ),
        InlinePanel("projects", heading=_("Projects"), label=_("project")),
        FieldPanel("body", heading=_("Attachments (the signed plan)")),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("annual action plan")
        verbose_name_plural = _("annual action plans")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and _is_action_plan_category(parent)

    def can_move_to(self, parent):
        return super().can_move_to(parent) and _is_action_plan_category(parent)

    def __str__(self) -> str:
        return self.title

    def same_year(self):
        """Other plans of this unit for this fiscal year (one is allowed)."""
        return ActionPlanPage.objects.filter(
            unit_id=self.unit_id, plan_fiscal_year=self.plan_fiscal_year
        ).exclude(pk=self.pk)

    def clean(self):
        super().clean()
        if self.unit_id and self.plan_fiscal_year:
            other = self.same_year().first()
            if other is not None:
                raise ValidationError(
                    {
                        "plan_fiscal_year": _(
                            "This unit already has an action plan for this fiscal "
                            "year: “%(title)s”. Edit that one instead."
                        )
                        % {"title": other.title}
                    }
                )

    def save(self, *args, **kwargs):
        # The plan's fiscal year is the item's (category filters, reports).
        self.fiscal_year_override = self.plan_fiscal_year
        self.summary = self.summary_text()
        return super().save(*args, **kwargs)

    def project_list(self) -> list[ActionPlanProject]:
        return list(self.projects.all())

    def total_budget(self, projects=None) -> Decimal:
        projects = self.project_list() if projects is None else projects
        return sum((p.budget or Decimal("0") for p in projects), Decimal("0"))

    def summary_text(self) -> str:
        """The line the category page and the feeds show under the title."""
        projects = self.project_list()
        return str(
            _("%(count)s projects, total budget %(budget)s baht.")
            % {
                "count": len(projects),
                "budget": format_baht(self.total_budget(projects)),
            }
        )

    def extra_search_text(self):
        texts = list(super().extra_search_text())
        for project in self.project_list():
            texts.extend([project.name, project.indicators, project.targets])
        return [t for t in texts if t]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A new plan shown in preview has no reports (nor an id to look them up by).
        reports = public_reports(self) if self.pk else []
        progress = plan_progress(self, reports[-1] if reports else None)
        context.update(
            {
                "progress": progress,
                "reports": reports,
                "chart": progress_chart(progress, "plan-chart"),
            }
        )
        return context


class ActionPlanProject(Orderable):
    """A project of the plan (โครงการ): owned by a unit, with its budget, indicators
    and targets."""

    plan = ParentalKey(
        ActionPlanPage, on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("project name"), max_length=255)
    unit = models.ForeignKey(
        "disclosure_moderation.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget = BahtField(_("budget, baht"))
    indicators = models.TextField(
        _("indicators"), blank=True, help_text=_("One indicator per line.")
    )
    targets = models.TextField(
        _("targets"), blank=True, help_text=_("One target per line.")
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("budget")]),
        FieldPanel("indicators"),
        FieldPanel("targets"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class ProgressReportPage(DisclosureItemPage):
    """A progress report on a plan for one round (รายงานผลการดำเนินงานตามแผน รอบ 6
    เดือน, ...): per project, the result against the target and the money spent.

    It is a page of its own in the plan's category, linked to the plan, rather
    than a child page of the plan: category 1.6 is "the plan and the monitoring of
    its results", and the 6- and 12-month reports are publications the office and
    its assessors look for on their own. As a direct item of the category the report
    is listed and counted there, appears in the category's feed, gets its own
    evaluation and its own request memo, exactly as every item does; a child page
    would be invisible to the category's listing and figures, which read the
    category's children only. The link (``plan``) is checked on every save: the
    plan is the report's unit's and every row names a project of that plan.
    """

    base_form_class = ProgressReportForm

    plan = models.ForeignKey(
        ActionPlanPage,
        verbose_name=_("action plan"),
        null=True,
        blank=False,
        # A removed plan leaves its reports readable, saying so.
        on_delete=models.SET_NULL,
        related_name="progress_reports",
    )
    period = models.CharField(_("round"), max_length=2, choices=ProgressPeriod.choices)

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("plan"), FieldPanel("period")]),
                FieldPanel("publication_date"),
            ],
            heading=_("Plan and round"),
        ),
        InlinePanel(
            "progress_rows", heading=_("Progress per project"), label=_("project")
        ),
        FieldPanel("body", heading=_("Attachments (the signed report)")),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("action plan progress report")
        verbose_name_plural = _("action plan progress reports")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and _is_action_plan_category(parent)

    def can_move_to(self, parent):
        return super().can_move_to(parent) and _is_action_plan_category(parent)

    @property
    def months(self) -> int:
        return PERIOD_MONTHS.get(self.period, 0)

    @property
    def period_end(self) -> dt.date | None:
        if not (self.plan and self.period):
            return None
        return period_end(self.plan.plan_fiscal_year, self.period)

    @property
    def period_label(self) -> str:
        """e.g. รอบ 6 เดือน (1 ต.ค. 2568 – 31 มี.ค. 2569)."""
        if not (self.plan and self.period):
            return self.get_period_display() if self.period else ""
        start, _end = fiscal_year_bounds(self.plan.plan_fiscal_year)
        first = format_thai_date(start, "short")
        last = format_thai_date(self.period_end, "short")
        return f"{self.get_period_display()} ({first} – {last})"

    def same_period(self):
        """Other reports on this plan for this round (one is allowed)."""
        return ProgressReportPage.objects.filter(
            plan_id=self.plan_id, period=self.period
        ).exclude(pk=self.pk)

    def clean(self):
        super().clean()
        if self.plan_id is None:
            return
        errors = {}
        plan = self.plan
        if self.unit_id and plan.unit_id != self.unit_id:
            errors["plan"] = _(
                "A progress report is made by the unit that keeps the plan (%(unit)s)."
            ) % {"unit": plan.unit.name_th}
        if self.period:
            other = self.same_period().first()
            if other is not None:
                errors["period"] = _(
                    "This plan already has a progress report for this round: "
                    "“%(title)s”. Edit that one instead."
                ) % {"title": other.title}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.plan_id:
            self.fiscal_year_override = self.plan.plan_fiscal_year
        self.summary = self.summary_text()
        return super().save(*args, **kwargs)

    def row_list(self) -> list[ProgressRow]:
        return list(self.progress_rows.all())

    def summary_text(self) -> str:
        if not self.plan_id:
            return ""
        progress = plan_progress(self.plan, self)
        return str(
            _(
                "%(period)s: %(spent)s of %(budget)s baht spent on %(count)s "
                "projects (%(percent)s%%)."
            )
            % {
                "period": self.get_period_display(),
                "spent": format_baht(progress.total_spent),
                "budget": format_baht(progress.total_budget),
                "count": len(progress.projects),
                "percent": progress.total_percent_text,
            }
        )

    def extra_search_text(self):
        texts = list(super().extra_search_text())
        if self.plan_id:
            texts.append(self.plan.title)
        for row in self.row_list():
            texts.append(row.result)
            if row.project_id:
                texts.append(row.project.name)
        return [t for t in texts if t]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        progress = plan_progress(self.plan, self) if self.plan_id else None
        context.update(
            {
                "progress": progress,
                "chart": progress_chart(progress, "report-chart") if progress else None,
            }
        )
        return context


class ProgressRow(Orderable):
    """One project's progress in a report: the result against its target and the
    money spent on it from the start of the fiscal year to the end of the round."""

    report = ParentalKey(
        ProgressReportPage, on_delete=models.CASCADE, related_name="progress_rows"
    )
    project = models.ForeignKey(
        ActionPlanProject,
        verbose_name=_("project"),
        null=True,
        blank=False,
        # The plan's form refuses to remove a reported project; should one go
        # anyway, the report keeps its row, saying the project was removed.
        on_delete=models.SET_NULL,
        related_name="progress_rows",
    )
    result = models.TextField(
        _("result against the target"),
        help_text=_("What was achieved, measured by the project's indicators."),
    )
    spent = BahtField(
        _("spent to date, baht"),
        help_text=_("Money spent from 1 October to the end of the round."),
    )

    panels = [FieldPanel("project"), FieldPanel("result"), FieldPanel("spent")]

    class Meta(Orderable.Meta):
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
