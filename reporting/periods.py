"""Reporting periods as they travel in URLs: ``2569-q1``, ``2569-h1``, ``2569-y``."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from disclosure_thai.dates import BANGKOK, FiscalPeriod, fiscal_year

_PATTERN = re.compile(r"^(\d{4})-(?:(q)([1-4])|(h)([12])|(y))$")
_KINDS = {"q": "quarter", "h": "half", "y": "year"}


def period_key(period: FiscalPeriod) -> str:
    if period.kind == "year":
        return f"{period.fiscal_year}-y"
    return f"{period.fiscal_year}-{period.kind[0]}{period.number}"


def parse_period(text: str | None) -> FiscalPeriod | None:
    """The period a key names, or None for anything malformed or out of range."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        return None
    year = int(match.group(1))
    letter = match.group(2) or match.group(4) or match.group(6)
    number = int(match.group(3) or match.group(5) or 0)
    try:
        return FiscalPeriod(year, _KINDS[letter], number)
    except ValueError:
        return None


def _today() -> dt.date:
    return timezone.now().astimezone(BANGKOK).date()


def default_period() -> FiscalPeriod:
    """The quarter that ended last (the one to report on), or the first of the year."""
    today = _today()
    current = FiscalPeriod.containing(today)
    previous = FiscalPeriod.containing(current.start - dt.timedelta(days=1))
    return previous


def period_choices(years: int = 3) -> list[tuple[str, str]]:
    """Quarters, rounds and years of the current and previous fiscal years."""
    newest = fiscal_year(_today())
    choices = []
    for year in range(newest, newest - years, -1):
        periods = [FiscalPeriod.quarter(year, q) for q in (1, 2, 3, 4)]
        periods += [FiscalPeriod(year, "half", 1), FiscalPeriod(year, "half", 2)]
        periods.append(FiscalPeriod(year))
        choices += [(period_key(p), p.label) for p in periods]
    return choices
