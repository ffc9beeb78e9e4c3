"""Building a year's catalogue: from the seed files, from another year.

The seed files (``ita/seed/*.json``) are data the office can edit: a year's title
and note and its indicators, each with code, title, group, requirement, owning units
(by unit code), how recent the evidence must be, a rule (a category code) and the
office's own pages and outside addresses that are its evidence. ``setup_disclosure``
makes the current fiscal year from the newest file that is not later than it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from disclosure_pages.models import DisclosureCategoryPage
from disclosure_thai.dates import fiscal_year
from moderation.models import Unit
from moderation.page_kinds import office_page_models

from .models import (
    ItaEvidence,
    ItaFreshness,
    ItaIndicator,
    ItaRuleKind,
    ItaYear,
    ItaYearStatus,
)

SEED_DIR = Path(__file__).resolve().parent / "seed"
# The list the office's current year starts from (ITA 2569 as one agency
# published it) and the legacy list O1-O43 (ITA 2563-2565).
CURRENT_SEED = SEED_DIR / "ita_2569.json"
LEGACY_SEED = SEED_DIR / "ita_legacy_o1_o43.json"


@dataclass
class SeedResult:
    """What making a year from a seed did."""

    year: ItaYear
    created: bool
    indicators: int = 0
    evidence: int = 0
    warnings: list[str] = field(default_factory=list)


def load_seed(path: Path) -> dict:
    """A seed file as data (a JSON object with ``indicators``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise ValueError(f"{path}: a JSON object with a list of indicators is expected")
    return data


def seed_files() -> list[tuple[int, Path]]:
    """Seed files with the fiscal year each was written for, oldest first."""
    found = []
    for path in sorted(SEED_DIR.glob("*.json")):
        try:
            found.append((int(load_seed(path)["fiscal_year"]), path))
        except (KeyError, TypeError, ValueError):
            continue
    return sorted(found)


def seed_for(fiscal_year_be: int) -> Path:
    """The newest seed file written for the year or before it (else the oldest)."""
    files = seed_files()
    earlier = [path for year, path in files if year <= fiscal_year_be]
    return earlier[-1] if earlier else files[0][1]


def current_fiscal_year() -> int:
    return fiscal_year(timezone.localdate())


@transaction.atomic
def create_year_from_seed(
    fiscal_year_be: int,
    seed: dict,
    *,
    status: str = ItaYearStatus.DRAFT,
) -> SeedResult:
    """The year with the seed's indicators, unless the year exists (then untouched:
    the office may have edited or removed indicators on purpose)."""
    existing = ItaYear.objects.filter(fiscal_year=fiscal_year_be).first()
    if existing is not None:
        return SeedResult(existing, created=False)
    year = ItaYear.objects.create(
        fiscal_year=fiscal_year_be,
        title=str(seed.get("title", "")).format(fiscal_year=fiscal_year_be)[:255],
        note=seed.get("note", ""),
        status=status,
    )
    result = SeedResult(year, created=True)
    units = {unit.code: unit for unit in Unit.objects.all()}
    categories = {c.code: c for c in DisclosureCategoryPage.objects.all()}
    office_pages = {
        key: model.objects.live().first() for key, model in office_page_models().items()
    }
    for order, row in enumerate(seed["indicators"], start=1):
        rule = row.get("rule") or {}
        rule_kind = rule.get("kind", ItaRuleKind.NONE)
        if rule_kind not in ItaRuleKind.values:
            result.warnings.append(f"{row['code']}: unknown rule {rule_kind!r}")
            rule_kind = ItaRuleKind.NONE
        category = categories.get(rule.get("category", ""))
        if rule_kind != ItaRuleKind.NONE and category is None:
            result.warnings.append(
                f"{row['code']}: no category {rule.get('category')!r} for its rule"
            )
            rule_kind = ItaRuleKind.NONE
        freshness = row.get("freshness", ItaFreshness.NONE)
        indicator = ItaIndicator.objects.create(
            year=year,
            code=row["code"],
            title=row["title"],
            group=row.get("group", ""),
            requirement=row.get("requirement", ""),
            note=row.get("note", ""),
            sort_order=order * 10,
            freshness=freshness
            if freshness in ItaFreshness.values
            else ItaFreshness.NONE,
            rule_kind=rule_kind,
            rule_category=category if rule_kind != ItaRuleKind.NONE else None,
        )
        indicator.units.set([units[c] for c in row.get("units", ()) if c in units])
        links = [
            ItaEvidence(indicator=indicator, page=office_pages[key])
            for key in row.get("office_pages", ())
            if office_pages.get(key) is not None
        ] + [
            ItaEvidence(
                indicator=indicator, url=link["url"], title=link.get("title", "")
            )
            for link in row.get("urls", ())
        ]
        for n, link in enumerate(links):
            link.sort_order = n
        ItaEvidence.objects.bulk_create(links)
        result.indicators += 1
        result.evidence += len(links)
    return result


def ensure_current_year(fiscal_year_be: int | None = None) -> SeedResult:
    """The current fiscal year's catalogue, made from the seed if it is missing."""
    fiscal_year_be = fiscal_year_be or current_fiscal_year()
    return create_year_from_seed(fiscal_year_be, load_seed(seed_for(fiscal_year_be)))


@transaction.atomic
def copy_year(
    source: ItaYear,
    fiscal_year_be: int,
    *,
    carry_evidence: bool = False,
    title: str = "",
) -> ItaYear:
    """A new (draft) year with the source's indicators, their units and rules; the
    evidence links are carried over only when asked (otherwise the year starts
    with none). Items tagged with the source's indicators stay tagged with those:
    a tag is part of the page as it was published."""
    if ItaYear.objects.filter(fiscal_year=fiscal_year_be).exists():
        raise ValueError(f"ITA year {fiscal_year_be} exists")
    old_title = source.title
    new_title = title or old_title.replace(str(source.fiscal_year), str(fiscal_year_be))
    target = ItaYear.objects.create(
        fiscal_year=fiscal_year_be,
        title=new_title,
        note=source.note,
        status=ItaYearStatus.DRAFT,
    )
    indicators = list(
        source.indicators.prefetch_related("units", "evidence").order_by(
            "sort_order", "pk"
        )
    )
    for old in indicators:
        new = ItaIndicator.objects.create(
            year=target,
            code=old.code,
            title=old.title,
            group=old.group,
            requirement=old.requirement,
            note=old.note,
            sort_order=old.sort_order,
            freshness=old.freshness,
            rule_kind=old.rule_kind,
            rule_category_id=old.rule_category_id,
        )
        new.units.set(old.units.all())
        if carry_evidence:
            ItaEvidence.objects.bulk_create(
                ItaEvidence(
                    indicator=new,
                    sort_order=e.sort_order,
                    page_id=e.page_id,
                    document_id=e.document_id,
                    url=e.url,
                    title=e.title,
                    note=e.note,
                )
                for e in old.evidence.all()
            )
    return target
