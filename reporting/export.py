"""The committee report as an XLSX workbook: summary, item list and narratives."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from moderation.thai_dates import format_thai_date


def _safe(value):
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _sheet(workbook, title: str, header: list[str], rows: list[list], wrap=False):
    """A write-only sheet: a bold header, then the rows (fast for thousands of rows)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title[:31])
    rows = [[_safe(value) for value in row] for row in rows]
    for n, heading in enumerate(header):
        width = max([len(str(heading))] + [len(str(r[n] or "")) for r in rows[:2000]])
        sheet.column_dimensions[get_column_letter(n + 1)].width = min(60, width + 2)
    bold = Font(bold=True)
    cells = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    top = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        if wrap:
            wrapped = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.alignment = top
                wrapped.append(cell)
            sheet.append(wrapped)
        else:
            sheet.append(row)
    return sheet


def committee_workbook(data: dict) -> bytes:
    """Three sheets (summary, items, narratives) of a report's data."""
    workbook = Workbook(write_only=True)
    units = {u["id"]: u["name"] for u in data["units"]}
    categories = {
        c["id"]: f"{c['code']} {c['title']}".strip() for c in data["categories"]
    }
    _sheet(
        workbook,
        _("Summary"),
        [
            _("Unit"),
            _("Items published"),
            _("Items updated"),
            _("Galleries published"),
            _("Requests approved"),
            _("Requests sent back"),
            _("Median days to publication"),
            _("Views"),
            _("Downloads"),
            _("Answers"),
            _("Useful (%)"),
            _("Mean score"),
        ],
        [
            [
                u["name"],
                u["published"],
                u["updated"],
                u["galleries"],
                u["approved"],
                u["sent_back"],
                u["median_days"],
                u["views"],
                u["downloads"],
                u["feedback"],
                u["useful_pct"],
                u["mean_score"],
            ]
            for u in data["units"]
        ]
        + [
            [
                _("Total"),
                data["totals"]["published"],
                data["totals"]["updated"],
                data["totals"]["galleries"],
                data["totals"]["approved"],
                data["totals"]["sent_back"],
                data["totals"]["median_days"],
                data["totals"]["views"],
                data["totals"]["downloads"],
                data["totals"]["feedback"],
                data["totals"]["useful_pct"],
                None,
            ]
        ],
    )
    _sheet(
        workbook,
        _("Items"),
        ["#", _("Title"), _("Unit"), _("Category"), _("First published")],
        [
            [
                n,
                item["title"],
                units.get(item["unit_id"], ""),
                categories.get(item["category_id"], ""),
                format_thai_date(
                    dt.datetime.fromisoformat(item["first_published_at"]),
                    "short_datetime",
                ),
            ]
            for n, item in enumerate(data["items"], start=1)
        ],
    )
    _sheet(
        workbook,
        _("Narratives"),
        [
            _("Unit"),
            _("Status"),
            _("Outcomes, awareness or benefits"),
            _("Problems and obstacles"),
            _("Suggestions"),
        ],
        [
            [
                n["unit"],
                n["status_label"] if "status_label" in n else n["status"],
                n["outcomes"],
                n["problems"],
                n["suggestions"],
            ]
            for n in data["narratives"]
        ],
        wrap=True,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
