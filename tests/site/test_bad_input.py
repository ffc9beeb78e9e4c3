"""Malformed requests get a clear 4xx answer in Thai, never a 500.

Wagtail 8 itself answers three forged admin requests with a server error (an image
preview of size 0, a StreamField form with a broken block count, a bulk action on
ids that are not numbers); the site answers them with a 400 (disclosure_site/
bad_input.py). The public pages' filters, pagination, search and feedback form are
checked with malformed values too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from tests.moderation.office import build_office
from tests.utils import category, make_gallery, make_item, make_safe_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(admin_user) -> Client:
    # A 500 must come back as a response here, as the browser would see it.
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


def text(response) -> str:
    return response.content.decode()


# ---- image preview (Reports → Images → URL generator) ------------------------


@pytest.mark.parametrize(
    "spec", ["fill-0x0", "fill-10x0", "fill-0x10", "max-0x0", "width-0", "height-0"]
)
def test_an_image_preview_of_size_zero_is_a_400(admin, disclosure, spec):
    image = make_safe_image()
    response = admin.get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 400
    assert "ขนาดของภาพ" in text(response)


@pytest.mark.parametrize("spec", ["bogus", "fill-axb", "scale-0"])
def test_an_unknown_image_preview_size_is_a_thai_400(admin, disclosure, spec):
    image = make_safe_image()
    response = admin.get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 400
    assert "ขนาดของภาพ" in text(response)


def test_a_real_image_preview_still_works(admin, disclosure):
    image = make_safe_image()
    response = admin.get(f"/admin/images/{image.pk}/preview/fill-40x30/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


def test_an_image_preview_still_needs_a_sign_in(disclosure):
    image = make_safe_image()
    response = Client().get(f"/admin/images/{image.pk}/preview/fill-0x0/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


# ---- bulk actions -------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "?id=abc",
        "?id=1&id=abc",
        "?id=",
        "?id=1.5",
        "?id=99999999999999999999999",
        "?id=all&childOf=abc",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bulk_action_on_malformed_ids_is_a_400(admin, disclosure, query, method):
    item = make_item(category("1.9"), publish=False)
    response = getattr(admin, method)("/admin/bulk/wagtailcore/page/publish/" + query)
    assert response.status_code == 400
    assert "รายการที่เลือกไม่ถูกต้อง" in text(response)
    item.refresh_from_db()
    assert not item.live


def test_a_bulk_action_under_a_missing_page_is_a_404(admin, disclosure):
    response = admin.get("/admin/bulk/wagtailcore/page/publish/?id=all&childOf=999999")
    assert response.status_code == 404


@pytest.mark.parametrize("model", ["wagtailimages/image", "wagtaildocs/document"])
def test_bulk_actions_on_images_and_documents_check_ids_too(admin, disclosure, model):
    app_label = "disclosure_photo_gallery" if "image" in model else "wagtaildocs"
    model_name = "safeimage" if "image" in model else "document"
    response = admin.get(f"/admin/bulk/{app_label}/{model_name}/delete/?id=abc")
    assert response.status_code == 400


def test_a_well_formed_bulk_action_still_works(admin, disclosure):
    item = make_item(category("1.9"), publish=False, title="ประกาศที่เลือก")
    response = admin.get(f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}")
    assert response.status_code == 200
    assert "ประกาศที่เลือก" in text(response)


# ---- a StreamField form with a broken block count or order --------------------


@pytest.fixture
def editor_form(disclosure):
    """An editor of unit A signed in, with the real edit form of one of A's items."""
    office = build_office()
    item = office.item(title="ประกาศเดิม")
    client = Client(raise_request_exception=False)
    client.force_login(office.editor_a)
    url = f"/admin/pages/{item.pk}/edit/"
    data = querydict_from_html(text(client.get(url)), form_id="page-edit-form")
    # The StreamField's fields are written by the editor's JavaScript: here, the
    # empty body the browser would send.
    data["body-count"] = "0"
    return client, url, data, item


@pytest.mark.parametrize(
    "tamper",
    [
        {"body-count": "abc"},
        {"body-count": "5"},
        {"body-count": "99999999999"},
        {
            "body-count": "1",
            "body-0-deleted": "",
            "body-0-order": "abc",
            "body-0-type": "text",
            "body-0-value": "{}",
            "body-0-id": "",
        },
    ],
)
def test_a_broken_streamfield_form_is_a_400_and_saves_nothing(editor_form, tamper):
    client, url, data, item = editor_form
    revisions = item.revisions.count()
    data = data.copy()
    data["title"] = "ชื่อใหม่"
    for key, value in tamper.items():
        data[key] = value
    response = client.post(url, data)
    assert response.status_code == 400
    assert "ยังไม่ได้บันทึก" in text(response)
    item.refresh_from_db()
    assert item.title == "ประกาศเดิม"
    assert item.revisions.count() == revisions


def test_the_untouched_edit_form_still_saves(editor_form):
    client, url, data, item = editor_form
    data = data.copy()
    data["title"] = "ชื่อใหม่"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Page.objects.get(pk=item.pk).get_latest_revision().content["title"] == (
        "ชื่อใหม่"
    )


# ---- public pages: malformed filters, pages, search, feedback ----------------


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?fiscal_year=abc",
        "?fiscal_year=99999999999999999999",
        "?page=999999",
        "?page=abc",
        "?page=-1",
        "?page=99999999999999999999999",
        "?unit=x",
        "?unit=99999999999999999999999",
        "?month=99",
        "?date_from=abc",
        "?date_from=2569-02-30",
        "?date_from=99999-01-01&date_to=0001-01-01",
        "?q=%00",
        "?q=" + "ก" * 10_000,
    ],
)
def test_public_listings_answer_malformed_queries_without_a_500(disclosure, query):
    make_item(category("1.9"))
    make_gallery(photos=1)
    client = Client(raise_request_exception=False)
    for path in (category("1.9").url, "/gallery/", "/search/"):
        response = client.get(path + query)
        assert response.status_code in (200, 400), (path, query)
        if response.status_code == 400:
            assert 'lang="th"' in text(response)


@pytest.mark.parametrize(
    "data",
    [{}, {"page_id": "abc"}, {"page_id": "9" * 30}, {"useful": "yes"}],
)
def test_feedback_with_missing_fields_is_a_4xx(disclosure, data):
    response = Client(raise_request_exception=False).post("/evaluation/feedback/", data)
    assert 400 <= response.status_code < 500
