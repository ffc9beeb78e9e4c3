"""Review reminders at an office's scale: 11 units of 4 people, 6,000 items. The
week's run plans in a fixed number of queries, sends each person exactly one
message (no e-mail storm), and the list page costs the same for every unit."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure_pages.models import DisclosureItemPage, ReviewDigest
from disclosure_pages.review import (
    people_of_units,
    review_entries,
    today_local,
    week_of,
)
from disclosure_pages.review_digest import plan_digests
from disclosure_pages.tasks import send_review_digest
from moderation.models import Unit
from tests.bulk import bulk_create_items
from tests.conftest import shared_data
from tests.moderation.office import login
from tests.utils import category, make_user, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        units = list(Unit.objects.order_by("pk"))
        for n, unit in enumerate(units):
            unit.director = make_user(f"scale-director-{n}")
            unit.save()
            unit.members.add(*(make_user(f"scale-editor-{n}-{i}") for i in range(3)))
        # Everyone's 1.10 manuals (every 365 days) are two years old or less;
        # procurement (1.9, finance, every 31 days) and 1.12 with review dates.
        bulk_create_items(category("1.10"), 3000, units=units, seed=1)
        bulk_create_items(category("1.9"), 2000, units=units, seed=2)
        bulk_create_items(category("1.12"), 1000, units=units, seed=3)
        today = today_local()
        dated = DisclosureItemPage.objects.filter(
            path__startswith=category("1.12").path, depth=category("1.12").depth + 1
        )
        for offset, pk in enumerate(dated.values_list("pk", flat=True)[:200]):
            DisclosureItemPage.objects.filter(pk=pk).update(
                review_date=today + dt.timedelta(days=offset % 40 - 20)
            )
        yield {"units": units}


@pytest.fixture
def data(module_data, db):
    mail.outbox.clear()
    return module_data


def test_the_week_is_planned_in_a_fixed_number_of_queries(data):
    with CaptureQueriesContext(connection) as queries:
        planned = plan_digests()
    assert len(queries) <= 9, [q["sql"][:120] for q in queries]
    assert len(planned.to_send) + planned.nothing_due == 44


def test_each_person_gets_one_message_and_a_second_run_none(data):
    call_command("send_review_digest", stdout=io.StringIO())
    to = [message.to[0] for message in mail.outbox]
    assert len(to) == len(set(to))  # one message per person
    people = people_of_units()
    due_units = {entry.unit_id for entry in review_entries()}
    expected = {user_id for user_id, units in people.items() if units & due_units}
    assert len(to) == len(expected) == ReviewDigest.objects.count()
    mail.outbox.clear()
    call_command("send_review_digest", stdout=io.StringIO())
    assert mail.outbox == []


def test_one_persons_message_costs_a_fixed_number_of_queries(data):
    director = data["units"][0].director
    week = week_of(today_local()).isoformat()
    with CaptureQueriesContext(connection) as queries:
        send_review_digest.enqueue(director.pk, week)
    assert len(mail.outbox) == 1
    assert len(queries) <= 21, [q["sql"][:120] for q in queries]


def test_the_page_for_every_unit_and_for_one(data):
    ict_unit = Unit.objects.get(code="ict")
    ict = ict_unit.members.first()
    editor = data["units"][1].members.first()
    counts = []
    for user in (ict, editor):
        client = login(user)
        client.get("/admin/")  # the session and the admin's first-use reads
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/disclosure-reports/review/")
        assert response.status_code == 200
        counts.append(len(queries))
    # Most draw the admin's menus (an editor's more than ICT's: 34 on the minimum
    # set report); the list itself is six, whatever the number of items.
    assert max(counts) <= 40, counts
