"""Thai page addresses keep their vowel and tone marks (disclosure_thai/slugs.py)."""

from urllib.parse import quote, unquote

import pytest
from django.apps import apps as django_apps
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from disclosure_pages.models import DisclosureItemPage
from disclosure_pages.public_sector import ContactPage
from disclosure_thai.slugs import respell_stripped_slugs, spelled_slug, thai_slugify
from tests.moderation.office import build_office, login
from tests.utils import category, gallery_index, make_gallery, make_item, make_user

TITLE = "แผนการใช้จ่ายงบประมาณ"
SPELLED = "แผนการใช้จ่ายงบประมาณ"
STRIPPED = "แผนการใชจายงบประมาณ"  # what Django's slugify and Wagtail's script make
SLUG_ERROR = "ส่วนท้าย URL ใช้ได้เฉพาะตัวอักษร"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (TITLE, SPELLED),
        ("รายงานผลการดำเนินงานประจำปี 2569", "รายงานผลการดำเนินงานประจำปี-2569"),
        ("ประกาศ: ผู้ชนะการเสนอราคา (ครั้งที่ ๒)", "ประกาศ-ผู้ชนะการเสนอราคา-ครั้งที่-๒"),
        ("Annual Report 2026", "annual-report-2026"),
    ],
)
def test_a_title_becomes_a_slug_with_every_mark(title, slug):
    assert thai_slugify(title) == slug


@pytest.mark.parametrize(
    ("submitted", "kept"),
    [
        (STRIPPED, SPELLED),  # Django's or Wagtail's slug of the title
        (SPELLED, SPELLED),
        (STRIPPED + "-2", SPELLED + "-2"),  # Wagtail numbers a duplicate
        ("budget-plan", "budget-plan"),  # typed by hand
        ("แผนงบ", "แผนงบ"),  # other Thai words typed by hand
        ("แผนการใช่จ่ายงบประมาณ", "แผนการใช่จ่ายงบประมาณ"),  # marks typed by hand
    ],
)
def test_only_a_slug_stripped_from_the_title_is_spelled_again(submitted, kept):
    assert spelled_slug(submitted, TITLE) == kept


# ---- through the admin ---------------------------------------------------------


def add_url(parent) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=["disclosure_pages", "disclosureitempage", parent.pk],
    )


def new_item_form(client, parent, **fields) -> dict:
    response = client.get(add_url(parent))
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = form.dict()
    data.setdefault("body-count", "0")
    data.update(fields)
    return data


@pytest.mark.django_db
def test_an_item_created_in_the_admin_keeps_the_marks_of_its_title(client):
    office = build_office()
    client = login(office.editor_a)
    parent = category("1.9")
    # The slug as Wagtail's own script writes it from the title.
    data = new_item_form(client, parent, title=TITLE, slug=STRIPPED)

    response = client.post(add_url(parent), data)

    assert response.status_code == 302
    item = DisclosureItemPage.objects.get(title=TITLE)
    assert item.slug == SPELLED
    assert item.url == f"/disclosure/1-9/{quote(SPELLED)}/"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["แผน การ", "แผน!", "แผน/การ", "แผน.pdf", "ใช้?"])
def test_a_slug_with_a_space_or_punctuation_is_refused_in_thai(slug):
    office = build_office()
    client = login(office.editor_a)
    parent = category("1.9")
    data = new_item_form(client, parent, title=TITLE, slug=slug)

    response = client.post(add_url(parent), data)

    assert response.status_code == 200
    assert SLUG_ERROR in response.content.decode()
    assert not DisclosureItemPage.objects.filter(title=TITLE).exists()


@pytest.mark.django_db
def test_the_public_address_works_encoded_and_as_typed(client):
    build_office()
    item = make_item(category("1.9"), title=TITLE, slug=SPELLED)

    encoded = client.get(item.url)
    typed = client.get(unquote(item.url))

    assert encoded.status_code == typed.status_code == 200
    assert TITLE in encoded.content.decode()
    assert TITLE in typed.content.decode()


def edit_form(client, page) -> dict:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = form.dict()
    for name in ("body-count", "photos-TOTAL_FORMS"):
        data.setdefault(name, "0")
    return data


def every_page_type():
    """One page of each type the office publishes, seeded or made."""
    return {
        "item": make_item(category("1.9")),
        "category": category("1.9"),
        "index": category("1.9").get_parent().specific,
        "gallery": make_gallery(),
        "gallery index": gallery_index(),
        "office page": ContactPage.objects.get(),
        "home": Page.objects.get(depth=2).specific,
    }


@pytest.mark.django_db
def test_every_page_type_keeps_the_marks_when_edited():
    build_office()
    client = login(make_user("root", is_superuser=True))
    refused = {}
    for kind, page in every_page_type().items():
        data = edit_form(client, page)
        data.update(title=TITLE, slug=STRIPPED)
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        assert response.status_code == 302, (kind, response.status_code)
        page.refresh_from_db()
        draft = page.get_latest_revision_as_object()
        if draft.slug != SPELLED:
            refused[kind] = draft.slug
    assert not refused


# ---- old addresses -------------------------------------------------------------


@pytest.mark.django_db
def test_the_old_misspelled_address_redirects_to_the_spelled_one(client):
    build_office()
    item = make_item(category("1.9"), title=TITLE, slug=STRIPPED)
    old_url = item.url
    unrelated = make_item(category("1.9"), title="ประกาศ", slug="notice")

    changed = respell_stripped_slugs(django_apps)

    assert changed == [(item.pk, STRIPPED, SPELLED)]
    item.refresh_from_db()
    assert item.slug == SPELLED
    assert client.get(item.url).status_code == 200
    for address in (old_url, unquote(old_url)):
        response = client.get(address)
        assert response.status_code == 301
        assert response["Location"] == item.url
    # The next publication of the latest revision does not bring the old slug back.
    item.get_latest_revision().publish()
    item.refresh_from_db()
    assert item.slug == SPELLED
    unrelated.refresh_from_db()
    assert unrelated.slug == "notice"
    assert respell_stripped_slugs(django_apps) == []


@pytest.mark.django_db
def test_a_published_slug_change_leaves_a_redirect(
    client, django_capture_on_commit_callbacks
):
    build_office()
    item = make_item(category("1.9"), title=TITLE, slug="budget-plan")
    old_url = item.url
    item.slug = SPELLED
    with django_capture_on_commit_callbacks(execute=True):
        item.save_revision().publish()
    item.refresh_from_db()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == item.url
    assert Redirect.objects.filter(redirect_page=item).count() == 1


@pytest.mark.django_db
def test_a_page_with_a_thai_slug_can_be_copied():
    office = build_office()
    client = login(office.editor_a)
    item = office.item(title=TITLE, slug=SPELLED)
    parent = item.get_parent()

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[item.pk]),
        {
            "new_title": TITLE + " ฉบับที่ ๒",
            "new_slug": SPELLED + "-๒",
            "new_parent_page": parent.pk,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert parent.get_children().filter(slug=SPELLED + "-๒").exists()


def test_a_site_serving_pages_with_wagtails_own_pattern_is_warned():
    def warned() -> bool:
        ids = {message.id for message in run_checks(tags=["urls"])}
        return "disclosure_thai.W101" in ids

    assert not warned()
    with override_settings(ROOT_URLCONF="wagtail.urls"):
        assert warned()
