"""The monthly procurement summary (แบบ สขร.๑) as a page type of its own.

``ProcurementSummaryPage`` is a disclosure item (it extends ``DisclosureItemPage``):
it belongs to one unit, goes through the approval chain, is counted, fed, searched
and evaluated as every item is, and is listed on its category page. It lives only
under the procurement category (``DISCLOSURE_PROCUREMENT_CATEGORY``, 1.9) and holds
one month of one unit: its rows are the form's columns, money in Decimal baht.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from disclosure_pages.models import FISCAL_YEAR_VALIDATORS, DisclosureItemPage
from disclosure_thai.dates import format_thai_date

from .exports import pdf_response, xlsx_response
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

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("method")]),
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
