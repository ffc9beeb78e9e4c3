"""Review reminders (issue [I]): one e-mail per person per week listing, for all
their units, what is stale and what goes stale within 14 days; the page the §2.1
panel links to lists the same for the user's units."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from disclosure_pages.models import ReviewDigest
from disclosure_thai.dates import format_thai_date, local_date
from moderation.models import Unit
from tests.conftest import shared_data
from tests.moderation.office import build_office, edit_form, login
from tests.utils import OFFICE_NAME, category, make_item, make_user

pytestmark = pytest.mark.django_db

REVIEW_URL = "/admin/disclosure-reports/review/"


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def published(item, days_ago: int):
    """Make ``item`` look last published ``days_ago`` days ago."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    type(item).objects.filter(pk=item.pk).update(
        last_published_at=when, first_published_at=when
    )
    item.refresh_from_db()
    return item


def today() -> dt.date:
    return local_date(timezone.now())


@pytest.fixture(scope="module")
def module_office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_due_office()


@pytest.fixture
def office(module_office, db):
    mail.outbox.clear()
    return module_office


def build_due_office():
    """Units A (policy: 1.2 every 365 days, 1.6 every 183) and B (finance: 1.9
    every 31 days), each with something due; editor_a works in both units."""
    office = build_office()
    office.unit_b.members.add(office.editor_a)
    items = {}
    # A, interval: last published 360 days ago in 1.2 → stale in 5 days.
    items["a_soon"] = published(office.item(code="1.2", publish=True), 360)
    # An older item of the same unit and category: only the newest one counts.
    items["a_old"] = published(office.item(code="1.2", publish=True), 800)
    published(items["a_soon"], 360)  # stays the newest
    # A, interval overridden: 200 days old in 1.6 (183) but reviewed until later.
    items["a_override"] = published(
        office.item(
            code="1.6", publish=True, review_date=today() + dt.timedelta(days=90)
        ),
        200,
    )
    # A, review date added in a category without interval (1.12): overdue.
    items["a_dated"] = office.item(
        code="1.12", publish=True, review_date=today() - dt.timedelta(days=2)
    )
    # A, review date in 1.12 but unpublished, withdrawn or private: asks nothing.
    items["a_draft"] = office.item(
        code="1.12", review_date=today() - dt.timedelta(days=2)
    )
    items["a_withdrawn"] = office.item(
        code="1.12", publish=True, review_date=today() - dt.timedelta(days=2)
    )
    items["a_withdrawn"].unpublish()
    items["a_private"] = office.item(
        code="1.12", publish=True, review_date=today() - dt.timedelta(days=2)
    )
    PageViewRestriction.objects.create(
        page=items["a_private"], restriction_type=PageViewRestriction.LOGIN
    )
    # B, interval: procurement 40 days old in 1.9 (31) → stale; a newer one that
    # was unpublished does not make the category current.
    items["b_stale"] = published(office.item(office.unit_b, publish=True), 40)
    newer = office.item(office.unit_b, publish=True)
    newer.unpublish()
    # Admin unit: a current item (1.4 every 365 days) → nothing due.
    admin_unit = Unit.objects.get(code="admin")
    office.admin_director = make_user("admin_director")
    admin_unit.director = office.admin_director
    admin_unit.save()
    items["admin_current"] = published(make_item(category("1.4"), unit=admin_unit), 10)
    office.items = items
    mail.outbox.clear()
    return office


def digest() -> str:
    """Run the weekly command; what it wrote."""
    output = io.StringIO()
    call_command("send_review_digest", stdout=output)
    return output.getvalue()


def messages_by_person() -> dict[str, object]:
    found = {}
    for message in mail.outbox:
        assert len(message.to) == 1
        assert message.to[0] not in found, f"two messages to {message.to[0]}"
        found[message.to[0]] = message
    return found


def listed_titles(message) -> set[str]:
    html = message.alternatives[0][0]
    return set(re.findall(r"<strong>[^:<]+: ([^<]+)</strong>", html))


def test_one_message_per_person_listing_all_their_units(office):
    output = digest()
    sent = messages_by_person()
    items = office.items
    a_due = {items["a_soon"].title, items["a_dated"].title}
    b_due = {items["b_stale"].title}
    # Unit A's people, unit B's people; editor_a (both units) once with both.
    assert set(sent) == {
        "editor_a@example.org",
        "director_a@example.org",
        "deputy_a@example.org",
        "editor_b@example.org",
        "director_b@example.org",
    }
    assert listed_titles(sent["editor_a@example.org"]) == a_due | b_due
    assert listed_titles(sent["director_a@example.org"]) == a_due
    assert listed_titles(sent["deputy_a@example.org"]) == a_due
    assert listed_titles(sent["director_b@example.org"]) == b_due
    assert listed_titles(sent["editor_b@example.org"]) == b_due
    assert "5 reminder(s) queued" in output
    assert ReviewDigest.objects.count() == 5


def test_the_message_is_thai_with_the_office_be_dates_and_edit_links(office):
    digest()
    message = messages_by_person()["editor_a@example.org"]
    item = office.items["b_stale"]
    due = local_date(item.last_published_at) + dt.timedelta(days=31)
    assert OFFICE_NAME in message.subject
    assert "ไม่เป็นปัจจุบัน 2" in message.subject  # b_stale and a_dated
    assert message.body.startswith("เรียน Editor_A ทดสอบ")
    assert OFFICE_NAME in message.body
    assert format_thai_date(due) in message.body  # e.g. "… พ.ศ. 2569"
    assert "พ.ศ." in message.body
    assert f"http://testserver/admin/pages/{item.pk}/edit/" in message.body
    category_id = item.get_parent().pk
    assert f"http://testserver/admin/pages/{category_id}/add_subpage/" in message.body
    assert "รอบการปรับปรุงที่คาดหวัง ทุก 31 วัน" in message.body
    assert "http://testserver/admin/disclosure-reports/review/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="th">' in html
    assert f'href="http://testserver/admin/pages/{item.pk}/edit/"' in html
    # Stale first, then what goes stale within 14 days.
    assert message.body.index("ไม่เป็นปัจจุบัน (") < message.body.index(
        "จะไม่เป็นปัจจุบันภายใน 14 วัน ("
    )


def test_nothing_for_a_person_with_nothing_due(office):
    digest()
    sent = messages_by_person()
    # The admin unit's item is current; ICT, PR, the office director and the
    # administrator hold no unit with anything due.
    for name in ("admin_director", "ict", "pr", "office_director", "administrator"):
        assert f"{name}@example.org" not in sent


def test_not_twice_in_the_same_week_and_again_the_next_week(office, monkeypatch):
    digest()
    assert len(mail.outbox) == 5
    mail.outbox.clear()

    output = digest()
    assert mail.outbox == []
    assert "0 reminder(s) queued, 5 already sent this week" in output

    real_now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: real_now + dt.timedelta(days=7))
    digest()
    assert len(messages_by_person()) == 5
    assert ReviewDigest.objects.count() == 10


def test_a_refused_send_records_nothing_so_the_next_run_sends(office, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    digest()  # the immediate backend logs the failure and goes on
    assert ReviewDigest.objects.count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    digest()
    assert len(messages_by_person()) == 5


def test_the_task_queued_twice_sends_once(office):
    from disclosure_pages.tasks import send_review_digest

    week = (today() - dt.timedelta(days=today().weekday())).isoformat()
    send_review_digest.enqueue(office.director_b.pk, week)
    send_review_digest.enqueue(office.director_b.pk, week)
    assert [m.to for m in mail.outbox] == [["director_b@example.org"]]


def test_review_date_overrides_and_adds_to_the_interval(office):
    digest()
    every_title = set()
    for message in mail.outbox:
        every_title |= listed_titles(message)
    items = office.items
    assert items["a_override"].title not in every_title  # review date later
    assert items["a_dated"].title in every_title  # no interval, review date
    assert items["a_old"].title not in every_title  # not the newest


def test_withdrawn_unpublished_and_private_items_are_left_out(office):
    digest()
    every_title = set()
    for message in mail.outbox:
        every_title |= listed_titles(message)
    for key in ("a_draft", "a_withdrawn", "a_private"):
        assert office.items[key].title not in every_title


def test_the_page_lists_the_users_units_only(office):
    items = office.items
    a_titles = {items["a_soon"].title, items["a_dated"].title}
    b_titles = {items["b_stale"].title}
    every = a_titles | b_titles
    cases = [
        (office.editor_b, b_titles),
        (office.director_b, b_titles),
        (office.director_a, a_titles),
        (office.editor_a, every),
        (office.ict, every),
        (office.administrator, every),
        (office.admin_director, set()),
    ]
    for user, expected in cases:
        client = login(user)
        # A forged unit in the query string changes nothing.
        url = f"{REVIEW_URL}?unit={office.unit_a.pk}&unit_id={office.unit_a.pk}"
        response = client.get(url)
        assert response.status_code == 200, user
        html = response.content.decode()
        shown = {
            item.title
            for item in items.values()
            if f"/admin/pages/{item.pk}/edit/" in html
        }
        assert shown == expected, user.username
        if not expected:
            assert "ไม่มีรายการข้อมูลที่ไม่เป็นปัจจุบัน" in html


def test_the_minimum_set_panel_links_to_the_page(office):
    response = login(office.director_a).get("/admin/")
    assert response.status_code == 200
    assert f'href="{REVIEW_URL}"' in response.content.decode()


def test_the_review_date_is_typed_in_be_on_the_settings_tab(office):
    item = office.items["a_soon"]
    client = login(office.editor_a)
    data = edit_form(client, item)
    assert "review_date" in data
    data["review_date"] = "15/01/2570"
    response = client.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    draft = item.get_latest_revision_as_object()
    assert draft.review_date == dt.date(2027, 1, 15)
    # Not live until the chain publishes it: the live item is still due.
    assert item.review_date is None
