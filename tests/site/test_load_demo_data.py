"""The example site's load_demo_data command: users per role, items, files, re-runs."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.users.models import UserProfile

from channels.journal import JournalIssue
from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
from disclosure_thai.dates import fiscal_year
from moderation.models import OfficeSettings, Role, Unit
from moderation.roles import role_groups
from photo_gallery.models import ActivityGalleryPage
from structured_disclosures.models import ProcurementSummaryPage
from tests.conftest import shared_data
from tests.utils import default_site, run_setup


def load_demo(**kwargs) -> str:
    """Run the command (forced, since tests run with DEBUG off) and return its output."""
    kwargs.setdefault("force", True)
    out = io.StringIO()
    call_command("load_demo_data", stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def user(username: str):
    return get_user_model().objects.get(username=username)


def row_counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
    }


def body_blocks(block_type: str) -> list:
    """Every block of the given type in the demo items' bodies."""
    return [
        block.value
        for item in DisclosureItemPage.objects.filter(slug__startswith="demo-")
        for block in item.body
        if block.block_type == block_type
    ]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The set-up site with the demo data loaded once per class; the command's output.

    Loading takes seconds, so the read-only tests share one load.
    """
    with shared_data(django_db_blocker):
        run_setup()
        yield load_demo()


@pytest.mark.django_db
class TestLoadDemoData:
    """What one run creates, and what a second run leaves alone."""

    def test_reports_success_admin_url_and_logins(self, demo):
        assert "Demo data ready" in demo
        assert "http://testserver/admin/" in demo
        for username in ("editor", "director", "office_director", "ict", "committee"):
            assert f"demo-{username}-2569" in demo
        assert "ผู้อำนวยการกลุ่ม/หน่วย (unit director)" in demo

    def test_the_login_table_lines_up_and_says_each_admin_language(self, demo):
        from disclosure_site.management.commands.load_demo_data import display_width

        lines = demo.splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith("username"))
        table = lines[start : start + 11]
        assert set(table[1]) <= {"-", " "}
        # Each column starts at the same display column on every line, Thai vowel
        # and tone marks (zero width) notwithstanding.
        starts = [
            display_width(table[1][: m.start()]) for m in re.finditer(r"-+", table[1])
        ]
        assert len(starts) == 5
        for line in [table[0], *table[2:]]:
            for column in starts[1:]:
                before = ""
                width = 0
                for char in line:
                    if width >= column:
                        break
                    before += char
                    width = display_width(before)
                if width < column:  # the line ends before: its last cells are empty
                    assert before == line
                    continue
                assert width == column and before.endswith("  "), line
        ict = next(line for line in table if line.startswith("ict "))
        assert "English" in ict
        editor = next(line for line in table if line.startswith("editor "))
        assert "ไทย" in editor
        assert "ict sees the admin in English" in demo

    @pytest.mark.parametrize(
        ("username", "unit_code", "link"),
        [
            ("editor", "policy", "member"),
            ("editor2", "finance", "member"),
            ("director", "policy", "director"),
            ("deputy", "policy", "deputy"),
            ("ict", "ict", "member"),
            ("pr", "pr", "member"),
        ],
    )
    def test_unit_people_are_linked_to_their_unit(
        self, demo, username, unit_code, link
    ):
        unit = Unit.objects.get(code=unit_code)
        person = user(username)
        if link == "member":
            assert unit.members.filter(pk=person.pk).exists()
        else:
            assert getattr(unit, link) == person
        assert list(Unit.objects.for_user(person)) == [unit]

    def test_every_role_has_a_user_who_can_reach_the_admin(self, demo):
        office = OfficeSettings.for_site(default_site())
        assert office.office_director == user("office_director")
        assert user("admin").is_superuser
        assert not Unit.objects.for_user(user("committee")).exists()
        for username in (
            "editor", "editor2", "director", "deputy", "office_director", "ict", "pr",
            "committee",
        ):  # fmt: skip
            person = user(username)
            assert person.email == f"{username}@example.org"
            assert person.first_name and person.last_name
            assert person.has_perm("wagtailadmin.access_admin")
            assert not person.is_superuser
        groups = role_groups()

        def roles(name):
            held = set(user(name).groups.values_list("pk", flat=True))
            return {role for role, group in groups.items() if group.pk in held}

        assert roles("editor") == {Role.EDITOR}
        assert roles("director") == {Role.UNIT_DIRECTOR}
        assert roles("deputy") == {Role.UNIT_DIRECTOR}
        assert roles("office_director") == {Role.OFFICE_DIRECTOR}
        assert roles("ict") == {Role.EDITOR, Role.ICT_PUBLISHER}
        assert roles("pr") == {Role.EDITOR, Role.PR}
        assert roles("committee") == {Role.COMMITTEE}

    def test_admin_language_is_thai_except_one_english_user(self, demo):
        languages = {
            profile.user.username: profile.preferred_language
            for profile in UserProfile.objects.select_related("user")
        }
        assert len(languages) == 9
        assert languages.pop("ict") == "en"
        assert set(languages.values()) == {"th"}

    @pytest.mark.parametrize(("username", "lang"), [("ict", "en"), ("editor", "th")])
    def test_admin_is_shown_in_the_users_language(self, demo, client, username, lang):
        client.force_login(user(username))
        response = client.get("/admin/")
        assert response.status_code == 200
        assert f'<html lang="{lang}"' in response.content.decode()

    def test_passwords_are_the_printed_ones(self, demo, client):
        assert user("editor").check_password("demo-editor-2569")
        assert client.login(username="director", password="demo-director-2569")

    def test_every_category_has_live_items(self, demo):
        categories = DisclosureCategoryPage.objects.all()
        assert categories.count() == 19
        for category in categories:
            items = DisclosureItemPage.objects.child_of(category).live().public()
            assert items.count() >= 2, category.code
        # 57 items, last month's procurement summary, the executives and the
        # organisation chart (items too), the procurement plan with its two
        # announcements, and the action plan's items.
        assert DisclosureItemPage.objects.live().count() == 66
        assert DisclosureItemPage.objects.values("unit").distinct().count() >= 8

    def test_items_span_two_fiscal_years(self, demo):
        items = DisclosureItemPage.objects.all()
        years = set(items.values_list("fiscal_year", flat=True))
        assert len(years) == 2
        assert max(years) - min(years) == 1
        # The first publication is dated like the item, so quarterly counts spread out.
        assert {fiscal_year(item.first_published_at) for item in items} == years
        for item in items:
            assert fiscal_year(item.publication_date) == item.fiscal_year
            assert "{" not in item.title

    def test_item_bodies_mix_text_documents_images_tables_and_links(self, demo):
        items = list(DisclosureItemPage.objects.filter(slug__startswith="demo-"))
        for item in items:
            kinds = [block.block_type for block in item.body]
            assert kinds[:2] == ["text", "document"], item.slug
            assert item.summary
        assert body_blocks("image")
        assert all(value["alt_text"] for value in body_blocks("image"))
        assert body_blocks("table")
        assert all(value["url"].startswith("https://") for value in body_blocks("link"))

    def test_documents_are_thai_pdfs_shared_by_items(self, demo):
        from pypdf import PdfReader

        # The office journal's issue is a PDF of its own, printed from the issue.
        journal = set(
            JournalIssue.objects.filter(document__isnull=False).values_list(
                "document", flat=True
            )
        )
        documents = get_document_model().objects.exclude(pk__in=journal)
        assert 1 <= documents.count() <= 10  # reused, not one per item
        for document in documents:
            with document.open_file() as f:
                data = f.read()
            assert data.startswith(b"%PDF-1.")
            assert document.file_size == len(data)
            reader = PdfReader(io.BytesIO(data))
            assert len(reader.pages) == 1
            # Thai, with its font embedded: a visitor's reader shows it as printed.
            # (The font draws sara am as nikhahit + sara aa; read it back as one.)
            text = reader.pages[0].extract_text().replace("\u0e4d\u0e32", "\u0e33")
            assert "เอกสารตัวอย่างสำหรับสาธิตระบบ" in text, text[:200]
            assert b"/FontFile2" in data or b"/FontFile3" in data
        used = {value["document"].pk for value in body_blocks("document")} - journal
        assert used == set(documents.values_list("pk", flat=True))

    def test_a_missing_printed_document_falls_back_to_a_valid_pdf(self):
        from disclosure_site.management.commands.load_demo_data import minimal_pdf

        data = minimal_pdf("Demo announcement")
        assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
        # The trailer points at the cross-reference table, and it at each object.
        xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
        assert data[xref_at:].startswith(b"xref")
        offsets = re.findall(rb"(\d{10}) 00000 n", data[xref_at:])
        assert len(offsets) == 5
        for number, offset in enumerate(offsets, start=1):
            assert data[int(offset) :].startswith(b"%d 0 obj" % number)

    def test_images_are_valid_jpegs_with_alt_text(self, demo):
        images = get_image_model().objects.all()
        assert 1 <= images.count() <= 5
        for image in images:
            with image.open_file() as f:
                data = f.read()
            assert data.startswith(b"\xff\xd8\xff")
            picture = PILImage.open(io.BytesIO(data))
            assert picture.format == "JPEG"
            assert (image.width, image.height) == picture.size
            assert image.description

    def test_second_run_creates_nothing(self, demo):
        before = row_counts()
        memberships = Unit.members.through.objects.count()
        output = load_demo()
        assert row_counts() == before
        assert Unit.members.through.objects.count() == memberships
        assert "already exists; skipping" in output
        assert "created:" not in output

    def test_runs_without_force_when_debug_is_on(self, demo, settings):
        settings.DEBUG = True
        assert "Demo data ready" in load_demo(force=False)

    def test_last_months_procurement_summary_is_published(self, demo, client):
        summary = ProcurementSummaryPage.objects.live().get()
        assert summary.unit.code == "finance"
        assert summary.get_parent().specific.code == "1.9"
        html = client.get(summary.url).content.decode()
        assert "1,521,060.50" in html  # the total of its three rows
        assert "ภาพรวมปีงบประมาณ" in html

    def test_one_gallery_is_published_and_one_planned(self, demo, client):
        # (A second run adds no gallery: test_second_run_creates_nothing.)
        workshop = ActivityGalleryPage.objects.get(slug="demo-gallery-workshop")
        planned = ActivityGalleryPage.objects.get(slug="demo-gallery-planned")
        assert workshop.live and workshop.photo_count == 3
        assert not planned.live and planned.status == "planned"
        assert ActivityGalleryPage.objects.count() == 2
        response = client.get(workshop.url)
        assert response.status_code == 200
        assert response.content.decode().count('class="photo__link"') == 3

    def test_demo_item_page_renders(self, demo, client):
        item = DisclosureItemPage.objects.get(slug="demo-1-9-1")
        response = client.get(item.url)
        assert response.status_code == 200
        assert item.title in response.content.decode()


def test_refuses_to_run_without_debug_or_force(disclosure, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo(force=False)
    assert not get_user_model().objects.exists()
    assert not DisclosureItemPage.objects.exists()


def test_needs_setup_disclosure_first(db):
    with pytest.raises(CommandError, match="setup_disclosure"):
        load_demo()
    assert not get_user_model().objects.exists()
