"""Edge cases of the approval chain: editing under review, reverts across units,
nobody left on a step, locks, what the memo prints, and broken forms."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, Revision

from moderation.models import OfficeSettings, PublicationRequest, Unit
from tests.moderation.office import build_office, edit_form, login, recipients, submit
from tests.utils import gallery_index

pytestmark = pytest.mark.django_db


def footer(client, page, action, comment=""):
    """Press a decision button in the editor's footer, with the form as loaded."""
    data = edit_form(client, page)
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": comment}),
        }
    )
    return data


def test_an_approver_who_changes_the_content_may_send_it_back_but_not_approve_it():
    office = build_office()
    item = office.item(title="ชื่อเดิม")
    state = submit(item, office.editor_a)
    director = login(office.director_a)
    data = footer(director, item, "approve")
    data["title"] = "ชื่อที่ผู้อำนวยการแก้"
    director.post(f"/admin/pages/{item.pk}/edit/", data)
    state.refresh_from_db()
    assert state.status == "in_progress"  # not approved
    # Nothing was lost: the director's wording is kept as the latest draft...
    latest = Revision.page_revisions.filter(object_id=str(item.pk)).latest("pk")
    assert latest.user == office.director_a
    # ...and the director is offered only "request changes" now.
    actions = state.task.specific.get_actions(item, office.director_a)
    assert [name for name, *_ in actions] == ["reject"]
    # The deputy, who changed nothing, may approve it.
    assert "approve" in [
        n for n, *_ in state.task.specific.get_actions(item, office.deputy_a)
    ]


def test_reverting_to_an_old_revision_of_another_units_item_is_refused():
    office = build_office()
    item = office.item(publish=True)  # unit A
    old = item.get_latest_revision()
    item.unit = office.unit_b
    # Published as the chain's last step would (nobody publishes it by hand).
    item.save_revision(user=office.ict).publish(
        user=office.ict, skip_permission_checks=True
    )
    editor_a = login(office.editor_a)
    for url in (
        f"/admin/pages/{item.pk}/edit/",
        f"/admin/pages/{item.pk}/revisions/{old.pk}/revert/",
    ):
        response = editor_a.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    before = Revision.page_revisions.filter(object_id=str(item.pk)).count()
    data = edit_form(login(office.ict), item)
    data["action-submit"] = "1"
    editor_a.post(f"/admin/pages/{item.pk}/revisions/{old.pk}/revert/", data)
    assert Revision.page_revisions.filter(object_id=str(item.pk)).count() == before
    assert item.current_workflow_state is None


def test_when_the_office_director_asks_the_administrators_decide_step_two():
    office = build_office()
    item = office.item(owner=office.office_director)
    item.save_revision(user=office.office_director)
    state = submit(item, office.office_director)  # step 1: unit A's director
    recipients()
    state.task.specific.on_action(state, office.director_a, "approve")
    item.refresh_from_db()
    state = item.current_workflow_task_state
    assert state.task.specific.step == "office_director"
    assert recipients() == ["administrator@example.org"]
    entry = PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.step_started"
    ).latest("pk")
    assert entry.data["routing"] == "administrators"
    assert state.task.specific.get_actions(item, office.office_director) == []
    assert state.task.specific.get_actions(item, office.administrator)


def test_when_the_only_ict_person_asks_the_administrators_publish():
    office = build_office()
    item = office.item(unit=office.unit_b)
    item.save_revision(user=office.ict)
    state = submit(item, office.ict)
    for approver in (office.director_b, office.office_director):
        state.task.specific.on_action(state, approver, "approve")
        item.refresh_from_db()
        state = item.current_workflow_task_state
    assert state.task.specific.step == "publisher"
    assert state.task.specific.get_actions(item, office.ict) == []
    state.task.specific.on_action(state, office.administrator, "approve")
    item.refresh_from_db()
    assert item.live


def test_approvers_cannot_lock_and_publishers_can_unlock_during_a_workflow():
    office = build_office()
    item = office.item()
    submit(item, office.editor_a)
    login(office.director_a).post(f"/admin/pages/{item.pk}/lock/")
    item.refresh_from_db()
    assert not item.locked
    item.locked, item.locked_by = True, office.editor_a
    item.save(update_fields=["locked", "locked_by"])
    login(office.ict).post(f"/admin/pages/{item.pk}/unlock/")
    item.refresh_from_db()
    assert not item.locked


def test_the_memo_prints_the_version_under_review_and_what_was_true_when_decided():
    office = build_office()
    document = get_document_model().objects.create(
        title="แผนการจัดซื้อ",
        file=ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="plan.pdf"),
    )
    item = office.item(title="ชื่อที่เผยแพร่", publish=True)
    item.title = "ชื่อฉบับแก้ไข"
    item.body = [("document", {"document": document, "title": "", "accessible": True})]
    item.save_revision(user=office.editor_a)
    Unit.objects.filter(pk=office.unit_a.pk).update(deputy=None, director=None)
    state = submit(item, office.editor_a)
    # Step 1 went to the office director, who decides as the superior.
    state.task.specific.on_action(state, office.office_director, "approve")
    memo = PublicationRequest.objects.get(page=item)
    client = login(office.editor_a)
    html = client.get(f"/admin/disclosure-approval/memo/{memo.pk}/").content.decode()
    assert "ชื่อฉบับแก้ไข" in html and "ชื่อที่เผยแพร่" not in html
    assert "แผนการจัดซื้อ (PDF)" in html
    assert "ปฏิบัติราชการแทน" not in html
    office_name = OfficeSettings.objects.get().name_th
    assert f"ผู้อำนวยการ{office_name}" in html
    # Later changes to the office do not rewrite the memo.
    settings = OfficeSettings.objects.get()
    settings.office_director = office.director_b
    settings.memo_number_prefix = "ใหม่/"
    settings.save()
    again = client.get(f"/admin/disclosure-approval/memo/{memo.pk}/").content.decode()
    assert "ปฏิบัติราชการแทน" not in again
    assert "ศธ 04099/" in again and "ใหม่/" not in again


def test_staff_cannot_edit_the_gallery_section_itself():
    office = build_office()
    index = gallery_index()
    response = login(office.editor_a).get(f"/admin/pages/{index.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert login(office.ict).get(f"/admin/pages/{index.pk}/edit/").status_code == 200


@pytest.mark.parametrize("parent", [None, "", "abc", "99999999"])
def test_a_broken_copy_form_is_a_400(parent):
    office = build_office()
    item = office.item()
    data = {"new_title": "สำเนา", "new_slug": "copy-x"}
    if parent is not None:
        data["new_parent_page"] = parent
    response = login(office.editor_a).post(f"/admin/pages/{item.pk}/copy/", data)
    assert response.status_code == 400


def test_a_comment_that_is_not_text_is_refused_in_the_editor():
    office = build_office()
    item = office.item()
    state = submit(item, office.editor_a)
    director = login(office.director_a)
    data = footer(director, item, "approve")
    data["workflow-action-extra-data"] = '{"comment": {"a": 1}}'
    assert director.post(f"/admin/pages/{item.pk}/edit/", data).status_code == 400
    data["workflow-action-extra-data"] = json.dumps({"comment": "ก" * 2001})
    assert director.post(f"/admin/pages/{item.pk}/edit/", data).status_code == 400
    state.refresh_from_db()
    assert state.status == "in_progress"
