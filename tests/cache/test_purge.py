"""Never stale: whatever changes what the public sees makes the next anonymous GET
show it, on every page that shows it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from disclosure_pages.public_sector import ResponsiblePeoplePage
from moderation import public_cache
from moderation.models import OfficeSettings
from tests.cache.chain import edit_and_publish, publish_through_the_chain
from tests.cache.conftest import cache_status
from tests.conftest import shared_data
from tests.moderation.office import build_office
from tests.utils import category, disclosure_index, make_gallery

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


@pytest.fixture
def office(module_office, db):
    return module_office


def warm(visitor, *urls: str) -> None:
    """Each address read twice, so it is in the cache (the second read a hit)."""
    for url in urls:
        visitor.get(url)
        assert cache_status(visitor.get(url)) == "hit", url


def text(response) -> str:
    return response.content.decode()


LISTINGS = (
    "/",
    "/feeds/disclosure/rss/",
    "/feeds/category/1.9/rss/",
    "/feeds/unit/policy/atom/",
    "/sitemap.xml",
)


def test_a_publication_through_the_chain_is_shown_at_once_everywhere(office, visitor):
    procurement = category("1.9")
    item = office.item(title="ประกาศผู้ชนะการเสนอราคาจ้างเหมาบริการ", publish=False)
    index = disclosure_index().url
    search = "/search/?q=จ้างเหมาบริการ"
    warm(visitor, procurement.url, index, search, *LISTINGS)
    before = text(visitor.get(index))

    publish_through_the_chain(office, item)

    item_page = visitor.get(item.url)
    assert item_page.status_code == 200
    assert "ประกาศผู้ชนะการเสนอราคาจ้างเหมาบริการ" in text(item_page)
    for url in (
        procurement.url,
        search,
        "/feeds/disclosure/rss/",
        "/feeds/category/1.9/rss/",
        "/feeds/unit/policy/atom/",
    ):
        response = visitor.get(url)
        assert cache_status(response) == "miss", url
        assert "ประกาศผู้ชนะการเสนอราคาจ้างเหมาบริการ" in text(response), url
    assert item.url.split("/")[-2] in text(visitor.get("/sitemap.xml"))
    # The index counts the category's items again; the home page is rendered again.
    index_page = visitor.get(index)
    assert cache_status(index_page) == "miss" and text(index_page) != before
    assert cache_status(visitor.get("/")) == "miss"
    # And the new copies are cached in turn.
    assert cache_status(visitor.get(procurement.url)) == "hit"


def test_a_renamed_page_with_a_new_address_through_the_chain(office, visitor):
    item = office.item(title="คู่มือการปฏิบัติงานฉบับเดิม", slug="manual-old", publish=True)
    procurement = category("1.9")
    old_address = item.url
    warm(visitor, procurement.url, old_address, "/feeds/disclosure/rss/")

    edit_and_publish(office, item, title="คู่มือการปฏิบัติงานฉบับปรับปรุง", slug="manual-new")

    listing = text(visitor.get(procurement.url))
    assert "ฉบับปรับปรุง" in listing and "ฉบับเดิม" not in listing
    assert "ฉบับปรับปรุง" in text(visitor.get("/feeds/disclosure/rss/"))
    # The old address is not the cached page any more.
    assert visitor.get(old_address).status_code == 404
    assert "ฉบับปรับปรุง" in text(visitor.get(item.url))


def test_unpublished_moved_and_deleted_pages_leave_every_listing(office, visitor):
    procurement, plans = category("1.9"), category("1.6")
    gone = office.item(title="รายการที่ถูกถอน", publish=True)
    moved = office.item(title="รายการที่ย้ายหมวด", publish=True)
    deleted = office.item(title="รายการที่ถูกลบ", publish=True)
    old_addresses = (gone.url, moved.url, deleted.url)
    warm(visitor, procurement.url, plans.url, "/feeds/disclosure/rss/", *old_addresses)

    gone.unpublish(user=office.administrator)
    moved.move(plans, pos="last-child", user=office.administrator)
    deleted.delete(user=office.administrator)

    listing = text(visitor.get(procurement.url))
    for title in ("รายการที่ถูกถอน", "รายการที่ย้ายหมวด", "รายการที่ถูกลบ"):
        assert title not in listing
    feed = text(visitor.get("/feeds/disclosure/rss/"))
    assert "รายการที่ถูกถอน" not in feed and "รายการที่ถูกลบ" not in feed
    assert "รายการที่ย้ายหมวด" in text(visitor.get(plans.url))
    assert visitor.get(old_addresses[0]).status_code == 404
    assert visitor.get(old_addresses[1]).status_code == 301  # Wagtail's redirect
    assert visitor.get(old_addresses[2]).status_code == 404


def test_a_replaced_document_is_shown_at_once(office, visitor):
    document = get_document_model().objects.create(
        title="ประกาศฉบับร่าง", file=ContentFile(b"%PDF-1.4\n" + b"0" * 300, name="a.pdf")
    )
    item = office.item(
        title="ประกาศพร้อมเอกสาร",
        body=[("document", {"document": document, "title": "", "accessible": True})],
        publish=True,
    )
    assert "ประกาศฉบับร่าง" in text(visitor.get(item.url))
    assert cache_status(visitor.get(item.url)) == "hit"

    document.title = "ประกาศฉบับลงนาม"
    document.file = ContentFile(b"%PDF-1.4\n" + b"1" * 5000, name="b.pdf")
    document.save()
    page = visitor.get(item.url)
    assert cache_status(page) == "miss"
    assert "ประกาศฉบับลงนาม" in text(page) and "ประกาศฉบับร่าง" not in text(page)

    document.delete()
    assert "ประกาศฉบับลงนาม" not in text(visitor.get(item.url))


def test_a_replaced_photo_renders_the_gallery_again(office, visitor):
    gallery = make_gallery(photos=1, unit=office.unit_a)
    warm(visitor, gallery.url)
    image = gallery.photos.first().image
    image.file = ContentFile(image.file.read(), name="replaced.jpg")
    image.save()
    assert cache_status(visitor.get(gallery.url)) == "miss"


def test_the_office_settings_change_every_page_footer(office, visitor):
    item = office.item(title="รายการในหน้าเว็บ", publish=True)
    warm(visitor, "/", item.url)
    settings = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name_th = "สำนักงานเขตพื้นที่การศึกษาเปลี่ยนชื่อใหม่"
    settings.save()
    for url in ("/", item.url):
        response = visitor.get(url)
        assert cache_status(response) == "miss", url
        assert "สำนักงานเขตพื้นที่การศึกษาเปลี่ยนชื่อใหม่" in text(response), url


def test_units_and_their_people_on_the_responsible_persons_page(office, visitor):
    people = ResponsiblePeoplePage.objects.live().first()
    item = office.item(title="รายการของกลุ่ม", publish=True)
    warm(visitor, people.url, item.url)

    office.unit_a.name_th = "กลุ่มนโยบายและแผนชื่อใหม่"
    office.unit_a.save()
    assert "กลุ่มนโยบายและแผนชื่อใหม่" in text(visitor.get(item.url))
    assert "กลุ่มนโยบายและแผนชื่อใหม่" in text(visitor.get(people.url))

    office.director_a.first_name = "สมศรี"
    office.director_a.save()
    assert "สมศรี" in text(visitor.get(people.url))

    ict_unit = OfficeSettings.for_site(Site.objects.get(is_default_site=True)).ict_unit
    newcomer = type(office.ict).objects.create_user(
        "ict2", first_name="วิไลวรรณ", last_name="ใจดี"
    )
    assert cache_status(visitor.get(people.url)) == "miss"  # a new user: purged
    warm(visitor, people.url)
    ict_unit.members.add(newcomer)  # a new ICT publisher is listed at once
    assert "วิไลวรรณ" in text(visitor.get(people.url))


def test_a_sign_in_changes_nothing_the_public_sees(office, visitor):
    item = office.item(title="รายการเดิม", publish=True)
    warm(visitor, item.url)
    office.ict.last_login = timezone.now()
    office.ict.save(update_fields=["last_login"])
    assert cache_status(visitor.get(item.url)) == "hit"


def test_a_new_day_and_a_new_fiscal_year_are_never_shown_from_yesterday(
    office, visitor, monkeypatch
):
    item = office.item(title="รายการข้ามปีงบประมาณ", publish=True)
    warm(visitor, item.url, category("1.9").url)
    # 30 September 23:59 → 1 October in Bangkok: a new fiscal year begins.
    last_day = dt.datetime(
        2026, 9, 30, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    monkeypatch.setattr(public_cache.timezone, "now", lambda: last_day)
    visitor.get(item.url)
    assert cache_status(visitor.get(item.url)) == "hit"
    monkeypatch.setattr(
        public_cache.timezone, "now", lambda: last_day + dt.timedelta(minutes=2)
    )
    assert cache_status(visitor.get(item.url)) == "miss"
    assert cache_status(visitor.get(category("1.9").url)) == "miss"


def test_other_features_purge_with_one_call(office, visitor):
    item = office.item(title="รายการทั่วไป", publish=True)
    warm(visitor, item.url)
    public_cache.purge_public_cache("a feature of its own changed the page")
    assert cache_status(visitor.get(item.url)) == "miss"


def test_a_purge_is_made_again_when_the_change_commits(office):
    """Pages rendered from the old data while the change was being saved are
    stored under a generation no request reads after the commit."""
    cache = public_cache.page_cache()
    before = cache.get(public_cache.GENERATION_KEY)
    public_cache.purge_public_cache("first change")
    during = cache.get(public_cache.GENERATION_KEY)
    assert during not in (None, before)  # at once
    public_cache.purge_public_cache("second change in the same transaction")
    waiting = [
        callback
        for _savepoints, callback, _robust in transaction.get_connection().run_on_commit
        if callback is public_cache._bump_after_commit
    ]
    assert len(waiting) == 1  # once per transaction, however many changes
    waiting[0]()  # what the commit runs
    assert cache.get(public_cache.GENERATION_KEY) not in (None, before, during)


def test_a_lost_generation_never_brings_back_old_pages(office, visitor):
    item = office.item(title="รายการก่อนล้างแคช", publish=True)
    warm(visitor, item.url)
    public_cache.page_cache().delete(public_cache.GENERATION_KEY)  # evicted, restarted
    assert cache_status(visitor.get(item.url)) == "miss"
    assert re.search("รายการก่อนล้างแคช", text(visitor.get(item.url)))


def test_settings_made_with_their_defaults_on_first_read_purge_nothing(office, visitor):
    """Wagtail creates a site's settings the first time a page reads them; the page
    already shows their defaults, so the copy it stores stays good."""
    OfficeSettings.objects.all().delete()
    first = visitor.get("/")
    assert first.status_code == 200 and cache_status(first) == "miss"
    assert OfficeSettings.objects.exists()
    assert cache_status(visitor.get("/")) == "hit"
