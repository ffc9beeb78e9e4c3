"""The committee report as an XLSX workbook: summary, item list and narratives
(written by moderation.spreadsheets, the one writer of every report)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from moderation.spreadsheets import add_sheet, new_workbook, workbook_bytes
from moderation.thai_dates import format_thai_date


def committee_workbook(data: dict) -> bytes:
    """Three sheets (summary, items, narratives) of a report's data."""
    workbook = new_workbook()
    units = {u["id"]: u["name"] for u in data["units"]}
    categories = {
        c["id"]: f"{c['code']} {c['title']}".strip() for c in data["categories"]
    }
    add_sheet(
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
    add_sheet(
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
    add_sheet(
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
    return workbook_bytes(workbook)
