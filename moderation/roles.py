"""The measure's roles as Django groups: what each may do, and who holds it.

Five roles follow from the office's data and are kept in step automatically: a unit's
members are editors; its director and deputy are unit directors; the office settings'
office director is the office director; the people of the ICT unit are ICT
publishers and those of the PR unit are PR. Committee and administrator are given by
hand in Settings → Users.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from . import page_kinds
from .models import OfficeSettings, Role, RoleGroup, Unit, UnitKind

# The group each role gets on first set-up (renaming it later is safe).
GROUP_NAMES = {
    Role.EDITOR: "ผู้รับผิดชอบการให้ข้อมูล",
    Role.UNIT_DIRECTOR: "ผู้อำนวยการกลุ่ม/หน่วย",
    Role.OFFICE_DIRECTOR: "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
    Role.ICT_PUBLISHER: "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่",
    Role.PR: "งานประชาสัมพันธ์",
    Role.COMMITTEE: "คณะกรรมการ",
    Role.ADMINISTRATOR: "ผู้ดูแลระบบ",
}

STAFF_ROLES = tuple(Role)

# Page permissions on every page under a workflow root (disclosure and galleries).
PAGE_PERMISSIONS = {
    Role.EDITOR: ("add_page", "change_page"),
    Role.UNIT_DIRECTOR: ("add_page", "change_page"),
    Role.ICT_PUBLISHER: (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ),
}
# Administrators hold every page permission on the whole tree.
ADMIN_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)

# Images and documents, on the root collection.
COLLECTION_PERMISSIONS = {
    Role.EDITOR: ("add_document", "choose_document", "add_image", "choose_image"),
    Role.UNIT_DIRECTOR: (
        "add_document",
        "choose_document",
        "add_image",
        "choose_image",
    ),
    Role.ICT_PUBLISHER: (
        "add_document",
        "change_document",
        "choose_document",
        "add_image",
        "change_image",
        "choose_image",
    ),
    Role.PR: ("choose_document", "add_image", "change_image", "choose_image"),
    Role.ADMINISTRATOR: (
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
    ),
}

# Model permissions as "app_label.codename"; "app_label.*" = every permission of the
# app, "app_label.view_*" = its view permissions. These are moderation's own, Wagtail's
# and Django's; another app names what its content needs per role through the
# `disclosure_role_permissions` hook (see role_model_permissions), so this module
# names none of them.
MODEL_PERMISSIONS = {
    Role.EDITOR: ("wagtailadmin.access_admin",),
    Role.UNIT_DIRECTOR: ("wagtailadmin.access_admin",),
    Role.OFFICE_DIRECTOR: (
        "wagtailadmin.access_admin",
        "disclosure_moderation.view_publicationrequest",
    ),
    Role.ICT_PUBLISHER: (
        "wagtailadmin.access_admin",
        "disclosure_moderation.view_publicationrequest",
    ),
    Role.PR: ("wagtailadmin.access_admin",),
    # The request memos stay with the chain: the committee does not read them.
    Role.COMMITTEE: ("wagtailadmin.access_admin",),
    Role.ADMINISTRATOR: (
        "wagtailadmin.access_admin",
        "disclosure_moderation.add_unit",
        "disclosure_moderation.change_unit",
        "disclosure_moderation.delete_unit",
        "disclosure_moderation.view_unit",
        "disclosure_moderation.change_officesettings",
        "disclosure_moderation.view_publicationrequest",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.change_group",
        "auth.view_group",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailcore.view_logentry",
    ),
}

# Roles that follow from the office's data (the rest are given by hand).
DERIVED_ROLES = (
    Role.EDITOR,
    Role.UNIT_DIRECTOR,
    Role.OFFICE_DIRECTOR,
    Role.ICT_PUBLISHER,
    Role.PR,
)


def workflow_roots() -> list[Page]:
    """Live pages whose type asks for the approval workflow on its subtree."""
    roots: list[Page] = []
    for model in page_kinds.workflow_root_models():
        roots.extend(model.objects.all())
    return roots


def role_model_permissions() -> dict[str, list[str]]:
    """Each role's model permissions: moderation's own (MODEL_PERMISSIONS) and those
    every app registers for its content with the ``disclosure_role_permissions``
    hook, a function returning ``{role: ["app_label.codename", ...]}``."""
    specs: dict[str, list[str]] = {
        role: list(MODEL_PERMISSIONS.get(role, ())) for role in STAFF_ROLES
    }
    for registered in hooks.get_hooks("disclosure_role_permissions"):
        for role, names in registered().items():
            if role not in specs:
                raise ImproperlyConfigured(
                    f"{registered.__module__}.{registered.__name__} names the "
                    f"role {role!r}; the roles are {', '.join(Role.values)}."
                )
            specs[role].extend(names)
    return specs


def _model_permissions(specs) -> list[Permission]:
    perms = []
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        qs = Permission.objects.filter(content_type__app_label=app_label)
        if codename == "*":
            perms.extend(qs)
        elif codename.endswith("*"):
            perms.extend(qs.filter(codename__startswith=codename[:-1]))
        else:
            perms.extend(qs.filter(codename=codename))
    return perms


def role_groups() -> dict[str, Group]:
    return {rg.role: rg.group for rg in RoleGroup.objects.select_related("group")}


def ensure_roles(report) -> dict[str, Group]:
    """Create the role groups once and give each exactly its permissions.

    Permissions are (re)granted on every run, additively: a permission an
    administrator added by hand is kept.
    """
    groups = role_groups()
    for role in STAFF_ROLES:
        if role in groups:
            report.kept.append(f"role {role}")
            continue
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        RoleGroup.objects.create(role=role, group=group)
        groups[role] = group
        report.created.append(f"role {role}")

    roots = workflow_roots()
    site_root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page"
    )
    by_codename = {p.codename: p for p in page_perms}
    model_permissions = role_model_permissions()
    collection_perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label__in=("wagtaildocs", "wagtailimages")
        )
    }
    for role, group in groups.items():
        for root in roots:
            for codename in PAGE_PERMISSIONS.get(role, ()):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=by_codename[codename]
                )
        if role == Role.ADMINISTRATOR:
            for codename in ADMIN_PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=site_root, permission=by_codename[codename]
                )
        for codename in COLLECTION_PERMISSIONS.get(role, ()):
            if codename in collection_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection,
                    permission=collection_perms[codename],
                )
        group.permissions.add(*_model_permissions(model_permissions.get(role, ())))
    sync_role_groups()
    return groups


def derived_role_holders() -> dict[str, set[int]]:
    """Who holds each derived role according to the units and the office settings."""
    holders: dict[str, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    kinds: dict[int, str] = {}
    for unit in Unit.objects.values("pk", "kind", "director_id", "deputy_id"):
        kinds[unit["pk"]] = unit["kind"]
        for key in ("director_id", "deputy_id"):
            if unit[key]:
                holders[Role.UNIT_DIRECTOR].add(unit[key])
                people[unit["pk"]].add(unit[key])
    for unit_id, user_id in Unit.members.through.objects.values_list(
        "unit_id", "user_id"
    ):
        holders[Role.EDITOR].add(user_id)
        people[unit_id].add(user_id)

    ict_units, pr_units = set(), set()
    for office in OfficeSettings.objects.values(
        "office_director_id", "ict_unit_id", "pr_unit_id"
    ):
        if office["office_director_id"]:
            holders[Role.OFFICE_DIRECTOR].add(office["office_director_id"])
        if office["ict_unit_id"]:
            ict_units.add(office["ict_unit_id"])
        if office["pr_unit_id"]:
            pr_units.add(office["pr_unit_id"])
    # Without office settings naming them, the units of that kind play the part.
    ict_units = ict_units or {pk for pk, kind in kinds.items() if kind == UnitKind.ICT}
    pr_units = pr_units or {pk for pk, kind in kinds.items() if kind == UnitKind.PR}
    for unit_id in ict_units:
        holders[Role.ICT_PUBLISHER] |= people[unit_id]
    for unit_id in pr_units:
        holders[Role.PR] |= people[unit_id]
    return holders


def sync_role_groups() -> None:
    """Put each derived role's group in step with the units and the office."""
    groups = role_groups()
    if not groups:
        return  # set-up has not run yet
    holders = derived_role_holders()
    through = Group.user_set.through
    for role in DERIVED_ROLES:
        group = groups.get(role)
        if group is None:
            continue
        wanted = holders.get(role, set())
        current = set(
            through.objects.filter(group=group).values_list("user_id", flat=True)
        )
        if current - wanted:
            through.objects.filter(group=group, user_id__in=current - wanted).delete()
        if wanted - current:
            through.objects.bulk_create(
                [through(group=group, user_id=uid) for uid in wanted - current]
            )
