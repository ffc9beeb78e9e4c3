"""Urgent publication: the office director, or the ICT publisher on the director's
verbal order, publishes at once with a reason; the memo, the requests report and a
dashboard panel say it waits for approval after the fact, which the unit director
and the office director give (never the one who asked)."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from moderation.models import PublicationRequest, RetroApproval
from tests.conftest import shared_data
from tests.moderation.office import build_office, edit_form, login, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


def denied(response) -> bool:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard and a
    message; anything else it refuses with 403."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def urgent_url(page) -> str:
    return f"/admin/disclosure-approval/urgent/{page.pk}/"


def approve_url(memo) -> str:
    return f"/admin/disclosure-approval/memo/{memo.pk}/approve-after/"


def memo_html(user, memo) -> str:
    response = login(user).get(f"/admin/disclosure-approval/memo/{memo.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def urgent_panel(user) -> str:
    """The dashboard's urgent-publications panel, or "" when it is not shown."""
    html = login(user).get("/admin/").content.decode()
    if "disclosure-urgent-heading" not in html:
        return ""
    return html.split('aria-labelledby="disclosure-urgent-heading"', 1)[1].split(
        "</section>", 1
    )[0]


def test_the_ict_publisher_publishes_on_the_directors_verbal_order(office):
    item = office.item(title="ประกาศปิดสำนักงานด่วน")
    state = submit(item, office.editor_a).workflow_state
    url = urgent_url(item)

    # Neither the unit's people nor the administrator (who has [H1]) publish
    # urgently; the ICT publisher and the office director may.
    for user in (office.editor_a, office.director_a, office.pr, office.administrator):
        assert denied(login(user).get(url)), user
        assert denied(login(user).post(url, {"reason": "ด่วน"})), user
    item.refresh_from_db()
    assert not item.live

    ict = login(office.ict)
    form = ict.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    # The order is the director's: the ICT publisher names them (filled in).
    assert "สั่งการด้วยวาจาโดย" in html and "Office_Director ทดสอบ" in html
    refused = ict.post(url, {"reason": " ", "ordered_by": "Office_Director ทดสอบ"})
    assert refused.status_code == 400
    assert "เขียนเหตุผลที่ไม่อาจรอขั้นตอนการอนุญาตเผยแพร่" in refused.content.decode()
    refused = ict.post(url, {"reason": "หนังสือสั่งการด่วนที่สุด", "ordered_by": " "})
    assert refused.status_code == 400
    assert "ระบุชื่อผู้อำนวยการผู้สั่งการ" in refused.content.decode()
    item.refresh_from_db()
    assert not item.live

    reason = "หนังสือสั่งการด่วนที่สุด ต้องประกาศภายในวันนี้"
    response = ict.post(url, {"reason": reason, "ordered_by": "Office_Director ทดสอบ"})
    memo = PublicationRequest.objects.get(page=item, urgent=True)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/disclosure-approval/memo/{memo.pk}/"
    item.refresh_from_db()
    assert item.live
    assert memo.outside_chain and memo.reason == reason
    assert memo.ordered_by == "Office_Director ทดสอบ"
    assert memo.requested_by == office.ict and memo.retro_approved_at is None
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.published_urgently", user=office.ict
    ).exists()
    # The same POST again publishes nothing more and opens no second memo.
    ict.post(url, {"reason": reason, "ordered_by": "Office_Director ทดสอบ"})
    assert PublicationRequest.objects.filter(page=item, urgent=True).count() == 1

    # The page is flagged in its editor; the memo and the requests report say it.
    editor = login(office.editor_a).get(f"/admin/pages/{item.pk}/edit/")
    assert "รอการอนุมัติย้อนหลัง" in editor.content.decode()
    html = memo_html(office.ict, memo)
    assert "เผยแพร่ด่วน" in html and "รอการอนุมัติย้อนหลัง" in html
    assert reason in html and "ตามคำสั่งด้วยวาจาของ Office_Director ทดสอบ" in html
    report = login(office.office_director).get("/admin/disclosure-approval/requests/")
    assert "เผยแพร่ด่วน รอการอนุมัติย้อนหลัง" in report.content.decode()

    # Listed for the office director and the unit director, each with their
    # button; not in the acknowledgement panel of publications outside the chain.
    panel = urgent_panel(office.office_director)
    assert item.title in panel and "อนุมัติย้อนหลัง" in panel
    assert 'value="office_director"' in panel and 'value="unit_director"' not in panel
    home = login(office.office_director).get("/admin/").content.decode()
    acknowledging = home.split("disclosure-outside-chain-heading", 1)[1]
    assert item.title not in acknowledging.split("</section>", 1)[0]
    panel = urgent_panel(office.director_a)
    assert item.title in panel and 'value="unit_director"' in panel
    assert 'name="csrfmiddlewaretoken"' in panel  # a browser's post is accepted
    assert urgent_panel(office.director_b) == ""  # not their unit
    assert urgent_panel(office.editor_a) == ""
    acknowledge = f"/admin/disclosure-approval/memo/{memo.pk}/acknowledge/"
    assert login(office.office_director).post(acknowledge).status_code == 404

    # Approvals after the fact by the right people only.
    unit_step = {"step": "unit_director"}
    office_step = {"step": "office_director"}
    assert denied(login(office.ict).post(approve_url(memo), office_step))  # asked
    assert denied(login(office.director_b).post(approve_url(memo), unit_step))
    assert denied(login(office.editor_a).post(approve_url(memo), unit_step))
    assert denied(login(office.office_director).post(approve_url(memo), unit_step))
    forged = login(office.director_a).post(approve_url(memo), {"step": "publisher"})
    assert forged.status_code == 400
    assert login(office.director_a).get(approve_url(memo)).status_code == 405
    assert not RetroApproval.objects.filter(request=memo).exists()

    director = login(office.director_a)
    assert director.post(approve_url(memo), unit_step).status_code == 302
    again = director.post(approve_url(memo), unit_step, follow=True)
    assert "อนุมัติย้อนหลังแล้ว" in again.content.decode()
    assert RetroApproval.objects.filter(request=memo).count() == 1
    memo.refresh_from_db()
    assert memo.retro_approved_at is None
    assert item.title not in urgent_panel(office.director_a)

    login(office.office_director).post(approve_url(memo), office_step)
    memo.refresh_from_db()
    assert memo.retro_approved_at is not None
    assert item.title not in urgent_panel(office.office_director)
    html = memo_html(office.director_a, memo)
    assert "รอการอนุมัติย้อนหลัง" not in html
    editor = login(office.editor_a).get(f"/admin/pages/{item.pk}/edit/")
    assert "รอการอนุมัติย้อนหลัง" not in editor.content.decode()
    assert "Director_A ทดสอบ" in html and "Office_Director ทดสอบ" in html
    assert html.count("อนุมัติย้อนหลัง") >= 2
    report = login(office.ict).get("/admin/disclosure-approval/requests/")
    assert "เผยแพร่ด่วน อนุมัติย้อนหลังแล้ว" in report.content.decode()


def test_the_office_director_publishing_does_not_approve_it_himself(office):
    item = office.item(publish=True, title="ข้อมูลที่ต้องแก้ทันที")
    # The editor's new version, not yet sent to the chain: once published, the
    # page is the office's to publish urgently.
    client = login(office.editor_a)
    data = edit_form(client, item)
    data["title"] = "ข้อมูลที่แก้แล้ว"
    client.post(f"/admin/pages/{item.pk}/edit/", data)

    director = login(office.office_director)
    html = director.get(urgent_url(item)).content.decode()
    assert "สั่งการด้วยวาจาโดย" not in html  # their own order
    assert "แก้ไขเล็กน้อย ไม่ต้องบันทึกประวัติ" in html  # a live page's change
    # A change to a live page needs its note here too.
    refused = director.post(urgent_url(item), {"reason": "คำสั่งศาล"})
    assert refused.status_code == 400
    assert "เขียนสิ่งที่เปลี่ยนแปลงในฉบับนี้" in refused.content.decode()
    director.post(
        urgent_url(item), {"reason": "คำสั่งศาล", "change_note": "แก้ชื่อเรื่องตามคำสั่ง"}
    )
    memo = PublicationRequest.objects.get(page=item, urgent=True)
    assert memo.ordered_by == ""
    html = memo_html(office.office_director, memo)
    assert "แก้ชื่อเรื่องตามคำสั่ง" in html

    # Nobody approves their own request: the office director's step goes to the
    # administrators (the chain's rule when nobody else is left).
    office_step = {"step": "office_director"}
    assert denied(login(office.office_director).post(approve_url(memo), office_step))
    assert 'value="office_director"' not in urgent_panel(office.office_director)
    assert 'value="office_director"' in urgent_panel(office.administrator)
    login(office.administrator).post(approve_url(memo), office_step)
    login(office.deputy_a).post(approve_url(memo), {"step": "unit_director"})
    memo.refresh_from_db()
    assert memo.retro_approved_at is not None
    approvals = {a.step: a for a in memo.retro_approvals.all()}
    assert approvals["unit_director"].acting  # the deputy, for the director
    assert approvals["office_director"].user == office.administrator


def test_an_urgent_publication_left_unapproved_past_three_days_is_marked(office):
    old = office.item(office.unit_b, title="ประกาศด่วนค้างนาน")
    new = office.item(office.unit_b, title="ประกาศด่วนวันนี้")
    for page in (old, new):
        submit(page, office.editor_b)
        login(office.ict).post(
            urgent_url(page), {"reason": "ด่วน", "ordered_by": "Office_Director ทดสอบ"}
        )
    PublicationRequest.objects.filter(page=old).update(
        submitted_at=timezone.now() - dt.timedelta(days=3, hours=1)
    )
    panel = urgent_panel(office.office_director)
    rows = {
        title: panel.split(title, 1)[0].rsplit("<tr", 1)[1]
        + panel.split(title, 1)[1].split("</tr>", 1)[0]
        for title in (old.title, new.title)
    }
    assert "ค้างเกิน 3 วัน" in rows[old.title]
    assert "disclosure-urgent-overdue" in rows[old.title]
    assert "ค้างเกิน" not in rows[new.title]
    # The oldest first; the unit's director sees both, the other unit's neither.
    assert panel.index(old.title) < panel.index(new.title)
    assert new.title in urgent_panel(office.director_b)
    assert old.title not in urgent_panel(office.director_a)
