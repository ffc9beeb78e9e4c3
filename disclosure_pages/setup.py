"""Idempotent creation of the disclosure index, the measure's 19 categories and the
office's own pages (the measure, the people responsible, and the pages the Thai
government web standard expects)."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth.models import Permission
from django.utils.html import escape
from wagtail.coreutils import find_available_slug
from wagtail.models import GroupPagePermission, Page, Site

from moderation.models import OfficeSettings, Role, Unit
from moderation.roles import role_groups
from moderation.setup import SetupReport

from .models import DisclosureCategoryPage, DisclosureIndexPage
from .public_sector import OFFICE_PAGE_MODELS, OFFICE_PAGE_TYPES, OfficePage

SEED_DIR = Path(__file__).resolve().parent / "seed"
INDEX_TITLE = "ข้อมูลเผยแพร่ต่อสาธารณะ"
INDEX_SLUG = "disclosure"


def load_category_seed(office_name: str) -> list[dict]:
    """The categories as the announcement words them, with this office's name."""
    rows = json.loads((SEED_DIR / "categories.json").read_text(encoding="utf-8"))
    for row in rows:
        row["title"] = row["title"].format(office=office_name)
    return rows


def publish_new(parent: Page, page: Page) -> Page:
    # An existing site may already use the slug (its own /disclosure/ page): add a
    # number rather than fail.
    page.slug = find_available_slug(parent, page.slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_index(site: Site, report: SetupReport) -> DisclosureIndexPage:
    """The one disclosure index, reused wherever an editor moved it."""
    existing = DisclosureIndexPage.objects.first()
    if existing is not None:
        report.kept.append("disclosure index")
        return existing
    report.created.append("disclosure index")
    return publish_new(
        site.root_page,
        DisclosureIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, show_in_menus=True),
    )


def ensure_categories(
    index: DisclosureIndexPage,
    office_name: str,
    units: dict[str, Unit],
    report: SetupReport,
) -> list[DisclosureCategoryPage]:
    """The 19 categories, matched by code so renamed or moved ones are kept."""
    existing = {c.code: c for c in DisclosureCategoryPage.objects.all()}
    pages = []
    for row in load_category_seed(office_name):
        if row["code"] in existing:
            report.kept.append(f"category {row['code']}")
            pages.append(existing[row["code"]])
            continue
        page = DisclosureCategoryPage(
            title=row["title"],
            slug=row["code"].replace(".", "-"),
            code=row["code"],
            minimum_required=row["minimum_required"],
            update_interval_days=row["update_interval_days"],
        )
        page.responsible_units = [units[c] for c in row["units"] if c in units]
        pages.append(publish_new(index, page))
        report.created.append(f"category {row['code']}")
    return pages


# --- The office's own pages ----------------------------------------------------------

# Next to the disclosure index: the measure and who carries it out (§3.1 (1)-(2)).
MEASURE_KINDS = ("measure", "responsible_people")
# Under the site's root, after the other sections: the web standard's pages.
STANDARD_KINDS = ("accessibility", "privacy", "website_policy", "contact", "sitemap")
# The office's contacts as the seeded texts list them (seed data, like the titles).
CONTACT_LABELS = (("address", "ที่อยู่"), ("phone", "โทรศัพท์"), ("email", "อีเมล"))
# What the ICT publishers may do on these pages (administrators hold every page
# permission on the whole tree already).
PUBLISHER_PAGE_PERMISSIONS = ("change_page", "publish_page", "lock_page", "unlock_page")


def contact_list(office: OfficeSettings) -> str:
    """The office's address, phone and email as a rich-text list ("" if none)."""
    items = []
    for name, label in CONTACT_LABELS:
        value = " ".join(getattr(office, name).split())
        if not value:
            continue
        shown = escape(value)
        if name == "email":
            shown = f'<a href="mailto:{shown}">{shown}</a>'
        items.append(f"<li>{label}: {shown}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def office_placeholders(office: OfficeSettings) -> dict[str, str]:
    """What the seeded texts' placeholders are filled with, escaped for rich text."""
    name = escape(office.name_th)
    return {
        "office": name,
        "short_name": escape(office.short_name_th) or name,
        "contacts": contact_list(office),
    }


def load_office_page_seed(office: OfficeSettings) -> dict[str, dict]:
    """The office's pages as seed/pages.json describes them, texts filled in."""
    rows = json.loads((SEED_DIR / "pages.json").read_text(encoding="utf-8"))
    values = office_placeholders(office)
    seed = {}
    for row in rows:
        body = (SEED_DIR / row["body"]).read_text(encoding="utf-8")
        row["body"] = body.format_map(values).strip()
        if "signer_position" in row:
            row["signer_position"] = row["signer_position"].format(
                office=office.name_th
            )
        seed[row.pop("kind")] = row
    return seed


def signer_name(office: OfficeSettings) -> str:
    director = office.office_director
    return director.get_full_name().strip() if director else ""


def ensure_office_pages(
    parent: Page, kinds: tuple[str, ...], office: OfficeSettings, report: SetupReport
) -> list[OfficePage]:
    """One page of each kind, matched by page type wherever it is: a moved,
    renamed or edited page is kept as it is; a deleted one comes back."""
    seed = load_office_page_seed(office)
    pages = []
    for kind in kinds:
        model = OFFICE_PAGE_TYPES[kind]
        existing = model.objects.first()
        label = f"{kind.replace('_', ' ')} page"
        if existing is not None:
            report.kept.append(label)
            pages.append(existing)
            continue
        row = seed[kind]
        page = model(
            title=row["title"],
            slug=row["slug"],
            body=row["body"],
            show_in_menus=row.get("show_in_menus", False),
        )
        if kind == "measure":
            page.signer_name = signer_name(office)
            page.signer_position = row["signer_position"]
        pages.append(publish_new(parent, page))
        report.created.append(label)
    return pages


def ensure_measure_pages(
    index: DisclosureIndexPage, office: OfficeSettings, report: SetupReport
) -> list[OfficePage]:
    """The measure and the people responsible, beside the disclosure index."""
    return ensure_office_pages(index.get_parent(), MEASURE_KINDS, office, report)


def ensure_standard_pages(
    site: Site, office: OfficeSettings, report: SetupReport
) -> list[OfficePage]:
    """Accessibility statement, privacy notice, website policy, contact, sitemap."""
    return ensure_office_pages(site.root_page, STANDARD_KINDS, office, report)


def ensure_publisher_permissions(report: SetupReport) -> None:
    """Let the ICT publishers change and publish the office's pages.

    Granted on each page (they sit outside the workflow roots, where the role's
    other page permissions are), additively: a permission given by hand is kept.
    Run after moderation has created the role groups.
    """
    group = role_groups().get(Role.ICT_PUBLISHER)
    if group is None:
        return
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=PUBLISHER_PAGE_PERMISSIONS,
        )
    )
    for model in OFFICE_PAGE_MODELS:
        for page in model.objects.all():
            created = [
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )[1]
                for permission in permissions
            ]
            (report.created if any(created) else report.kept).append(
                f"publisher permissions on {page.url_path}"
            )
