"""The procurement pages (category 1.9): the monthly summary (แบบ สขร.๑), the
annual procurement plan and its announcements, each a page type of its own.

``ProcurementSummaryPage`` is a disclosure item (it extends ``DisclosureItemPage``):
it belongs to one unit, goes through the approval chain, is counted, fed, searched
and evaluated as every item is, and is listed on its category page. It lives only
under the procurement category (``DISCLOSURE_PROCUREMENT_CATEGORY``, 1.9) and holds
one month of one unit: its rows are the form's columns, money in Decimal baht.

``ProcurementPlanPage`` is a unit's annual procurement plan (แผนการจัดซื้อจัดจ้าง
ประจำปี), its lines the works it expects to buy or hire; an announcement
(``ProcurementAnnouncementPage``: ประกาศเชิญชวน, ประกาศผู้ชนะการเสนอราคา) names the
plan line it carries out, and so may a row of a monthly summary.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from disclosure_pages.models import FISCAL_YEAR_VALIDATORS, DisclosureItemPage
from disclosure_thai.dates import format_thai_date
from moderation.change_notes import ChangeNotePanel

from .exports import pdf_response, xlsx_response
from .forms import ProcurementAnnouncementForm, ProcurementSummaryForm
from .values import (
    FISCAL_MONTHS,
    THAI_MONTHS,
    ValueProblem,
    calendar_month,
    format_baht,
    parse_bids,
)

MONTH_CHOICES = [(n, name) for n, name in enumerate(THAI_MONTHS, start=1)]
MONEY_VALIDATORS = [MinValueValidator(Decimal("0"))]


def procurement_category_code() -> str:
    return getattr(settings, "DISCLOSURE_PROCUREMENT_CATEGORY", "1.9")


class ProcurementMethod(models.Model):
    """A way of buying or hiring (วิธีซื้อหรือจ้าง): the office edits the list."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    aliases = models.TextField(
        _("other spellings"),
        blank=True,
        help_text=_(
            "Other ways the office's spreadsheets write this method, one per line "
            "(e.g. e-bidding); the import recognises them."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("aliases"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("procurement method")
        verbose_name_plural = _("procurement methods")

    def __str__(self) -> str:
        return self.name

    def spellings(self) -> list[str]:
        return [self.name, *(line.strip() for line in self.aliases.splitlines())]


class ProcurementSummaryPage(DisclosureItemPage):
    """One unit's procurement of one month (สรุปผลการจัดซื้อจัดจ้าง แบบ สขร.๑)."""

    base_form_class = ProcurementSummaryForm

    summary_fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=FISCAL_YEAR_VALIDATORS
    )
    summary_month = models.PositiveSmallIntegerField(
        _("month"),
        choices=MONTH_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    no_procurement = models.BooleanField(
        _("no procurement this month"),
        default=False,
        help_text=_(
            "Tick when the unit bought or hired nothing this month: the month is "
            "still published, saying so."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("summary_fiscal_year"), FieldPanel("summary_month")]
                ),
                FieldPanel("no_procurement"),
                FieldPanel("publication_date"),
            ],
            heading=_("Month"),
        ),
        InlinePanel("procurement_rows", heading=_("Procurement"), label=_("row")),
        FieldPanel("body", heading=_("Attachments (signed form)")),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []
    template = "structured_disclosures/procurement_summary_page.html"

    class Meta:
        verbose_name = _("monthly procurement summary")
        verbose_name_plural = _("monthly procurement summaries")

    # --- where it may stand ------------------------------------------------------

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and _is_procurement_category(parent)

    def can_move_to(self, parent):
        return super().can_move_to(parent) and _is_procurement_category(parent)

    # --- the month -----------------------------------------------------------------

    @property
    def month_start(self) -> dt.date | None:
        if not (self.summary_fiscal_year and self.summary_month):
            return None
        year, month = calendar_month(self.summary_fiscal_year, self.summary_month)
        return dt.date(year, month, 1)

    @property
    def month_label(self) -> str:
        """e.g. ตุลาคม 2568 (the calendar month, B.E.)."""
        start = self.month_start
        return format_thai_date(start, "month") if start else ""

    def same_month(self):
        """Other summaries of this unit and month (one is allowed)."""
        return ProcurementSummaryPage.objects.filter(
            unit_id=self.unit_id,
            summary_fiscal_year=self.summary_fiscal_year,
            summary_month=self.summary_month,
        ).exclude(pk=self.pk)

    def clean(self):
        super().clean()
        if self.unit_id and self.summary_fiscal_year and self.summary_month:
            other = self.same_month().first()
            if other is not None:
                raise ValidationError(
                    {
                        "summary_month": _(
                            "This unit already has a procurement summary for this "
                            "month: “%(title)s”. Edit that one instead."
                        )
                        % {"title": other.title}
                    }
                )

    def save(self, *args, **kwargs):
        # The summary's fiscal year is the item's (category filters, reports).
        self.fiscal_year_override = self.summary_fiscal_year
        self.summary = self.summary_text()
        return super().save(*args, **kwargs)

    # --- figures ---------------------------------------------------------------------

    def rows(self) -> list[ProcurementRow]:
        return list(self.procurement_rows.all())

    def totals(self, rows=None) -> dict[str, Decimal]:
        rows = self.rows() if rows is None else rows
        return {
            "count": len(rows),
            "budget": sum((r.budget or Decimal("0") for r in rows), Decimal("0")),
            "winner_price": sum(
                (r.winner_price or Decimal("0") for r in rows), Decimal("0")
            ),
        }

    def summary_text(self) -> str:
        """The line the category page and the feeds show under the title."""
        rows = self.rows()
        if self.no_procurement or not rows:
            return str(_("No procurement this month."))
        totals = self.totals(rows)
        return str(
            _("%(count)s procurements, total budget %(budget)s baht.")
            % {"count": totals["count"], "budget": format_baht(totals["budget"])}
        )

    def extra_search_text(self):
        texts = list(super().extra_search_text())
        for row in self.rows():
            texts.extend(
                [
                    row.work,
                    row.winner_name,
                    row.bidders,
                    row.reason,
                    row.contract_number,
                    row.method.name if row.method_id else "",
                ]
            )
        return [t for t in texts if t]

    def fiscal_year_months(self, request=None) -> list[dict]:
        """The twelve months of the fiscal year (October first) for this unit:
        the live, public summary of each, or None."""
        published = {
            page.summary_month: page
            for page in ProcurementSummaryPage.objects.live()
            .public()
            .filter(unit_id=self.unit_id, summary_fiscal_year=self.summary_fiscal_year)
            .only("pk", "url_path", "title", "summary_month", "no_procurement")
        }
        months = []
        for month in FISCAL_MONTHS:
            year, _m = calendar_month(self.summary_fiscal_year, month)
            months.append(
                {
                    "month": month,
                    "start": dt.date(year, month, 1),
                    "page": published.get(month),
                    "current": month == self.summary_month,
                }
            )
        return months

    # --- serving: the page, its workbook and its A4 document ---------------------

    def serve(self, request, *args, **kwargs):
        wanted = request.GET.get("format")
        if wanted == "xlsx":
            return xlsx_response(self)
        if wanted in ("pdf", "print"):
            return pdf_response(self, request, printable_only=wanted == "print")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rows = self.rows()
        context.update(
            {
                "rows": rows,
                "totals": self.totals(rows),
                "months": self.fiscal_year_months(request),
            }
        )
        return context


def _is_procurement_category(parent) -> bool:
    return getattr(parent.specific, "code", None) == procurement_category_code()


class ProcurementRow(Orderable):
    """One procurement of the month: a row of the form."""

    page = ParentalKey(
        ProcurementSummaryPage,
        on_delete=models.CASCADE,
        related_name="procurement_rows",
    )
    number = models.PositiveIntegerField(_("no."))
    work = models.TextField(_("work procured"))
    budget = models.DecimalField(
        _("budget (reference price), baht"),
        max_digits=14,
        decimal_places=2,
        validators=MONEY_VALIDATORS,
    )
    method = models.ForeignKey(
        ProcurementMethod,
        verbose_name=_("procurement method"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    bidders = models.TextField(
        _("bidders and their prices"),
        blank=True,
        help_text=_("One bidder per line, the price at the end: ร้าน ก 12,500.00"),
    )
    winner_name = models.CharField(_("selected bidder"), max_length=255)
    winner_price = models.DecimalField(
        _("agreed price, baht"),
        max_digits=14,
        decimal_places=2,
        validators=MONEY_VALIDATORS,
    )
    reason = models.TextField(_("reason for the selection, in brief"), blank=True)
    contract_number = models.CharField(
        _("contract or agreement number"), max_length=120, blank=True
    )
    contract_date = models.DateField(
        _("contract or agreement date"), null=True, blank=True
    )
    plan_line = models.ForeignKey(
        "ProcurementPlanLine",
        verbose_name=_("line of the procurement plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summary_rows",
        help_text=_(
            "The line of the unit's published annual plan this row carries out."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("method")]),
        FieldPanel("plan_line"),
        FieldPanel("work"),
        FieldPanel("budget"),
        FieldPanel("bidders"),
        FieldRowPanel([FieldPanel("winner_name"), FieldPanel("winner_price")]),
        FieldPanel("reason"),
        FieldRowPanel([FieldPanel("contract_number"), FieldPanel("contract_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("procurement row")
        verbose_name_plural = _("procurement rows")

    def clean(self):
        super().clean()
        try:
            self.bid_list()
        except ValueProblem as problem:
            raise ValidationError(
                {
                    "bidders": _(
                        "“%(line)s” has no price: write the price at the end of the "
                        "line, e.g. ร้าน ก 12,500.00"
                    )
                    % {"line": str(problem)}
                }
            ) from problem

    def bid_list(self) -> list[tuple[str, Decimal]]:
        return parse_bids(self.bidders)

    def bids_for_display(self) -> list[tuple[str, Decimal | None]]:
        """The bids, each with its price; a line that cannot be read shows as typed."""
        try:
            return self.bid_list()
        except ValueProblem:
            return [(line, None) for line in self.bidders.splitlines() if line.strip()]


class ProcurementImport(models.Model):
    """A workbook read and shown for preview, waiting for the person to confirm.

    The token in the preview's address is random and bound to the person; it is
    taken once (``used_at``), so a second click saves nothing.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "disclosure_moderation.Unit", on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    file_name = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("procurement import")

    def __str__(self) -> str:
        return self.file_name


# --- The annual procurement plan and its announcements ------------------------------


class ProcurementPlanPage(DisclosureItemPage):
    """One unit's procurement plan of one fiscal year (แผนการจัดซื้อจัดจ้างประจำปี):
    its lines are the works it expects to buy or hire, with budget and month."""

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
        InlinePanel(
            "plan_lines",
            heading=_("Plan lines"),
            label=pgettext_lazy("procurement plan", "line"),
        ),
        FieldPanel("body", heading=_("Attachments (signed plan)")),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []
    template = "structured_disclosures/procurement_plan_page.html"

    class Meta:
        verbose_name = _("annual procurement plan")
        verbose_name_plural = _("annual procurement plans")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and _is_procurement_category(parent)

    def can_move_to(self, parent):
        return super().can_move_to(parent) and _is_procurement_category(parent)

    def clean(self):
        super().clean()
        if self.unit_id and self.plan_fiscal_year:
            other = (
                ProcurementPlanPage.objects.filter(
                    unit_id=self.unit_id, plan_fiscal_year=self.plan_fiscal_year
                )
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "plan_fiscal_year": _(
                            "This unit already has a procurement plan for this fiscal "
                            "year: “%(title)s”. Edit that one instead."
                        )
                        % {"title": other.title}
                    }
                )

    def save(self, *args, **kwargs):
        self.fiscal_year_override = self.plan_fiscal_year
        self.summary = self.summary_text()
        return super().save(*args, **kwargs)

    def lines(self) -> list[ProcurementPlanLine]:
        return list(self.plan_lines.all())

    def total_budget(self, lines=None) -> Decimal:
        lines = self.lines() if lines is None else lines
        return sum((line.budget or Decimal("0") for line in lines), Decimal("0"))

    def summary_text(self) -> str:
        lines = self.lines()
        return str(
            _("%(count)s planned procurements, total budget %(budget)s baht.")
            % {"count": len(lines), "budget": format_baht(self.total_budget(lines))}
        )

    def extra_search_text(self):
        texts = list(super().extra_search_text())
        for line in self.lines():
            texts.extend([line.work, line.method.name if line.method_id else ""])
        return [t for t in texts if t]

    def lines_with_outcomes(self, lines) -> list[dict]:
        """Each line with its public announcements and the public summary rows
        that name it."""
        ids = [line.pk for line in lines if line.pk]
        announcements: dict[int, list] = {}
        for page in (
            ProcurementAnnouncementPage.objects.live()
            .public()
            .filter(plan_line_id__in=ids)
            .order_by("publication_date", "pk")
        ):
            announcements.setdefault(page.plan_line_id, []).append(page)
        summary_rows: dict[int, list] = {}
        public_summaries = ProcurementSummaryPage.objects.live().public()
        for row in (
            ProcurementRow.objects.filter(
                plan_line_id__in=ids, page__in=public_summaries
            )
            .select_related("page")
            .order_by("page__summary_month", "sort_order")
        ):
            summary_rows.setdefault(row.plan_line_id, []).append(row)
        return [
            {
                "line": line,
                "announcements": announcements.get(line.pk, []),
                "summary_rows": summary_rows.get(line.pk, []),
            }
            for line in lines
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lines = list(self.plan_lines.all().select_related("method"))
        context.update(
            {
                "lines": self.lines_with_outcomes(lines),
                "total_budget": self.total_budget(lines),
            }
        )
        return context


class ProcurementPlanLine(Orderable):
    """One work of the plan: what, its budget, how and in which month."""

    page = ParentalKey(
        ProcurementPlanPage, on_delete=models.CASCADE, related_name="plan_lines"
    )
    work = models.TextField(_("work procured"))
    budget = models.DecimalField(
        _("budget, baht"),
        max_digits=14,
        decimal_places=2,
        validators=MONEY_VALIDATORS,
    )
    method = models.ForeignKey(
        ProcurementMethod,
        verbose_name=_("procurement method"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_month = models.PositiveSmallIntegerField(
        _("expected month"),
        choices=MONTH_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    panels = [
        FieldPanel("work"),
        FieldRowPanel(
            [FieldPanel("budget"), FieldPanel("method"), FieldPanel("expected_month")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("line of the procurement plan")
        verbose_name_plural = _("lines of the procurement plan")

    def __str__(self) -> str:
        return f"{self.work} – {self.page.title}"

    def of_unit_plan(self, unit_id, *, published: bool = True) -> bool:
        """Whether this is a line of ``unit_id``'s plan (as published now)."""
        plans = ProcurementPlanPage.objects.filter(pk=self.page_id, unit_id=unit_id)
        return (plans.live() if published else plans).exists()

    @property
    def expected_start(self) -> dt.date | None:
        fiscal = getattr(self.page, "plan_fiscal_year", None)
        if not (fiscal and self.expected_month):
            return None
        year, month = calendar_month(fiscal, self.expected_month)
        return dt.date(year, month, 1)


class ProcurementAnnouncementPage(DisclosureItemPage):
    """An announcement of a planned procurement: the invitation to bid
    (ประกาศเชิญชวน) or the winner (ประกาศผู้ชนะการเสนอราคา), naming its plan line."""

    INVITATION = "invitation"
    WINNER = "winner"
    KIND_CHOICES = [
        (INVITATION, _("invitation to bid")),
        (WINNER, _("announcement of the winning bid")),
    ]

    base_form_class = ProcurementAnnouncementForm

    announcement_kind = models.CharField(
        _("kind of announcement"), max_length=20, choices=KIND_CHOICES
    )
    plan_line = models.ForeignKey(
        ProcurementPlanLine,
        verbose_name=_("line of the procurement plan"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
        help_text=_("The line of the unit's published annual plan it announces."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        MultiFieldPanel(
            [
                FieldPanel("announcement_kind"),
                FieldPanel("plan_line"),
                FieldPanel("publication_date"),
            ],
            heading=pgettext_lazy("procurement announcement", "Announcement"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []
    template = "structured_disclosures/procurement_announcement_page.html"

    class Meta:
        verbose_name = _("procurement announcement")
        verbose_name_plural = _("procurement announcements")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and _is_procurement_category(parent)

    def can_move_to(self, parent):
        return super().can_move_to(parent) and _is_procurement_category(parent)

    def clean(self):
        super().clean()
        line = self.plan_line if self.plan_line_id else None
        if (
            line is not None
            and self.unit_id
            # Whether the plan is still published is the form's check: a plan
            # withdrawn while this waits for approval must not break publishing.
            and not line.of_unit_plan(self.unit_id, published=False)
        ):
            raise ValidationError(
                {
                    "plan_line": _(
                        "“%(line)s” is not a line of this unit's published "
                        "procurement plan."
                    )
                    % {"line": line.work}
                }
            )

    def extra_search_text(self):
        texts = list(super().extra_search_text())
        if self.plan_line_id and self.plan_line is not None:
            texts.append(self.plan_line.work)
        return [t for t in texts if t]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        line = self.plan_line if self.plan_line_id else None
        plan = line.page if line is not None else None
        context.update(
            {
                "plan_line": line,
                # Linked only while the plan itself is public.
                "plan": plan
                if plan is not None
                and ProcurementPlanPage.objects.live()
                .public()
                .filter(pk=plan.pk)
                .exists()
                else None,
            }
        )
        return context
