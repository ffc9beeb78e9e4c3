"""Idempotent set-up of the office and its units; never overwrites an editor's change."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Site

from .models import OfficeSettings, Unit, UnitKind

SEED_DIR = Path(__file__).resolve().parent / "seed"
OFFICE_FIELDS = ("name_th", "name_en", "short_name_th", "address", "phone", "email")


@dataclass
class SetupReport:
    """What a set-up run created and what it found already there."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def load_unit_seed() -> list[dict]:
    return json.loads((SEED_DIR / "units.json").read_text(encoding="utf-8"))


def ensure_units(report: SetupReport) -> dict[str, Unit]:
    """The standard units, created once by code; existing ones are left as edited."""
    existing = {unit.code: unit for unit in Unit.objects.all()}
    units = dict(existing)
    for order, row in enumerate(load_unit_seed(), start=1):
        if row["code"] in existing:
            report.kept.append(f"unit {row['code']}")
            continue
        units[row["code"]] = Unit.objects.create(sort_order=order * 10, **row)
        report.created.append(f"unit {row['code']}")
    return units


def ensure_office(
    site: Site, seed: dict, units: dict[str, Unit], report: SetupReport
) -> OfficeSettings:
    """Fill the office settings' empty fields from the seed; filled ones stay."""
    office = OfficeSettings.for_site(site)
    changed = []
    for name in OFFICE_FIELDS:
        if not getattr(office, name) and seed.get(name):
            setattr(office, name, seed[name])
            changed.append(name)
    for attr, kind in (("ict_unit", UnitKind.ICT), ("pr_unit", UnitKind.PR)):
        if getattr(office, attr) is None:
            unit = next((u for u in units.values() if u.kind == kind), None)
            if unit is not None:
                setattr(office, attr, unit)
                changed.append(attr)
    if changed:
        office.save()
        report.created.append("office settings: " + ", ".join(changed))
    else:
        report.kept.append("office settings")
    return office
