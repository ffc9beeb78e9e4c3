"""The daily counters: one row per page (or document) and day, incremented in the
database, and safe when two first visits of the day race to create the row."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from reporting.models import PageViewCount
from reporting.tracking import increment
from tests.utils import category, make_item

DAY = dt.date(2026, 1, 15)


class RacingManager:
    """PageViewCount's manager, except that another request creates the day's row
    just after our first UPDATE found none."""

    def __init__(self, page_id):
        self.page_id = page_id
        self.raced = False

    def filter(self, **lookup):
        if self.raced:
            return PageViewCount.objects.filter(**lookup)
        self.raced = True
        page_id = self.page_id

        class FoundNothing:
            def update(self, **values):
                PageViewCount.objects.create(page_id=page_id, date=DAY, views=1)
                return 0

        return FoundNothing()

    def create(self, **values):
        return PageViewCount.objects.create(**values)


@pytest.mark.django_db
def test_a_racing_first_visit_falls_back_to_the_update(disclosure):
    item = make_item(category("1.9"))

    class Racing:
        _default_manager = RacingManager(item.pk)

    increment(Racing, "views", page_id=item.pk, date=DAY)
    increment(PageViewCount, "views", page_id=item.pk, date=DAY)
    assert list(PageViewCount.objects.values_list("date", "views")) == [(DAY, 3)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_increments_lose_nothing(disclosure):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database locks whole tables")
    item = make_item(category("1.9"))
    errors = []

    def visitor():
        try:
            for _ in range(25):
                increment(PageViewCount, "views", page_id=item.pk, date=DAY)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert list(PageViewCount.objects.values_list("views", flat=True)) == [100]
