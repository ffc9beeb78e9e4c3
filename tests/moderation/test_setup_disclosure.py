"""setup_disclosure: the units, the office, the index and the measure's 19 categories,
created once and never overwriting what an editor changed."""

import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    Task,
    WorkflowPage,
)

from disclosure_pages.models import DisclosureCategoryPage, DisclosureIndexPage
from moderation.models import OfficeSettings, Unit, UnitKind
from tests.utils import (
    OFFICE_NAME,
    category,
    default_site,
    disclosure_index,
    make_unit,
    run_setup,
)

pytestmark = pytest.mark.django_db

CODES = [f"1.{n}" for n in range(1, 20)]
MINIMUM_REQUIRED = {"1.2", "1.4", "1.6", "1.9", "1.10", "1.11"}

# As the announcement words them (มาตรการ ข้อ ๑), with this office's name.
EXPECTED_TITLES = {
    "1.1": "ข้อมูลเกี่ยวกับ กฎระเบียบ ข้อบังคับที่เกี่ยวข้องกับ"
    + OFFICE_NAME
    + " ข้าราชการครูและบุคลากรทางการศึกษา นักเรียน และโรงเรียนในสังกัด",
    "1.2": "นโยบาย แผนพัฒนาการศึกษา และภารกิจของรัฐบาล กระทรวงศึกษาธิการ "
    "สำนักคณะกรรมการการศึกษาขั้นพื้นฐาน และ" + OFFICE_NAME,
    "1.4": "ข้อมูลพื้นฐาน โครงสร้าง ภารกิจของ" + OFFICE_NAME,
    "1.5": "ข้อมูลผู้บริหาร" + OFFICE_NAME,
    "1.6": "แผนปฏิบัติการประจำปี และการติดตามผลการดำเนินการตามแผนปฏิบัติการประจำปี",
    "1.8": "ข้อมูลสารสนเทศ ของ" + OFFICE_NAME,
    "1.9": "ข้อมูลการจัดซื้อจัดจ้าง",
    "1.10": "มาตรฐานหรือคู่มือการปฏิบัติงานส่วนบุคคลและกลุ่ม/หน่วย",
    "1.11": "มาตรฐานและขั้นตอนให้บริการภายในสำนักงานเขตพื้นที่การศึกษา",
    "1.14": "การจัดเก็บข้อมูลออนไลน์" + OFFICE_NAME,
    "1.15": "การรายงานข้อมูลออนไลน์" + OFFICE_NAME,
    "1.19": "ข้อมูลอื่นๆ ที่ไม่ขัดต่อกฎหมาย ความสงบเรียบร้อยและศีลธรรมอันดีของประชาชน "
    "และความมั่นคงของประเทศ",
}

# (code, Thai name, kind), in the order the office lists them.
EXPECTED_UNITS = [
    ("admin", "กลุ่มอำนวยการ", UnitKind.OTHER),
    ("policy", "กลุ่มนโยบายและแผน", UnitKind.OTHER),
    ("personnel", "กลุ่มบริหารงานบุคคล", UnitKind.OTHER),
    ("finance", "กลุ่มบริหารงานการเงินและสินทรัพย์", UnitKind.OTHER),
    ("promotion", "กลุ่มส่งเสริมการจัดการศึกษา", UnitKind.OTHER),
    ("supervision", "กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา", UnitKind.OTHER),
    ("development", "กลุ่มพัฒนาครูและบุคลากรทางการศึกษา", UnitKind.OTHER),
    (
        "ict",
        "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร",
        UnitKind.ICT,
    ),
    ("legal", "กลุ่มกฎหมายและคดี", UnitKind.OTHER),
    ("audit", "หน่วยตรวจสอบภายใน", UnitKind.OTHER),
    ("pr", "งานประชาสัมพันธ์", UnitKind.PR),
]


def snapshot() -> dict:
    """Everything setup writes, in a form two runs can be compared by."""
    return {
        "units": list(Unit.objects.order_by("pk").values_list()),
        "pages": list(
            Page.objects.order_by("path").values_list(
                "pk", "path", "title", "slug", "live", "content_type_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": Group.permissions.through.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "name")),
        "workflow_pages": list(
            WorkflowPage.objects.values_list("page_id", "workflow_id")
        ),
        "offices": list(OfficeSettings.objects.values_list()),
        "sites": list(Site.objects.values_list()),
        "categories": list(
            DisclosureCategoryPage.objects.order_by("pk").values_list(
                "pk", "code", "minimum_required", "update_interval_days"
            )
        ),
    }


def office() -> OfficeSettings:
    return OfficeSettings.for_site(default_site())


# --- a first run -------------------------------------------------------------------


def test_second_run_changes_nothing():
    run_setup()
    first = snapshot()
    out = io.StringIO()
    call_command("setup_disclosure", office_name=OFFICE_NAME, stdout=out)
    assert snapshot() == first
    assert "created:" not in out.getvalue()
    assert re.search(r"\(0 created, \d+ kept\)", out.getvalue())


def test_counts_after_two_runs():
    pages_before = Page.objects.count()
    run_setup()
    pages_after_first = Page.objects.count()
    revisions_after_first = Revision.page_revisions.count()
    run_setup()
    assert Unit.objects.count() == 11
    assert OfficeSettings.objects.count() == 1
    assert DisclosureIndexPage.objects.count() == 1
    assert DisclosureCategoryPage.objects.count() == 19
    assert disclosure_index().get_descendants(inclusive=True).count() == 20
    # Other apps' set-up (galleries) may add pages of their own, once.
    assert Page.objects.count() == pages_after_first >= pages_before + 20
    # One published revision per created page, plus one for the site's home page,
    # which the first run fills with its default sections; none from the second run.
    assert Revision.page_revisions.count() == revisions_after_first
    home = Site.objects.get(is_default_site=True).root_page
    assert Revision.page_revisions.filter(object_id=str(home.pk)).count() == 1
    assert revisions_after_first == pages_after_first - pages_before + 1


def test_first_run_reports_what_it_created():
    out = io.StringIO()
    call_command("setup_disclosure", office_name=OFFICE_NAME, stdout=out)
    text = out.getvalue()
    assert "created: unit ict" in text
    assert "created: category 1.19" in text
    assert "created: disclosure index" in text
    assert "/disclosure/" in text


# --- where the office comes from --------------------------------------------------------


def test_default_run_reads_the_office_seed_setting():
    seed = json.loads(settings.DISCLOSURE_OFFICE_SEED.read_text(encoding="utf-8"))
    call_command("setup_disclosure", stdout=io.StringIO())
    saved = office()
    for name in ("name_th", "name_en", "short_name_th", "address", "phone", "email"):
        assert getattr(saved, name) == seed[name]
    assert category("1.4").title == "ข้อมูลพื้นฐาน โครงสร้าง ภารกิจของ" + seed["name_th"]


def test_office_file_option(tmp_path):
    path = tmp_path / "office.json"
    path.write_text(
        json.dumps({"name_th": "สำนักงานทดลอง", "phone": "0 1234 5678"}),
        encoding="utf-8",
    )
    call_command("setup_disclosure", office_file=path, stdout=io.StringIO())
    assert office().name_th == "สำนักงานทดลอง"
    assert office().phone == "0 1234 5678"
    assert category("1.5").title == "ข้อมูลผู้บริหารสำนักงานทดลอง"


def test_office_name_option_wins_over_the_file(tmp_path):
    path = tmp_path / "office.json"
    path.write_text(json.dumps({"name_th": "ชื่อในไฟล์"}), encoding="utf-8")
    call_command(
        "setup_disclosure",
        office_file=path,
        office_name="ชื่อที่ระบุ",
        stdout=io.StringIO(),
    )
    assert office().name_th == "ชื่อที่ระบุ"


def assert_nothing_created():
    assert not Unit.objects.exists()
    assert not OfficeSettings.objects.exists()
    assert not DisclosureIndexPage.objects.exists()
    assert not DisclosureCategoryPage.objects.exists()


def test_no_office_name_anywhere_is_refused_and_rolled_back(settings):
    settings.DISCLOSURE_OFFICE_SEED = None
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="office's name is not set"):
        call_command("setup_disclosure", stdout=io.StringIO())
    assert_nothing_created()
    assert Page.objects.count() == pages_before


def test_office_file_without_a_name_is_refused(settings, tmp_path):
    settings.DISCLOSURE_OFFICE_SEED = None
    path = tmp_path / "office.json"
    path.write_text(json.dumps({"phone": "0 1234 5678"}), encoding="utf-8")
    with pytest.raises(CommandError, match="--office-name"):
        call_command("setup_disclosure", office_file=path, stdout=io.StringIO())
    assert_nothing_created()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Cannot read the office file"),  # no such file
        ("{not json", "Cannot read the office file"),
        ('["a list"]', "must hold a JSON object"),
        (b"\xff\xfe not utf-8", "Cannot read the office file"),
    ],
    ids=["missing", "bad-json", "not-an-object", "not-utf8"],
)
def test_bad_office_file_is_refused(tmp_path, content, message):
    path = tmp_path / "office.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("setup_disclosure", office_file=path, stdout=io.StringIO())
    assert str(path) in str(excinfo.value)
    assert_nothing_created()


def test_existing_office_name_is_enough_on_a_rerun(settings):
    run_setup()
    settings.DISCLOSURE_OFFICE_SEED = None
    call_command("setup_disclosure", stdout=io.StringIO())
    assert office().name_th == OFFICE_NAME


# --- an editor's changes stay -------------------------------------------------------------


def rename_category():
    page = category("1.9")
    page.title = "จัดซื้อจัดจ้าง (แก้ไขแล้ว)"
    page.save_revision().publish()


def category_renamed():
    assert category("1.9").title == "จัดซื้อจัดจ้าง (แก้ไขแล้ว)"
    assert DisclosureCategoryPage.objects.filter(code="1.9").count() == 1


def rename_unit():
    Unit.objects.filter(code="finance").update(name_th="กลุ่มการเงิน (ชื่อใหม่)")


def unit_renamed():
    assert Unit.objects.get(code="finance").name_th == "กลุ่มการเงิน (ชื่อใหม่)"


def rename_office():
    settings_ = office()
    settings_.name_th = "สำนักงานชื่อใหม่"
    settings_.phone = "099"
    settings_.save()


def office_renamed():
    assert office().name_th == "สำนักงานชื่อใหม่"
    assert office().phone == "099"
    # Existing category titles keep the name they were created with.
    assert category("1.4").title == EXPECTED_TITLES["1.4"]


def change_office_units():
    settings_ = office()
    settings_.ict_unit = settings_.pr_unit = Unit.objects.get(code="admin")
    settings_.save()


def office_units_changed():
    assert office().ict_unit.code == "admin"
    assert office().pr_unit.code == "admin"


def change_category_fields():
    page = category("1.2")
    page.minimum_required = False
    page.update_interval_days = 30
    page.responsible_units = [Unit.objects.get(code="audit")]
    page.save_revision().publish()


def category_fields_changed():
    page = category("1.2")
    assert page.minimum_required is False
    assert page.update_interval_days == 30
    assert [u.code for u in page.responsible_units.all()] == ["audit"]


def move_category_first():
    category("1.19").move(disclosure_index(), pos="first-child")


def category_moved_first():
    codes = [p.specific.code for p in disclosure_index().get_children()]
    assert codes == ["1.19", *CODES[:-1]]


def move_index():
    root = default_site().root_page
    section = root.add_child(instance=Page(title="เกี่ยวกับเรา", slug="about"))
    disclosure_index().move(section, pos="last-child")


def index_moved():
    assert DisclosureIndexPage.objects.count() == 1
    assert disclosure_index().get_parent().slug == "about"
    assert DisclosureCategoryPage.objects.count() == 19


def unpublish_category():
    category("1.17").unpublish()


def category_unpublished():
    assert not category("1.17").live


def change_slug():
    page = category("1.9")
    page.slug = "procurement"
    page.save_revision().publish()


def slug_changed():
    assert category("1.9").url == "/disclosure/procurement/"


EDITS = {
    "rename-category": (rename_category, category_renamed),
    "rename-unit": (rename_unit, unit_renamed),
    "rename-office": (rename_office, office_renamed),
    "change-office-units": (change_office_units, office_units_changed),
    "change-category-fields": (change_category_fields, category_fields_changed),
    "reorder-categories": (move_category_first, category_moved_first),
    "move-index": (move_index, index_moved),
    "unpublish-category": (unpublish_category, category_unpublished),
    "change-slug": (change_slug, slug_changed),
}


@pytest.mark.parametrize(("edit", "check"), EDITS.values(), ids=EDITS.keys())
def test_rerun_keeps_an_editors_change(edit, check):
    run_setup()
    edit()
    check()
    before = snapshot()
    run_setup(office_name="สำนักงานอื่น")
    check()
    assert snapshot() == before


def test_a_deleted_category_is_recreated():
    run_setup()
    category("1.9").delete()
    others = dict(DisclosureCategoryPage.objects.values_list("code", "pk"))
    assert "1.9" not in others
    run_setup()
    recreated = category("1.9")
    assert recreated.title == EXPECTED_TITLES["1.9"]
    assert recreated.live
    assert recreated.minimum_required
    assert recreated.get_parent().pk == disclosure_index().pk
    # The others are the same rows as before.
    assert {
        code: pk
        for code, pk in DisclosureCategoryPage.objects.values_list("code", "pk")
        if code != "1.9"
    } == others


def test_a_deleted_unit_is_recreated_and_added_units_stay():
    run_setup()
    Unit.objects.filter(code="audit").delete()
    extra = make_unit(code="special", name_th="กลุ่มพิเศษ")
    run_setup()
    assert Unit.objects.get(code="audit").name_th == "หน่วยตรวจสอบภายใน"
    assert Unit.objects.get(pk=extra.pk).name_th == "กลุ่มพิเศษ"
    assert Unit.objects.count() == 12


# --- an existing Wagtail site ----------------------------------------------------------


def test_safe_on_an_existing_site():
    site = default_site()
    root = site.root_page
    about = root.add_child(instance=Page(title="เกี่ยวกับเรา", slug="about"))
    about.add_child(instance=Page(title="ประวัติ", slug="history"))
    news = root.add_child(instance=Page(title="ข่าว", slug="news", live=False))
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="เว็บไซต์อื่น", slug="other-site")
    )
    other_site = Site.objects.create(
        hostname="other.example", root_page=other_root, is_default_site=False
    )
    before = list(
        Page.objects.order_by("path").values_list("pk", "path", "title", "slug", "live")
    )
    root_children = list(root.get_children().values_list("pk", flat=True))

    run_setup()

    after = list(
        Page.objects.order_by("path").values_list("pk", "path", "title", "slug", "live")
    )
    assert [row for row in after if row[0] in {r[0] for r in before}] == before
    root.refresh_from_db()
    # The new sections come after the existing pages, which keep their order.
    children = list(root.get_children().values_list("pk", flat=True))
    assert children[: len(root_children)] == root_children
    index = disclosure_index()
    assert index.get_parent().pk == root.pk
    assert not other_root.get_children().exists()
    news.refresh_from_db()
    assert not news.live
    assert Site.objects.get(pk=other_site.pk).root_page_id == other_root.pk
    assert default_site().root_page_id == root.pk


def test_existing_page_with_the_index_slug_is_left_alone():
    root = default_site().root_page
    existing = root.add_child(instance=Page(title="หน้าเดิม", slug="disclosure"))
    run_setup()
    existing.refresh_from_db()
    assert existing.title == "หน้าเดิม"
    assert existing.url == "/disclosure/"
    index = disclosure_index()
    assert index.get_parent().pk == root.pk
    assert index.slug != "disclosure"
    assert DisclosureCategoryPage.objects.child_of(index).count() == 19


def test_no_default_site_is_refused():
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="no default Wagtail site"):
        run_setup()
    assert_nothing_created()
