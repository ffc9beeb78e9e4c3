"""A month's procurement summary as the office files it: an XLSX workbook (through
moderation's one spreadsheet writer) and an A4 PDF printed by Chromium from the
same print page a browser prints when the server has no Chromium."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from disclosure_thai.dates import format_thai_date
from moderation.pdf import PdfUnavailable, html_to_pdf, static_file_uri
from moderation.spreadsheets import (
    XLSX_CONTENT_TYPE,
    add_sheet,
    new_workbook,
    workbook_bytes,
)

from .values import format_baht

logger = logging.getLogger(__name__)

PRINT_CSS = (
    "disclosure_moderation/css/fonts.css",
    "structured_disclosures/css/procurement_print.css",
)


def column_headings() -> list[str]:
    """The form's columns (แบบ สขร.๑), in the active language."""
    return [
        pgettext("procurement column", "No."),
        _("Work procured"),
        _("Budget (reference price), baht"),
        _("Procurement method"),
        _("Bidders and their prices"),
        _("Selected bidder and agreed price"),
        _("Reason for the selection, in brief"),
        _("Contract or agreement number and date"),
    ]


def export_rows(page) -> list[list]:
    rows = []
    for row in page.rows():
        bids = "\n".join(
            f"{name} {format_baht(price)}" if price is not None else name
            for name, price in row.bids_for_display()
        )
        contract = " ".join(
            part
            for part in (
                row.contract_number,
                format_thai_date(row.contract_date, "short")
                if row.contract_date
                else "",
            )
            if part
        )
        rows.append(
            [
                row.number,
                row.work,
                row.budget,
                row.method.name,
                bids,
                f"{row.winner_name} {format_baht(row.winner_price)}",
                row.reason,
                contract,
            ]
        )
    return rows


def filename(page, extension: str) -> str:
    unit = page.unit.code if page.unit_id else "unit"
    return (
        f"procurement-{unit}-{page.summary_fiscal_year}-{page.summary_month:02d}"
        f".{extension}"
    )


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xlsx_response(page) -> HttpResponse:
    with translation.override("th"):
        rows = export_rows(page)
        if page.no_procurement or not rows:
            rows = [["", _("No procurement this month."), "", "", "", "", "", ""]]
        else:
            totals = page.totals()
            rows.append(["", _("Total"), totals["budget"], "", "", "", "", ""])
        workbook = new_workbook()
        add_sheet(
            workbook,
            _("Procurement %(month)s") % {"month": page.month_label},
            column_headings(),
            rows,
            wrap=True,
        )
    return _attachment(
        workbook_bytes(workbook), XLSX_CONTENT_TYPE, filename(page, "xlsx")
    )


def print_html(page, request, *, for_pdf: bool) -> str:
    with translation.override("th"):
        rows = page.rows()
        return render_to_string(
            "structured_disclosures/procurement_summary_print.html",
            {
                "page": page,
                "rows": rows,
                "totals": page.totals(rows),
                "for_pdf": for_pdf,
                "stylesheets": [
                    static_file_uri(path) if for_pdf else static(path)
                    for path in PRINT_CSS
                ],
            },
            request=request,
        )


def pdf_response(page, request, *, printable_only: bool = False) -> HttpResponse:
    """The A4 PDF; without Chromium, the print page (the browser saves it as PDF)."""
    if not printable_only:
        try:
            pdf = html_to_pdf(print_html(page, request, for_pdf=True))
        except PdfUnavailable:
            logger.warning("procurement summary %s: no PDF", page.pk, exc_info=True)
        else:
            return _attachment(pdf, "application/pdf", filename(page, "pdf"))
    return HttpResponse(print_html(page, request, for_pdf=False))
