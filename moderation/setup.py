"""Idempotent set-up of the office and its units; never overwrites an editor's change."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import (
    GroupApprovalTask,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from .models import (
    ApprovalStep,
    DisclosureApprovalTask,
    OfficeSettings,
    Unit,
    UnitKind,
)
from .public_address import public_base_url, site_address
from .roles import ensure_roles, workflow_roots

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


# What Wagtail's first migration gives the default Site: an address nobody outside
# the server reaches, so set-up replaces it (and only it).
PLACEHOLDER_ADDRESS = ("localhost", 80)


def ensure_site_address(
    site: Site, office: OfficeSettings, report: SetupReport
) -> None:
    """Name the Site after the office (the dashboard's heading) and give it the
    public address's host name and port, where it still has Wagtail's
    placeholders; what an administrator set in Settings → Sites stays."""
    changed = []
    if not site.site_name and office.name_th:
        site.site_name = office.name_th[: Site._meta.get_field("site_name").max_length]
        changed.append("name")
    address = site_address(public_base_url())
    if (
        (site.hostname, site.port) == PLACEHOLDER_ADDRESS
        and address is not None
        and address != PLACEHOLDER_ADDRESS
    ):
        hostname, port = address
        taken = (
            Site.objects.filter(hostname=hostname, port=port)
            .exclude(pk=site.pk)
            .exists()
        )
        if taken:
            report.kept.append(f"site address ({hostname}:{port} is another site's)")
        else:
            site.hostname, site.port = hostname, port
            changed.append(f"address {hostname}:{port}")
    if changed:
        site.save()
        report.created.append("site " + ", ".join(changed))
    else:
        report.kept.append("site name and address")


# The steps' names on first set-up: data, editable in Settings → Workflow tasks.
STEP_NAMES = {
    ApprovalStep.UNIT_DIRECTOR: "ผู้อำนวยการกลุ่ม/หน่วยพิจารณา",
    ApprovalStep.OFFICE_DIRECTOR: "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาพิจารณาอนุญาต",
    ApprovalStep.PUBLISHER: "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่",
}
WORKFLOW_NAME = "ขั้นตอนการอนุญาตเผยแพร่"


def ensure_workflow(report: SetupReport) -> Workflow:
    """The one approval workflow (three steps), assigned to every workflow root.

    A root that an administrator has given another workflow keeps it.
    """
    tasks = []
    for step in ApprovalStep:
        task = DisclosureApprovalTask.objects.filter(step=step).first()
        if task is None:
            task = DisclosureApprovalTask.objects.create(
                step=step, name=STEP_NAMES[step]
            )
            report.created.append(f"approval step {step}")
        else:
            report.kept.append(f"approval step {step}")
        tasks.append(task)

    workflow = Workflow.objects.filter(workflow_tasks__task=tasks[0]).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        report.created.append("approval workflow")
    else:
        report.kept.append("approval workflow")

    for root in workflow_roots():
        _, created = WorkflowPage.objects.get_or_create(
            page=root, defaults={"workflow": workflow}
        )
        (report.created if created else report.kept).append(
            f"workflow on {root.url_path}"
        )
    return workflow


# Wagtail's first migration makes an English workflow, "Moderators approval" (one
# task of the same name for its Moderators group), and puts it on the tree's root,
# so every page outside the office's chain (the home page, contact, policies) asked
# that group, which the office does not use, for approval in English.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
RETIRED_WORKFLOW_NAME = "การอนุมัติโดยกลุ่มผู้ตรวจสอบ (ของ Wagtail ไม่ใช้)"
RETIRED_TASK_NAME = "กลุ่มผู้ตรวจสอบอนุมัติ (ของ Wagtail ไม่ใช้)"


def retire_wagtail_default_workflow(report: SetupReport) -> None:
    """Take Wagtail's own "Moderators approval" off the tree's root and name it in
    Thai; it is switched off once no page, type or running request uses it.

    The office's own pages are published by the ICT publisher, who may publish;
    the units' pages have the office's chain. Only the workflow as Wagtail made it
    is touched: one renamed by an administrator, or assigned by one to a page other
    than the root, keeps that.
    """
    workflow = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if workflow is None:
        report.kept.append("Wagtail's default workflow (already retired or absent)")
        return
    detached, _ = WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()
    if detached:
        report.created.append("Wagtail's default workflow taken off the root page")
    for task in GroupApprovalTask.objects.filter(
        name=WAGTAIL_DEFAULT_WORKFLOW, workflow_tasks__workflow=workflow
    ):
        task.name = RETIRED_TASK_NAME
        task.save(update_fields=["name"])
    workflow.name = RETIRED_WORKFLOW_NAME
    in_use = (
        WorkflowPage.objects.filter(workflow=workflow).exists()
        or WorkflowContentType.objects.filter(workflow=workflow).exists()
        or WorkflowState.objects.active().filter(workflow=workflow).exists()
    )
    workflow.active = workflow.active and in_use
    workflow.save(update_fields=["name", "active"])
    report.created.append(
        "Wagtail's default workflow named in Thai"
        + ("" if in_use else " and switched off")
    )


def ensure_roles_and_workflow(report: SetupReport) -> None:
    """Run after every page app has made its pages (hook order 100)."""
    ensure_workflow(report)
    retire_wagtail_default_workflow(report)
    ensure_roles(report)
