"""The §2.1 minimum set: does every minimum-required category hold a current item?

For each live category flagged ``minimum_required`` and each of its responsible units
(or the category as a whole when it names none), the newest live, public item tells
the status: *current* when it was published within the category's
``update_interval_days`` (any item is current when no interval is set), *stale* when
older, *none* when there is no item. Four queries, whatever the number of items.

Shown as a dashboard panel and as an admin report (registered in wagtail_hooks).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import multigetattr
from wagtail.models import Page

from disclosure_thai.dates import format_thai_date, local_date
from moderation.spreadsheets import XlsxExportMixin

from .models import DisclosureCategoryPage, DisclosureItemPage

CURRENT = "current"
STALE = "stale"
NONE = "none"
STATUS_LABELS = {
    CURRENT: _("up to date"),
    STALE: _("stale"),
    NONE: _("missing"),
}


def _status(newest: dt.datetime | None, interval_days: int | None, now) -> str:
    if newest is None:
        return NONE
    if interval_days is None or newest >= now - dt.timedelta(days=interval_days):
        return CURRENT
    return STALE


def minimum_set_rows(now: dt.datetime | None = None) -> list[dict]:
    """One row per (minimum-required category, responsible unit), in category order."""
    now = now or timezone.now()
    categories = list(
        DisclosureCategoryPage.objects.live()
        .filter(minimum_required=True)
        .prefetch_related("responsible_units")
        .order_by("path")
    )
    if not categories:
        return []
    parent_path = Substr("path", 1, Length("path") - Page.steplen)
    newest = {}
    for r in (
        DisclosureItemPage.objects.live()
        .public()
        .annotate(parent_path=parent_path)
        .filter(parent_path__in=[c.path for c in categories])
        .order_by()
        .values("parent_path", "unit_id")
        .annotate(newest=Max("last_published_at"))
    ):
        newest[(r["parent_path"], r["unit_id"])] = r["newest"]

    rows = []
    for category in categories:
        units = list(category.responsible_units.all())
        if units:
            pairs = [(unit, newest.get((category.path, unit.pk))) for unit in units]
        else:
            dates = [d for (path, _u), d in newest.items() if path == category.path]
            pairs = [(None, max(dates) if dates else None)]
        for unit, last in pairs:
            status = _status(last, category.update_interval_days, now)
            rows.append(
                {
                    "category": category,
                    "code": category.code,
                    "category_title": category.title,
                    "unit": unit,
                    "unit_name": unit.display_name if unit else "",
                    "newest": last,
                    "interval_days": category.update_interval_days,
                    "status": status,
                    "status_label": STATUS_LABELS[status],
                }
            )
    return rows


def summary(rows: list[dict]) -> dict[str, int]:
    counts = {CURRENT: 0, STALE: 0, NONE: 0}
    for row in rows:
        counts[row["status"]] += 1
    return counts


class MinimumSetPanel(Component):
    """Dashboard panel: how many minimum-set categories are current, stale or empty,
    and which ones need an item."""

    name = "disclosure_minimum_set"
    template_name = "disclosure_pages/admin/minimum_set_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        rows = minimum_set_rows()
        return {
            "counts": summary(rows),
            "attention": [row for row in rows if row["status"] != CURRENT],
            "total": len(rows),
        }


class MinimumSetReportView(XlsxExportMixin, ReportView):
    """Report: every minimum-required category per responsible unit, with status."""

    page_title = _("Minimum required information (§2.1)")
    header_icon = "list-ul"
    index_url_name = "disclosure_pages_minimum_set"
    index_results_url_name = "disclosure_pages_minimum_set_results"
    results_template_name = "disclosure_pages/admin/minimum_set_results.html"
    paginate_by = None
    list_export = [
        "code",
        "category_title",
        "unit_name",
        "newest_date",
        "interval_days",
        "status_text",
    ]
    export_headings = {
        "code": _("Code"),
        "category_title": _("Category"),
        "unit_name": _("Responsible unit"),
        "newest_date": _("Newest item"),
        "interval_days": _("Expected update interval (days)"),
        "status_text": _("Status"),
    }

    def get_filename(self):
        return "minimum-set"

    def get_queryset(self):
        rows = minimum_set_rows()
        for row in rows:
            row["newest_text"] = format_thai_date(row["newest"], "short")
            # The workbook gets a date cell (B.E. by its format), so Excel sorts it.
            row["newest_date"] = local_date(row["newest"]) if row["newest"] else None
            row["status_text"] = str(row["status_label"])
        return rows

    def to_row_dict(self, item):
        return {field: multigetattr(item, field) for field in self.list_export}
