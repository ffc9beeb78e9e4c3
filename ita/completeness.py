"""Does every indicator of a year have the evidence the assessment asks for?

An indicator is judged on its public links (``ita.evidence``: what the assessor can
open), by how recent its ``freshness`` says they must be:

- *none* or *newest*: any link will do;
- *fiscal_year*: a link dated in the indicator's fiscal year;
- *quarterly*: a link dated in the quarter that ended last or the current one (for
  a year that is over, in its fourth quarter);
- *monthly*: one link for each month of the fiscal year that has ended (a monthly
  procurement summary, say), published in that month or the next. Each link counts
  for one month only, so a summary published in November for October does not also
  stand for November.

A link without a date counts only where any link will do. The state is *complete*,
*missing* (no public link at all) or *stale* (links, but not recent enough), and the
report shows it per indicator and owning unit, with the days left to the year's
deadline. One resolution of the year's links, whatever the number of indicators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from disclosure_thai.dates import (
    FiscalPeriod,
    fiscal_year,
    fiscal_year_bounds,
    format_thai_date,
)
from moderation.models import Unit

from .evidence import EvidenceLink, indicator_links, year_indicators
from .models import ItaFreshness, ItaIndicator, ItaYear, ItaYearStatus

COMPLETE = "complete"
MISSING = "missing"
STALE = "stale"
STATUS_LABELS = {
    COMPLETE: _("Complete"),
    MISSING: _("Missing evidence"),
    STALE: _("Evidence not recent enough"),
}
STATUS_ORDER = {MISSING: 0, STALE: 1, COMPLETE: 2}


@dataclass
class Judgement:
    """An indicator's state and why, in words a unit can act on."""

    status: str
    reason: str = ""
    owed: list[str] = field(default_factory=list)

    @property
    def label(self):
        return STATUS_LABELS[self.status]


@dataclass
class IndicatorCompleteness:
    """An indicator, its public links and its state."""

    indicator: ItaIndicator
    links: list[EvidenceLink]
    judgement: Judgement
    units: list[Unit]

    @property
    def status(self) -> str:
        return self.judgement.status

    @property
    def newest(self) -> dt.date | None:
        dates = [link.date for link in self.links if link.date]
        return max(dates) if dates else None


@dataclass
class CompletenessRow:
    """One line of the report: an indicator and one of its owning units (or none)."""

    item: IndicatorCompleteness
    unit: Unit | None
    own: bool = False

    @property
    def indicator(self) -> ItaIndicator:
        return self.item.indicator

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def judgement(self) -> Judgement:
        return self.item.judgement

    @property
    def unit_name(self) -> str:
        return self.unit.display_name if self.unit else ""


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from ``start``'s to ``end``'s."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def months_due(fiscal_year_be: int, today: dt.date) -> list[dt.date]:
    """The months of the fiscal year that have ended by ``today`` (first days)."""
    start, end = fiscal_year_bounds(fiscal_year_be)
    return [m for m in _months(start, end) if _next_month(m) <= today]


def quarter_window(fiscal_year_be: int, today: dt.date) -> FiscalPeriod:
    """The first quarter whose evidence still counts: the one before today's (so
    the last one ended and the current one count), or the fourth of a year that is
    over."""
    _start, end = fiscal_year_bounds(fiscal_year_be)
    if today > end:
        return FiscalPeriod.quarter(fiscal_year_be, 4)
    current = FiscalPeriod.containing(today)
    if current.number > 1:
        return FiscalPeriod.quarter(current.fiscal_year, current.number - 1)
    return FiscalPeriod.quarter(current.fiscal_year - 1, 4)


def _month_text(month: dt.date) -> str:
    return format_thai_date(month, "month")


def judge(
    freshness: str, fiscal_year_be: int, links: list[EvidenceLink], today: dt.date
) -> Judgement:
    """The state of an indicator with these public links on ``today``."""
    if not links:
        return Judgement(MISSING, str(_("No public evidence is linked.")))
    dates = sorted(link.date for link in links if link.date)
    if freshness in (ItaFreshness.NONE, ItaFreshness.NEWEST, "", None):
        return Judgement(COMPLETE)
    if freshness == ItaFreshness.FISCAL_YEAR:
        if any(fiscal_year(d) == fiscal_year_be for d in dates):
            return Judgement(COMPLETE)
        return Judgement(
            STALE,
            str(_("No evidence dated in fiscal year B.E. %(year)s."))
            % {"year": fiscal_year_be},
        )
    if freshness == ItaFreshness.QUARTERLY:
        window = quarter_window(fiscal_year_be, today)
        if any(window.start <= d <= today for d in dates):
            return Judgement(COMPLETE)
        return Judgement(
            STALE,
            str(_("No evidence dated since the start of %(period)s."))
            % {"period": window.label},
            owed=[window.label],
        )
    if freshness == ItaFreshness.MONTHLY:
        owed = []
        unused = list(dates)
        # Each due month takes the earliest unused link of that month or the next:
        # months in order, so no link stands for two months.
        for month in months_due(fiscal_year_be, today):
            after = _next_month(_next_month(month))
            match = next((d for d in unused if month <= d < after), None)
            if match is None:
                owed.append(_month_text(month))
            else:
                unused.remove(match)
        if not owed:
            return Judgement(COMPLETE)
        reason = ngettext(
            "No evidence for %(count)d month that has ended: %(months)s.",
            "No evidence for %(count)d months that have ended: %(months)s.",
            len(owed),
        ) % {"count": len(owed), "months": ", ".join(owed)}
        return Judgement(STALE, reason, owed=owed)
    return Judgement(COMPLETE)


def today_in_bangkok() -> dt.date:
    return timezone.localdate()


def current_year(today: dt.date | None = None) -> ItaYear | None:
    """The year the office is working on: the one of today's fiscal year, else the
    newest that is not closed."""
    today = today or today_in_bangkok()
    found = ItaYear.objects.filter(fiscal_year=fiscal_year(today)).first()
    if found is not None:
        return found
    return (
        ItaYear.objects.exclude(status=ItaYearStatus.CLOSED)
        .order_by("-fiscal_year")
        .first()
    )


def days_left(year: ItaYear, today: dt.date | None = None) -> int | None:
    """Days from today to the year's deadline (negative once it has passed)."""
    if year.deadline is None:
        return None
    return (year.deadline - (today or today_in_bangkok())).days


def year_completeness(
    year: ItaYear, today: dt.date | None = None
) -> list[IndicatorCompleteness]:
    """Every indicator of the year, in order, with its links and its state."""
    today = today or today_in_bangkok()
    indicators = year_indicators(year)
    # The owning units of every indicator in one query.
    through = ItaIndicator.units.through
    unit_ids: dict[int, list[int]] = {}
    for indicator_id, unit_id in through.objects.filter(
        itaindicator__year=year
    ).values_list("itaindicator_id", "unit_id"):
        unit_ids.setdefault(indicator_id, []).append(unit_id)
    units = Unit.objects.in_bulk({u for ids in unit_ids.values() for u in ids})
    links = indicator_links(year, indicators=indicators)
    result = []
    for indicator in indicators:
        found = links.get(indicator.pk, [])
        owning = sorted(
            (units[u] for u in unit_ids.get(indicator.pk, ()) if u in units),
            key=lambda u: (u.sort_order, u.name_th),
        )
        result.append(
            IndicatorCompleteness(
                indicator,
                found,
                judge(indicator.freshness, year.fiscal_year, found, today),
                owning,
            )
        )
    return result


def report_rows(
    items: list[IndicatorCompleteness],
    *,
    own_unit_ids: frozenset[int] | set[int] = frozenset(),
    unit_id: int | None = None,
    status: str | None = None,
) -> list[CompletenessRow]:
    """One row per indicator and owning unit (one row for an indicator without a
    unit), filtered by unit and state; the rows of ``own_unit_ids`` come first, each
    part in the year's order."""
    rows = []
    for item in items:
        for unit in item.units or [None]:
            if unit_id is not None and (unit is None or unit.pk != unit_id):
                continue
            if status and item.status != status:
                continue
            rows.append(
                CompletenessRow(
                    item, unit, own=unit is not None and unit.pk in own_unit_ids
                )
            )
    # A stable sort: the year's order (and the units' order) is kept inside each part.
    rows.sort(key=lambda row: not row.own)
    return rows


def summary(items: list[IndicatorCompleteness]) -> dict[str, int]:
    """How many indicators are in each state."""
    counts = {COMPLETE: 0, MISSING: 0, STALE: 0}
    for item in items:
        counts[item.status] += 1
    return counts
