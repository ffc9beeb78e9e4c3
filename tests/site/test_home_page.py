"""The public home page: sections ICT arranges in Wagtail, filled by set-up in Thai,
listing the newest items, procurement notices and activity photos in a fixed number
of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from disclosure_site.models import HomePage
from disclosure_site.setup import ensure_home_sections
from moderation.setup import SetupReport
from tests.conftest import shared_data
from tests.utils import (
    category,
    default_site,
    make_gallery,
    make_item,
    run_setup,
    run_setup_command,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        plan = make_item(
            category("1.6"),
            title="แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2569",
            publication_date=dt.date(2026, 3, 2),
        )
        notice = make_item(
            category("1.9"),
            title="ประกาศผู้ชนะการเสนอราคาจัดซื้อครุภัณฑ์คอมพิวเตอร์",
            publication_date=dt.date(2026, 2, 20),
        )
        draft = make_item(category("1.9"), title="ร่างประกาศที่ยังไม่เผยแพร่", publish=False)
        gallery = make_gallery(title="กิจกรรมวันเด็กแห่งชาติ", photos=2)
        yield {"plan": plan, "notice": notice, "draft": draft, "gallery": gallery}


@pytest.fixture
def data(module_data, db):
    return module_data


def home() -> HomePage:
    return default_site().root_page.specific


def section_html(html: str, heading: str) -> str:
    """The HTML of the home page section under ``heading``."""
    title = html.index(f">{heading}</h2>")
    start = max(html.rfind("<section", 0, title), html.rfind("<nav", 0, title))
    end = html.find("<h2", title)
    return html[start : end if end > 0 else None]


def test_set_up_gives_a_fresh_office_a_thai_home_page(data, client):
    kinds = [block.block_type for block in home().body]
    assert kinds == [
        "highlight",
        "latest_items",
        "latest_items",
        "galleries",
        "quick_links",
    ]
    html = client.get("/").content.decode()
    for heading in ("ข้อมูลเผยแพร่ล่าสุด", "ประกาศจัดซื้อจัดจ้าง", "ภาพกิจกรรม", "ลิงก์ด่วน"):
        assert f">{heading}</h2>" in html
    links = section_html(html, "ลิงก์ด่วน")
    assert "ข้อมูลเผยแพร่ต่อสาธารณะ" in links
    assert "แจ้งเรื่องร้องเรียน" in links
    assert "ติดต่อเรา" in links


def test_set_up_leaves_sections_an_editor_changed(data):
    page = home()
    page.body = [("quick_links", {"heading": "บริการของเรา", "links": []})]
    page.save_revision().publish()
    report = SetupReport()
    ensure_home_sections(default_site(), report)
    assert "home page sections" in report.kept
    assert [b.value["heading"] for b in home().body] == ["บริการของเรา"]


def test_set_up_runs_again_without_changing_the_home_page(data):
    before = home().latest_revision_id
    run_setup_command()
    assert home().latest_revision_id == before


def test_newest_items_show_their_category_and_buddhist_era_date(data, client):
    html = client.get("/").content.decode()
    newest = section_html(html, "ข้อมูลเผยแพร่ล่าสุด")
    assert newest.index(data["plan"].title) < newest.index(data["notice"].title)
    assert "2 มี.ค. 2569" in newest
    assert 'datetime="2026-03-02"' in newest
    assert "แผนปฏิบัติการประจำปี และการติดตามผล" in newest  # the plan's category
    assert data["draft"].title not in html


def test_procurement_notices_list_the_procurement_category_only(data, client):
    html = client.get("/").content.decode()
    notices = section_html(html, "ประกาศจัดซื้อจัดจ้าง")
    assert data["notice"].title in notices
    assert data["plan"].title not in notices
    assert f'href="{category("1.9").url}"' in notices  # see all


def test_galleries_show_the_cover_photo_with_its_alternative_text(data, client):
    html = client.get("/").content.decode()
    galleries = section_html(html, "ภาพกิจกรรม")
    assert data["gallery"].title in galleries
    assert 'alt="ข้อความแทนภาพ 1"' in galleries
    assert re.search(r'srcset="[^"]+\.webp 64w"', galleries)


def test_home_page_queries_do_not_grow_with_what_it_lists(data, client):
    from disclosure_site.home import section_data

    def sections_read():
        page = HomePage.objects.get(pk=home().pk)  # its StreamField read afresh
        with CaptureQueriesContext(connection) as queries:
            sections = section_data(page, page.body)
        return sections, len(queries.captured_queries)

    client.get("/")  # renditions made once, as in production
    sections, few = sections_read()
    assert sum(len(s.entries) for s in sections) == 4  # 2 + 1 items, 1 gallery
    for n in range(6):
        make_item(
            category("1.9" if n % 2 else "1.4"),
            publication_date=dt.date(2026, 4, n + 1),
        )
    for _n in range(2):
        make_gallery(photos=1)
    client.get("/")
    sections, many = sections_read()
    assert sum(len(s.entries) for s in sections) > 12
    assert 0 < many == few <= 16  # 14 for the five default sections
    html = client.get("/").content.decode()
    assert html.count('class="home-item"') > 8
    assert html.count('class="home-gallery"') == 3


def test_quick_links_lead_to_other_websites_and_skip_unpublished_pages(data, client):
    hidden = data["draft"]
    page = home()
    page.body = [
        (
            "quick_links",
            {
                "heading": "ช่องทางร้องเรียน",
                "links": [
                    {
                        "title": "ศูนย์ดำรงธรรม",
                        "page": None,
                        "url": "https://www.damrongdhama.moi.go.th/",
                        "description": "",
                    },
                    {"title": "", "page": hidden, "url": "", "description": ""},
                ],
            },
        )
    ]
    page.save_revision().publish()
    html = client.get("/").content.decode()
    links = section_html(html, "ช่องทางร้องเรียน")
    assert 'href="https://www.damrongdhama.moi.go.th/"' in links
    assert "(เว็บไซต์อื่น)" in links
    assert hidden.title not in links


def test_a_link_needs_a_page_or_an_address():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from disclosure_site.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "x", "page": None, "url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({"title": "", "page": None, "url": "https://a.example/"})
        )


def test_highlight_banner_does_not_rotate(data, client):
    html = client.get("/").content.decode()
    assert 'class="home-section home-highlight' in html
    assert "carousel" not in html
    assert "<script" not in html.split("</head>")[1]


def test_home_page_without_sections_still_leads_to_the_disclosure_index(data, client):
    page = home()
    page.body = []
    page.save_revision().publish()
    html = client.get("/").content.decode()
    index = Page.objects.get(
        depth=3, slug__isnull=False, content_type__model="disclosureindexpage"
    )
    assert f'href="{index.url}"' in html


def test_ita_is_a_quick_link_when_the_site_serves_it(data):
    from django.test import override_settings
    from django.urls import clear_url_caches

    from disclosure_site.setup import default_sections

    def ita_links() -> list[dict]:
        sections = default_sections(home())
        links = next(s for s in sections if s["type"] == "quick_links")["value"][
            "links"
        ]
        return [link for link in links if link["url"] == "/ita/"]

    from tests.site.urls_with_ita import WithoutIta

    try:
        with override_settings(ROOT_URLCONF=WithoutIta):
            clear_url_caches()
            assert ita_links() == []  # /ita/ is only the page tree's
        with override_settings(ROOT_URLCONF="tests.site.urls_with_ita"):
            clear_url_caches()
            assert [link["title"] for link in ita_links()] == [
                "การประเมินคุณธรรมและความโปร่งใส (ITA)"
            ]
    finally:
        clear_url_caches()


def test_a_link_may_be_an_address_of_this_website(data, client):
    page = home()
    page.body = [
        (
            "quick_links",
            {
                "heading": "ลิงก์ด่วน",
                "links": [
                    {"title": "ITA", "page": None, "url": "/ita/", "description": ""}
                ],
            },
        )
    ]
    page.save_revision().publish()
    links = section_html(client.get("/").content.decode(), "ลิงก์ด่วน")
    assert 'href="/ita/"' in links
    assert "(เว็บไซต์อื่น)" not in links


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("/ita/", True),
        ("https://www.damrongdhama.moi.go.th/", True),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("/ita/ x", False),
    ],
)
def test_link_addresses_are_checked(address, valid):
    from django.core.exceptions import ValidationError

    from disclosure_site.blocks import validate_link_address

    if valid:
        validate_link_address(address)
    else:
        with pytest.raises(ValidationError):
            validate_link_address(address)


def test_highlight_banner_with_an_image_and_its_alternative_text(data, client):
    from tests.utils import make_safe_image

    page = home()
    page.body = [
        (
            "highlight",
            {
                "heading": "ประกาศวันหยุดราชการ",
                "text": "สำนักงานปิดทำการ\nวันที่ 13 ตุลาคม",
                "image": make_safe_image(),
                "image_alt": "ภาพหน้าอาคารสำนักงาน",
                "link": {"title": "", "page": None, "url": "", "description": ""},
            },
        )
    ]
    page.save_revision().publish()
    banner = section_html(client.get("/").content.decode(), "ประกาศวันหยุดราชการ")
    assert 'alt="ภาพหน้าอาคารสำนักงาน"' in banner
    assert ".webp" in banner
    assert "สำนักงานปิดทำการ<br>วันที่ 13 ตุลาคม" in banner
    assert 'class="button"' not in banner  # no link given: no button


def test_an_empty_banner_link_is_no_link():
    from disclosure_site.blocks import HighlightBlock

    block = HighlightBlock()
    value = block.clean(
        block.to_python(
            {
                "heading": "ประกาศ",
                "text": "",
                "image": None,
                "image_alt": "",
                "link": {"title": "", "page": None, "url": "", "description": ""},
            }
        )
    )
    assert value["link"].href == ""
