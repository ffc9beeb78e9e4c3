"""The editor's preview of a page not saved yet: a new page has no address of its
own, so nothing on it may link to its poster or share address."""

import pytest
from django.test import RequestFactory

from disclosure_pages.models import DisclosureItemPage
from moderation.models import Unit
from tests.utils import category, make_user

pytestmark = pytest.mark.django_db


def test_a_new_item_previews_without_a_poster_link(disclosure):
    parent = category("1.9")
    item = DisclosureItemPage(
        title="ประกาศที่ยังไม่ได้บันทึก",
        slug="unsaved-preview",
        unit=Unit.objects.get(code="finance"),
        path=parent.path + "9999",
        depth=parent.depth + 1,
    )
    request = RequestFactory().get("/admin/pages/add/preview/")
    request.user = make_user("preview-admin", is_superuser=True)
    response = item.make_preview_request(original_request=request)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ประกาศที่ยังไม่ได้บันทึก" in html
    assert "/poster/" not in html
