"""The committee report as an XLSX workbook: summary, item list and narratives
(written by moderation.spreadsheets, the one writer of every report)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from moderation.spreadsheets import add_sheet, new_workbook, workbook_bytes
from moderation.thai_dates import format_thai_date

from .report_figures import CommitteeFigures


def committee_workbook(data: CommitteeFigures) -> bytes:
    """Three sheets (summary, items, narratives) of a report's figures."""
    workbook = new_workbook()
    totals = data.totals
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
                u.name,
                u.published,
                u.updated,
                u.galleries,
                u.approved,
                u.sent_back,
                u.median_days,
                u.views,
                u.downloads,
                u.feedback,
                u.useful_pct,
                u.mean_score,
            ]
            for u in data.units
        ]
        + [
            [
                _("Total"),
                totals.published,
                totals.updated,
                totals.galleries,
                totals.approved,
                totals.sent_back,
                totals.median_days,
                totals.views,
                totals.downloads,
                totals.feedback,
                totals.useful_pct,
                None,
            ]
        ],
    )
    categories = data.categories_by_id
    add_sheet(
        workbook,
        _("Items"),
        ["#", _("Title"), _("Unit"), _("Category"), _("First published")],
        [
            [
                n,
                item.title,
                data.unit_names.get(item.unit_id, ""),
                categories[item.category_id].label
                if item.category_id in categories
                else "",
                format_thai_date(item.published_at, "short_datetime"),
            ]
            for n, item in enumerate(data.items, start=1)
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
            [n.unit, n.status_label, n.outcomes, n.problems, n.suggestions]
            for n in data.narratives
        ],
        wrap=True,
    )
    return workbook_bytes(workbook)
