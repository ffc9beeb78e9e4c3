"""Publishing a unit's page outside the approval chain (defect 8): an
administrator, with a written reason, from the editor; the memo marked as such;
the office director's dashboard lists it until they acknowledge it."""

import pytest
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from moderation.models import PublicationRequest
from tests.moderation.office import build_office, edit_form, login
from tests.utils import category, make_gallery

pytestmark = pytest.mark.django_db


def denied(response) -> bool:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard and a
    message; anything else it refuses with 403."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def test_an_administrator_publishes_outside_the_chain_with_a_reason(client):
    office = build_office()
    item = office.item(office.unit_b, publish=False, title="ประกาศด่วน")
    edit_url = f"/admin/pages/{item.pk}/edit/"

    # Nobody has Wagtail's Publish button on a unit's page; the ICT publisher has
    # no way round the chain at all, the administrator has one, with a reason.
    ict_editor = login(office.ict).get(edit_url).content.decode()
    assert 'name="action-publish"' not in ict_editor
    assert "action-disclosure-publish-outside" not in ict_editor
    admin = login(office.administrator)
    editor = admin.get(edit_url).content.decode()
    assert 'name="action-publish"' not in editor
    assert "เผยแพร่นอกขั้นตอนการอนุญาต…" in editor

    # The button saves the draft (nothing lost) and asks for the reason.
    data = edit_form(admin, item)
    data["title"] = "ประกาศด่วน เรื่องปิดสำนักงาน"
    data["action-disclosure-publish-outside"] = "1"
    response = admin.post(edit_url, data)
    reason_url = f"/admin/disclosure-approval/publish/{item.pk}/"
    assert response.status_code == 302 and response["Location"] == reason_url
    item.refresh_from_db()
    assert not item.live and item.draft_title == "ประกาศด่วน เรื่องปิดสำนักงาน"

    # Without a reason: refused, with the reason asked for.
    page = admin.get(reason_url)
    assert page.status_code == 200
    assert "ประกาศด่วน เรื่องปิดสำนักงาน" in page.content.decode()
    refused = admin.post(reason_url, {"reason": "   "})
    assert refused.status_code == 400
    assert "เขียนเหตุผลที่ไม่อาจรอขั้นตอนการอนุญาตเผยแพร่" in refused.content.decode()
    item.refresh_from_db()
    assert not item.live

    reason = "หนังสือสั่งการด่วนที่สุด ต้องประกาศภายในวันนี้"
    response = admin.post(reason_url, {"reason": reason})
    item.refresh_from_db()
    assert item.live and item.title == "ประกาศด่วน เรื่องปิดสำนักงาน"
    memo = PublicationRequest.objects.get(page=item)
    assert memo.outside_chain and memo.reason == reason
    assert memo.requested_by == office.administrator and memo.unit == office.unit_b
    assert memo.workflow_state is None
    assert response.status_code == 302
    assert response["Location"] == f"/admin/disclosure-approval/memo/{memo.pk}/"
    assert PageLogEntry.objects.filter(
        page=item,
        action="disclosure_moderation.published_outside_chain",
        user=office.administrator,
        data__reason=reason,
    ).exists()
    html = admin.get(response["Location"]).content.decode()
    assert "เผยแพร่นอกขั้นตอนการอนุญาต" in html and reason in html
    assert "รอการรับทราบ" in html

    # Listed on the office director's dashboard (only theirs) until acknowledged.
    director = login(office.office_director)
    dashboard = director.get("/admin/").content.decode()
    assert "เผยแพร่นอกขั้นตอนการอนุญาต" in dashboard and item.title in dashboard
    for other in (office.ict, office.administrator, office.editor_b):
        assert "disclosure-outside-chain-heading" not in (
            login(other).get("/admin/").content.decode()
        )
    acknowledge_url = f"/admin/disclosure-approval/memo/{memo.pk}/acknowledge/"
    assert denied(login(office.ict).post(acknowledge_url))
    assert director.get(acknowledge_url).status_code == 405
    response = director.post(acknowledge_url)
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.acknowledged_by == office.office_director and memo.acknowledged_at
    acknowledged_at = memo.acknowledged_at
    assert item.title not in director.get("/admin/").content.decode()
    html = admin.get(f"/admin/disclosure-approval/memo/{memo.pk}/").content.decode()
    assert "รับทราบ" in html and "Office_Director" in html
    # A second press changes nothing.
    director.post(acknowledge_url)
    memo.refresh_from_db()
    assert memo.acknowledged_at == acknowledged_at


def test_publishing_outside_the_chain_cancels_a_running_request_and_says_why():
    office = build_office()
    item = office.item(title="รายการรอพิจารณา")
    state = item.get_workflow().start(item, office.editor_a)
    reason = "ศาลปกครองสั่งให้เปิดเผยทันที"
    response = login(office.administrator).post(
        f"/admin/disclosure-approval/publish/{item.pk}/", {"reason": reason}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live
    state.refresh_from_db()
    assert state.status == "cancelled"
    request = PublicationRequest.objects.get(workflow_state=state)
    assert reason in request.cancel_comment
    outside = PublicationRequest.objects.get(page=item, outside_chain=True)
    assert outside.number != request.number


def test_a_gallery_that_is_not_ready_is_not_published_outside_the_chain():
    office = build_office()
    gallery = make_gallery(unit=office.unit_b, publish=False)  # no photos yet
    response = login(office.administrator).post(
        f"/admin/disclosure-approval/publish/{gallery.pk}/", {"reason": "ด่วน"}
    )
    assert response.status_code == 400
    assert "อย่างน้อยหนึ่งภาพ" in response.content.decode()
    gallery.refresh_from_db()
    assert not gallery.live
    assert not PublicationRequest.objects.filter(page=gallery).exists()


def test_the_requests_report_lists_a_publication_outside_the_chain():
    office = build_office()
    item = office.item(office.unit_b, publish=False, title="ประกาศด่วนในรายงาน")
    login(office.administrator).post(
        f"/admin/disclosure-approval/publish/{item.pk}/", {"reason": "ด่วน"}
    )
    client = login(office.office_director)
    response = client.get("/admin/disclosure-approval/requests/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ประกาศด่วนในรายงาน" in html and "เผยแพร่นอกขั้นตอนการอนุญาต" in html
    export = client.get("/admin/disclosure-approval/requests/", {"export": "xlsx"})
    assert export.status_code == 200


def test_a_new_item_is_published_outside_the_chain_from_the_create_form():
    office = build_office()
    admin = login(office.administrator)
    url = f"/admin/pages/add/disclosure_pages/disclosureitempage/{category('1.9').pk}/"
    html = admin.get(url).content.decode()
    assert "เผยแพร่นอกขั้นตอนการอนุญาต…" in html and 'name="action-publish"' not in html
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    data.update(
        {
            "title": "ประกาศใหม่ด่วน",
            "slug": "urgent-new",
            "unit": str(office.unit_b.pk),
            "body-count": "0",
            "action-disclosure-publish-outside": "1",
        }
    )
    response = admin.post(url, data)
    assert response.status_code == 302
    page = Page.objects.get(slug="urgent-new")
    assert response["Location"] == f"/admin/disclosure-approval/publish/{page.pk}/"
    assert not page.live
    admin.post(response["Location"], {"reason": "ด่วนที่สุด"})
    page.refresh_from_db()
    assert page.live
