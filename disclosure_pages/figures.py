"""A category's figures, counted once and kept until its items change.

The category page offers the fiscal years its items fall in, says when its newest
item was published and how many items a listing holds; the disclosure index shows
each category's count and date. Counting them reads every public item of the
category, so the cost grew with the category (10,000 items: most of the page's
time). They are counted here in one grouped query — public items per unit and fiscal
year, with the newest publication of each group — and kept in the cache every process
shares (the page cache's alias: the database, or Redis when ``REDIS_URL`` is set)
under the category's id. ``disclosure_pages.signal_handlers`` deletes them when an item
of the category is published, unpublished, moved or deleted, or a view restriction
changes, so a listing never shows figures older than its items.

This module reads no model: ``disclosure_pages.models`` counts, this keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

KEY = "disclosure_pages:category_figures:v2:{}"
# A purge that was missed (a change written past the ORM's signals) is forgotten
# after a day at most.
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class CategoryFigures:
    """Public items of one category: counts per (unit id, fiscal year), newest date."""

    # ((unit_id, fiscal_year or None), count, newest last_published_at or None)
    groups: tuple[tuple[tuple[int, int | None], int, dt.datetime | None], ...] = ()
    # (publication date's ordinal, count), newest first: where a page of the
    # unfiltered listing starts and ends (date_window).
    days: tuple[tuple[int, int], ...] = ()

    @property
    def total(self) -> int:
        return sum(count for _, count, _ in self.groups)

    @property
    def newest(self) -> dt.datetime | None:
        dates = [newest for _, _, newest in self.groups if newest]
        return max(dates) if dates else None

    @property
    def years(self) -> list[int]:
        """The fiscal years the items fall in, newest first."""
        return sorted({year for (_, year), _, _ in self.groups if year}, reverse=True)

    def per_year(self) -> dict[int | None, int]:
        counts: dict[int | None, int] = {}
        for (_, year), count, _ in self.groups:
            counts[year] = counts.get(year, 0) + count
        return counts

    def per_unit(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for (unit_id, _), count, _ in self.groups:
            counts[unit_id] = counts.get(unit_id, 0) + count
        return counts

    def count(self, unit_id: int | None = None, year: int | None = None) -> int:
        """Items of the unit and year given (either, both or neither)."""
        return sum(
            count
            for (group_unit, group_year), count, _ in self.groups
            if (unit_id is None or group_unit == unit_id)
            and (year is None or group_year == year)
        )


def date_window(
    days: tuple[tuple[int, int], ...], start: int, stop: int
) -> tuple[dt.date, dt.date, int] | None:
    """The publication dates that hold the rows ``start`` to ``stop`` (exclusive) of
    the listing, newest first, and how many rows come before the newest of them:
    (newest date, oldest date, rows before). None when the figures end first."""
    before = seen = 0
    newest = None
    for ordinal, count in days:
        if newest is None:
            if seen + count > start:
                newest, before = ordinal, seen
            else:
                seen += count
                continue
        seen += count
        if seen >= stop:
            return dt.date.fromordinal(newest), dt.date.fromordinal(ordinal), before
    if newest is None:
        return None
    return dt.date.fromordinal(newest), dt.date.fromordinal(days[-1][0]), before


def _cache():
    """The cache every process of the site shares: the page cache's
    (``DISCLOSURE_PAGE_CACHE``: Redis, or the database), else the default one."""
    return caches[getattr(settings, "DISCLOSURE_PAGE_CACHE", None) or "default"]


def cached(category_ids: Iterable[int]) -> dict[int, CategoryFigures]:
    """The figures kept for these categories (one cache read), by category id."""
    keys = {KEY.format(pk): pk for pk in category_ids}
    if not keys:
        return {}
    found = _cache().get_many(list(keys))
    return {keys[key]: value for key, value in found.items()}


def store(figures: dict[int, CategoryFigures]) -> None:
    if figures:
        _cache().set_many(
            {KEY.format(pk): value for pk, value in figures.items()}, TIMEOUT
        )


def purge(category_ids: Iterable[int]) -> None:
    """Forget the figures of these categories, now and again once the change is
    committed: a request counting between the two would otherwise keep figures
    from before it."""
    keys = [KEY.format(pk) for pk in set(category_ids)]
    if not keys:
        return
    _cache().delete_many(keys)
    transaction.on_commit(lambda: _cache().delete_many(keys))
