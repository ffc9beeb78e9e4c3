"""Reporting's workbooks: a report names its sheets, and :func:`write_workbook`
writes them with moderation.spreadsheets, the one writer of every report (XLSX
only: CSV garbles Thai in Excel). The committee report's sheets are its summary,
item list and narratives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from moderation.spreadsheets import add_sheet, new_workbook, workbook_bytes

from .report_figures import CommitteeFigures


@dataclass
class Sheet:
    """One sheet of a workbook: its name, column headings and rows."""

    title: str
    header: Sequence[str]
    rows: list[Sequence]
    wrap: bool = False


def write_workbook(sheets: list[Sheet]) -> bytes:
    """The .xlsx file of some sheets."""
    workbook = new_workbook()
    for sheet in sheets:
        add_sheet(workbook, sheet.title, sheet.header, sheet.rows, wrap=sheet.wrap)
    return workbook_bytes(workbook)


def committee_sheets(data: CommitteeFigures) -> list[Sheet]:
    """The sheets of a report's figures: summary, items, narratives, then one per
    section other apps add."""
    totals = data.totals
    categories = data.categories_by_id
    summary = Sheet(
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
    items = Sheet(
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
                # A date cell (shown in B.E. by its format), so Excel sorts it.
                item.published_at,
            ]
            for n, item in enumerate(data.items, start=1)
        ],
    )
    narratives = Sheet(
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
    # One sheet per section other apps add (reporting.sections).
    extra = [
        Sheet(section.title, section.columns, section.sheet_rows)
        for section in data.sections
    ]
    return [summary, items, narratives, *extra]
