"""Cancelling a request to publish is deliberate and recorded: Wagtail's one-click
"Cancel workflow" (the first entry of an approver's menu) is gone; the requester
(withdrawing it) or an administrator cancels it after a confirmation page that asks
for a comment (ความเห็น), which goes on the memo and in the page's history."""

import html

import pytest
from wagtail.models import PageLogEntry, WorkflowState

from moderation.models import PublicationRequest
from tests.moderation.office import build_office, edit_form, login, submit

pytestmark = pytest.mark.django_db

CANCEL_LABEL = "ยกเลิกคำขออนุญาตเผยแพร่…"


def denied(response) -> bool:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard and a
    message; anything else it refuses with 403."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def status(item) -> str:
    return WorkflowState.objects.filter(object_id=str(item.pk)).latest("pk").status


@pytest.mark.parametrize("role", ["director_a", "deputy_a", "office_director"])
def test_an_approver_cannot_cancel_a_request_at_all(role):
    office = build_office()
    item = office.item()
    state = submit(item, office.editor_a)
    if role == "office_director":
        state.task.specific.on_action(state, office.director_a, "approve")
    approver = login(getattr(office, role))
    editor = approver.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    # Neither Wagtail's one-click buttons nor ours are in the approver's menu.
    assert 'name="action-cancel-workflow"' not in editor
    assert 'name="action-restart-workflow"' not in editor
    assert CANCEL_LABEL not in editor
    assert "อนุญาต" in editor  # they still decide
    # A forged post of Wagtail's button cancels nothing...
    data = edit_form(approver, item)
    data["action-cancel-workflow"] = "1"
    response = approver.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 403
    # ...and neither does ours.
    url = f"/admin/disclosure-approval/cancel/{item.pk}/"
    assert denied(approver.get(url))
    assert denied(approver.post(url, {"comment": "กดผิด"}))
    assert status(item) == "in_progress"


def test_the_requester_withdraws_with_a_comment_after_confirming():
    office = build_office()
    item = office.item(title="ประกาศที่ยังไม่พร้อม")
    submit(item, office.editor_a)
    requester = login(office.editor_a)
    editor = requester.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert CANCEL_LABEL in editor
    assert 'name="action-cancel-workflow"' not in editor

    url = f"/admin/disclosure-approval/cancel/{item.pk}/"
    confirm = requester.get(url)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "ถอนคำขออนุญาตเผยแพร่" in page and "ความเห็น" in page
    assert status(item) == "in_progress"  # asking is not cancelling

    refused = requester.post(url, {"comment": "  "})
    assert refused.status_code == 400
    assert "โปรดระบุความเห็น" in refused.content.decode()
    assert status(item) == "in_progress"

    comment = "ข้อมูลยังไม่ครบ จะส่งใหม่สัปดาห์หน้า"
    response = requester.post(url, {"comment": comment})
    assert response.status_code == 302
    assert status(item) == "cancelled"
    entry = PageLogEntry.objects.get(
        page=item, action="disclosure_moderation.request_cancelled"
    )
    assert entry.user == office.editor_a and entry.data["comment"] == comment
    assert entry.data["withdrawn"] is True

    memo = PublicationRequest.objects.get(page=item)
    assert memo.cancelled_by == office.editor_a and memo.cancel_comment == comment
    html = requester.get(f"/admin/disclosure-approval/memo/{memo.pk}/").content
    html = html.decode()
    assert "ผู้ขออนุญาตถอนคำขอ" in html and comment in html

    # Once cancelled there is nothing left to cancel.
    assert requester.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("editor_a", True),  # the requester
        ("administrator", True),
        ("ict", False),
        ("office_director", False),
        ("director_b", False),
        ("committee", False),
    ],
)
def test_who_may_cancel_a_request(role, allowed):
    office = build_office()
    item = office.item()
    submit(item, office.editor_a)
    client = login(getattr(office, role))
    response = client.post(
        f"/admin/disclosure-approval/cancel/{item.pk}/", {"comment": "ยกเลิก"}
    )
    assert (status(item) == "cancelled") is allowed
    if not allowed:
        assert denied(response)


def test_an_administrator_cancels_a_request_sent_back_for_changes():
    office = build_office()
    item = office.item()
    state = submit(item, office.editor_a)
    state.task.specific.on_action(state, office.director_a, "reject", comment="แก้")
    comment = "ซ้ำกับรายการที่เผยแพร่แล้ว"
    response = login(office.administrator).post(
        f"/admin/disclosure-approval/cancel/{item.pk}/", {"comment": comment}
    )
    assert response.status_code == 302
    assert status(item) == "cancelled"
    memo = PublicationRequest.objects.get(page=item)
    html = (
        login(office.editor_a)
        .get(f"/admin/disclosure-approval/memo/{memo.pk}/")
        .content.decode()
    )
    assert "ยกเลิกคำขอ" in html and comment in html and "ส่งกลับให้แก้ไข" in html


def test_a_second_cancel_that_loses_the_race_is_told_so_and_records_nothing(
    monkeypatch,
):
    """A double click: both posts find the request running, the first cancels it
    while the second waits. The second lands on the editor with a word, not on
    "permission denied", and writes no second entry."""
    from moderation import chain_views

    office = build_office()
    item = office.item(title="ประกาศกดซ้ำ")
    state = submit(item, office.editor_a)
    allowed = chain_views.may_cancel

    def first_click_wins(workflow_state, user):
        ok = allowed(workflow_state, user)
        chain_views.cancel_request(state, office.editor_a, "ครั้งแรก")
        return ok

    monkeypatch.setattr(chain_views, "may_cancel", first_click_wins)
    response = login(office.editor_a).post(
        f"/admin/disclosure-approval/cancel/{item.pk}/",
        {"comment": "ครั้งที่สอง"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/admin/pages/{item.pk}/edit/"
    shown = html.unescape(response.content.decode())
    assert "ไม่มีคำขออนุญาตเผยแพร่ 'ประกาศกดซ้ำ' ที่รอการอนุญาต" in shown
    assert status(item) == "cancelled"
    memo = PublicationRequest.objects.get(page=item)
    assert memo.cancel_comment == "ครั้งแรก"
    assert (
        PageLogEntry.objects.filter(
            page=item, action="disclosure_moderation.request_cancelled"
        ).count()
        == 1
    )
