"""The committee report's table of withdrawals: how many items and galleries were
withdrawn in the period and why (measure §4). The record lives in moderation
(``moderation.models.Withdrawal``); a withdrawn page is unpublished, so the
period's counts (reporting.figures) already leave it out."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext, ngettext

from disclosure_thai.dates import FiscalPeriod, format_thai_date
from moderation.models import Withdrawal, WithdrawalReason

from .counted import counted_content_type_ids
from .sections import ReportSection


def withdrawals_in(period: FiscalPeriod):
    """Withdrawals of items and galleries carried out in the period, oldest first."""
    start, end = period.bounds()
    return (
        Withdrawal.objects.filter(
            withdrawn_at__gte=start,
            withdrawn_at__lt=end,
            page__content_type_id__in=counted_content_type_ids(),
        )
        .select_related("page", "unit")
        .order_by("withdrawn_at", "pk")
    )


def withdrawal_section(period: FiscalPeriod) -> ReportSection | None:
    """One row per withdrawal; the note counts them by reason. Its texts are
    made in the language in force: the report's sections are collected in Thai.
    None when nothing was withdrawn: the report then has no such table."""
    records = list(withdrawals_in(period))
    if not records:
        return None
    by_reason = Counter(record.reason for record in records)
    expired = sum(1 for record in records if record.expired)
    rows = []
    for record in records:
        reason = str(record.get_reason_display())
        if record.expired:
            reason = gettext("%(reason)s (its publication period ended)") % {
                "reason": reason
            }
        rows.append(
            [
                record.page.title,
                record.unit.name_th if record.unit else "",
                reason,
                format_thai_date(record.withdrawn_at),
                record.explanation,
            ]
        )
    counts = [
        ngettext("%(reason)s: %(count)d item", "%(reason)s: %(count)d items", n)
        % {"reason": label, "count": n}
        for value, label in WithdrawalReason.choices
        if (n := by_reason.get(value, 0))
    ]
    note = gettext("Withdrawn in the period: %(count)d (%(reasons)s).") % {
        "count": len(records),
        "reasons": ", ".join(counts),
    }
    if expired:
        note += " " + gettext("%(count)d of them by their expiry date.") % {
            "count": expired
        }
    return ReportSection(
        key="withdrawals",
        title=gettext("Withdrawals from publication"),
        columns=[
            gettext("Title"),
            gettext("Unit"),
            gettext("Reason for withdrawal"),
            gettext("Withdrawn on"),
            gettext("Explanation"),
        ],
        rows=rows,
        total=[gettext("Total: %(count)d") % {"count": len(records)}, "", "", "", ""],
        note=note,
        order=20,
    )
