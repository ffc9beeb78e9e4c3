"""Go-live and expiry dates pass through the approval chain; ``publish_scheduled``
publishes a scheduled item when its time comes and not before, and an expired
item is withdrawn as "no longer current", its address showing the notice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from moderation.models import Withdrawal
from tests.moderation.office import build_office, edit_form, login

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def run_publish_scheduled():
    call_command("publish_scheduled", stdout=_Null())


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def approve_through_the_chain(office, item):
    for who in (office.director_a, office.office_director, office.ict):
        item.refresh_from_db()
        state = item.current_workflow_task_state
        response = login(who).post(action_url(item, "approve", state), {"comment": ""})
        assert response.status_code == 302


def test_a_scheduled_item_goes_live_when_publish_scheduled_runs_and_not_before(
    client,
):
    office = build_office()
    item = office.item(title="ประกาศวันหยุดปีใหม่")
    go_live = timezone.localtime() + dt.timedelta(days=3)
    expire = go_live + dt.timedelta(days=30)

    editor = login(office.editor_a)
    data = edit_form(editor, item)
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    data["expire_at"] = expire.strftime("%Y-%m-%d %H:%M")
    data["action-submit"] = "1"
    response = editor.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 302
    approve_through_the_chain(office, item)

    # Approved, scheduled, not yet public.
    item.refresh_from_db()
    assert not item.live
    revision = Revision.page_revisions.get(
        object_id=str(item.pk), approved_go_live_at__isnull=False
    )
    assert revision.approved_go_live_at.replace(second=0, microsecond=0) == (
        go_live.replace(second=0, microsecond=0)
    )
    assert client.get(item.url).status_code == 404

    report = login(office.ict).get("/admin/disclosure-withdrawal/scheduled/")
    html = report.content.decode()
    assert report.status_code == 200
    assert item.title in html and f"พ.ศ. {go_live.year + 543}" in html
    assert "เริ่มเผยแพร่" in html
    # Another unit's editor sees nothing of unit A's schedule.
    other = login(office.editor_b).get("/admin/disclosure-withdrawal/scheduled/")
    assert item.title not in other.content.decode()
    assert login(office.committee).get(
        "/admin/disclosure-withdrawal/scheduled/"
    ).status_code in (302, 403)

    run_publish_scheduled()
    item.refresh_from_db()
    assert not item.live
    assert client.get(item.url).status_code == 404

    # Its time comes (the clock moved on: the dates the chain approved are past).
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    Page.objects.filter(pk=item.pk).update(go_live_at=past)
    run_publish_scheduled()
    item.refresh_from_db()
    assert item.live
    assert item.expire_at is not None
    assert abs(item.expire_at - expire) < dt.timedelta(minutes=1)
    assert client.get(item.url).status_code == 200
    html = login(office.ict).get("/admin/disclosure-withdrawal/scheduled/")
    assert "สิ้นสุดการเผยแพร่" in html.content.decode()


def test_an_expired_item_is_withdrawn_as_no_longer_current(client):
    office = build_office()
    item = office.item(title="ประกาศรับสมัครนักเรียน ปีการศึกษา 2569", publish=True)
    assert client.get(item.url).status_code == 200
    Page.objects.filter(pk=item.pk).update(
        expire_at=timezone.now() - dt.timedelta(minutes=5)
    )
    run_publish_scheduled()
    item.refresh_from_db()
    assert not item.live and item.expired
    record = Withdrawal.objects.get(page=item)
    assert record.expired and record.reason == "no_longer_current"
    assert PageLogEntry.objects.filter(
        page=item, action="wagtail.unpublish.scheduled"
    ).exists()
    notice = client.get(item.url)
    assert notice.status_code == 200
    html = notice.content.decode()
    assert item.title in html and "ไม่เป็นปัจจุบันแล้ว" in html
    assert "ครบกำหนดสิ้นสุดการเผยแพร่" in html
    assert notice["X-Robots-Tag"] == "noindex"
