"""A withdrawal asked through the approval chain: the unit's editor asks, the page
stays published while the unit director and the office director approve, and the
ICT publisher's approval withdraws it; the memo and the page's history show it."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from moderation.models import PublicationRequest, Withdrawal
from tests.moderation.office import build_office, login

pytestmark = pytest.mark.django_db

EXPLANATION = "ประกาศนี้ยกเลิกตามคำสั่งสำนักงานที่ 12/2569"


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def current_state(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


def test_the_chain_carries_a_withdrawal_and_its_last_approval_withdraws(client):
    office = build_office()
    item = office.item(title="ประกาศรับสมัครครูอัตราจ้าง", publish=True)
    url = f"/admin/disclosure-withdrawal/{item.pk}/"

    # The unit's editor sees "Withdraw…" but cannot withdraw: they ask.
    editor = login(office.editor_a)
    assert url in editor.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    screen = editor.get(url).content.decode()
    assert "ส่งขอถอนการเผยแพร่" in screen and "ถอนการเผยแพร่ทันที" not in screen
    response = editor.post(
        url, {"reason": "no_longer_current", "explanation": EXPLANATION}
    )
    memo = PublicationRequest.objects.get(page=item)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/disclosure-approval/memo/{memo.pk}/"
    item.refresh_from_db()
    assert item.live
    record = Withdrawal.objects.get(page=item)
    assert record.withdrawn_at is None and record.requested_by == office.editor_a
    assert client.get(item.url).status_code == 200
    # Asking again while it runs sends nothing new.
    again = editor.post(url, {"reason": "no_longer_current", "explanation": "x"})
    assert again.status_code == 302
    assert Withdrawal.objects.count() == 1
    assert PublicationRequest.objects.filter(page=item).count() == 1

    memo_url = f"/admin/disclosure-approval/memo/{memo.pk}/"
    html = editor.get(memo_url).content.decode()
    assert "ขอถอนการเผยแพร่" in html and EXPLANATION in html

    # The unit director and the office director approve: still published.
    for who in (office.director_a, office.office_director):
        approver = login(who)
        editor_page = approver.get(f"/admin/pages/{item.pk}/edit/").content.decode()
        assert "คำขอนี้เป็นการขอถอนการเผยแพร่หน้านี้" in editor_page
        state = current_state(item)
        response = approver.post(action_url(item, "approve", state), {"comment": ""})
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.live

    # The ICT publisher's approval withdraws it.
    state = current_state(item)
    assert state.task.specific.step == "publisher"
    mail.outbox.clear()
    login(office.ict).post(action_url(item, "approve", state), {"comment": ""})
    (told,) = [m for m in mail.outbox if "editor_a@example.org" in m.to]
    assert told.subject.startswith("ถอนการเผยแพร่แล้ว")
    assert item.full_url in told.body
    item.refresh_from_db()
    assert not item.live
    record.refresh_from_db()
    assert record.withdrawn_by == office.ict and record.withdrawn_at
    notice = client.get(item.url)
    assert notice.status_code == 200 and EXPLANATION in notice.content.decode()
    assert PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.withdrawal_requested"
    ).exists()
    assert PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.withdrawn", user=office.ict
    ).exists()
    history = login(office.administrator).get(f"/admin/pages/{item.pk}/history/")
    assert "ถอนการเผยแพร่พร้อมประกาศต่อสาธารณะ" in history.content.decode()
    html = login(office.editor_a).get(memo_url).content.decode()
    assert "ขอถอนการเผยแพร่" in html and "Ict" in html


def test_a_cancelled_withdrawal_request_withdraws_nothing(client):
    office = build_office()
    item = office.item(publish=True)
    login(office.editor_a).post(
        f"/admin/disclosure-withdrawal/{item.pk}/",
        {"reason": "published_in_error", "explanation": "ลงผิดหมวด"},
    )
    response = login(office.editor_a).post(
        f"/admin/disclosure-approval/cancel/{item.pk}/", {"comment": "ขอใช้ต่อ"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live
    assert client.get(item.url).status_code == 200
    # A later request to publish a change publishes, as the chain always did.
    assert not Withdrawal.objects.filter(withdrawn_at__isnull=False).exists()
