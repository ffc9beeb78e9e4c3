"""The office's own pages: the web standard's pages (accessibility statement, privacy
notice, website policy, contact, sitemap), the measure itself and the people
responsible for publication — seeded once, rendered with the office's data, edited
only by those who publish, and linked from every page's footer."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.test.utils.form_data import querydict_from_html

import disclosure_pages
from disclosure_pages.public_sector import (
    OFFICE_PAGE_MODELS,
    AccessibilityStatementPage,
    ContactPage,
    MeasurePage,
    PrivacyNoticePage,
    ResponsiblePeoplePage,
    SitemapPage,
    WebsitePolicyPage,
    office_pages,
)
from moderation.models import OfficeSettings, Unit
from tests.conftest import shared_data
from tests.moderation.office import build_office
from tests.utils import (
    OFFICE_NAME,
    category,
    default_site,
    disclosure_index,
    make_item,
    make_unit,
    make_user,
    run_setup,
)

pytestmark = pytest.mark.django_db

APP_DIR = Path(disclosure_pages.__file__).resolve().parent
SHORT_NAME = "สพป.ทดสอบ เขต ๑"
OFFICE_SEED = {
    "name_th": OFFICE_NAME,
    "short_name_th": SHORT_NAME,
    "address": "๑๒๓ ถนนทดสอบ อำเภอเมือง จังหวัดทดสอบ",
    "phone": "0 4500 0000",
    "email": "saraban@office.example",
}
# The footer's order: the standard's pages as the Thai web standard lists them.
FOOTER = [
    ("/accessibility/", "การเข้าถึงเว็บไซต์"),
    ("/privacy/", "นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
    ("/website-policy/", "นโยบายเว็บไซต์"),
    ("/sitemap/", "แผนผังเว็บไซต์"),
    ("/contact/", "ติดต่อเรา"),
]
URLS = [
    "/measure/",
    "/responsible-people/",
    "/accessibility/",
    "/privacy/",
    "/website-policy/",
    "/contact/",
    "/sitemap/",
]


def set_up_office(tmp_path) -> None:
    path = tmp_path / "office.json"
    path.write_text(json.dumps(OFFICE_SEED), encoding="utf-8")
    call_command("setup_disclosure", office_file=path, stdout=io.StringIO())


def office() -> OfficeSettings:
    return OfficeSettings.for_site(default_site())


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def main_text(response) -> str:
    return " ".join(soup(response).find("main").get_text(" ").split())


def the(model):
    return model.objects.get()


# --- seeding -----------------------------------------------------------------------


def test_setup_seeds_one_live_page_of_each_type_in_place(tmp_path):
    set_up_office(tmp_path)
    root = default_site().root_page
    for model in OFFICE_PAGE_MODELS:
        page = the(model)
        assert page.live and not page.has_unpublished_changes, model
        assert page.get_parent().pk == root.pk == disclosure_index().get_parent().pk
    # Beside the disclosure index; the standard's pages after the other sections.
    order = [p.specific_class for p in root.get_children()]
    index_at = order.index(type(disclosure_index()))
    assert order[index_at + 1 : index_at + 3] == [MeasurePage, ResponsiblePeoplePage]
    assert order[-5:] == [
        AccessibilityStatementPage,
        PrivacyNoticePage,
        WebsitePolicyPage,
        ContactPage,
        SitemapPage,
    ]
    menu = set(root.get_children().in_menu().values_list("slug", flat=True))
    assert "contact" in menu
    assert not menu & {"measure", "accessibility", "privacy", "sitemap"}


def test_second_run_creates_nothing_and_reports_the_pages_kept(tmp_path):
    first = io.StringIO()
    call_command("setup_disclosure", office_name=OFFICE_NAME, stdout=first)
    assert "created: privacy page" in first.getvalue()
    assert "created: measure page" in first.getvalue()
    pages, revisions = Page.objects.count(), Revision.objects.count()
    second = io.StringIO()
    call_command("setup_disclosure", office_name="สำนักงานอื่น", stdout=second)
    assert "created:" not in second.getvalue()
    assert re.search(r"\(0 created, \d+ kept\)", second.getvalue())
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert "สำนักงานอื่น" not in the(PrivacyNoticePage).body


def test_an_edited_moved_renamed_or_unpublished_page_is_kept():
    run_setup()
    root = default_site().root_page
    about = root.add_child(instance=Page(title="เกี่ยวกับเว็บไซต์", slug="about"))
    privacy = the(PrivacyNoticePage)
    privacy.title = "ประกาศความเป็นส่วนตัว"
    privacy.slug = "pdpa"
    privacy.body = "<p>ฉบับที่สำนักงานแก้ไขแล้ว</p>"
    privacy.save_revision().publish()
    the(AccessibilityStatementPage).move(about, pos="last-child")
    the(SitemapPage).unpublish()
    pks = {model: the(model).pk for model in OFFICE_PAGE_MODELS}

    run_setup(office_name="สำนักงานอื่น")

    assert {model: the(model).pk for model in OFFICE_PAGE_MODELS} == pks
    privacy = the(PrivacyNoticePage)
    assert (privacy.title, privacy.url) == ("ประกาศความเป็นส่วนตัว", "/pdpa/")
    assert privacy.body == "<p>ฉบับที่สำนักงานแก้ไขแล้ว</p>"
    assert the(AccessibilityStatementPage).get_parent().pk == about.pk
    assert not the(SitemapPage).live


def test_a_deleted_page_comes_back_and_the_others_stay():
    run_setup()
    the(ContactPage).delete()
    others = {
        model: the(model).pk for model in OFFICE_PAGE_MODELS if model is not ContactPage
    }
    run_setup()
    contact = the(ContactPage)
    assert contact.live and contact.url == "/contact/"
    assert {model: the(model).pk for model in others} == others


def test_seeded_texts_carry_the_office_name_and_contacts(tmp_path):
    set_up_office(tmp_path)
    for model in OFFICE_PAGE_MODELS:
        body = the(model).body
        assert "{" not in body, model
    for model in (AccessibilityStatementPage, PrivacyNoticePage, WebsitePolicyPage):
        body = the(model).body
        assert OFFICE_NAME in body, model
        assert OFFICE_SEED["phone"] in body, model
        assert OFFICE_SEED["address"] in body, model
        assert 'href="mailto:saraban@office.example"' in body, model
    measure = the(MeasurePage)
    assert measure.body.count(OFFICE_NAME) > 10
    # Where the announcement shortens the office's name, the short name stands.
    assert f"ผู้อำนวยการ{SHORT_NAME} เพื่ออนุญาตตามลำดับ" in measure.body
    assert measure.signer_position == "ผู้อำนวยการ" + OFFICE_NAME
    assert measure.announced_on is not None


def test_no_code_seed_or_template_names_a_particular_office():
    """The original announcement's office (สพป.ชัยโสธร เขต ๒, "…ฯ โสธร") and its
    director appear nowhere in this app: every mention is a placeholder."""
    files = [
        path
        for path in APP_DIR.rglob("*")
        if path.suffix in {".py", ".html", ".json", ".po"} and path.is_file()
    ]
    assert any(path.name == "page-measure-th.html" for path in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name in ("โสธร", "วรรณสิทธิ์", "คำเพราะ"):
            assert name not in text, (path, name)


def test_signer_is_the_office_director_known_at_seed_time():
    director = make_user("chief", first_name="สมศักดิ์", last_name="ผู้นำ")
    site = default_site()
    settings_ = OfficeSettings.for_site(site)
    settings_.name_th = OFFICE_NAME
    settings_.office_director = director
    settings_.save()
    run_setup()
    assert the(MeasurePage).signer_name == "สมศักดิ์ ผู้นำ"


# --- fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_data(django_db_blocker):
        set_up_office(tmp_path_factory.mktemp("office"))
        yield


@pytest.fixture
def site(seeded, db):
    """The seeded site; each test runs in its own savepoint inside it."""


def sitemap_links(client) -> dict[str, list[str]]:
    """Each linked page's URL → the URLs of the list items it sits inside."""
    main = soup(client.get("/sitemap/")).find("main")
    tree = main.find(class_="sitemap")
    links = {}
    for a in tree.find_all("a"):
        ancestors = [
            li.find("a")["href"] for li in a.find_parents("li")[1:]
        ]  # [0] is its own item
        links[a["href"]] = ancestors
    return links


# --- the people responsible --------------------------------------------------------


@pytest.fixture
def people():
    return build_office()


def test_responsible_people_lists_directors_deputies_and_publishers(client, people):
    text = main_text(client.get("/responsible-people/"))
    settings_ = office()
    assert f"Office_Director ทดสอบ ผู้อำนวยการ{settings_.name_th}" in text
    assert f"Ict ทดสอบ — เจ้าหน้าที่{settings_.ict_unit.name_th}" in text
    page = soup(client.get("/responsible-people/"))
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in page.find("tbody").find_all("tr")
    }
    assert list(rows) == list(Unit.objects.values_list("name_th", flat=True))
    assert rows["กลุ่มนโยบายและแผน"] == ["Director_A ทดสอบ", "Deputy_A ทดสอบ"]
    assert rows["กลุ่มบริหารงานการเงินและสินทรัพย์"] == ["Director_B ทดสอบ", "ยังไม่ได้ระบุ"]
    # Names and positions only: no addresses, no logins.
    html = page.find("main").decode()
    assert "@" not in html
    assert "director_a" not in html and "editor_a" not in html


def test_responsible_people_follow_the_office_without_re_seeding(client, people):
    successor = make_user("successor", first_name="มานพ", last_name="คนใหม่")
    settings_ = office()
    settings_.office_director = successor
    settings_.save()
    policy = Unit.objects.get(code="policy")
    policy.deputy = None
    policy.save()
    nameless = make_user("no_name_login")
    settings_.ict_unit.members.add(nameless)

    text = main_text(client.get("/responsible-people/"))
    assert "มานพ คนใหม่" in text
    assert "Office_Director" not in text
    assert "Deputy_A" not in text
    assert "(ไม่ได้บันทึกชื่อ)" in text
    assert "no_name_login" not in text


def test_responsible_people_queries_do_not_grow_with_the_units(
    client, people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/responsible-people/")
    with CaptureQueriesContext(connection) as few:
        client.get("/responsible-people/")
    ict = office().ict_unit
    for n in range(20):
        make_unit(
            director=make_user(first_name=f"ผอ{n}", last_name="ทดสอบ"),
            deputy=make_user(first_name=f"รอง{n}", last_name="ทดสอบ"),
        )
        ict.members.add(make_user(first_name=f"ไอซีที{n}", last_name="ทดสอบ"))
    with django_assert_max_num_queries(len(few)):
        text = main_text(client.get("/responsible-people/"))
    assert "ผอ19 ทดสอบ" in text and "รอง19 ทดสอบ" in text and "ไอซีที19" in text


# --- who may edit them; what the public sees -------------------------------------

EDITORS = {"ict", "administrator"}
ROLES = (
    "editor_a",
    "director_a",
    "deputy_a",
    "office_director",
    "ict",
    "pr",
    "committee",
    "administrator",
)


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        yield {"office": build_office()}


def edit_form(page) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username="root"))
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return querydict_from_html(
        response.content.decode(), form_id="page-edit-form"
    ).dict()


def footer_links(client, url="/") -> list[tuple[str, str]]:
    nav = soup(client.get(url)).find("footer").find("nav")
    return [(a["href"], a.get_text(strip=True)) for a in nav.find_all("a")]


@pytest.mark.usefixtures("site")
class TestWhatThePublicSees:
    """One seeded site, read by every test in its own savepoint."""

    @pytest.mark.parametrize("url", URLS)
    def test_each_page_is_thai_with_one_h1_landmarks_and_no_outside_requests(
        self, client, site, url
    ):
        page = soup(client.get(url))
        assert page.html["lang"] == "th"
        assert len(page.find_all("h1")) == 1
        assert [m.get("id") for m in page.find_all("main")] == ["main"]
        assert page.find("header") and page.find("footer")
        assert not page.find("iframe")
        sources = [t.get("src", "") for t in page.find_all(["script", "img", "iframe"])]
        sources += [t.get("href", "") for t in page.find_all("link")]
        assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
        # Headings go down one level at a time.
        levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels

    def test_contact_page_shows_the_office_settings_as_they_are_now(self, client, site):
        settings_ = office()
        settings_.phone = "0 4599 9999 ต่อ 12"
        settings_.address = "ที่อยู่ใหม่\nอำเภอใหม่"
        settings_.save()
        contact = the(ContactPage)
        contact.map_url = "https://www.openstreetmap.org/#map=16/15.79/104.14"
        contact.save_revision().publish()

        page = soup(client.get("/contact/"))
        card = page.find("main").find("address")
        text = " ".join(card.get_text(" ").split())
        assert "0 4599 9999 ต่อ 12" in text
        assert "ที่อยู่ใหม่" in text and "อำเภอใหม่" in text
        assert card.find("a", href="mailto:saraban@office.example")
        link = page.find("main").find("a", href=contact.map_url)
        assert link is not None and "แผนที่" in link.get_text()
        assert not page.find(["iframe", "embed", "object"])

    def test_contact_page_without_a_map_link_shows_none(self, client, site):
        assert "แผนที่" not in main_text(client.get("/contact/"))

    def test_map_link_must_be_a_web_address(self, site):
        from django.core.exceptions import ValidationError

        contact = the(ContactPage)
        contact.map_url = "javascript:alert(1)"
        with pytest.raises(ValidationError):
            contact.full_clean()

    def test_measure_page_shows_the_announcement_date_in_thai_digits_and_the_signer(
        self, client, site
    ):
        measure = the(MeasurePage)
        measure.announced_on = dt.date(2020, 6, 24)
        measure.save_revision().publish()
        director = make_user("chief", first_name="วิชัย", last_name="ใจซื่อ")
        settings_ = office()
        settings_.office_director = director
        settings_.save()

        text = main_text(client.get("/measure/"))
        assert "ประกาศ ณ วันที่ ๒๔ มิถุนายน พ.ศ. ๒๕๖๓" in text
        assert f"ประกาศ{OFFICE_NAME}" in text
        # No name given on the page: the office director of the settings signs.
        assert f"(วิชัย ใจซื่อ) ผู้อำนวยการ{OFFICE_NAME}" in text

        measure.signer_name = "นายผู้ลงนาม ตามประกาศ"
        measure.save_revision().publish()
        text = main_text(client.get("/measure/"))
        assert "(นายผู้ลงนาม ตามประกาศ)" in text
        assert "วิชัย" not in text

    def test_privacy_notice_says_what_the_site_stores(self, client, site):
        text = main_text(client.get("/privacy/"))
        for fact in (
            "มาตรา ๒๓",  # the PDPA section the notice answers
            "ไม่ใช้คุกกี้ติดตาม",
            "คะแนนความพึงพอใจ",  # Feedback.score
            "ความเห็น",  # Feedback.comment
            "ไม่เก็บหมายเลขไอพี",
            "จนสิ้นวัน",  # the visitor hash lives in the cache until midnight
            "มาตรา ๗๓",  # the right to complain
        ):
            assert fact in text, fact
        assert OFFICE_SEED["email"] in text

    def test_accessibility_statement_commits_to_wcag_and_says_how_to_report(
        self, client, site
    ):
        text = main_text(client.get("/accessibility/"))
        assert "WCAG" in text and "2.1" in text and "AA" in text
        assert "แจ้งปัญหาการเข้าถึงเว็บไซต์" in text
        assert OFFICE_SEED["phone"] in text

    def test_disclosure_index_links_to_the_measure_and_the_people(self, client, site):
        main = soup(client.get(disclosure_index().url)).find("main")
        hrefs = [a["href"] for a in main.find_all("a")]
        assert "/measure/" in hrefs and "/responsible-people/" in hrefs

    # --- the sitemap --------------------------------------------------------------

    def test_sitemap_nests_the_live_public_pages(self, client, site):
        links = sitemap_links(client)
        assert links["/"] == []
        assert links["/disclosure/"] == ["/"]
        assert links["/disclosure/1-9/"] == ["/disclosure/", "/"]
        for url in URLS:
            assert url in links, url
        assert "/gallery/" in links

    def test_sitemap_leaves_out_drafts_private_pages_and_their_branches(
        self, client, site
    ):
        root = default_site().root_page
        draft = root.add_child(instance=Page(title="ร่าง", slug="draft", live=False))
        draft.add_child(instance=Page(title="ลูกของร่าง", slug="under-draft"))
        private = root.add_child(instance=Page(title="ภายใน", slug="internal"))
        private.add_child(instance=Page(title="ลูกของหน้าภายใน", slug="under-internal"))
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        public = root.add_child(instance=Page(title="เกี่ยวกับเรา", slug="about"))
        item = make_item(category("1.9"), slug="an-item")

        links = sitemap_links(client)
        assert links["/about/"] == ["/"]
        for url in (
            "/draft/",
            "/draft/under-draft/",
            "/internal/",
            "/internal/under-internal/",
        ):
            assert url not in links, url
        # Items are listed on their category's page, not in the sitemap.
        assert item.url not in links
        assert public.live

    def test_sitemap_queries_do_not_grow_with_the_pages(
        self, client, site, django_assert_max_num_queries
    ):
        client.get("/sitemap/")  # warm Django's content-type cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get("/sitemap/")
        root = default_site().root_page
        for n in range(15):
            section = root.add_child(instance=Page(title=f"ส่วน {n}", slug=f"s-{n}"))
            section.add_child(instance=Page(title=f"หน้า {n}", slug=f"p-{n}"))
        with django_assert_max_num_queries(len(few)):
            links = sitemap_links(client)
        assert links["/s-14/p-14/"] == ["/s-14/", "/"]

    # --- the footer ---------------------------------------------------------------

    def test_every_page_links_the_standards_pages_in_its_footer(self, client, site):
        for url in ["/", "/disclosure/", "/disclosure/1-9/", *URLS]:
            assert footer_links(client, url) == FOOTER, url
        nav = soup(client.get("/privacy/")).find("footer").find("nav")
        assert nav["aria-label"] == "เกี่ยวกับเว็บไซต์"
        assert nav.find("a", attrs={"aria-current": "page"})["href"] == "/privacy/"

    def test_footer_follows_a_renamed_moved_or_withdrawn_page(self, client, site):
        privacy = the(PrivacyNoticePage)
        privacy.title = "ความเป็นส่วนตัว"
        privacy.slug = "pdpa"
        privacy.save_revision().publish()
        about = default_site().root_page.add_child(
            instance=Page(title="เกี่ยวกับ", slug="about")
        )
        the(SitemapPage).move(about, pos="last-child")
        the(WebsitePolicyPage).unpublish()
        PageViewRestriction.objects.create(
            page=the(ContactPage), restriction_type="login"
        )

        assert footer_links(client) == [
            ("/accessibility/", "การเข้าถึงเว็บไซต์"),
            ("/pdpa/", "ความเป็นส่วนตัว"),
            ("/about/sitemap/", "แผนผังเว็บไซต์"),
        ]

    def test_footer_finds_the_pages_in_one_query_per_request(
        self, site, django_assert_num_queries
    ):
        request = RequestFactory().get("/")
        # The header has read the site and its root page already.
        assert Site.find_for_request(request).root_page.depth == 2
        with django_assert_num_queries(1):
            pages = office_pages(request)
        assert set(pages) == {model.office_page_kind for model in OFFICE_PAGE_MODELS}
        with django_assert_num_queries(0):
            assert office_pages(request) is pages

    def test_another_sites_pages_are_not_linked(self, site):
        other_root = Page.get_first_root_node().add_child(
            instance=Page(title="เว็บไซต์อื่น", slug="other-site")
        )
        Site.objects.create(hostname="other.example", root_page=other_root)
        assert office_pages(RequestFactory().get("/", HTTP_HOST="other.example")) == {}
        assert len(office_pages(RequestFactory().get("/"))) == len(OFFICE_PAGE_MODELS)


@pytest.mark.usefixtures("db")
class TestWhoMayEdit:
    """Only ICT publishers and administrators change these pages."""

    # Over HTTP for a statement page and the measure (with its own fields); every
    # type shares the permission tester, checked for all of them below.
    @pytest.mark.parametrize(
        "model", [PrivacyNoticePage, MeasurePage], ids=lambda m: m.__name__
    )
    @pytest.mark.parametrize("role", ROLES)
    def test_only_publishers_open_edit_and_publish_them(self, world, role, model):
        user = getattr(world["office"], role)
        page = the(model)
        form = edit_form(page)
        client = Client()
        client.force_login(user)
        allowed = role in EDITORS

        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert (response.status_code == 200) is allowed
        title = f"แก้ไขโดย {role}"
        client.post(
            f"/admin/pages/{page.pk}/edit/",
            {**form, "title": title, "action-publish": "1"},
        )
        page.refresh_from_db()
        assert (page.title == title and page.live) is allowed

    @pytest.mark.parametrize("role", ROLES)
    def test_every_office_page_is_guarded_alike(self, world, role):
        user = getattr(world["office"], role)
        allowed = role in EDITORS
        for model in OFFICE_PAGE_MODELS:
            tester = the(model).permissions_for_user(user)
            assert tester.can_edit() is allowed, model
            assert tester.can_publish() is allowed, model
            assert tester.can_unpublish() is allowed, model
            # Nobody copies one, and only administrators delete or move one.
            assert not tester.can_copy(), model
            assert tester.can_delete() is (role == "administrator"), model
            assert tester.can_move() is (role == "administrator"), model
            assert not tester.can_add_subpage(), model

    def test_publisher_permissions_are_granted_again_on_a_recreated_page(self, world):
        ict = world["office"].ict
        the(SitemapPage).delete()
        run_setup()
        assert the(SitemapPage).permissions_for_user(ict).can_publish()
