"""An office with people in every role, for the approval-chain tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import mail
from django.test import Client
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from moderation.models import OfficeSettings, Role, Unit
from moderation.roles import role_groups
from tests.utils import category, make_item, make_user, run_setup


@dataclass
class Office:
    """People by role: unit A (policy) and unit B (finance), office and ICT."""

    editor_a: object
    director_a: object
    deputy_a: object
    editor_b: object
    director_b: object
    office_director: object
    ict: object
    pr: object
    committee: object
    administrator: object
    unit_a: Unit
    unit_b: Unit

    def item(self, unit=None, *, publish=False, code="1.9", **kwargs):
        unit = unit or self.unit_a
        kwargs.setdefault(
            "owner", self.editor_a if unit == self.unit_a else self.editor_b
        )
        return make_item(category(code), unit=unit, publish=publish, **kwargs)


def build_office() -> Office:
    """Run set-up and give people their roles the way an administrator would:
    through units and the office settings (and groups for committee/admin)."""
    run_setup()
    people = {
        name: make_user(name, first_name=name.title(), last_name="ทดสอบ")
        for name in (
            "editor_a",
            "director_a",
            "deputy_a",
            "editor_b",
            "director_b",
            "office_director",
            "ict",
            "pr",
            "committee",
            "administrator",
        )
    }
    unit_a = Unit.objects.get(code="policy")
    unit_b = Unit.objects.get(code="finance")
    unit_a.director = people["director_a"]
    unit_a.deputy = people["deputy_a"]
    unit_a.save()
    unit_a.members.add(people["editor_a"])
    unit_b.director = people["director_b"]
    unit_b.save()
    unit_b.members.add(people["editor_b"])
    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    office.office_director = people["office_director"]
    office.memo_number_prefix = "ศธ 04099/"
    office.save()
    office.ict_unit.members.add(people["ict"])
    office.pr_unit.members.add(people["pr"])
    groups = role_groups()
    people["committee"].groups.add(groups[Role.COMMITTEE])
    people["administrator"].groups.add(groups[Role.ADMINISTRATOR])
    mail.outbox.clear()
    return Office(unit_a=unit_a, unit_b=unit_b, **people)


def edit_form(client, page) -> dict:
    """The page's edit form as the browser would post it."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The StreamField's inputs are drawn by JavaScript; the test items' body is empty.
    data.setdefault("body-count", "0")
    return data


def recipients() -> list[str]:
    """Addresses of the emails sent since the last call, then forget them."""
    sent = sorted(address for message in mail.outbox for address in message.to)
    mail.outbox.clear()
    return sent


def login(user) -> Client:
    """A fresh browser session for ``user`` (no messages left from another user)."""
    client = Client()
    client.force_login(user)
    return client


def submit(page, user):
    """Start the page's workflow as ``user``; the step it is now at."""
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state
