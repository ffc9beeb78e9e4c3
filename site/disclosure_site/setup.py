"""The home page a fresh office starts with: sections in Thai that ICT then edits.

Run by ``setup_disclosure`` (through the ``disclosure_setup_finished`` hook, once
the disclosure section, the galleries and the office's own pages exist). A home
page that already has sections, or a draft of them, is left as it is.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import Permission
from django.urls import Resolver404, resolve
from wagtail.models import GroupPagePermission, Page, Site

from disclosure_pages.models import DisclosureCategoryPage, DisclosureIndexPage
from disclosure_pages.public_sector import ContactPage, MeasurePage
from moderation.models import Role
from moderation.roles import role_groups

from .models import HomePage

PROCUREMENT_CATEGORY = "1.9"
ITA_PATH = "/ita/"
HOME_PUBLISHER_PERMISSIONS = ("change_page", "publish_page", "lock_page", "unlock_page")


def _block(block_type: str, value: dict) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _page_link(
    page: Page | None, title: str = "", description: str = ""
) -> dict | None:
    if page is None:
        return None
    return {"title": title, "page": page.pk, "url": "", "description": description}


def _ita_link() -> dict | None:
    """The ITA page, when the site serves one at /ita/ (a view, not a page)."""
    try:
        match = resolve(ITA_PATH)
    except Resolver404:
        return None
    if match.url_name == "wagtail_serve":
        return None  # only the page tree answers: no ITA page here
    return {
        "title": "การประเมินคุณธรรมและความโปร่งใส (ITA)",
        "page": None,
        "url": ITA_PATH,
        "description": "ข้อมูลตามตัวชี้วัดการเปิดเผยข้อมูลสาธารณะของสำนักงาน",
    }


def default_sections(home: Page) -> list[dict]:
    """The sections of a new office's home page, in Thai."""
    children = Page.objects.child_of(home).live()
    index = children.type(DisclosureIndexPage).first()
    contact = children.type(ContactPage).first()
    measure = Page.objects.descendant_of(home).live().type(MeasurePage).first()
    procurement = (
        DisclosureCategoryPage.objects.live()
        .descendant_of(home)
        .filter(code=PROCUREMENT_CATEGORY)
        .first()
    )

    sections = []
    if measure is not None:
        sections.append(
            _block(
                "highlight",
                {
                    "heading": measure.title,
                    "text": "สำนักงานเผยแพร่ข้อมูลการดำเนินงานต่อสาธารณะอย่างเป็นปัจจุบัน "
                    "ตามขั้นตอนการอนุญาตเผยแพร่ที่ผู้บริหารให้ความเห็นชอบ",
                    "image": None,
                    "image_alt": "",
                    "link": {
                        "title": "อ่านมาตรการ",
                        "page": measure.pk,
                        "url": "",
                        "description": "",
                    },
                },
            )
        )
    sections.append(
        _block(
            "latest_items",
            {"heading": "ข้อมูลเผยแพร่ล่าสุด", "category": None, "count": 6},
        )
    )
    if procurement is not None:
        sections.append(
            _block(
                "latest_items",
                {
                    "heading": "ประกาศจัดซื้อจัดจ้าง",
                    "category": procurement.pk,
                    "count": 6,
                },
            )
        )
    sections.append(_block("galleries", {"heading": "ภาพกิจกรรม", "count": 3}))
    links = [
        _page_link(
            index,
            "ข้อมูลเผยแพร่ต่อสาธารณะ",
            "ข้อมูลที่สำนักงานเผยแพร่ จัดตามหมวดข้อมูล",
        ),
        _ita_link(),
        _page_link(
            contact,
            "แจ้งเรื่องร้องเรียน",
            "ช่องทางแจ้งเรื่องร้องเรียนและข้อเสนอแนะ",
        ),
        _page_link(contact, "ติดต่อเรา", "ที่อยู่ โทรศัพท์ และอีเมลของสำนักงาน"),
    ]
    links = [link for link in links if link]
    if links:
        sections.append(_block("quick_links", {"heading": "ลิงก์ด่วน", "links": links}))
    return sections


def ensure_home_publishers(home: HomePage, report) -> None:
    """Let the ICT publishers change and publish the home page (its sections).

    Wagtail's page permissions reach the pages below too; there the publishers
    already hold the same ones (the sections and the office's pages), and the home
    page's own tester still keeps deleting and moving it to administrators.
    """
    group = role_groups().get(Role.ICT_PUBLISHER)
    if group is None:
        return
    created = [
        GroupPagePermission.objects.get_or_create(
            group=group, page=home, permission=permission
        )[1]
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=HOME_PUBLISHER_PERMISSIONS,
        )
    ]
    (report.created if any(created) else report.kept).append(
        "publisher permissions on the home page"
    )


def ensure_home_sections(site: Site, report) -> HomePage | None:
    """Give the site's home page its default sections, once, and its editors."""
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        return None
    ensure_home_publishers(home, report)
    latest = (
        home.get_latest_revision_as_object() if home.has_unpublished_changes else home
    )
    if len(home.body) or len(latest.body):
        report.kept.append("home page sections")
        return home
    home.body = default_sections(home)
    home.save_revision().publish()
    report.created.append("home page sections")
    return home
