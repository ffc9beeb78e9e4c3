"""The approval chain's edges tried the way a careless or hostile user would: the
same click twice, nothing to publish, forged requests."""

import pytest
from wagtail.models import PageLogEntry

from moderation.models import PublicationRequest
from tests.moderation.office import build_office, edit_form, login

pytestmark = pytest.mark.django_db


def published(page) -> int:
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


def test_publishing_outside_the_chain_twice_opens_one_memo():
    """The reason sent twice (a double click, a reload): the page is published
    once, one memo is numbered, and the second answer leads to that memo."""
    office = build_office()
    item = office.item(office.unit_b, publish=False, title="ประกาศด่วน")
    admin = login(office.administrator)
    url = f"/admin/disclosure-approval/publish/{item.pk}/"
    first = admin.post(url, {"reason": "หนังสือสั่งการด่วนที่สุด"})
    memo = PublicationRequest.objects.get(page=item)
    assert first["Location"] == f"/admin/disclosure-approval/memo/{memo.pk}/"

    again = admin.post(url, {"reason": "หนังสือสั่งการด่วนที่สุด"})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert admin.get(url)["Location"] == first["Location"]
    assert PublicationRequest.objects.filter(page=item).count() == 1
    assert published(item) == 1


def test_a_live_page_without_changes_is_not_published_outside_the_chain_again():
    """Nothing new to publish (saved from the editor without a change, too): no
    memo for the office director to acknowledge, and the administrator is told."""
    office = build_office()
    item = office.item(office.unit_b, publish=True, title="เผยแพร่แล้ว")
    admin = login(office.administrator)
    data = edit_form(admin, item)
    data["action-disclosure-publish-outside"] = "1"
    admin.post(f"/admin/pages/{item.pk}/edit/", data)
    url = f"/admin/disclosure-approval/publish/{item.pk}/"
    response = admin.post(url, {"reason": "ขอเผยแพร่อีกครั้ง"}, follow=True)
    assert response.redirect_chain[0][0] == f"/admin/pages/{item.pk}/edit/"
    assert "ไม่มีสิ่งใหม่ให้เผยแพร่" in response.content.decode()
    assert not PublicationRequest.objects.filter(page=item).exists()
    assert published(item) == 1

    # A real change still goes out, with its memo.
    data = edit_form(admin, item)
    data["title"] = "เผยแพร่แล้ว ฉบับแก้ไข"
    data["action-disclosure-publish-outside"] = "1"
    admin.post(f"/admin/pages/{item.pk}/edit/", data)
    admin.post(url, {"reason": "แก้ไขชื่อผิด"})
    item.refresh_from_db()
    assert item.title == "เผยแพร่แล้ว ฉบับแก้ไข"
    assert PublicationRequest.objects.filter(page=item, outside_chain=True).count() == 1
