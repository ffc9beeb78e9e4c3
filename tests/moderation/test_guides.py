"""The in-admin role guides: reachable from the dashboard and the Help menu, one
Thai guide per role, pictures only where the screenshot exists."""

from __future__ import annotations

import json
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from wagtail.users.models import UserProfile

from moderation import guides
from tests.conftest import shared_data
from tests.moderation.office import build_office, login
from tests.utils import make_user

pytestmark = pytest.mark.django_db

ALL_GUIDES = [
    "editor",
    "unit-director",
    "office-director",
    "ict-publisher",
    "public-relations",
    "committee",
]
# Who holds which guides, by the office's data (the ICT and PR people are also
# members of a unit, so editors too); an administrator has none of their own.
EXPECTED = {
    "editor_a": ["editor"],
    "director_a": ["unit-director"],
    "deputy_a": ["unit-director"],
    "office_director": ["office-director"],
    "ict": ["editor", "ict-publisher"],
    "pr": ["editor", "public-relations"],
    "committee": ["committee"],
}
THAI_HEADINGS = (
    "หน้าที่ของท่านตามมาตรการ",
    "ขั้นตอนการทำงาน",
    "อีเมลที่ท่านจะได้รับ",
    "&quot;ส่งกลับให้แก้ไข&quot; หมายความว่าอะไร",
    "สอบถามได้ที่ใคร",
)


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


class Page(HTMLParser):
    """What a reader meets on a page: headings of the main content in order
    (the admin's hidden dialogs have their own), the guide's pictures,
    the guide links and the language of the guide's content."""

    def __init__(self, html: str):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict] = []
        self.links: list[str] = []
        self.guide_lang: str | None = None
        self._heading: int | None = None
        self._text = ""
        self._figures = 0
        self._in_main = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main = True
        elif re.fullmatch(r"h[1-6]", tag) and self._in_main:
            self._heading, self._text = int(tag[1]), ""
        elif tag == "figure":
            self._figures += 1
        elif tag == "img" and "data-guide-shot" in attrs:
            self.images.append({**attrs, "in_figure": self._figures > 0})
        elif tag == "a" and "data-guide-link" in attrs:
            self.links.append(attrs["data-guide-link"])
        elif tag == "div" and "guide" in (attrs.get("class") or "").split():
            self.guide_lang = attrs.get("lang")

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        elif tag == "figure":
            self._figures -= 1
        elif self._heading and tag == f"h{self._heading}":
            self.headings.append((self._heading, " ".join(self._text.split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._text += data


def fake_png(path: Path, width: int = 1280, height: int = 900) -> None:
    """A valid PNG header of the given size (all the guide reads of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def panel_links(html: str) -> list[str]:
    start = html.index('id="disclosure-guides-heading"')
    end = html.index("</section>", start)
    return Page(html[start:end]).links


@pytest.mark.parametrize(("who", "expected"), EXPECTED.items())
def test_each_role_sees_its_guides_on_the_dashboard_and_opens_them(
    office, who, expected
):
    client = login(getattr(office, who))
    dashboard = client.get("/admin/").content.decode()
    assert "คู่มือการใช้งาน" in dashboard
    assert panel_links(dashboard) == expected
    for slug in expected:
        assert f'href="/admin/disclosure-guide/{slug}/"' in dashboard
        response = client.get(f"/admin/disclosure-guide/{slug}/")
        assert response.status_code == 200
        page = Page(response.content.decode())
        assert page.guide_lang == "th"
        texts = [text for _, text in page.headings]
        for heading in THAI_HEADINGS:
            assert heading.replace("&quot;", '"') in texts, (slug, heading)
        assert any(text.startswith("ขั้นตอนที่ 1") for text in texts)


def test_an_administrator_without_a_guide_of_their_own_is_offered_all_of_them(
    office,
):
    dashboard = login(office.administrator).get("/admin/").content.decode()
    assert panel_links(dashboard) == ALL_GUIDES


@pytest.mark.parametrize("slug", ALL_GUIDES)
def test_headings_go_down_one_level_at_a_time(office, slug):
    html = login(office.editor_a).get(f"/admin/disclosure-guide/{slug}/")
    levels = [level for level, _ in Page(html.content.decode()).headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.parametrize("slug", ALL_GUIDES)
def test_pictures_shown_are_existing_static_files_with_thai_alt_text(office, slug):
    html = login(office.editor_a).get(f"/admin/disclosure-guide/{slug}/")
    for image in Page(html.content.decode()).images:
        assert image["src"].startswith(settings.STATIC_URL)
        relative = image["src"][len(settings.STATIC_URL) :]
        assert finders.find(relative), f"{image['src']} is not a static file"
        assert re.search(r"[\u0e00-\u0e7f]", image["alt"])
        assert image["in_figure"]


def test_a_picture_saved_by_the_browser_tests_appears_in_its_step(office, tmp_path):
    fake_png(tmp_path / "disclosure_moderation/guide/editor-3-document.png", 800, 600)
    with override_settings(STATICFILES_DIRS=[str(tmp_path)]):
        html = login(office.editor_a).get("/admin/disclosure-guide/editor/")
    shots = {i["data-guide-shot"]: i for i in Page(html.content.decode()).images}
    image = shots["editor-3-document"]
    assert image["src"] == "/static/disclosure_moderation/guide/editor-3-document.png"
    assert (image["width"], image["height"]) == ("800", "600")
    assert "เอกสาร" in image["alt"]
    assert "<figcaption>เอกสารที่แนบแล้วแสดงอยู่ในช่องเนื้อหา</figcaption>" in (
        html.content.decode()
    )


def test_a_step_whose_picture_is_missing_reads_on_without_an_image(office, monkeypatch):
    monkeypatch.setattr(guides.finders, "find", lambda path, **kwargs: None)
    response = login(office.editor_a).get("/admin/disclosure-guide/editor/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<img" not in html.split('class="guide"', 1)[1]
    assert "แนบเอกสาร" in html


def test_every_screenshot_of_the_browser_tests_has_a_place_in_a_guide(office, tmp_path):
    for name in guides.SCREENSHOTS:
        fake_png(tmp_path / f"disclosure_moderation/guide/{name}.png")
    client = login(office.editor_a)
    shown = set()
    with override_settings(STATICFILES_DIRS=[str(tmp_path)]):
        for slug in ALL_GUIDES:
            html = client.get(f"/admin/disclosure-guide/{slug}/").content.decode()
            shown |= {image["data-guide-shot"] for image in Page(html).images}
    assert shown == guides.SCREENSHOTS


@pytest.mark.parametrize(
    "url", ["/admin/disclosure-guide/", "/admin/disclosure-guide/editor/"]
)
def test_an_anonymous_visitor_is_sent_to_log_in(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_someone_without_admin_access_cannot_read_the_guides(office):
    outsider = make_user("outsider")
    response = login(outsider).get("/admin/disclosure-guide/")
    assert response.status_code == 302


def test_the_index_lists_all_five_guides_the_readers_own_first(office):
    response = login(office.director_a).get("/admin/disclosure-guide/")
    html = response.content.decode()
    assert response.status_code == 200
    links = Page(html).links
    assert sorted(links) == sorted(ALL_GUIDES)
    assert links[0] == "unit-director"
    assert html.index("คู่มือสำหรับบทบาทของท่าน") < html.index("คู่มือสำหรับบทบาทอื่น")


def test_an_unknown_guide_is_not_found(office):
    response = login(office.editor_a).get("/admin/disclosure-guide/nobody/")
    assert response.status_code == 404


def test_an_english_admin_reads_english_chrome_around_the_thai_guide(office):
    reader = office.committee
    profile = UserProfile.get_for_user(reader)
    profile.preferred_language = "en"
    profile.save()
    html = login(reader).get("/admin/disclosure-guide/committee/").content.decode()
    page = Page(html)
    assert page.headings[0] == (1, "Guide for the committee")
    assert page.guide_lang == "th"
    assert "หน้าที่ของท่านตามมาตรการ" in html


def test_the_help_menu_points_to_the_guides(office):
    html = login(office.editor_a).get("/admin/").content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    assert props, "no sidebar"
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("name") == "disclosure-guides":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    assert found, "no guide item in the menu"
    assert "/admin/disclosure-guide/" in json.dumps(found)
    assert "คู่มือการใช้งาน" in json.dumps(found, ensure_ascii=False)


def test_the_guide_names_the_readers_unit_director_and_the_ict_unit(office):
    html = login(office.editor_a).get("/admin/disclosure-guide/editor/")
    text = html.content.decode()
    assert f"ผู้อำนวยการ{office.unit_a.name_th} Director_A ทดสอบ" in text
    assert "Deputy_A ทดสอบ" in text
    assert "กลุ่มส่งเสริมการศึกษาทางไกล" in text
