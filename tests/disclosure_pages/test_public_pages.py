"""What a visitor gets from every public page: Thai, accessible structure, B.E. dates,
documents with type and size, and nothing loaded from another host."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from moderation.models import Unit
from tests.utils import category, make_item

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """The parts of a page that accessibility and privacy checks look at."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.h1_count = 0
        self.label_for: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "h1":
            self.h1_count += 1
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())

    def find(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def item(disclosure):
    document = get_document_model().objects.create(
        title="ประกาศผู้ชนะการเสนอราคา",
        file=ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="winner.pdf"),
    )
    image = get_image_model().objects.create(
        title="ภาพประกอบ", file=get_test_image_file()
    )
    return make_item(
        category("1.9"),
        title="ประกาศผู้ชนะการเสนอราคา จัดซื้อวัสดุสำนักงาน",
        summary="ผลการคัดเลือกผู้ขาย",
        unit=Unit.objects.get(code="finance"),
        publication_date=dt.date(2026, 1, 15),
        body=[
            ("text", "<p>รายละเอียดตามเอกสารแนบ</p>"),
            ("document", {"document": document, "title": "", "accessible": True}),
            (
                "image",
                {"image": image, "alt_text": "ป้ายประกาศหน้าสำนักงาน", "caption": ""},
            ),
        ],
    )


def public_urls(item) -> list[str]:
    site = Site.objects.get(is_default_site=True)
    return [site.root_page.url, item.get_parent().get_parent().url,
            item.get_parent().url, item.url]  # fmt: skip


def test_every_public_page_is_thai_with_one_h1_a_skip_link_and_landmarks(client, item):
    for url in public_urls(item):
        response = client.get(url)
        assert response.status_code == 200, url
        page = outline(response)
        assert page.find("html")[0]["lang"] == "th", url
        assert page.h1_count == 1, url
        skip = page.find("a")[0]
        assert skip["href"] == "#main", url
        assert "ข้ามไปยังเนื้อหาหลัก" in page.text, url
        assert [m.get("id") for m in page.find("main")] == ["main"], url
        assert page.find("header") and page.find("footer") and page.find("nav"), url
        assert any("ปรับปรุงล่าสุดเมื่อ" in t for t in page.text), url


def test_no_page_loads_anything_from_another_host(client, item):
    for url in public_urls(item):
        page = outline(client.get(url))
        sources = [a.get("src", "") for a in page.find("script") + page.find("img")]
        sources += [a.get("href", "") for a in page.find("link")]
        external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
        assert not external, (url, external)


def test_every_filter_control_has_a_label(client, item):
    page = outline(client.get(item.get_parent().url))
    controls = [
        a for a in page.find("input") + page.find("select") if a.get("type") != "hidden"
    ]
    names = {control.get("name") for control in controls}
    assert {"q", "fiscal_year", "unit", "date_from", "date_to"} <= names
    for control in controls:  # the filters and the header's site search
        assert control.get("id") in page.label_for, control


def test_item_page_shows_thai_dates_document_type_and_size_and_alt_text(client, item):
    response = client.get(item.url)
    html = response.content.decode()
    assert "15 มกราคม พ.ศ. 2569" in html
    assert "ปีงบประมาณ" in html
    assert "กลุ่มบริหารงานการเงินและสินทรัพย์" in html
    document = get_document_model().objects.get()
    assert document.url in html
    assert "PDF" in html
    assert "(PDF, 2.0\xa0KB)" in html  # 2,057 bytes
    assert "รองรับโปรแกรมอ่านหน้าจอ" in html
    images = outline(response).find("img")
    assert [i["alt"] for i in images] == ["ป้ายประกาศหน้าสำนักงาน"]


def test_index_shows_counts_and_empty_categories(client, item):
    html = client.get(item.get_parent().get_parent().url).content.decode()
    assert "1 รายการ" in html
    assert "ยังไม่มีข้อมูล" in html  # the 18 categories without items
    assert "ข้อมูลขั้นต่ำที่ต้องเผยแพร่" in html


def test_unknown_address_is_a_thai_404_page(client, disclosure):
    response = client.get("/disclosure/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="th"' in html
    assert "ขออภัย เว็บไซต์ขัดข้อง" in html
