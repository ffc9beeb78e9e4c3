"""Wagtail 8's autosave and "Save draft" on a new page's form make one page
between them, whichever arrives first (moderation/page_creation.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from disclosure_pages.models import DisclosureItemPage
from moderation.models import PageCreation
from tests.moderation.office import build_office, login
from tests.utils import category

TITLE = "ประกาศผลการจัดซื้อจัดจ้าง"
AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # as Wagtail's autosave posts


def add_url(parent) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=["disclosure_pages", "disclosureitempage", parent.pk],
    )


@pytest.fixture
def editor(db):
    office = build_office()
    return login(office.editor_a)


@pytest.fixture
def new_form(editor):
    """The create form as the browser holds it, title typed."""
    parent = category("1.9")
    response = editor.get(add_url(parent))
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = form.dict()
    data.setdefault("body-count", "0")
    data.update(title=TITLE, slug="ประกาศผลการจัดซื้อจัดจ้าง")
    return add_url(parent), data


def pages():
    return DisclosureItemPage.objects.filter(title=TITLE)


def latest_summary(page) -> str:
    page.refresh_from_db()
    return page.get_latest_revision_as_object().summary


def test_save_draft_after_an_autosave_edits_the_page_the_autosave_made(
    editor, new_form
):
    url, data = new_form
    autosaved = editor.post(url, {**data, "summary": "ร่างแรก"}, **AUTOSAVE)
    assert autosaved.status_code == 200 and autosaved.json()["success"]

    clicked = editor.post(url, {**data, "summary": "ร่างแรก และข้อความที่พิมพ์ต่อ"})

    page = pages().get()  # one page, not "slug already used" nor a second page
    assert clicked.status_code == 302
    assert clicked["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert latest_summary(page) == "ร่างแรก และข้อความที่พิมพ์ต่อ"
    edit = editor.get(clicked["Location"]).content.decode()
    assert "ร่างแรก และข้อความที่พิมพ์ต่อ" in edit
    assert "already in use" not in edit and "มีการใช้แล้ว" not in edit


def test_an_autosave_arriving_after_save_draft_overwrites_nothing(editor, new_form):
    url, data = new_form
    clicked = editor.post(url, {**data, "summary": "ข้อความล่าสุด"})
    assert clicked.status_code == 302

    # Sent before the click, answered after it: older text.
    late = editor.post(url, {**data, "summary": "ข้อความเก่า"}, **AUTOSAVE)

    assert late.status_code == 409
    assert "บันทึกหน้านี้แล้ว" in late.json()["error_message"]
    assert latest_summary(pages().get()) == "ข้อความล่าสุด"


def test_an_autosave_sent_again_saves_the_same_page_and_switches_to_editing(
    editor, new_form
):
    url, data = new_form
    first = editor.post(url, {**data, "summary": "หนึ่ง"}, **AUTOSAVE)
    # Its answer was lost (a network error): the browser sends the create form again.
    again = editor.post(url, {**data, "summary": "หนึ่ง สอง"}, **AUTOSAVE)

    page = pages().get()
    assert first.json()["pk"] == again.json()["pk"] == page.pk
    answer = again.json()
    assert answer["success"]
    assert answer["url"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "_w_hydrate_create_view=1" in answer["hydrate_url"]
    assert latest_summary(page) == "หนึ่ง สอง"


def test_submit_for_approval_after_an_autosave_submits_the_same_page(editor, new_form):
    url, data = new_form
    editor.post(url, data, **AUTOSAVE)

    response = editor.post(url, {**data, "action-submit": "1"})

    page = pages().get()
    assert response.status_code == 302
    assert page.workflow_states.filter(status="in_progress").exists()


def test_each_new_form_makes_its_own_page(editor, new_form):
    url, data = new_form
    editor.post(url, data)
    second_form = dict(new_form[1])
    second_form["disclosure_creation_token"] = "0" * 32
    response = editor.post(url, second_form)
    # The person's second page of the same title is refused as before (the slug).
    assert response.status_code == 200
    assert pages().count() == 1


def test_someone_elses_form_token_is_refused(editor, new_form):
    url, data = new_form
    editor.post(url, data)
    director = login(get_user_model().objects.get(username="director_a"))

    response = director.post(url, data)

    assert response.status_code == 400
    assert pages().count() == 1
    assert PageCreation.objects.get().page_id == pages().get().pk


def test_a_form_without_a_token_still_creates_a_page(editor, new_form):
    url, data = new_form
    del data["disclosure_creation_token"]
    response = editor.post(url, data)
    assert response.status_code == 302
    assert pages().count() == 1
    assert not PageCreation.objects.exists()
