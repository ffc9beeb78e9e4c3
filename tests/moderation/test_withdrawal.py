"""Withdrawal with a public notice, through the office's own roles: an
administrator withdraws at once, anyone else asks the approval chain, whose last
approval withdraws. The address stays with the notice (200 + noindex, or 410 for
"published in error"); the page leaves listings, feeds, search and the sitemap,
and its documents are no longer served."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Site

from moderation.models import Withdrawal
from tests.conftest import shared_data
from tests.moderation.office import build_office, login
from tests.utils import category, make_gallery

pytestmark = pytest.mark.django_db

ERROR, SUPERSEDED, OUTDATED = "published_in_error", "superseded", "no_longer_current"
EXPLANATION = "ข้อมูลนี้ถูกแทนที่ด้วยประกาศฉบับใหม่ตามหนังสือสั่งการ"


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        document = get_document_model().objects.create(
            title="ประกาศรายชื่อผู้ชนะการเสนอราคา",
            file=ContentFile(b"%PDF-1.4\n" + b"0" * 256, name="winners.pdf"),
        )
        item = office.item(
            title="ประกาศผู้ชนะการเสนอราคาจ้างซ่อมแซมอาคารเรียน",
            slug="winners-2569",
            publish=True,
            body=[
                ("document", {"document": document, "title": "", "accessible": True})
            ],
        )
        replacement = office.item(title="ประกาศผู้ชนะการเสนอราคา ฉบับแก้ไข", publish=True)
        draft = office.item(title="ร่างที่ยังไม่เผยแพร่")
        gallery = make_gallery(unit=office.unit_a, title="ภาพกิจกรรมวันครู")
        yield {
            "office": office,
            "item": item,
            "document": document,
            "replacement": replacement,
            "draft": draft,
            "gallery": gallery,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def withdraw_url(page) -> str:
    return f"/admin/disclosure-withdrawal/{page.pk}/"


def form(reason=OUTDATED, explanation=EXPLANATION, replaced_by=None) -> dict:
    data = {"reason": reason, "explanation": explanation}
    if replaced_by is not None:
        data["replaced_by"] = str(replaced_by)
    return data


def test_an_administrator_withdraws_at_once_and_the_address_shows_the_notice(
    client, data
):
    item, office = data["item"], data["office"]
    url = item.url
    listing = category("1.9").url + "?fiscal_year=2569"
    document_url = data["document"].url
    # Public before: listed, fed, found, in the sitemap, its document served.
    assert item.title in client.get(listing).content.decode()
    assert item.title in client.get("/feeds/disclosure/rss/").content.decode()
    assert item.title in client.get("/search/", {"q": "ซ่อมแซมอาคาร"}).content.decode()
    assert "winners-2569" in client.get("/sitemap.xml").content.decode()
    assert client.get(document_url).status_code == 200

    admin = login(office.administrator)
    editor = admin.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert withdraw_url(item) in editor
    assert admin.get(withdraw_url(item)).status_code == 200
    response = admin.post(withdraw_url(item), form())
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live
    record = Withdrawal.objects.get(page=item)
    assert record.withdrawn_by == office.administrator and record.withdrawn_at
    assert record.unit == office.unit_a and record.workflow_state is None
    assert PageLogEntry.objects.filter(
        page=item,
        action="disclosure_moderation.withdrawn",
        user=office.administrator,
        data__reason=OUTDATED,
        data__explanation=EXPLANATION,
    ).exists()

    notice = client.get(url)
    assert notice.status_code == 200
    html = notice.content.decode()
    assert item.title in html and EXPLANATION in html
    assert "ถอนการเผยแพร่" in html and "ไม่เป็นปัจจุบัน" in html
    assert '<meta name="robots" content="noindex">' in html
    assert notice["X-Robots-Tag"] == "noindex"
    assert "พ.ศ." in html  # the dates in B.E.

    assert item.title not in client.get(listing).content.decode()
    assert item.title not in client.get("/feeds/disclosure/rss/").content.decode()
    assert (
        item.title not in client.get("/search/", {"q": "ซ่อมแซมอาคาร"}).content.decode()
    )
    assert "winners-2569" not in client.get("/sitemap.xml").content.decode()
    gone = client.get(document_url)
    assert gone.status_code == 410
    # Those who may edit the page still open its document.
    assert admin.get(document_url).status_code == 200


def test_published_in_error_answers_gone_and_a_replacement_is_linked(client, data):
    office = data["office"]
    admin = login(office.administrator)
    admin.post(withdraw_url(data["item"]), form(ERROR))
    gone = client.get(data["item"].url)
    assert gone.status_code == 410
    assert gone["X-Robots-Tag"] == "noindex"
    assert "ลงเผยแพร่โดยผิดพลาด" in gone.content.decode()

    replacement = data["replacement"]
    admin.post(
        withdraw_url(data["gallery"]), form(SUPERSEDED, replaced_by=replacement.pk)
    )
    notice = client.get(data["gallery"].url)
    assert notice.status_code == 200
    html = notice.content.decode()
    assert replacement.url in html and replacement.title in html


@pytest.mark.parametrize(
    "posted",
    [
        form("withdrawn_by_magic"),
        form(SUPERSEDED),  # no replacement
        form(OUTDATED, explanation="   "),
        form(OUTDATED, replaced_by="replacement"),  # only for "superseded"
        form(SUPERSEDED, replaced_by="draft"),  # not live
        form(SUPERSEDED, replaced_by="item"),  # itself
        form(SUPERSEDED, replaced_by="other_site"),
        form(SUPERSEDED, replaced_by="999999"),
        form(SUPERSEDED, replaced_by="x1"),
    ],
)
def test_forged_reasons_and_replacements_are_refused(data, posted):
    office = data["office"]
    if posted.get("replaced_by") in ("replacement", "draft", "item"):
        posted["replaced_by"] = str(data[posted["replaced_by"]].pk)
    elif posted.get("replaced_by") == "other_site":
        root = Page.get_first_root_node().add_child(
            instance=Page(title="เว็บไซต์อื่น", slug="other-site")
        )
        Site.objects.create(hostname="other.example", root_page=root)
        posted["replaced_by"] = str(root.pk)
    response = login(office.administrator).post(withdraw_url(data["item"]), posted)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    data["item"].refresh_from_db()
    assert data["item"].live
    assert not Withdrawal.objects.exists()


def test_the_same_post_twice_withdraws_once(data):
    admin = login(data["office"].administrator)
    first = admin.post(withdraw_url(data["item"]), form())
    second = admin.post(withdraw_url(data["item"]), form())
    assert first.status_code == second.status_code == 302
    assert Withdrawal.objects.count() == 1
    assert (
        PageLogEntry.objects.filter(action="disclosure_moderation.withdrawn").count()
        == 1
    )
    messages = admin.get(second["Location"]).content.decode()
    assert "ไม่ได้ถอนการเผยแพร่สิ่งใด" in messages


@pytest.mark.parametrize("who", ["editor_b", "director_b", "committee", "pr"])
def test_others_cannot_withdraw_or_ask_to(data, who):
    response = login(getattr(data["office"], who)).post(
        withdraw_url(data["item"]), form()
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    data["item"].refresh_from_db()
    assert data["item"].live and not Withdrawal.objects.exists()


def test_a_draft_or_an_office_page_is_not_withdrawn(data):
    admin = login(data["office"].administrator)
    assert admin.post(withdraw_url(data["draft"]), form()).status_code in (302, 403)
    assert admin.post(withdraw_url(category("1.9")), form()).status_code == 404
    assert not Withdrawal.objects.exists()


def test_a_cached_page_gives_way_to_the_notice(data):
    """With the public page cache on, the item read from the cache before the
    withdrawal is its notice right after it (and the listing drops it)."""
    item = data["item"]
    listing = category("1.9").url + "?fiscal_year=2569"
    with override_settings(DISCLOSURE_PAGE_CACHE="default"):
        visitor = Client(HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0")
        for _ in range(2):
            page = visitor.get(item.url)
            visitor.get(listing)
        assert page["X-Disclosure-Cache"] == "hit"
        login(data["office"].administrator).post(withdraw_url(item), form())
        notice = visitor.get(item.url)
        assert notice.status_code == 200
        assert "ข้อมูลนี้ถอนการเผยแพร่แล้ว" in notice.content.decode()
        assert item.title not in visitor.get(listing).content.decode()
