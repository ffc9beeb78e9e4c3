"""The spreadsheets the office downloads: XLSX only, written by one writer.

A CSV file has no way to say it is UTF-8, so Excel opens Thai as garbage (Wagtail's
CSV export has no byte-order mark): every report offers XLSX and nothing else. Dates
are written as dates (Bangkok time) that Excel shows with Thai months and Buddhist-era
years, so they still sort and filter; text a spreadsheet would run as a formula is
written as text. Reports in every app use this module (reporting's committee report
too), so there is one writer to fix.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise, cached_property
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# [$-107041E]: Western digits (01), the Thai Buddhist calendar (07), Thai month
# names (041E): 15 ม.ค. 2569 while the cell still holds a date.
DATE_FORMAT = "[$-107041E]d mmm yyyy"
DATETIME_FORMAT = "[$-107041E]d mmm yyyy h:mm"

_FORMULA_STARTS = ("=", "+", "-", "@")


def cell_value(value):
    """A value as a spreadsheet cell holds it.

    Numbers and dates stay numbers and dates (an aware datetime in the office's
    time zone, as the screens show it); lists become text; text that starts like a
    formula is written as text.
    """
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value, timezone.get_current_timezone())
        return value
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(force_str(v) for v in value)
    value = force_str(value)
    if value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


def _cell(sheet, value, alignment: Alignment | None = None):
    """The value itself, or a styled cell where it needs a format (plain values
    keep a sheet of thousands of rows fast)."""
    if alignment is None and not isinstance(value, dt.date | dt.time):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _width(value) -> int:
    if isinstance(value, dt.datetime):
        return 17
    if isinstance(value, dt.date):
        return 12
    return len(str(value or ""))


def add_sheet(
    workbook: Workbook,
    title: str | Promise,
    header: Sequence[str | Promise],
    rows: Iterable[Sequence],
    wrap: bool = False,
):
    """A write-only sheet: a bold header, then the rows (fast for thousands)."""
    # Excel refuses these in a sheet's name, and more than 31 characters.
    name = str(title).translate({ord(c): " " for c in "[]:*?/\\"})[:31]
    sheet = workbook.create_sheet(title=name)
    header = [force_str(heading) for heading in header]
    rows = [[cell_value(value) for value in row] for row in rows]
    for n, heading in enumerate(header):
        width = max([len(heading)] + [_width(r[n]) for r in rows[:2000]])
        sheet.column_dimensions[get_column_letter(n + 1)].width = min(60, width + 2)
    bold = Font(bold=True)
    cells = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    top = Alignment(wrap_text=True, vertical="top") if wrap else None
    for row in rows:
        sheet.append([_cell(sheet, value, top) for value in row])
    return sheet


def new_workbook() -> Workbook:
    """An empty workbook to add sheets to (write-only: small and fast)."""
    return Workbook(write_only=True)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of a workbook."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class XlsxExportMixin:
    """For a Wagtail report or listing view with ``list_export``: offer XLSX only
    and write it with :func:`add_sheet` (Thai text, dates as dates).

    Put it before the view class: ``class MyReport(XlsxExportMixin, ReportView)``.
    ``?export=csv`` is then not an export: the report's page is shown.
    """

    FORMATS = ("xlsx",)

    @cached_property
    def header_more_buttons(self):
        csv_url = self.csv_export_url
        return [
            button
            for button in super().header_more_buttons
            if getattr(button, "url", None) != csv_url
        ]

    def export_sheet_title(self) -> str:
        """The sheet's name: the report's title."""
        return force_str(getattr(self, "page_title", "") or "Sheet1")

    def write_xlsx(self, queryset, output):
        workbook = new_workbook()
        fields = list(self.list_export)
        rows = []
        for item in queryset:
            row = self.to_row_dict(item)
            rows.append([row[field] for field in fields])
        add_sheet(
            workbook,
            self.export_sheet_title(),
            [self.get_heading(queryset, field) for field in fields],
            rows,
        )
        workbook.save(output)
