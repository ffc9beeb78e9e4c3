"""A step that approved content which changed afterwards decides again (defect 4):
after "request changes", a rewritten request starts again at the unit director;
an unchanged one resumes at the step that sent it back. The memo tells which
version each decision was about and which approvals were superseded."""

import re

import pytest
from wagtail.models import PageLogEntry, Revision

from moderation.models import OfficeSettings, PublicationRequest
from tests.moderation.office import build_office, edit_form, login, recipients
from tests.utils import make_gallery, make_user

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def step_of(page) -> str:
    page.refresh_from_db()
    return page.current_workflow_task_state.task.specific.step


def decide(user, page, action, comment=""):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    response = login(user).post(action_url(page, action, state), {"comment": comment})
    assert response.status_code == 302
    return state


def submit_from_editor(user, page, **changes):
    client = login(user)
    data = edit_form(client, page)
    data.update(changes)
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def sent_back_by_the_office_director(office):
    item = office.item(title="แผนปฏิบัติการ ฉบับเดิม")
    submit_from_editor(office.editor_a, item)
    decide(office.director_a, item, "approve")
    assert step_of(item) == "office_director"
    decide(office.office_director, item, "reject", "เขียนเนื้อหาใหม่ทั้งหมด")
    recipients()
    return item


def thai(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def memo_html(office, item) -> str:
    memo = PublicationRequest.objects.get(page=item)
    response = login(office.editor_a).get(f"/admin/disclosure-approval/memo/{memo.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_rewritten_request_goes_back_to_the_unit_director_and_the_memo_says_so():
    office = build_office()
    item = sent_back_by_the_office_director(office)
    approved_version = Revision.page_revisions.filter(object_id=str(item.pk)).latest(
        "pk"
    )

    # The editor rewrites the title and the body and resubmits.
    submit_from_editor(
        office.editor_a,
        item,
        title="แผนปฏิบัติการ ฉบับเขียนใหม่",
        **{
            "body-count": "1",
            "body-0-type": "link",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "",
            "body-0-value-title": "แผนฉบับเต็ม",
            "body-0-value-url": "https://example.org/plan.pdf",
        },
    )
    # The unit director never saw this version: the chain starts again with them.
    assert step_of(item) == "unit_director"
    assert recipients() == ["deputy_a@example.org", "director_a@example.org"]
    restart = PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.chain_restarted"
    ).get()
    assert restart.user == office.editor_a

    # The unit director, then the office director, then ICT: it goes live.
    decide(office.director_a, item, "approve")
    assert step_of(item) == "office_director"
    decide(office.office_director, item, "approve")
    assert step_of(item) == "publisher"
    decide(office.ict, item, "approve")
    item.refresh_from_db()
    assert item.live and item.title == "แผนปฏิบัติการ ฉบับเขียนใหม่"
    published = item.live_revision

    # The memo shows the unit director approving after the rewrite, says which
    # version each decision was about, and marks the first approval superseded.
    html = memo_html(office, item)
    decisions = re.findall(r'<p class="memo-decision"><strong>([^<]+)</strong>', html)
    assert decisions == [
        "ขออนุญาตเผยแพร่",
        "อนุญาต",
        "ส่งกลับให้แก้ไข",
        "อนุญาต",
        "อนุญาต",
        "อนุญาต",
    ]
    blocks = re.findall(r'<div class="memo-signature[^"]*">(.*?)</div>', html, re.S)
    first_approval, _sent_back, second_approval = blocks[1], blocks[2], blocks[3]
    assert "Director_A" in first_approval and "Director_A" in second_approval
    assert "ถูกแทนที่" in first_approval and "ถูกแทนที่" not in second_approval
    number = {
        revision.pk: n
        for n, revision in enumerate(
            Revision.page_revisions.filter(object_id=str(item.pk)).order_by("pk"), 1
        )
    }
    assert f"ฉบับที่ {thai(number[approved_version.pk])}" in first_approval
    assert f"ฉบับที่ {thai(number[published.pk])}" in second_approval
    assert f"ฉบับที่ {thai(number[published.pk])}" in blocks[-1]


def test_resubmitting_without_a_change_resumes_at_the_step_that_sent_it_back():
    office = build_office()
    item = sent_back_by_the_office_director(office)
    submit_from_editor(office.editor_a, item)
    assert step_of(item) == "office_director"
    assert recipients() == ["office_director@example.org"]
    assert not PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.chain_restarted"
    ).exists()
    assert "ถูกแทนที่" not in memo_html(office, item)


def test_approvals_of_every_earlier_step_are_superseded_when_ict_sends_back():
    office = build_office()
    item = office.item(title="ประกาศ ฉบับเดิม")
    submit_from_editor(office.editor_a, item)
    decide(office.director_a, item, "approve")
    decide(office.office_director, item, "approve")
    decide(office.ict, item, "reject", "แก้ชื่อเรื่อง")
    submit_from_editor(office.editor_a, item, title="ประกาศ ฉบับแก้ไข")
    # Both earlier steps decide again, in the measure's order.
    assert step_of(item) == "unit_director"
    decide(office.director_a, item, "approve")
    assert step_of(item) == "office_director"
    decide(office.office_director, item, "approve")
    assert step_of(item) == "publisher"
    decide(office.ict, item, "approve")
    item.refresh_from_db()
    assert item.live and item.title == "ประกาศ ฉบับแก้ไข"
    assert memo_html(office, item).count("ถูกแทนที่") == 2


def test_the_last_step_cannot_publish_what_was_changed_after_earlier_approvals():
    """A second ICT person edits at the last step; the first may not publish it
    over the directors' heads: they send it back, and the chain starts again."""
    office = build_office()
    ict_2 = make_user("ict_2", first_name="Ict2", last_name="ทดสอบ")
    OfficeSettings.objects.get().ict_unit.members.add(ict_2)
    item = office.item(title="ชื่อที่อนุญาตแล้ว")
    submit_from_editor(office.editor_a, item)
    decide(office.director_a, item, "approve")
    decide(office.office_director, item, "approve")
    client = login(ict_2)
    data = edit_form(client, item)
    data["title"] = "ชื่อที่ ICT แก้เอง"
    client.post(f"/admin/pages/{item.pk}/edit/", data)
    item.refresh_from_db()
    state = item.current_workflow_task_state
    response = login(office.ict).post(
        action_url(item, "approve", state),
        {"comment": ""},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert not item.live
    state.refresh_from_db()
    assert state.status == "in_progress"


@pytest.mark.parametrize("changed", [False, True])
def test_a_gallery_follows_the_same_rule(changed):
    office = build_office()
    gallery = make_gallery(
        unit=office.unit_a, photos=2, publish=False, owner=office.editor_a
    )
    submit_from_editor(office.editor_a, gallery)
    decide(office.director_a, gallery, "approve")
    decide(office.office_director, gallery, "reject", "เลือกภาพใหม่")
    recipients()
    changes = {"title": "ภาพกิจกรรม ฉบับแก้ไข"} if changed else {}
    submit_from_editor(office.editor_a, gallery, **changes)
    assert step_of(gallery) == ("unit_director" if changed else "office_director")
