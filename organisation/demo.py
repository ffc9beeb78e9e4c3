"""Demo records of the example site: the executives page and the organisation chart,
published as the approval chain's last step publishes (``load_demo_data`` calls
:func:`load_demo` through the ``disclosure_demo_data`` hook). Idempotent: a page
already there is kept."""

from __future__ import annotations

import io

from django.contrib.auth.models import AbstractBaseUser
from PIL import Image, ImageDraw
from wagtail.models import Page, Site

from disclosure_pages.models import DisclosureCategoryPage
from moderation.models import OfficeSettings, Unit, UnitKind
from photo_gallery.models import SafeImage

from .models import (
    Executive,
    ExecutivesPage,
    StructurePage,
    executives_category_code,
    structure_category_code,
)

# Made-up people of the example office (no real person's name).
DEPUTIES = ["นายสุรชัย แก้วประเสริฐ", "นางอัญชลี พรหมมา"]
UNIT_DIRECTORS = {
    "admin": "นางสาวพรทิพย์ ศรีวงศ์",
    "personnel": "นายวีระ บุญส่ง",
    "finance": "นางกาญจนา ทองคำ",
    "promotion": "นายอนุชา มีสุข",
    "supervision": "นางรัตนา ใจงาม",
    "development": "นายชาญชัย สุขเจริญ",
    "ict": "นายณัฐพล รุ่งเรือง",
    "audit": "นางสาวศิริพร แสงจันทร์",
}
VACANT_UNIT = "legal"  # the demo's empty post
# The unit that reports to another in the demo chart (PR sits in administration).
DEMO_PARENTS = {"pr": "admin"}
PORTRAIT_COLOUR = (46, 94, 140)


def portrait_jpeg(colour: tuple[int, int, int]) -> bytes:
    """A plain silhouette standing for a portrait, 240 × 300 pixels."""
    image = Image.new("RGB", (240, 300), (235, 239, 243))
    draw = ImageDraw.Draw(image)
    draw.ellipse((75, 50, 165, 140), fill=colour)
    draw.ellipse((35, 150, 205, 360), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def demo_portrait() -> SafeImage:
    """One silhouette shared by the demo's portraits, made once."""
    title = "ภาพผู้บริหาร (ตัวอย่าง)"
    image = SafeImage.objects.filter(title=title).first()
    if image is None:
        image = SafeImage.from_upload(
            portrait_jpeg(PORTRAIT_COLOUR),
            "executive.jpg",
            title=title,
            description="ภาพเงาคนแทนภาพถ่ายผู้บริหาร",
        )
        image.save()
    return image


def publish_as_chain(page: Page, category: Page, publisher: AbstractBaseUser) -> None:
    """Add the page and publish it as the chain's last step does."""
    category.add_child(instance=page)
    revision = page.save_revision(user=page.owner or publisher)
    revision.publish(user=publisher, skip_permission_checks=True)


def load_demo(demo) -> None:
    """The chart's parent units, then the two pages."""
    units = demo.units
    for child, parent in DEMO_PARENTS.items():
        if child in units and parent in units and units[child].parent_id is None:
            units[child].parent = units[parent]
            units[child].save(update_fields=["parent"])
            demo.report.created.append(f"unit {child} reports to {parent}")
    publisher = demo.users.get("ict")
    owner_unit = units.get("admin") or next(iter(units.values()), None)
    if publisher is None or owner_unit is None:
        return
    owner = owner_unit.members.order_by("pk").first()
    site = Site.objects.filter(is_default_site=True).first()
    office = OfficeSettings.for_site(site) if site else None
    ensure_structure(demo, owner_unit, owner, publisher)
    ensure_executives(demo, owner_unit, owner, publisher, office)


def ensure_structure(demo, unit: Unit, owner, publisher) -> None:
    category = DisclosureCategoryPage.objects.filter(
        code=structure_category_code()
    ).first()
    if category is None:
        return
    if StructurePage.objects.exists():
        demo.report.kept.append("organisation structure")
        return
    page = StructurePage(
        title="โครงสร้างองค์กร",
        slug="organisation-structure",
        unit=unit,
        owner=owner,
        publication_date=demo.today,
        summary=(
            "สำนักงานแบ่งส่วนราชการเป็นกลุ่มและหน่วย แต่ละกลุ่ม/หน่วยมีผู้อำนวยการ"
            "กลุ่ม/หน่วยเป็นผู้บังคับบัญชา ขึ้นตรงต่อผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
        ),
        live=False,
    )
    publish_as_chain(page, category, publisher)
    demo.report.created.append("organisation structure")


def ensure_executives(demo, unit: Unit, owner, publisher, office) -> None:
    category = DisclosureCategoryPage.objects.filter(
        code=executives_category_code()
    ).first()
    if category is None:
        return
    if ExecutivesPage.objects.exists():
        demo.report.kept.append("executives")
        return
    office_name = office.name_th if office else ""
    director = demo.users.get("office_director")
    portrait = demo_portrait()
    posts = [
        Executive(
            level=Executive.Level.OFFICE_DIRECTOR,
            position=f"ผู้อำนวยการ{office_name}",
            name=director.get_full_name() if director else "",
            photo=portrait,
            phone="0 2123 4501",
            email=office.email if office and office.email else "",
        )
    ]
    for number, name in enumerate(DEPUTIES, start=2):
        posts.append(
            Executive(
                level=Executive.Level.DEPUTY,
                position=f"รองผู้อำนวยการ{office_name}",
                name=name,
                photo=portrait,
                phone=f"0 2123 45{number:02d}",
            )
        )
    for code, member in demo.units.items():
        if member.parent_id or member.kind == UnitKind.PR:
            continue  # a part of another unit: its director is that unit's
        if code == VACANT_UNIT:
            name = ""
        elif member.director_id:
            name = member.director.get_full_name()
        else:
            name = UNIT_DIRECTORS.get(code, "")
            if not name:
                continue
        posts.append(
            Executive(
                level=Executive.Level.UNIT_DIRECTOR,
                unit=member,
                position=f"ผู้อำนวยการ{member.name_th}",
                name=name,
            )
        )
    for order, post in enumerate(posts):
        post.sort_order = order
    page = ExecutivesPage(
        title="ผู้บริหาร",
        slug="executives",
        unit=unit,
        owner=owner,
        publication_date=demo.today,
        summary="ผู้บริหารของสำนักงานและผู้อำนวยการกลุ่ม/หน่วย",
        live=False,
    )
    page.executives = posts
    publish_as_chain(page, category, publisher)
    demo.report.created.append("executives")
