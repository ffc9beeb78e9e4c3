"""Other units' drafts in the admin, case by case: a published page's new draft,
bulk actions, a request sent back, and the cost of scoping (moderation.drafts)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.moderation.office import build_office, login, submit
from tests.moderation.test_draft_scoping import text
from tests.utils import category, make_gallery

pytestmark = pytest.mark.django_db


def test_a_published_gallery_with_a_new_draft_is_planned_under_its_public_title():
    office = build_office()
    gallery = make_gallery(unit=office.unit_a, title="งานกีฬาสี zulu")
    gallery.title = "งานกีฬาสีเลื่อนวัน zulu"
    gallery.save_revision(user=office.editor_a)
    planning = "/admin/galleries/planning/"
    other = login(office.editor_b).get(planning).content.decode()
    assert "งานกีฬาสี zulu" in other
    assert "งานกีฬาสีเลื่อนวัน zulu" not in other
    own = login(office.editor_a).get(planning).content.decode()
    assert "งานกีฬาสีเลื่อนวัน zulu" in own


def test_bulk_actions_act_only_on_pages_the_user_may_see():
    """A draft not yet sent is not ICT's to publish in bulk; once it is in the
    chain it is (the confirmation lists it)."""
    office = build_office()
    draft = office.item(title="ร่างที่ยังไม่ส่ง zulu")
    ict = login(office.ict)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}"
    assert ict.get(url).status_code == 404
    assert ict.post(url).status_code == 404
    assert not Page.objects.get(pk=draft.pk).live
    submit(draft, office.editor_a)
    assert "ร่างที่ยังไม่ส่ง zulu" in text(ict.get(url))


def test_a_request_sent_back_leaves_the_approvers_listings():
    """Seen while it waits at a step; sent back to the unit, it is the unit's."""
    office = build_office()
    item = office.item(title="ร่างส่งกลับ zulu")
    state = submit(item, office.editor_a)
    state.task.specific.on_action(state, office.director_a, "approve")
    item.refresh_from_db()
    state = item.current_workflow_task_state
    url = f"/admin/choose-page/{category('1.9').pk}/"
    assert "ร่างส่งกลับ zulu" in text(login(office.office_director).get(url))
    state.task.specific.on_action(
        state, office.office_director, "reject", comment="แก้ชื่อเรื่อง"
    )
    for person in (office.office_director, office.ict):
        assert "ร่างส่งกลับ zulu" not in text(login(person).get(url))
    assert "ร่างส่งกลับ zulu" in text(login(office.editor_a).get(url))


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("editor_b", "/admin/pages/{cat}/"),
        ("editor_b", "/admin/api/main/pages/?child_of={cat}&for_explorer=1"),
        ("office_director", "/admin/choose-page/{cat}/"),
        ("editor_b", "/admin/reports/workflow/"),
        ("pr", "/admin/galleries/planning/"),
    ],
)
def test_scoping_costs_the_same_queries_however_many_drafts(role, url):
    office = build_office()
    cat = category("1.9")
    url = url.format(cat=cat.pk)
    client = login(getattr(office, role))

    def add_drafts(n: int) -> None:
        for _ in range(n):
            submit(office.item(), office.editor_a)
            make_gallery(unit=office.unit_a, publish=False)

    add_drafts(2)
    count_queries(client, url)  # warm the caches (content types, site root)
    before = count_queries(client, url)
    add_drafts(6)
    assert count_queries(client, url) == before


def test_a_draft_handed_to_another_unit_is_seen_by_both_units():
    """The stored page still names unit A while its draft names unit B: both
    units' people see it (as both may be asked about it), a third unit does not."""
    office = build_office()
    item = office.item(title="ร่างย้ายหน่วย zulu")
    item.unit = office.unit_b
    item.save_revision(user=office.editor_a)
    url = f"/admin/choose-page/{category('1.9').pk}/"
    for person in (office.editor_a, office.editor_b):
        assert "ร่างย้ายหน่วย zulu" in text(login(person).get(url))
    assert "ร่างย้ายหน่วย zulu" not in text(login(office.pr).get(url))
