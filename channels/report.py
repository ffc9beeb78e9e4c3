"""The committee report's section on the other channels: items posted per channel
per unit in the period, from the channel log (current postings only)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.sections import ReportSection

from .queue import counts_per_unit


def committee_section(period) -> ReportSection | None:
    """The table of the period, or None when nothing was posted in it (the
    report then says nothing of other channels rather than a table of zeros)."""
    start, end = period.bounds()
    channels, rows = counts_per_unit(start, end)
    if not any(cells for _unit, cells in rows):
        return None
    table = []
    totals = [0] * len(channels)
    for unit, cells in rows:
        values = [cells.get(channel.pk, 0) for channel in channels]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        name = str(unit) if unit is not None else _("No unit")
        table.append([name, *values])
    return ReportSection(
        key="channels",
        title=_("Publication through other channels"),
        columns=[_("Unit"), *[channel.name for channel in channels]],
        rows=table,
        caption=_("Items posted per channel and unit in the period"),
        note=_(
            "From public relations' channel log: an item counts once per channel, "
            "a corrected posting through its correction, a removed posting not at all."
        ),
        total=[_("Total"), *totals],
        order=20,
    )
