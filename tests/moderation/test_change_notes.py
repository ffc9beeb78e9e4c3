"""Change notes: a new version of a live item is submitted with a note of what
changed (or chosen explicitly as a minor edit); the memo of that request prints
it, and the public page shows it under ประวัติการแก้ไข once the chain publishes it."""

import pytest
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.models import WorkflowState

from disclosure_pages.models import DisclosureItemPage
from disclosure_thai.dates import format_thai_date
from moderation.models import ChangeNote, PublicationRequest
from tests.conftest import shared_data
from tests.moderation.office import build_office, edit_form, login
from tests.utils import category, make_gallery

pytestmark = pytest.mark.django_db

NOTE_REQUIRED = "เขียนสิ่งที่เปลี่ยนแปลงในฉบับนี้"
MINOR = "แก้ไขเล็กน้อย ไม่ต้องบันทึกประวัติ"
HISTORY = "ประวัติการแก้ไข"


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


def submit_change(office, item, **fields):
    """The editor changes the live item's summary and submits it."""
    client = login(office.editor_a)
    data = edit_form(client, item)
    data["summary"] = "สาระสำคัญฉบับปรับปรุง"
    data["action-submit"] = "1"
    data.update(fields)
    return client.post(f"/admin/pages/{item.pk}/edit/", data)


def run_the_chain(office, item):
    """Each step approves from the editor's workflow action, as people do."""
    for approver in (office.director_a, office.office_director, office.ict):
        item.refresh_from_db()
        state = item.current_workflow_task_state
        response = login(approver).post(
            f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
            {"comment": ""},
        )
        assert response.status_code in (200, 302), response.status_code
    item.refresh_from_db()


def public_html(client, item) -> str:
    item.refresh_from_db()
    response = client.get(item.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_to_a_live_item_needs_a_note_that_goes_public_with_it(office, client):
    item = office.item(publish=True, title="คู่มือการให้บริการประชาชน")
    editor = login(office.editor_a).get(f"/admin/pages/{item.pk}/edit/")
    assert MINOR in editor.content.decode()

    # No note and no "minor edit": refused in Thai, nothing is sent.
    for note in ("", "   "):
        refused = submit_change(office, item, change_note=note)
        assert refused.status_code == 200
        assert NOTE_REQUIRED in refused.content.decode()
        item.refresh_from_db()
        assert item.current_workflow_state is None
    assert not PublicationRequest.objects.filter(page=item).exists()

    note = "เปลี่ยนขั้นตอนการยื่นคำร้องเป็นช่องทางออนไลน์"
    response = submit_change(office, item, change_note=note)
    assert response.status_code == 302
    memo = PublicationRequest.objects.get(page=item)
    assert memo.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    kept = ChangeNote.objects.get(request=memo)
    assert kept.note == note and not kept.minor and kept.published_at is None
    html = login(office.director_a).get(f"/admin/disclosure-approval/memo/{memo.pk}/")
    assert note in html.content.decode() and "บันทึกการเปลี่ยนแปลง" in (
        html.content.decode()
    )

    # Not public before the chain publishes the version.
    before = public_html(client, item)
    assert HISTORY not in before and note not in before

    run_the_chain(office, item)
    assert item.live and item.summary == "สาระสำคัญฉบับปรับปรุง"
    after = public_html(client, item)
    assert HISTORY in after and note in after
    today = format_thai_date(timezone.localdate())
    history = after.split(HISTORY, 1)[1].split("</section>", 1)[0]
    assert today in history  # B.E. year, Thai month


def test_a_minor_edit_goes_through_without_a_note_and_is_not_listed(office, client):
    item = office.item(publish=True, title="ประกาศรับสมัครงาน")
    response = submit_change(office, item, minor_edit="on")
    assert response.status_code == 302
    memo = PublicationRequest.objects.get(page=item)
    assert ChangeNote.objects.get(request=memo).minor
    html = login(office.office_director).get(
        f"/admin/disclosure-approval/memo/{memo.pk}/"
    )
    assert MINOR in html.content.decode()
    run_the_chain(office, item)
    assert item.summary == "สาระสำคัญฉบับปรับปรุง"
    assert HISTORY not in public_html(client, item)


def test_a_new_item_needs_no_note_and_a_cancelled_change_keeps_its_note_private(
    office, client
):
    # A first publication: no note asked, none needed.
    url = f"/admin/pages/add/disclosure_pages/disclosureitempage/{category('1.9').pk}/"
    assert MINOR not in login(office.editor_a).get(url).content.decode()
    draft = office.item(title="รายการใหม่")
    editor = login(office.editor_a).get(f"/admin/pages/{draft.pk}/edit/")
    assert MINOR not in editor.content.decode()

    # A change sent with a note, then withdrawn by its editor: the next change,
    # published, shows its own note only.
    item = office.item(publish=True, title="ระเบียบการลา")
    submit_change(office, item, change_note="บันทึกที่ถูกถอน")
    item.refresh_from_db()
    cancel = f"/admin/disclosure-approval/cancel/{item.pk}/"
    login(office.editor_a).post(cancel, {"comment": "ส่งผิดฉบับ"})
    item.refresh_from_db()
    assert item.current_workflow_state is None
    submit_change(office, item, change_note="ปรับปรุงจำนวนวันลา")
    run_the_chain(office, item)
    html = public_html(client, item)
    assert "ปรับปรุงจำนวนวันลา" in html and "บันทึกที่ถูกถอน" not in html


def test_a_page_type_without_the_panel_is_not_asked_for_a_note(office):
    """Other unit page types opt in by showing ChangeNotePanel; until they do, a
    change to a live one is submitted as before (no hidden field to fill)."""
    item = office.item(publish=True, title="รายการชนิดอื่น")
    panels = ObjectList([FieldPanel("title"), FieldPanel("slug"), FieldPanel("unit")])
    form_class = panels.bind_to_model(DisclosureItemPage).get_form_class()
    data = {"title": item.title, "slug": item.slug, "unit": str(item.unit_id)}
    form = form_class(
        {**data, "action-submit": "1"},
        instance=item,
        parent_page=item.get_parent(),
        for_user=office.editor_a,
    )
    assert "change_note" not in form.fields
    assert form.is_valid(), form.errors


def test_a_gallery_change_needs_a_note_shown_on_the_gallery(office, client):
    gallery = make_gallery(unit=office.unit_a, photos=1, owner=office.editor_a)
    editor = login(office.editor_a)
    url = f"/admin/pages/{gallery.pk}/edit/"
    data = edit_form(editor, gallery)
    data["description"] = "เพิ่มรายชื่อผู้เข้าร่วมกิจกรรม"
    data["action-submit"] = "1"
    refused = editor.post(url, data)
    assert refused.status_code == 200
    assert NOTE_REQUIRED in refused.content.decode()
    data["change_note"] = "เพิ่มรายชื่อผู้เข้าร่วม"
    assert editor.post(url, data).status_code == 302
    run_the_chain(office, gallery)
    html = public_html(client, gallery)
    assert HISTORY in html and "เพิ่มรายชื่อผู้เข้าร่วม" in html


def test_every_unit_page_type_asks_for_a_change_note():
    """Items, galleries and the structured types (procurement, executives, the
    chart, action plans) all ask what changed in a new version of a live page."""
    from moderation.page_kinds import unit_owned_models

    models = unit_owned_models()
    assert len(models) >= 9
    for model in models:
        form_class = model.get_edit_handler().get_form_class()
        assert "change_note" in form_class.base_fields, model.__name__
        assert "minor_edit" in form_class.base_fields, model.__name__
