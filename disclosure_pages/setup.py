"""Idempotent creation of the disclosure index and the measure's 19 categories."""

from __future__ import annotations

import json
from pathlib import Path

from wagtail.coreutils import find_available_slug
from wagtail.models import Page, Site

from moderation.models import Unit
from moderation.setup import SetupReport

from .models import DisclosureCategoryPage, DisclosureIndexPage

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
