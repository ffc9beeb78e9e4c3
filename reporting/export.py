"""The committee report as an XLSX workbook: summary, item list and narratives."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from moderation.thai_dates import format_thai_date


def _safe(value):
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _sheet(workbook, title: str, header: list[str], rows: list[list]):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    return sheet


def committee_workbook(data: dict) -> bytes:
    """Three sheets (summary, items, narratives) of a report's data."""
    workbook = Workbook()
    workbook.remove(workbook.active)
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
                    _parse_datetime(item["first_published_at"]), "short_datetime"
                ),
            ]
            for n, item in enumerate(data["items"], start=1)
        ],
    )
    sheet = _sheet(
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
    )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parse_datetime(text: str):
    import datetime as dt

    return dt.datetime.fromisoformat(text)
