"""The whole approval chain through the admin's own views, as people use it."""

import re

import pytest
from django.core import mail
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.users.models import UserProfile

from moderation.models import PublicationRequest
from moderation.pdf import chromium
from tests.moderation.office import build_office, edit_form, login, recipients

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def current_state(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def denied(response) -> bool:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard and a
    message; anything else it refuses with 403."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def test_request_goes_through_every_step_and_prints_as_memo(client):
    office = build_office()
    profile = UserProfile.get_for_user(office.ict)
    profile.preferred_language = "en"
    profile.save()
    item = office.item(title="แผนปฏิบัติการประจำปี 2570", summary="แผนของกลุ่ม")

    # The editor submits the draft for approval.
    client = login(office.editor_a)
    data = edit_form(client, item)
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 302
    state = current_state(item)
    assert state.task.specific.step == "unit_director"
    assert recipients() == ["deputy_a@example.org", "director_a@example.org"]

    # Another unit's director has no actions, and a forged POST changes nothing.
    client = login(office.director_b)
    assert denied(client.get(f"/admin/pages/{item.pk}/edit/"))
    dashboard = client.get("/admin/").content.decode()
    assert item.title not in dashboard
    # As the admin's modal sends it (XHR): 403. As a plain form: Wagtail's refusal,
    # a redirect to the dashboard with "you do not have permission".
    response = client.post(action_url(item, "approve", state), {"comment": ""}, **AJAX)
    assert response.status_code == 403
    assert denied(client.post(action_url(item, "approve", state), {"comment": ""}))
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    assert recipients() == []

    # The unit's director sees it waiting, with the decisions in the editor, and
    # approves.
    client = login(office.director_a)
    assert item.title in client.get("/admin/").content.decode()
    editor_page = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert "ส่งกลับให้แก้ไข" in editor_page and "อนุญาตพร้อมความเห็น" in editor_page
    response = client.post(action_url(item, "approve", state), {"comment": ""})
    assert response.status_code == 302
    first_state = state
    state = current_state(item)
    assert state.task.specific.step == "office_director"
    assert recipients() == ["office_director@example.org"]
    # A second click on the same button: refused, and the next step is untouched.
    again = client.post(action_url(item, "approve", first_state), {}, **AJAX)
    assert again.status_code == 403
    assert current_state(item).pk == state.pk
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"

    # The office director must say what to change...
    client = login(office.office_director)
    response = client.post(action_url(item, "reject", state), {"comment": "  "}, **AJAX)
    assert response.status_code == 200
    assert "ระบุสิ่งที่ต้องแก้ไข" in response.json()["html"]
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    # ...and then sends it back with a comment, which reaches the editor.
    response = client.post(
        action_url(item, "reject", state), {"comment": "แนบไฟล์ PDF ฉบับลงนาม"}
    )
    assert response.status_code == 302
    assert item.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    (rejection,) = mail.outbox
    assert rejection.subject.startswith("ส่งกลับให้แก้ไข")
    assert "แนบไฟล์ PDF ฉบับลงนาม" in rejection.body
    assert f"http://testserver/admin/pages/{item.pk}/edit/" in rejection.body
    assert recipients() == ["editor_a@example.org"]

    # The editor revises and resubmits: the unit director has not seen the new
    # version, so the chain starts again with them (README, "approval chain").
    client = login(office.editor_a)
    data = edit_form(client, item)
    data["title"] = "แผนปฏิบัติการประจำปี 2570 (ฉบับแก้ไข)"
    data["action-submit"] = "1"
    assert client.post(f"/admin/pages/{item.pk}/edit/", data).status_code == 302
    state = current_state(item)
    assert state.task.specific.step == "unit_director"
    assert recipients() == ["deputy_a@example.org", "director_a@example.org"]
    client = login(office.director_a)
    response = client.post(action_url(item, "approve", state), {"comment": ""})
    assert response.status_code == 302
    state = current_state(item)
    assert state.task.specific.step == "office_director"
    assert recipients() == ["office_director@example.org"]

    # This time from the editor's own footer, as the step email's link leads there.
    client = login(office.office_director)
    data = edit_form(client, item)
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": '{"comment": "อนุญาต"}',
        }
    )
    response = client.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 302
    state = current_state(item)
    assert state.task.specific.step == "publisher"
    assert recipients() == ["ict@example.org"]

    # The ICT publisher's approval publishes; a second click decides nothing more.
    client = login(office.ict)
    response = client.post(action_url(item, "approve", state), {"comment": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live
    assert item.title == "แผนปฏิบัติการประจำปี 2570 (ฉบับแก้ไข)"
    (published,) = mail.outbox
    assert published.subject.startswith("เผยแพร่แล้ว")
    assert item.full_url in published.body
    assert recipients() == ["editor_a@example.org"]
    decisions = TaskState.objects.filter(workflow_state__object_id=str(item.pk))
    count = decisions.count()
    again = client.post(action_url(item, "approve", state), {"comment": ""})
    assert again.status_code in (302, 403)
    assert decisions.count() == count
    assert recipients() == []
    assert client.get(item.url).status_code == 200

    # The memo shows every decision, in order, with the comments.
    request = PublicationRequest.objects.get(page=item)
    client = login(office.editor_a)
    memo = client.get(f"/admin/disclosure-approval/memo/{request.pk}/").content.decode()
    order = [
        memo.index("Editor_A"),
        memo.index("Director_A"),
        memo.index("แนบไฟล์ PDF ฉบับลงนาม"),
        memo.index("Office_Director"),
        memo.index("Ict"),
    ]
    assert order == sorted(order)
    decisions = re.findall(r'<p class="memo-decision"><strong>([^<]+)</strong>', memo)
    assert decisions == [
        "ขออนุญาตเผยแพร่",
        "อนุญาต",
        "ส่งกลับให้แก้ไข",
        "อนุญาต",
        "อนุญาต",
        "อนุญาต",
    ]
    assert item.full_url in memo
    assert "ศธ 04099/" in memo

    # Every step is in the page's history, with who and when; so is a withdrawal.
    login(office.ict).post(f"/admin/pages/{item.pk}/unpublish/")
    entries = list(
        PageLogEntry.objects.filter(page=item)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username", "data")
    )
    trail = [
        (action, user)
        for action, user, _data in entries
        if "workflow" in action or "chain" in action
    ]
    assert trail == [
        ("wagtail.workflow.start", "editor_a"),
        ("wagtail.workflow.approve", "director_a"),
        ("wagtail.workflow.reject", "office_director"),
        ("wagtail.workflow.resume", "editor_a"),
        ("disclosure_moderation.chain_restarted", "editor_a"),
        ("wagtail.workflow.approve", "director_a"),
        ("wagtail.workflow.approve", "office_director"),
        ("wagtail.workflow.approve", "ict"),
    ]
    comments = [
        d.get("comment") for a, _u, d in entries if a == "wagtail.workflow.reject"
    ]
    assert comments == ["แนบไฟล์ PDF ฉบับลงนาม"]
    actions = [(action, user) for action, user, _data in entries]
    assert ("wagtail.publish", "ict") in actions
    assert actions[-1] == ("wagtail.unpublish", "ict")


def test_emails_follow_each_recipients_admin_language(client):
    office = build_office()
    for user, language in ((office.director_a, "en"), (office.deputy_a, "th")):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    item = office.item(title="ประกาศรับสมัคร")
    client = login(office.editor_a)
    data = edit_form(client, item)
    data["action-submit"] = "1"
    client.post(f"/admin/pages/{item.pk}/edit/", data)
    from django.core import mail

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["director_a@example.org"].startswith("Waiting for your approval")
    assert subjects["deputy_a@example.org"].startswith("รอการพิจารณา")


@pytest.mark.skipif(
    chromium() is None, reason="needs Debian's chromium (.ci/run installs it)"
)
def test_memo_downloads_as_a_pdf_of_the_same_page():
    from io import BytesIO

    from pypdf import PdfReader

    office = build_office()
    item = office.item(title="Annual action plan 2570")
    item.get_workflow().start(item, office.editor_a)
    memo = PublicationRequest.objects.get(page=item)
    response = login(office.editor_a).get(
        f"/admin/disclosure-approval/memo/{memo.pk}/", {"format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f'memo-{memo.number}-{memo.fiscal_year}.pdf"'
    assert response["Content-Disposition"].endswith(filename)
    reader = PdfReader(BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert "Annual action plan 2570" in reader.pages[0].extract_text()


def test_without_a_browser_engine_the_pdf_link_explains_how_to_print(settings):
    settings.DISCLOSURE_CHROMIUM = "/nonexistent/chromium"
    office = build_office()
    item = office.item()
    item.get_workflow().start(item, office.editor_a)
    memo = PublicationRequest.objects.get(page=item)
    response = login(office.editor_a).get(
        f"/admin/disclosure-approval/memo/{memo.pk}/", {"format": "pdf"}
    )
    assert response.status_code == 503
    assert "บันทึกเป็น PDF" in response.content.decode()
