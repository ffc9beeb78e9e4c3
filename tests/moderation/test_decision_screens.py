"""What an approver sees around a decision: the buttons offered and where they land."""

import json
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Revision

from tests.moderation.office import build_office, edit_form, login, submit

pytestmark = pytest.mark.django_db


def decide(client, page, action, comment=""):
    """Press a decision in the editor's footer (as its modal posts it)."""
    data = edit_form(client, page)
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": comment}),
        }
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def approval_buttons(client, page) -> list[str]:
    """The labels of the approve buttons in the editor's footer menu."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    labels = re.findall(
        r'data-workflow-action-name="approve"[^>]*>.*?</svg>\s*(.*?)\s*</button>',
        html,
        re.S,
    )
    return [re.sub(r"\s+", " ", label) for label in labels]


def at_publisher_step(office):
    item = office.item()
    state = submit(item, office.editor_a)
    for approver in (office.director_a, office.office_director):
        state.task.specific.on_action(state, approver, "approve")
        item.refresh_from_db()
        state = item.current_workflow_task_state
    assert state.task.specific.step == "publisher"
    return item


def test_the_last_step_says_it_publishes_once():
    office = build_office()
    item = at_publisher_step(office)
    # Wagtail adds "and publish" to the approvals of the last step itself.
    assert approval_buttons(login(office.ict), item) == [
        "อนุญาต และเผยแพร่",
        "อนุญาตพร้อมความเห็น และเผยแพร่",
    ]


def test_earlier_steps_only_approve():
    office = build_office()
    item = office.item()
    submit(item, office.editor_a)
    assert approval_buttons(login(office.director_a), item) == [
        "อนุญาต",
        "อนุญาตพร้อมความเห็น",
    ]


@pytest.mark.parametrize(
    ("action", "comment"), [("approve", ""), ("reject", "โปรดแนบเอกสารฉบับลงนาม")]
)
def test_the_office_director_goes_back_to_the_dashboard_after_deciding(action, comment):
    office = build_office()
    item = office.item()
    state = submit(item, office.editor_a)
    state.task.specific.on_action(state, office.director_a, "approve")
    client = login(office.office_director)
    response = decide(client, item, action, comment)
    item.refresh_from_db()
    assert item.current_workflow_state.status == (
        "in_progress" if action == "approve" else "needs_changes"
    )
    # Not the page explorer, which the office director may not open.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    shown = [unescape(str(m)).strip() for m in get_messages(dashboard.wsgi_request)]
    # What happened to the request, not Wagtail's "page updated" (and no "no
    # permission").
    assert shown == [
        f"อนุญาตแล้ว ส่งต่อผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่: '{item.title}'"
        if action == "approve"
        else f"ส่งกลับให้แก้ไขแล้ว: '{item.title}' กลับไปยัง Editor_A ทดสอบ พร้อมความเห็นของท่าน"
    ]


def messages_after(client, response) -> list[str]:
    page = client.get(response["Location"])
    return [unescape(str(m)).strip() for m in get_messages(page.wsgi_request)]


def test_the_unit_directors_approval_names_the_next_approver():
    office = build_office()
    item = office.item()
    submit(item, office.editor_a)
    client = login(office.director_a)
    response = decide(client, item, "approve")
    assert messages_after(client, response) == [
        f"อนุญาตแล้ว ส่งต่อผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา: '{item.title}'"
    ]


def test_the_last_approval_says_it_is_published():
    office = build_office()
    item = at_publisher_step(office)
    client = login(office.ict)
    response = decide(client, item, "approve")
    item.refresh_from_db()
    assert item.live
    assert messages_after(client, response) == [
        f"เผยแพร่แล้ว: '{item.title}' ขึ้นเว็บไซต์แล้ว"
    ]


def test_an_approver_who_may_explore_still_returns_to_the_category():
    office = build_office()
    item = office.item()
    submit(item, office.editor_a)
    response = decide(login(office.director_a), item, "approve")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{item.get_parent().pk}/"


def test_an_autosave_carrying_a_decision_changes_nothing():
    """Wagtail's autosave sends the edit form, a decision's hidden fields included,
    while the decision itself is being sent: only the decision's own post acts."""
    office = build_office()
    item = at_publisher_step(office)
    client = login(office.ict)
    data = edit_form(client, item)
    data.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        }
    )
    revisions = Revision.page_revisions.filter(object_id=str(item.pk)).count()
    autosave = client.post(
        f"/admin/pages/{item.pk}/edit/", data, HTTP_ACCEPT="application/json"
    )
    assert autosave.status_code == 409
    assert autosave.json()["success"] is False
    item.refresh_from_db()
    assert not item.live
    assert item.current_workflow_task_state.task.specific.step == "publisher"
    assert Revision.page_revisions.filter(object_id=str(item.pk)).count() == revisions
    # The decision's own post publishes.
    response = client.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live and item.current_workflow_state is None
