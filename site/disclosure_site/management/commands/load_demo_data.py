"""Load demo users and published items into the example site (development only).

Run after ``setup_disclosure``. Idempotent: users are matched by username, items by
slug (``demo-1-9-1``), documents and images by title; a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import PageLogEntry, Revision, Site
from wagtail.users.models import UserProfile

from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from moderation.models import OfficeSettings, Unit
from moderation.setup import SetupReport
from moderation.thai_dates import (
    BANGKOK,
    fiscal_year,
    fiscal_year_bounds,
    format_thai_date,
)

# --- People -----------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """A role of the measure, as the login table names it."""

    th: str
    en: str

    def __str__(self) -> str:
        return f"{self.th} ({self.en})"


EDITOR = Role("ผู้รับผิดชอบการให้ข้อมูล", "editor")
UNIT_DIRECTOR = Role("ผู้อำนวยการกลุ่ม/หน่วย", "unit director")
DEPUTY = Role("ผู้รักษาราชการแทนผู้อำนวยการกลุ่ม/หน่วย", "deputy")
OFFICE_DIRECTOR = Role("ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา", "office director")
ICT_PUBLISHER = Role("ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", "ICT publisher")
PUBLIC_RELATIONS = Role("งานประชาสัมพันธ์", "public relations")
COMMITTEE = Role("คณะกรรมการ", "committee")
ADMINISTRATOR = Role("ผู้ดูแลระบบ", "administrator")

# How a demo user belongs to a unit: Unit.members, Unit.director or Unit.deputy.
AS_MEMBER, AS_DIRECTOR, AS_DEPUTY = "member", "director", "deputy"


@dataclass(frozen=True)
class DemoUser:
    """A demo login: one per role, tied to a unit where the role has one."""

    username: str
    first_name: str
    last_name: str
    role: Role
    unit: str | None = None  # Unit.code
    unit_link: str = AS_MEMBER
    language: str = "th"  # admin language (UserProfile.preferred_language)
    superuser: bool = False
    moderator: bool = False

    @property
    def password(self) -> str:
        """A fixed, publicly known password: the reason this command is dev-only."""
        return f"demo-{self.username}-2569"


DEMO_USERS = (
    DemoUser("editor", "สมชาย", "ใจดี", EDITOR, "policy"),
    DemoUser("editor2", "สุดารัตน์", "รักเรียน", EDITOR, "finance"),
    DemoUser("director", "ประเสริฐ", "มั่นคง", UNIT_DIRECTOR, "policy", AS_DIRECTOR),
    DemoUser("deputy", "วิภาวรรณ", "ศรีสุข", DEPUTY, "policy", AS_DEPUTY),
    DemoUser("office_director", "ธนพล", "วงศ์ใหญ่", OFFICE_DIRECTOR, moderator=True),
    DemoUser(
        "ict", "กิตติพงษ์", "ทองดี", ICT_PUBLISHER, "ict", language="en", moderator=True
    ),
    DemoUser("pr", "มาลี", "แสงทอง", PUBLIC_RELATIONS, "pr"),
    DemoUser("committee", "อรุณี", "บุญมา", COMMITTEE),
    DemoUser("admin", "ผู้ดูแล", "ระบบ", ADMINISTRATOR, superuser=True),
)
PUBLISHER_USERNAME = "ict"

# --- Files ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoDocument:
    """A generated one-page PDF, shared by every item of its kind."""

    title: str
    filename: str
    text: str  # ASCII: the hand-written PDF uses a standard Type 1 font


@dataclass(frozen=True)
class DemoImage:
    """A generated JPEG, shared by the items that show it."""

    title: str
    filename: str
    alt_text: str
    colours: tuple[tuple[int, int, int], tuple[int, int, int]]


DEMO_DOCUMENTS = {
    "announcement": DemoDocument(
        "ประกาศ (เอกสารตัวอย่าง)",
        "demo-announcement.pdf",
        "Demo announcement - wagtail-disclosure sample document",
    ),
    "regulation": DemoDocument(
        "ระเบียบและคำสั่ง (เอกสารตัวอย่าง)",
        "demo-regulation.pdf",
        "Demo regulation - wagtail-disclosure sample document",
    ),
    "plan": DemoDocument(
        "แผนงาน (เอกสารตัวอย่าง)",
        "demo-plan.pdf",
        "Demo plan - wagtail-disclosure sample document",
    ),
    "report": DemoDocument(
        "รายงาน (เอกสารตัวอย่าง)",
        "demo-report.pdf",
        "Demo report - wagtail-disclosure sample document",
    ),
    "manual": DemoDocument(
        "คู่มือ (เอกสารตัวอย่าง)",
        "demo-manual.pdf",
        "Demo manual - wagtail-disclosure sample document",
    ),
}

DEMO_IMAGES = {
    "activity": DemoImage(
        "ภาพกิจกรรม (ภาพตัวอย่าง)",
        "demo-activity.jpg",
        "ภาพตัวอย่างสำหรับสาธิตระบบ: กราฟิกวงกลมสีส้มบนพื้นสีฟ้า",
        ((33, 99, 168), (245, 166, 35)),
    ),
    "meeting": DemoImage(
        "ภาพการประชุม (ภาพตัวอย่าง)",
        "demo-meeting.jpg",
        "ภาพตัวอย่างสำหรับสาธิตระบบ: กราฟิกวงกลมสีขาวบนพื้นสีเขียว",
        ((27, 122, 84), (250, 250, 250)),
    ),
    "award": DemoImage(
        "ภาพผลงานและรางวัล (ภาพตัวอย่าง)",
        "demo-award.jpg",
        "ภาพตัวอย่างสำหรับสาธิตระบบ: กราฟิกวงกลมสีทองบนพื้นสีม่วง",
        ((94, 53, 140), (240, 196, 25)),
    ),
}

# --- Tables and links -------------------------------------------------------------

DEMO_TABLES: dict[str, tuple[str, list[list[str]]]] = {
    "procurement": (
        "แบบ สขร.๑ สรุปผลการดำเนินการจัดซื้อจัดจ้าง (ข้อมูลสมมติ)",
        [
            [
                "ลำดับที่",
                "งานที่จัดซื้อหรือจัดจ้าง",
                "วงเงิน (บาท)",
                "วิธีซื้อหรือจ้าง",
                "ผู้ได้รับการคัดเลือกและราคาที่ตกลง",
            ],
            [
                "1",
                "จัดซื้อวัสดุสำนักงาน",
                "45,000",
                "เฉพาะเจาะจง",
                "ร้านตัวอย่างพาณิชย์ 44,500 บาท",
            ],
            [
                "2",
                "จ้างซ่อมแซมเครื่องปรับอากาศ",
                "18,000",
                "เฉพาะเจาะจง",
                "หจก.ตัวอย่างการช่าง 17,800 บาท",
            ],
            [
                "3",
                "จัดซื้อหมึกพิมพ์",
                "12,600",
                "เฉพาะเจาะจง",
                "ร้านตัวอย่างคอมพิวเตอร์ 12,600 บาท",
            ],
        ],
    ),
    "schools": (
        "จำนวนโรงเรียน นักเรียน และครู จำแนกตามอำเภอ (ข้อมูลสมมติ)",
        [
            ["อำเภอ", "โรงเรียน", "นักเรียน", "ข้าราชการครู"],
            ["อำเภอตัวอย่าง 1", "42", "5,310", "356"],
            ["อำเภอตัวอย่าง 2", "37", "4,125", "290"],
            ["อำเภอตัวอย่าง 3", "29", "2,980", "214"],
        ],
    ),
    "budget": (
        "งบประมาณตามแผนปฏิบัติการ จำแนกตามกลยุทธ์ (ข้อมูลสมมติ)",
        [
            ["กลยุทธ์", "จำนวนโครงการ", "งบประมาณ (บาท)"],
            ["พัฒนาคุณภาพผู้เรียน", "12", "1,850,000"],
            ["พัฒนาครูและบุคลากรทางการศึกษา", "6", "920,000"],
            ["พัฒนาระบบบริหารจัดการ", "8", "640,000"],
        ],
    ),
    "onet": (
        "คะแนนเฉลี่ย O-NET ชั้นประถมศึกษาปีที่ 6 (ข้อมูลสมมติ)",
        [
            ["รายวิชา", "คะแนนเฉลี่ยเขตพื้นที่", "คะแนนเฉลี่ยระดับประเทศ"],
            ["ภาษาไทย", "52.14", "50.38"],
            ["คณิตศาสตร์", "34.87", "33.25"],
            ["วิทยาศาสตร์", "37.02", "36.61"],
            ["ภาษาอังกฤษ", "38.45", "39.12"],
        ],
    ),
    "service": (
        "สถิติการให้บริการ จำแนกตามประเภทงาน (ข้อมูลสมมติ)",
        [
            ["ประเภทงานบริการ", "จำนวนครั้ง", "ระยะเวลาเฉลี่ย"],
            ["ขอหนังสือรับรอง", "214", "1 วันทำการ"],
            ["ขอคัดสำเนาเอกสาร", "96", "2 วันทำการ"],
            ["รับเรื่องร้องเรียน", "11", "15 วันทำการ"],
        ],
    ),
    "satisfaction": (
        "ผลการสำรวจความพึงพอใจ (ข้อมูลสมมติ)",
        [
            ["ด้าน", "ค่าเฉลี่ย (เต็ม 5)", "ระดับ"],
            ["กระบวนการให้บริการ", "4.52", "มากที่สุด"],
            ["เจ้าหน้าที่ผู้ให้บริการ", "4.61", "มากที่สุด"],
            ["สิ่งอำนวยความสะดวก", "4.18", "มาก"],
        ],
    ),
}

LINK_EGP = ("ระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)", "https://www.gprocurement.go.th/")
LINK_GAZETTE = ("ราชกิจจานุเบกษา", "https://ratchakitcha.soc.go.th/")
LINK_OBEC = ("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "https://www.obec.go.th/")
LINK_OIC = ("สำนักงานคณะกรรมการข้อมูลข่าวสารของราชการ", "https://www.oic.go.th/")
LINK_NIETS = ("สถาบันทดสอบทางการศึกษาแห่งชาติ (สทศ.)", "https://www.niets.or.th/")
LINK_MOE = ("กระทรวงศึกษาธิการ", "https://www.moe.go.th/")

# --- Items ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoItem:
    """One demo item. ``{fy}``, ``{prev_fy}`` and ``{last_month}`` in the title and
    summary are filled from its publication date."""

    title: str
    summary: str
    unit: str | None = None  # Unit.code; default: the category's responsible units
    document: str | None = None  # DEMO_DOCUMENTS key; default: CATEGORY_DOCUMENTS
    image: str | None = None  # DEMO_IMAGES key
    link: tuple[str, str] | None = None  # (text, URL)
    table: str | None = None  # DEMO_TABLES key


CATEGORY_DOCUMENTS = {
    "1.1": "regulation",
    "1.2": "plan",
    "1.6": "plan",
    "1.9": "announcement",
    "1.10": "manual",
    "1.11": "manual",
}
DEFAULT_DOCUMENT = "report"

DEMO_ITEMS: dict[str, tuple[DemoItem, ...]] = {
    "1.1": (
        DemoItem(
            "ระเบียบกระทรวงศึกษาธิการ ว่าด้วยการลาของข้าราชการครูและบุคลากรทางการศึกษา",
            "สรุปสาระสำคัญของระเบียบว่าด้วยการลาประเภทต่าง ๆ และขั้นตอนการยื่นใบลาผ่านสำนักงานเขตพื้นที่การศึกษา",
            link=LINK_GAZETTE,
        ),
        DemoItem(
            "ประกาศ เรื่อง มาตรการป้องกันและแก้ไขปัญหาการล่วงละเมิดทางเพศนักเรียนในสถานศึกษา",
            "แนวปฏิบัติสำหรับโรงเรียนในสังกัดในการป้องกัน เฝ้าระวัง และดำเนินการเมื่อมีเหตุล่วงละเมิดทางเพศนักเรียน",
        ),
        DemoItem(
            "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 และแนวปฏิบัติการเปิดเผยข้อมูล",
            "สิทธิของประชาชนในการเข้าถึงข้อมูลข่าวสารของราชการ และหน้าที่ของหน่วยงานในการเปิดเผยข้อมูลต่อสาธารณะ",
            link=LINK_OIC,
        ),
    ),
    "1.2": (
        DemoItem(
            "นโยบายและจุดเน้นของสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน ปีงบประมาณ พ.ศ. {fy}",
            "นโยบายด้านความปลอดภัย โอกาส คุณภาพ และประสิทธิภาพ ที่สำนักงานเขตพื้นที่การศึกษานำมาขับเคลื่อนสู่โรงเรียน",
            link=LINK_OBEC,
        ),
        DemoItem(
            "แผนพัฒนาการศึกษาขั้นพื้นฐาน ระยะ 5 ปี (พ.ศ. 2566–2570)",
            "วิสัยทัศน์ พันธกิจ เป้าประสงค์ และกลยุทธ์การพัฒนาการศึกษาของสำนักงานเขตพื้นที่การศึกษาในระยะ 5 ปี",
        ),
        DemoItem(
            "ทิศทางและกลยุทธ์การพัฒนาการศึกษา ปีงบประมาณ พ.ศ. {fy}",
            "กรอบทิศทางการดำเนินงานที่สอดคล้องกับนโยบายกระทรวงศึกษาธิการ เพื่อใช้จัดทำแผนปฏิบัติการประจำปี",
            link=LINK_MOE,
        ),
    ),
    "1.3": (
        DemoItem(
            "โครงการส่งเสริมการอ่านเพื่อพัฒนาทักษะการเรียนรู้ของนักเรียน ปีงบประมาณ พ.ศ. {fy}",
            "กิจกรรมส่งเสริมนิสัยรักการอ่านในโรงเรียนในสังกัด พร้อมแนวทางการวัดผลความสามารถด้านการอ่าน",
            image="activity",
        ),
        DemoItem(
            "กิจกรรมค่ายภาษาอังกฤษสำหรับนักเรียนชั้นประถมศึกษาปีที่ 6",
            "ค่ายพัฒนาทักษะการฟัง พูด อ่าน เขียนภาษาอังกฤษ จัดร่วมกับเครือข่ายโรงเรียนในสังกัด",
            image="activity",
        ),
        DemoItem(
            "แนวทางการจัดการเรียนรู้เชิงรุก (Active Learning) ในโรงเรียนขนาดเล็ก",
            "ตัวอย่างการออกแบบกิจกรรมการเรียนรู้เชิงรุกสำหรับห้องเรียนคละชั้นในโรงเรียนขนาดเล็ก",
        ),
    ),
    "1.4": (
        DemoItem(
            "โครงสร้างการบริหารงานของสำนักงานเขตพื้นที่การศึกษา",
            "แผนภูมิโครงสร้างการแบ่งส่วนราชการภายใน กลุ่ม/หน่วย และสายการบังคับบัญชา",
        ),
        DemoItem(
            "อำนาจหน้าที่ของสำนักงานเขตพื้นที่การศึกษาและกลุ่ม/หน่วยภายใน",
            "อำนาจหน้าที่ตามกฎหมายว่าด้วยระเบียบบริหารราชการกระทรวงศึกษาธิการ และภารกิจของแต่ละกลุ่ม/หน่วย",
        ),
        DemoItem(
            "ข้อมูลพื้นฐานและพื้นที่บริการของสำนักงานเขตพื้นที่การศึกษา",
            "ที่ตั้ง พื้นที่บริการ จำนวนโรงเรียน นักเรียน และครู จำแนกตามอำเภอ",
            table="schools",
        ),
    ),
    "1.5": (
        DemoItem(
            "ทำเนียบผู้บริหารสำนักงานเขตพื้นที่การศึกษา",
            "รายชื่อ ตำแหน่ง และช่องทางติดต่อของผู้อำนวยการและรองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            image="meeting",
        ),
        DemoItem(
            "ประวัติและผลงานของผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            "ประวัติการศึกษา การรับราชการ และผลงานสำคัญของผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            unit="personnel",
        ),
        DemoItem(
            "คำสั่งมอบหมายหน้าที่รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            "การมอบหมายงานและการกำกับดูแลกลุ่ม/หน่วยของรองผู้อำนวยการแต่ละท่าน",
        ),
    ),
    "1.6": (
        DemoItem(
            "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {fy}",
            "โครงการและงบประมาณตามแผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {fy} จำแนกตามกลยุทธ์",
            table="budget",
        ),
        DemoItem(
            "รายงานการกำกับติดตามการดำเนินงานตามแผนปฏิบัติการ รอบ 6 เดือน ปีงบประมาณ พ.ศ. {fy}",
            "ความก้าวหน้าของโครงการตามแผนปฏิบัติการและการใช้จ่ายงบประมาณ ในรอบ 6 เดือนแรกของปีงบประมาณ",
        ),
        DemoItem(
            "รายงานผลการดำเนินงานตามแผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {prev_fy}",
            "ผลการดำเนินงานตามตัวชี้วัด ปัญหาอุปสรรค และข้อเสนอแนะ ของแผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {prev_fy}",
        ),
    ),
    "1.7": (
        DemoItem(
            "การพัฒนาคุณภาพการบริหารจัดการภาครัฐ (PMQA) ของสำนักงานเขตพื้นที่การศึกษา",
            "ผลการประเมินตนเองตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ และแผนพัฒนาองค์การ",
        ),
        DemoItem(
            "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ปีงบประมาณ พ.ศ. {fy}",
            "คะแนนการประเมิน ITA จำแนกตามตัวชี้วัด และมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            unit="admin",
        ),
        DemoItem(
            "รายงานการควบคุมภายใน ประจำปีงบประมาณ พ.ศ. {prev_fy}",
            "ผลการประเมินการควบคุมภายในและแผนการปรับปรุงการควบคุมภายในของสำนักงานเขตพื้นที่การศึกษา",
            unit="audit",
        ),
    ),
    "1.8": (
        DemoItem(
            "ข้อมูลจำนวนโรงเรียน นักเรียน และข้าราชการครูในสังกัด",
            "ข้อมูลสารสนเทศพื้นฐานทางการศึกษา ณ วันที่ 10 มิถุนายน จำแนกตามอำเภอ",
            table="schools",
        ),
        DemoItem(
            "สถิติการให้บริการของสำนักงานเขตพื้นที่การศึกษา ปีงบประมาณ พ.ศ. {fy}",
            "จำนวนครั้งและระยะเวลาการให้บริการประชาชนและสถานศึกษา จำแนกตามประเภทงานบริการ",
            table="service",
        ),
        DemoItem(
            "รายงานข้อมูลนักเรียนรายบุคคล ภาคเรียนที่ 2",
            "สรุปข้อมูลนักเรียนรายบุคคลจากระบบจัดเก็บข้อมูลนักเรียน จำแนกตามระดับชั้นและเพศ",
        ),
    ),
    "1.9": (
        DemoItem(
            "ประกาศผู้ชนะการเสนอราคา จัดซื้อวัสดุสำนักงาน",
            "ประกาศผลการคัดเลือกผู้ขายวัสดุสำนักงานโดยวิธีเฉพาะเจาะจง พร้อมราคาที่ตกลงซื้อ",
            link=LINK_EGP,
        ),
        DemoItem(
            "สรุปผลการจัดซื้อจัดจ้างประจำเดือน {last_month}",
            "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.๑) ประจำเดือน {last_month}",
            table="procurement",
        ),
        DemoItem(
            "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {fy}",
            "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุทั้งปีงบประมาณ พ.ศ. {fy}",
            document="plan",
            link=LINK_EGP,
        ),
    ),
    "1.10": (
        DemoItem(
            "คู่มือการปฏิบัติงาน กลุ่มบริหารงานการเงินและสินทรัพย์",
            "ขั้นตอนการเบิกจ่ายเงิน การจัดทำบัญชี และการบริหารพัสดุ สำหรับเจ้าหน้าที่และโรงเรียน",
            unit="finance",
        ),
        DemoItem(
            "คู่มือการปฏิบัติงาน หน่วยตรวจสอบภายใน",
            "กระบวนการวางแผนการตรวจสอบ การปฏิบัติงานตรวจสอบ และการรายงานผล",
            unit="audit",
        ),
        DemoItem(
            "คู่มือการขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์",
            "ขั้นตอนการจัดทำบันทึกขออนุญาตเผยแพร่ข้อมูล การพิจารณาอนุญาต และการนำข้อมูลขึ้นเผยแพร่",
            unit="ict",
            image="meeting",
        ),
    ),
    "1.11": (
        DemoItem(
            "มาตรฐานและขั้นตอนการให้บริการ การขอหนังสือรับรอง",
            "ขั้นตอน ระยะเวลา และเอกสารที่ใช้ในการขอหนังสือรับรองของข้าราชการครูและบุคลากรทางการศึกษา",
        ),
        DemoItem(
            "คู่มือสำหรับประชาชน การรับเรื่องร้องเรียนร้องทุกข์",
            "ช่องทางการร้องเรียน ขั้นตอนการพิจารณา และระยะเวลาแจ้งผลการดำเนินการแก่ผู้ร้องเรียน",
            table="service",
        ),
        DemoItem(
            "มาตรฐานระยะเวลาการให้บริการของสำนักงานเขตพื้นที่การศึกษา",
            "ระยะเวลาแล้วเสร็จของงานบริการแต่ละประเภท เพื่อให้ผู้รับบริการทราบและติดตามได้",
        ),
    ),
    "1.12": (
        DemoItem(
            "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. {prev_fy}",
            "ผลสำเร็จของการดำเนินงานตามนโยบายและกลยุทธ์ พร้อมตัวชี้วัดที่บรรลุเป้าหมาย",
        ),
        DemoItem(
            "ผลสำเร็จการดำเนินงานโครงการโรงเรียนคุณภาพของชุมชน",
            "ผลการพัฒนาโรงเรียนคุณภาพของชุมชนในสังกัด ด้านคุณภาพผู้เรียน การบริหาร และการมีส่วนร่วมของชุมชน",
            image="award",
        ),
        DemoItem(
            "รางวัลและผลงานดีเด่นของสำนักงานเขตพื้นที่การศึกษา ปีงบประมาณ พ.ศ. {fy}",
            "รางวัลที่สำนักงานเขตพื้นที่การศึกษา โรงเรียน ครู และนักเรียนในสังกัดได้รับในปีงบประมาณ",
            image="award",
        ),
    ),
    "1.13": (
        DemoItem(
            "ชุมชนการเรียนรู้ทางวิชาชีพ (PLC) การพัฒนาการสอนคณิตศาสตร์",
            "สรุปบทเรียนจากวง PLC ของครูคณิตศาสตร์ระดับประถมศึกษา พร้อมตัวอย่างแผนการจัดการเรียนรู้",
            image="meeting",
        ),
        DemoItem(
            "สรุปองค์ความรู้จากการจัดการความรู้ (KM) ของบุคลากรในสำนักงาน",
            "องค์ความรู้ที่ได้จากกิจกรรมแลกเปลี่ยนเรียนรู้ของบุคลากรแต่ละกลุ่ม/หน่วย",
        ),
        DemoItem(
            "แนวปฏิบัติที่ดี (Best Practice) การนิเทศแบบกัลยาณมิตร",
            "ประสบการณ์การนิเทศการสอนแบบกัลยาณมิตรที่ช่วยพัฒนาคุณภาพการจัดการเรียนรู้ในโรงเรียน",
            unit="supervision",
        ),
    ),
    "1.14": (
        DemoItem(
            "ระบบจัดเก็บข้อมูลนักเรียนรายบุคคลออนไลน์",
            "ช่องทางและคู่มือการบันทึกข้อมูลนักเรียนรายบุคคลของโรงเรียนในสังกัดผ่านระบบออนไลน์",
            link=LINK_OBEC,
        ),
        DemoItem(
            "แบบสำรวจความพึงพอใจการให้บริการออนไลน์ ปีงบประมาณ พ.ศ. {fy}",
            "แบบสำรวจออนไลน์สำหรับผู้รับบริการ เพื่อนำผลไปปรับปรุงการให้บริการของสำนักงาน",
        ),
        DemoItem(
            "ระบบสำรวจข้อมูลครุภัณฑ์คอมพิวเตอร์ของโรงเรียนในสังกัด",
            "การจัดเก็บข้อมูลครุภัณฑ์คอมพิวเตอร์และอินเทอร์เน็ตของโรงเรียน เพื่อวางแผนการจัดสรรงบประมาณ",
        ),
    ),
    "1.15": (
        DemoItem(
            "รายงานผลการสำรวจความพึงพอใจการให้บริการ ปีงบประมาณ พ.ศ. {fy}",
            "ผลการสำรวจความพึงพอใจของผู้รับบริการ จำแนกตามด้าน พร้อมข้อเสนอแนะเพื่อการปรับปรุง",
            table="satisfaction",
        ),
        DemoItem(
            "รายงานการใช้งานระบบสารบรรณอิเล็กทรอนิกส์",
            "สถิติการรับส่งหนังสือราชการผ่านระบบสารบรรณอิเล็กทรอนิกส์ระหว่างสำนักงานและโรงเรียน",
        ),
        DemoItem(
            "รายงานสถิติผู้เข้าชมเว็บไซต์ ปีงบประมาณ พ.ศ. {fy}",
            "จำนวนผู้เข้าชมและจำนวนการดาวน์โหลดเอกสารบนเว็บไซต์ของสำนักงาน จำแนกตามเดือน",
        ),
    ),
    "1.16": (
        DemoItem(
            "ผลการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นประถมศึกษาปีที่ 6",
            "คะแนนเฉลี่ย O-NET รายวิชาของนักเรียนในสังกัด เปรียบเทียบกับคะแนนเฉลี่ยระดับประเทศ",
            table="onet",
            link=LINK_NIETS,
        ),
        DemoItem(
            "ผลการประเมินความสามารถด้านการอ่านของผู้เรียน (RT) ชั้นประถมศึกษาปีที่ 1",
            "ผลการประเมินการอ่านออกเสียงและการอ่านรู้เรื่องของนักเรียนชั้นประถมศึกษาปีที่ 1",
        ),
        DemoItem(
            "ผลการประเมินคุณภาพผู้เรียน (NT) ชั้นประถมศึกษาปีที่ 3",
            "ผลการประเมินความสามารถด้านคณิตศาสตร์และภาษาไทยของนักเรียนชั้นประถมศึกษาปีที่ 3",
        ),
    ),
    "1.17": (
        DemoItem(
            "นวัตกรรมการจัดการเรียนรู้ บันไดสู่การอ่านออกเขียนได้",
            "นวัตกรรมของครูในสังกัดที่ช่วยให้นักเรียนชั้นประถมศึกษาตอนต้นอ่านออกเขียนได้",
            image="activity",
        ),
        DemoItem(
            "ชุดกิจกรรมพัฒนาทักษะการคิดวิเคราะห์ รายวิชาวิทยาศาสตร์",
            "ชุดกิจกรรมการเรียนรู้ที่ผ่านการทดลองใช้ พร้อมผลการพัฒนาทักษะการคิดวิเคราะห์ของนักเรียน",
        ),
        DemoItem(
            "รูปแบบการนิเทศภายในโรงเรียนด้วยระบบออนไลน์",
            "รูปแบบการนิเทศที่ใช้เครื่องมือออนไลน์ช่วยติดตามและสะท้อนผลการจัดการเรียนรู้ของครู",
        ),
    ),
    "1.18": (
        DemoItem(
            "ครูดีเด่นผู้ได้รับรางวัลหนึ่งแสนครูดี",
            "ประวัติและผลงานของครูในสังกัดที่ได้รับการยกย่องเชิดชูเกียรติ",
            image="award",
        ),
        DemoItem(
            "โรงเรียนต้นแบบการจัดการเรียนรู้ด้วยโครงงานเป็นฐาน",
            "แนวทางและผลสำเร็จของโรงเรียนต้นแบบที่จัดการเรียนรู้ด้วยโครงงานเป็นฐาน",
            unit="supervision",
        ),
        DemoItem(
            "บุคลากรดีเด่นของสำนักงานเขตพื้นที่การศึกษา ปีงบประมาณ พ.ศ. {fy}",
            "รายชื่อและผลงานของบุคลากรที่ได้รับคัดเลือกเป็นบุคลากรดีเด่นประจำปี",
        ),
    ),
    "1.19": (
        DemoItem(
            "ข่าวประชาสัมพันธ์ กิจกรรมวันครู",
            "ภาพและข่าวกิจกรรมรำลึกพระคุณครูที่สำนักงานเขตพื้นที่การศึกษาจัดร่วมกับโรงเรียนในสังกัด",
            unit="pr",
            image="activity",
        ),
        DemoItem(
            "ประกาศรับสมัครบุคคลเพื่อจัดจ้างเป็นลูกจ้างชั่วคราว",
            "คุณสมบัติ วิธีการรับสมัคร และกำหนดการคัดเลือกบุคคลเพื่อจัดจ้างเป็นลูกจ้างชั่วคราว",
            unit="personnel",
            document="announcement",
        ),
        DemoItem(
            "ช่องทางการแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            "ช่องทางการแจ้งเบาะแสการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ และการคุ้มครองผู้แจ้ง",
            unit="legal",
        ),
    ),
}

# Items 1 and 2 of each category fall in the previous fiscal year, item 3 in the
# current one (up to today): two fiscal years for the reports and year filters.
ITEMS_PER_CATEGORY = 3
ITEMS_IN_PREVIOUS_YEAR = 2
GOLDEN_RATIO_FRACTION = 0.6180339887  # spreads dates evenly without randomness
PUBLISHED_AT = dt.time(10, 0)
IMAGE_SIZE = (960, 540)

# --- Helpers ----------------------------------------------------------------------


def minimal_pdf(text: str) -> bytes:
    """A valid one-page A4 PDF showing one ASCII line in Helvetica.

    Written by hand (header, five objects, cross-reference table with exact byte
    offsets, trailer) so the demo needs no PDF library.
    """
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 14 Tf 72 770 Td ({escaped}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(pdf)


def demo_jpeg(
    colours: tuple[tuple[int, int, int], tuple[int, int, int]],
    size: tuple[int, int] = IMAGE_SIZE,
) -> bytes:
    """A small 16:9 JPEG: a background with concentric circles, no metadata."""
    background, foreground = colours
    image = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(4):
        radius = height // 3 - step * 30
        box = (
            width // 2 - radius,
            height // 2 - radius,
            width // 2 + radius,
            height // 2 + radius,
        )
        draw.ellipse(box, outline=foreground, width=8)
    draw.text((24, height - 40), "wagtail-disclosure demo", fill=foreground)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def demo_publication_date(
    category_index: int, item_index: int, today: dt.date
) -> dt.date:
    """Where an item falls: the previous fiscal year or the current one up to today.

    Deterministic for a given day, so the demo reads the same on every machine.
    """
    current = fiscal_year(today)
    if item_index < ITEMS_IN_PREVIOUS_YEAR:
        start, end = fiscal_year_bounds(current - 1)
    else:
        start, end = fiscal_year_bounds(current)[0], today
    sequence = category_index * ITEMS_PER_CATEGORY + item_index + 1
    fraction = (sequence * GOLDEN_RATIO_FRACTION) % 1
    return start + dt.timedelta(days=int((end - start).days * fraction))


def fill_placeholders(text: str, publication_date: dt.date) -> str:
    """Fill ``{fy}``, ``{prev_fy}`` and ``{last_month}`` (e.g. มกราคม 2569)."""
    last_month = publication_date.replace(day=1) - dt.timedelta(days=1)
    fy = fiscal_year(publication_date)
    return text.format(
        fy=fy, prev_fy=fy - 1, last_month=format_thai_date(last_month, "month")
    )


def demo_slug(code: str, number: int) -> str:
    """The slug that identifies a demo item, e.g. demo-1-9-1."""
    return f"demo-{code.replace('.', '-')}-{number}"


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks take none."""
    return sum(1 for char in text if not unicodedata.combining(char))


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(rows: list[list[str]]) -> list[str]:
    """Rows as aligned text lines, the first row a header."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


def item_body(
    spec: DemoItem,
    title: str,
    summary: str,
    unit: Unit,
    document: AbstractDocument,
    image: AbstractImage | None,
) -> list[dict]:
    """The item's StreamField in raw form: text, document, then image/table/link."""
    body: list[dict] = [
        {
            "type": "text",
            "value": (
                f"<p>{summary}</p>"
                f"<p>สอบถามรายละเอียดเพิ่มเติมได้ที่ {unit.name_th}</p>"
                "<p><i>ข้อมูลตัวอย่างสำหรับทดลองใช้ระบบ</i></p>"
            ),
        },
        {
            "type": "document",
            "value": {"document": document.pk, "title": title, "accessible": False},
        },
    ]
    if image is not None:
        body.append(
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": image.description or image.title,
                    "caption": f"ภาพประกอบ: {title}",
                },
            }
        )
    if spec.table:
        caption, data = DEMO_TABLES[spec.table]
        body.append(
            {
                "type": "table",
                "value": {
                    "data": data,
                    "table_caption": caption,
                    "table_header_choice": "row",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            }
        )
    if spec.link:
        text, url = spec.link
        body.append({"type": "link", "value": {"title": text, "url": url}})
    return body


def backdate(
    item: DisclosureItemPage, revision: Revision, publication_date: dt.date
) -> None:
    """Record the publication as happening on the item's publication date.

    Otherwise every demo item would count as published today, and the quarterly
    report and the "updated on" dates would show one spike instead of two years.
    """
    when = min(
        dt.datetime.combine(publication_date, PUBLISHED_AT, tzinfo=BANGKOK),
        timezone.now(),
    )
    DisclosureItemPage.objects.filter(pk=item.pk).update(
        first_published_at=when,
        last_published_at=when,
        latest_revision_created_at=when,
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=when)
    PageLogEntry.objects.filter(page=item).update(timestamp=when)


# --- The command ------------------------------------------------------------------


class Command(BaseCommand):
    """Create demo users (one per role) and about three published items per category.

    Development only: it creates logins with publicly known passwords, so it refuses
    to run unless DEBUG is on or --force is given. The users go into Wagtail's default
    "Editors" and "Moderators" groups for now; the measure's role groups replace them
    once the roles set-up exists.
    """

    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (creates known passwords).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["force"]):
            raise CommandError(
                "load_demo_data creates users with publicly known passwords, so it "
                "only runs with DEBUG = True. Pass --force to run it anyway "
                "(never on a production site)."
            )
        index = DisclosureIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "The disclosure section does not exist yet. "
                "Run 'manage.py setup_disclosure' first."
            )
        self.report = SetupReport()
        self.today = timezone.localdate()
        with transaction.atomic():
            self.units = {unit.code: unit for unit in Unit.objects.all()}
            users = {spec.username: self.ensure_user(spec) for spec in DEMO_USERS}
            self.ensure_office_director(users["office_director"])
            documents = {k: self.ensure_document(d) for k, d in DEMO_DOCUMENTS.items()}
            images = {k: self.ensure_image(i) for k, i in DEMO_IMAGES.items()}
            self.ensure_items(users, documents, images)
        self.write_summary()
        self.write_logins(users)

    # People

    def ensure_user(self, spec: DemoUser) -> AbstractBaseUser:
        """The demo user, created once; unit links and groups are (re)applied."""
        User = get_user_model()
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            manager = User.objects
            create = manager.create_superuser if spec.superuser else manager.create_user
            user = create(
                username=spec.username,
                email=f"{spec.username}@example.org",
                password=spec.password,
                first_name=spec.first_name,
                last_name=spec.last_name,
            )
            self.report.created.append(f"user {spec.username}")
        else:
            self.report.kept.append(f"user {spec.username}")
        self.link_to_unit(user, spec)
        self.add_to_groups(user, spec)
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:
            profile.preferred_language = spec.language
            profile.save(update_fields=["preferred_language"])
        return user

    def link_to_unit(self, user: AbstractBaseUser, spec: DemoUser) -> None:
        """Make the user a member, the director or the deputy of their unit.

        A director or deputy already set by someone else is left in place.
        """
        if spec.unit is None:
            return
        unit = self.units.get(spec.unit)
        if unit is None:
            self.stderr.write(
                self.style.WARNING(
                    f"unit '{spec.unit}' not found: {spec.username} has no unit"
                )
            )
            return
        if spec.unit_link == AS_MEMBER:
            unit.members.add(user)
            return
        field = spec.unit_link  # AS_DIRECTOR or AS_DEPUTY: the Unit field name
        if getattr(unit, f"{field}_id") is None:
            setattr(unit, field, user)
            unit.save(update_fields=[field])
            self.report.created.append(f"{field} of unit {unit.code}: {user}")

    def add_to_groups(self, user: AbstractBaseUser, spec: DemoUser) -> None:
        """Wagtail's default groups, so the demo users can log in to the admin."""
        if spec.superuser:
            return
        names = ["Editors", "Moderators"] if spec.moderator else ["Editors"]
        user.groups.add(*Group.objects.filter(name__in=names))

    def ensure_office_director(self, user: AbstractBaseUser) -> None:
        """Name the demo office director in the office settings, if nobody is."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        office = OfficeSettings.for_site(site)
        if office.office_director_id is None:
            office.office_director = user
            office.save(update_fields=["office_director"])
            self.report.created.append(f"office director: {user}")

    # Files

    def ensure_document(self, spec: DemoDocument) -> AbstractDocument:
        """The shared PDF of one kind, generated once."""
        Document = get_document_model()
        document = Document.objects.filter(title=spec.title).first()
        if document is not None:
            self.report.kept.append(f"document {spec.filename}")
            return document
        content = minimal_pdf(spec.text)
        document = Document(title=spec.title)
        document.file.save(
            spec.filename, ContentFile(content, name=spec.filename), save=False
        )
        document.file_size = len(content)
        document.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        document.save()
        self.report.created.append(f"document {spec.filename}")
        return document

    def ensure_image(self, spec: DemoImage) -> AbstractImage:
        """The shared JPEG, generated once, with its alternative text."""
        Image = get_image_model()
        image = Image.objects.filter(title=spec.title).first()
        if image is not None:
            self.report.kept.append(f"image {spec.filename}")
            return image
        content = demo_jpeg(spec.colours)
        image = Image(title=spec.title, description=spec.alt_text)
        # The named ContentFile lets the image field read the width and height.
        image.file.save(
            spec.filename, ContentFile(content, name=spec.filename), save=False
        )
        image.file_size = len(content)
        image.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        image.save()
        self.report.created.append(f"image {spec.filename}")
        return image

    # Items

    def ensure_items(
        self,
        users: dict[str, AbstractBaseUser],
        documents: dict[str, AbstractDocument],
        images: dict[str, AbstractImage],
    ) -> None:
        """Every item of DEMO_ITEMS that is not there yet, found by slug."""
        categories = {c.code: c for c in DisclosureCategoryPage.objects.all()}
        existing = set(
            DisclosureItemPage.objects.filter(slug__startswith="demo-").values_list(
                "slug", flat=True
            )
        )
        for category_index, (code, specs) in enumerate(DEMO_ITEMS.items()):
            category = categories.get(code)
            if category is None:
                self.stderr.write(
                    self.style.WARNING(f"category {code} not found: items skipped")
                )
                continue
            responsible = list(category.responsible_units.all()) or list(
                self.units.values()
            )
            for item_index, spec in enumerate(specs):
                slug = demo_slug(code, item_index + 1)
                if slug in existing:
                    self.report.kept.append(f"item {slug}")
                    continue
                unit = (
                    self.units.get(spec.unit)
                    or responsible[item_index % len(responsible)]
                )
                date = demo_publication_date(category_index, item_index, self.today)
                self.create_item(
                    category,
                    spec,
                    slug=slug,
                    unit=unit,
                    publication_date=date,
                    document=documents[
                        spec.document or CATEGORY_DOCUMENTS.get(code, DEFAULT_DOCUMENT)
                    ],
                    image=images.get(spec.image) if spec.image else None,
                    publisher=users[PUBLISHER_USERNAME],
                )

    def create_item(
        self,
        category: DisclosureCategoryPage,
        spec: DemoItem,
        *,
        slug: str,
        unit: Unit,
        publication_date: dt.date,
        document: AbstractDocument,
        image: AbstractImage | None,
        publisher: AbstractBaseUser,
    ) -> DisclosureItemPage:
        """Add the item under its category and publish it as the ICT publisher."""
        title = fill_placeholders(spec.title, publication_date)
        summary = fill_placeholders(spec.summary, publication_date)
        author = unit.members.order_by("pk").first()
        item = DisclosureItemPage(
            title=title,
            slug=slug,
            unit=unit,
            publication_date=publication_date,
            summary=summary,
            body=item_body(spec, title, summary, unit, document, image),
            owner=author,
        )
        category.add_child(instance=item)
        revision = item.save_revision(user=author)
        revision.publish(user=publisher, skip_permission_checks=True)
        backdate(item, revision, publication_date)
        self.report.created.append(f"item {slug}")
        return item

    # Output

    def write_summary(self) -> None:
        """One line per created row; what was already there, counted by kind."""
        for line in self.report.created:
            self.stdout.write(f"created: {line}")
        if self.report.kept:
            kinds: dict[str, int] = {}
            for line in self.report.kept:
                kind = line.split(" ", 1)[0]
                kinds[kind] = kinds.get(kind, 0) + 1
            counts = ", ".join(f"{n} {kind}(s)" for kind, n in kinds.items())
            self.stdout.write(f"already exists; skipping: {counts}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({len(self.report.created)} created, "
                f"{len(self.report.kept)} already there)."
            )
        )

    def write_logins(self, users: dict[str, AbstractBaseUser]) -> None:
        """The admin address and a table of the demo logins."""
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(f"\nAdmin: {admin_url}\n")
        rows = [["username", "password", "role", "unit"]]
        for spec in DEMO_USERS:
            unit = self.units.get(spec.unit) if spec.unit else None
            password = (
                spec.password
                if users[spec.username].check_password(spec.password)
                else "(changed since created)"
            )
            rows.append(
                [spec.username, password, str(spec.role), unit.name_th if unit else ""]
            )
        for line in format_table(rows):
            self.stdout.write(line)
        self.stdout.write(
            "\nThese passwords are public: use this data for development only."
        )
