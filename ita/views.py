"""The public ITA page: each fiscal year's indicators with links to their evidence."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .catalogue import current_fiscal_year
from .evidence import IndicatorRow, indicator_links, indicator_rows
from .models import ItaYear


def current_public_year() -> ItaYear | None:
    """The year the public is sent to: the current fiscal year once it is
    published, else the newest public year before it, else the newest at all."""
    years = list(ItaYear.objects.public().only("fiscal_year", "status"))
    if not years:
        return None
    now = current_fiscal_year()
    return next((y for y in years if y.fiscal_year <= now), years[0])


def public_year(fiscal_year: int) -> ItaYear:
    return get_object_or_404(ItaYear.objects.public(), fiscal_year=fiscal_year)


def ita_index(request):
    """``/ita/``: the current year's page."""
    year = current_public_year()
    if year is None:
        raise Http404(_("No ITA year has been published yet."))
    return redirect("ita_year", fiscal_year=year.fiscal_year)


def year_page(request, fiscal_year: int):
    """``/ita/<year>/``: every indicator in order, with its public links."""
    year = public_year(fiscal_year)
    rows = indicator_rows(year, request=request)
    return render(
        request,
        "ita/year_page.html",
        {
            "year": year,
            "rows": rows,
            "years": list(ItaYear.objects.public().only("fiscal_year", "status")),
            "last_updated": _newest_change(year, rows),
        },
    )


def indicator_page(request, fiscal_year: int, code: str):
    """``/ita/<year>/<code>/``: one indicator, the address to paste into the
    assessment system."""
    year = public_year(fiscal_year)
    indicator = (
        year.indicators.filter(code__iexact=code)
        .select_related("rule_category")
        .prefetch_related("evidence__document__collection")
        .first()
    )
    if indicator is None:
        raise Http404(_("There is no such indicator in this year."))
    if indicator.code != code:
        return redirect("ita_indicator", fiscal_year=fiscal_year, code=indicator.code)
    links = indicator_links(year, request=request, indicators=[indicator])
    row = IndicatorRow(indicator, links.get(indicator.pk, []))
    return render(
        request,
        "ita/indicator_page.html",
        {"year": year, "row": row, "last_updated": _newest_change(year, [row])},
    )


def _newest_change(year: ItaYear, rows: list[IndicatorRow]):
    """As current as the newest evidence shown, or the catalogue's own change."""
    dates = [link.date for row in rows for link in row.links if link.date]
    return max(dates) if dates else year.updated_at
