"""Load demo users and published items into the example site (development only).

Run after ``setup_disclosure``. Idempotent: users are matched by username, items by
slug (``demo-1-9-1``), documents and images by title; a second run creates nothing.
The users, files, tables, links and items are data of the example site, kept in
``site/seed/demo_content.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail.users.models import UserProfile

from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from disclosure_pages.public_sector import ContactPage
from disclosure_thai.dates import (
    BANGKOK,
    fiscal_year,
    fiscal_year_bounds,
    format_thai_date,
)
from ita.catalogue import ensure_current_year
from ita.models import ItaPageTag, ItaYearStatus
from moderation.models import OfficeSettings, Unit
from moderation.models import Role as RoleKey
from moderation.public_address import public_base_url
from moderation.roles import role_groups
from moderation.setup import SetupReport
from photo_gallery.models import (
    ActivityGalleryPage,
    GalleryIndexPage,
    GalleryPhoto,
    GalleryStatus,
)
from structured_disclosures.models import (
    ProcurementMethod,
    ProcurementRow,
    ProcurementSummaryPage,
    procurement_category_code,
)

# --- Demo content (seed/demo_content.json) ---------------------------------------

# How a demo user belongs to a unit: Unit.members, Unit.director or Unit.deputy.
AS_MEMBER, AS_DIRECTOR, AS_DEPUTY = "member", "director", "deputy"
PUBLISHER_USERNAME = "ict"
OFFICE_DIRECTOR_USERNAME = "office_director"
# Demo pages written with their ITA indicators (codes of the seeded list), by slug.
DEMO_ITA_TAGS = {
    "demo-1-19-3": ["O16", "O17"],
    "demo-1-7-2": ["O25"],
    "demo-1-10-3": ["O25"],
    "demo-1-14-2": ["O10"],
    "demo-gallery-workshop": ["O19"],
}
DEMO_CONTENT_FILE = "demo_content.json"  # in settings.BASE_DIR / "seed"
DEMO_DOCUMENTS_DIR = "demo_documents"  # in settings.BASE_DIR / "seed"
# The admin's language as the login table says it.
LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}


@dataclass(frozen=True)
class DemoContext:
    """What a ``disclosure_demo_data`` hook receives: the demo users by username
    (``ict`` publishes, ``office_director`` heads the office), the units by code,
    today's date in Bangkok and the report its created/kept lines go to."""

    users: dict[str, AbstractBaseUser]
    units: dict[str, Unit]
    today: dt.date
    report: SetupReport


@dataclass(frozen=True)
class Role:
    """A role of the measure, as the login table names it."""

    th: str
    en: str

    def __str__(self) -> str:
        return f"{self.th} ({self.en})"


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
    role_key: str = ""  # the key of the role in demo_content.json

    @property
    def password(self) -> str:
        """A fixed, publicly known password: the reason this command is dev-only."""
        return f"demo-{self.username}-2569"


@dataclass(frozen=True)
class DemoDocument:
    """A one-page Thai PDF, shared by every item of its kind: the file of that name
    in seed/demo_documents (printed from Thai HTML by its build.py), else a
    generated one-line PDF of ``text``."""

    title: str
    filename: str
    text: str  # ASCII: the fallback PDF uses a standard Type 1 font


@dataclass(frozen=True)
class DemoImage:
    """A generated JPEG, shared by the items that show it."""

    title: str
    filename: str
    alt_text: str
    colours: tuple[tuple[int, int, int], tuple[int, int, int]]


@dataclass(frozen=True)
class DemoTable:
    """A table block of made-up figures; the first row is the header."""

    caption: str
    rows: list[list[str]]


@dataclass(frozen=True)
class DemoLink:
    """A link block to a real government site."""

    text: str
    url: str


@dataclass(frozen=True)
class DemoItem:
    """One demo item. ``{fy}``, ``{prev_fy}`` and ``{last_month}`` in the title and
    summary are filled from its publication date."""

    title: str
    summary: str
    document: str  # DemoContent.documents key
    unit: str | None = None  # Unit.code; default: the category's responsible units
    image: str | None = None  # DemoContent.images key
    link: DemoLink | None = None
    table: DemoTable | None = None


@dataclass(frozen=True)
class DemoContent:
    """Everything the command creates, read from the JSON file with keys resolved."""

    users: tuple[DemoUser, ...]
    documents: dict[str, DemoDocument]
    images: dict[str, DemoImage]
    items: dict[str, tuple[DemoItem, ...]]  # by category code, in category order


def load_demo_content(path: Path) -> DemoContent:
    """Read the demo content; an unknown role, table, link, document or image fails.

    Items name their table, link, document and image by key; an item without a
    document takes its category's (``category_documents``), else ``default_document``.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    roles = {key: Role(**role) for key, role in data["roles"].items()}
    users = tuple(
        DemoUser(**{**user, "role": roles[user["role"]], "role_key": user["role"]})
        for user in data["users"]
    )
    for user in users:
        if user.unit_link not in (AS_MEMBER, AS_DIRECTOR, AS_DEPUTY):
            raise ValueError(
                f"user {user.username}: unknown unit_link {user.unit_link!r}"
            )
    documents = {key: DemoDocument(**doc) for key, doc in data["documents"].items()}
    images = {
        key: DemoImage(**{**image, "colours": tuple(map(tuple, image["colours"]))})
        for key, image in data["images"].items()
    }
    tables = {key: DemoTable(**table) for key, table in data["tables"].items()}
    links = {key: DemoLink(**link) for key, link in data["links"].items()}
    items: dict[str, tuple[DemoItem, ...]] = {}
    for code, entries in data["items"].items():
        default = data["category_documents"].get(code, data["default_document"])
        specs = []
        for entry in entries:
            spec = DemoItem(
                **{
                    **entry,
                    "document": entry.get("document", default),
                    "table": tables[entry["table"]] if "table" in entry else None,
                    "link": links[entry["link"]] if "link" in entry else None,
                }
            )
            if spec.document not in documents:
                raise KeyError(f"document {spec.document}")
            if spec.image is not None and spec.image not in images:
                raise KeyError(f"image {spec.image}")
            specs.append(spec)
        items[code] = tuple(specs)
    return DemoContent(users, documents, images, items)


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
    """Columns a string takes in a terminal.

    Combining marks take none: Thai vowels above and below and tone marks are
    category Mn, though several (e.g. U+0E34 ิ) have combining class 0, so
    ``unicodedata.combining`` misses them. Wide and fullwidth characters take two.
    """
    return sum(char_width(char) for char in text)


def char_width(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


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
        body.append(
            {
                "type": "table",
                "value": {
                    "data": spec.table.rows,
                    "table_caption": spec.table.caption,
                    "table_header_choice": "row",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            }
        )
    if spec.link:
        body.append(
            {"type": "link", "value": {"title": spec.link.text, "url": spec.link.url}}
        )
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
    """Create demo users (one per role), about three published items per category and
    two activity galleries (one published, one planned) and last month's procurement
    summary (แบบ สขร.๑) of the finance unit.

    Development only: it creates logins with publicly known passwords, so it refuses
    to run unless DEBUG is on or --force is given. Making the users members, directors
    and deputies of units (and the office director) gives them their roles; the
    committee and administrator roles are given directly.
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
        path = Path(settings.BASE_DIR) / "seed" / DEMO_CONTENT_FILE
        try:
            self.content = load_demo_content(path)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(
                f"Cannot read the demo content from {path}: "
                f"{type(error).__name__}: {error}"
            ) from error
        self.report = SetupReport()
        self.today = timezone.localdate()
        content = self.content
        with transaction.atomic():
            self.units = {unit.code: unit for unit in Unit.objects.all()}
            users = {spec.username: self.ensure_user(spec) for spec in content.users}
            self.ensure_office_director(users[OFFICE_DIRECTOR_USERNAME])
            self.ensure_map_link(users[PUBLISHER_USERNAME])
            documents = {
                k: self.ensure_document(d) for k, d in content.documents.items()
            }
            images = {k: self.ensure_image(i) for k, i in content.images.items()}
            self.ensure_items(users, documents, images)
            self.ensure_galleries(path, images, users[PUBLISHER_USERNAME])
            self.ensure_ita(users[PUBLISHER_USERNAME])
            self.ensure_procurement_summary(users[PUBLISHER_USERNAME])
            # Each app adds its own demo records (executives, plans, postings, ...):
            # fn(demo) with demo.users (by username), demo.units (by code),
            # demo.today and demo.report (SetupReport: created/kept lines).
            demo = DemoContext(
                users=users, units=self.units, today=self.today, report=self.report
            )
            for fn in hooks.get_hooks("disclosure_demo_data"):
                fn(demo)
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
        """The roles that are given by hand; the others follow from the units."""
        manual = {
            "committee": RoleKey.COMMITTEE,
            "administrator": RoleKey.ADMINISTRATOR,
        }
        role = manual.get(spec.role_key)
        if role is None:
            return
        group = role_groups().get(role)
        if group is not None:
            user.groups.add(group)

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

    def ensure_map_link(self, publisher: AbstractBaseUser) -> None:
        """Give the contact page a map link (a search for the office's name on
        OpenStreetMap), published as the ICT publisher, if it has none."""
        page = ContactPage.objects.first()
        site = Site.objects.filter(is_default_site=True).first()
        if page is None or site is None:
            return
        if page.map_url:
            self.report.kept.append("contact-map link")
            return
        office = OfficeSettings.for_site(site)
        page.map_url = "https://www.openstreetmap.org/search?" + urlencode(
            {"query": office.name_th}
        )
        page.save_revision(user=publisher).publish(
            user=publisher, skip_permission_checks=True
        )
        self.report.created.append("contact-map link")

    # Files

    def ensure_document(self, spec: DemoDocument) -> AbstractDocument:
        """The shared PDF of one kind, generated once."""
        Document = get_document_model()
        document = Document.objects.filter(title=spec.title).first()
        if document is not None:
            self.report.kept.append(f"document {spec.filename}")
            return document
        printed = Path(settings.BASE_DIR) / "seed" / DEMO_DOCUMENTS_DIR / spec.filename
        content = printed.read_bytes() if printed.is_file() else minimal_pdf(spec.text)
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
        """Every demo item that is not there yet, found by slug."""
        categories = {c.code: c for c in DisclosureCategoryPage.objects.all()}
        existing = set(
            DisclosureItemPage.objects.filter(slug__startswith="demo-").values_list(
                "slug", flat=True
            )
        )
        for category_index, (code, specs) in enumerate(self.content.items.items()):
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
                    document=documents[spec.document],
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

    # Activity photo galleries

    def ensure_galleries(
        self,
        path: Path,
        images: dict[str, AbstractImage],
        publisher: AbstractBaseUser,
    ) -> None:
        """A published gallery of the demo images and a planned one without photos,
        found by slug (the file's optional ``galleries`` list)."""
        specs = json.loads(path.read_text(encoding="utf-8")).get("galleries", [])
        index = GalleryIndexPage.objects.first()
        if not specs or index is None:
            return
        existing = set(
            ActivityGalleryPage.objects.filter(
                slug__in=[spec["slug"] for spec in specs]
            ).values_list("slug", flat=True)
        )
        for spec in specs:
            if spec["slug"] in existing:
                self.report.kept.append(f"gallery {spec['slug']}")
                continue
            start = self.today + dt.timedelta(days=spec["days_from_today"])
            photos = [
                GalleryPhoto(
                    image=images[photo["image"]],
                    sort_order=number,
                    caption=photo["caption"],
                    alt_text=self.content.images[photo["image"]].alt_text,
                )
                for number, photo in enumerate(spec["photos"])
            ]
            gallery = ActivityGalleryPage(
                title=spec["title"],
                slug=spec["slug"],
                unit=self.units.get(spec["unit"]) or next(iter(self.units.values())),
                event_date=start,
                event_end_date=start + dt.timedelta(days=spec["days_long"] - 1)
                if spec["days_long"] > 1
                else None,
                place=spec["place"],
                photographers=spec["photographers"],
                description=spec["description"],
                status=GalleryStatus.CAPTIONED if photos else GalleryStatus.PLANNED,
                live=False,
            )
            gallery.photos = photos
            index.add_child(instance=gallery)
            revision = gallery.save_revision(user=publisher)
            if photos:
                # Demo content stands for galleries the chain already approved.
                revision.publish(user=publisher, skip_permission_checks=True)
            self.report.created.append(f"gallery {spec['slug']}")

    # ITA evidence

    def ensure_ita(self, publisher: AbstractBaseUser) -> None:
        """The current fiscal year's ITA catalogue published, with a deadline, and a
        few demo pages tagged with their indicators as their authors would: in a
        revision published by the ICT publisher."""
        year = ensure_current_year().year
        if year.status == ItaYearStatus.DRAFT or year.deadline is None:
            year.status = (
                ItaYearStatus.PUBLISHED
                if year.status == ItaYearStatus.DRAFT
                else year.status
            )
            year.deadline = year.deadline or year.bounds[1] - dt.timedelta(days=92)
            year.save()
            self.report.created.append(f"ITA year {year.fiscal_year} published")
        indicators = {i.code: i for i in year.indicators.all()}
        pages = {p.slug: p for p in Page.objects.filter(slug__in=DEMO_ITA_TAGS)}
        for slug, codes in DEMO_ITA_TAGS.items():
            page = pages.get(slug)
            if page is None or not page.live:
                continue
            page = page.specific
            tagged = set(page.ita_tags.values_list("indicator_id", flat=True))
            missing = [
                indicators[c]
                for c in codes
                if c in indicators and indicators[c].pk not in tagged
            ]
            if not missing:
                self.report.kept.append(f"ITA tags of {slug}")
                continue
            for indicator in missing:
                page.ita_tags.add(ItaPageTag(indicator=indicator))
            revision = page.save_revision(user=page.owner or publisher)
            revision.publish(user=publisher, skip_permission_checks=True)
            if isinstance(page, DisclosureItemPage):
                backdate(page, revision, page.publication_date)
            self.report.created.append(
                f"ITA tags of {slug}: {', '.join(i.code for i in missing)}"
            )

    # The monthly procurement summary (แบบ สขร.๑)

    def ensure_procurement_summary(self, publisher: AbstractBaseUser) -> None:
        """Last month's summary of the finance unit, published: three rows of
        Decimal baht, one of them an e-bidding."""
        unit = self.units.get("finance")
        category = DisclosureCategoryPage.objects.filter(
            code=procurement_category_code()
        ).first()
        if unit is None or category is None:
            return
        # Filed on the last day of the month it reports.
        published = self.today.replace(day=1) - dt.timedelta(days=1)
        month_start = published.replace(day=1)
        year = fiscal_year(month_start)
        if ProcurementSummaryPage.objects.filter(
            unit=unit, summary_fiscal_year=year, summary_month=month_start.month
        ).exists():
            self.report.kept.append("procurement summary")
            return
        methods = {m.name: m for m in ProcurementMethod.objects.all()}
        specific = methods.get("วิธีเฉพาะเจาะจง") or next(iter(methods.values()))
        bidding = methods.get("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)") or specific
        rows = [
            (
                "จัดซื้อวัสดุสำนักงาน (กระดาษ หมึกพิมพ์)",
                "12500.00",
                specific,
                "ร้านสมใจพาณิชย์ 12,000.00",
                "ร้านสมใจพาณิชย์",
                "12000.00",
                "ราคาต่ำสุดและคุณสมบัติครบถ้วน",
                "ใบสั่งซื้อ 1/" + str(year),
                3,
            ),
            (
                "จ้างซ่อมเครื่องปรับอากาศ ห้องประชุม",
                "8560.50",
                specific,
                "หจก. เย็นฉ่ำแอร์ 8,500.00\nร้านช่างแอร์บ้านนา 8,900.00",
                "หจก. เย็นฉ่ำแอร์",
                "8500.00",
                "ราคาต่ำสุด",
                "ใบสั่งจ้าง 2/" + str(year),
                10,
            ),
            (
                "จ้างปรับปรุงอาคารสำนักงาน",
                "1500000.00",
                bidding,
                "บริษัท ก่อสร้างดี จำกัด 1,450,000.00\nบริษัท มั่นคงการช่าง จำกัด 1,480,000.00",
                "บริษัท ก่อสร้างดี จำกัด",
                "1450000.00",
                "เสนอราคาต่ำสุดและถูกต้องตามเงื่อนไข",
                "สัญญา 3/" + str(year),
                20,
            ),
        ]
        page = ProcurementSummaryPage(
            title="สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน"
            f"{format_thai_date(month_start, 'month')} – {unit.name_th}",
            slug=f"procurement-{year}-{month_start.month:02d}-{unit.code}",
            unit=unit,
            summary_fiscal_year=year,
            summary_month=month_start.month,
            publication_date=published,
            live=False,
        )
        page.procurement_rows = [
            ProcurementRow(
                sort_order=n,
                number=n + 1,
                work=work,
                budget=Decimal(budget),
                method=method,
                bidders=bidders,
                winner_name=winner,
                winner_price=Decimal(price),
                reason=reason,
                contract_number=contract,
                contract_date=month_start + dt.timedelta(days=day - 1),
            )
            for n, (
                work,
                budget,
                method,
                bidders,
                winner,
                price,
                reason,
                contract,
                day,
            ) in enumerate(rows)
        ]
        category.add_child(instance=page)
        revision = page.save_revision(user=publisher)
        # Demo content stands for a summary the chain already approved.
        revision.publish(user=publisher, skip_permission_checks=True)
        backdate(page, revision, published)
        self.report.created.append(f"procurement summary {page.slug}")

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
        admin_url = public_base_url() + "/admin/"
        self.stdout.write(f"\nAdmin: {admin_url}\n")
        rows = [["username", "password", "admin language", "role", "unit"]]
        for spec in self.content.users:
            unit = self.units.get(spec.unit) if spec.unit else None
            password = (
                spec.password
                if users[spec.username].check_password(spec.password)
                else "(changed since created)"
            )
            rows.append(
                [
                    spec.username,
                    password,
                    LANGUAGE_NAMES.get(spec.language, spec.language),
                    str(spec.role),
                    unit.name_th if unit else "",
                ]
            )
        for line in format_table(rows):
            self.stdout.write(line)
        english = [
            spec.username for spec in self.content.users if spec.language == "en"
        ]
        if english:
            self.stdout.write(
                "\n"
                + ", ".join(english)
                + " sees the admin in English (to show both languages); "
                "everyone else in Thai. Each user can change it under Account."
            )
        self.stdout.write(
            "\nThese passwords are public: use this data for development only."
        )
