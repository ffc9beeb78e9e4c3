"""Every way the admin can put a unit's item or gallery live (defect 8).

Publishing comes from the chain's last step. Outside it only an administrator (the
administrator role or a superuser) publishes, and only with a written reason, which
opens a memo marked as published outside the chain. Rows: roles; columns: paths;
once for a disclosure item and once for a gallery, both of unit B (finance), so the
ICT publisher is "adding an item for another unit".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import querydict_from_html

from tests.conftest import shared_data
from tests.moderation.office import build_office
from tests.utils import (
    category,
    gallery_index,
    make_gallery,
    make_safe_image,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "editor_b",
    "director_b",
    "office_director",
    "ict",
    "pr",
    "committee",
    "administrator",
    "root",
)
ADMINISTRATORS = {"administrator", "root"}
# path -> roles whose attempt puts the page live.
MATRIX: dict[str, set[str]] = {
    "create_and_publish": set(),
    "edit_and_publish": set(),
    "schedule": set(),
    "bulk_publish": set(),
    "revert_and_publish": set(),
    "copy_and_publish": set(),
    "alias": set(),
    "outside_chain_without_reason": set(),
    "outside_chain_with_reason": ADMINISTRATORS,
    # The chain's last step still publishes: ICT, or a superuser (who may act on
    # any step).
    "last_step_approves": {"ict", "root"},
}
KINDS = ("item", "gallery")
CASES = [
    pytest.param(kind, role, path, role in allowed, id=f"{kind}-{path}-{role}")
    for kind in KINDS
    for path, allowed in MATRIX.items()
    for role in ROLES
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        root = make_user("root", is_superuser=True, first_name="Root")
        image = make_safe_image()
        yield {"office": office, "root": root, "image": image}


def make_page(world, kind: str, *, publish: bool = False, **kwargs):
    office = world["office"]
    kwargs.setdefault("owner", office.editor_b)
    if kind == "item":
        return office.item(office.unit_b, publish=publish, **kwargs)
    return make_gallery(
        unit=office.unit_b, images=[world["image"]], publish=publish, **kwargs
    )


def form_data(client: Client, url: str) -> dict:
    """A page form as the browser would post it."""
    data = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    data.setdefault("body-count", "0")
    return data.dict()


def admin_client(world) -> Client:
    client = Client()
    client.force_login(world["root"])
    return client


def live(page) -> bool:
    fresh = Page.objects.filter(pk=page.pk).first()
    return bool(fresh and fresh.live)


def perform(world, client: Client, kind: str, path: str) -> bool:
    """Try ``path`` as the client's user; True if a page went live (or was
    scheduled to)."""
    office = world["office"]
    if path == "create_and_publish":
        if kind == "item":
            parent = category("1.12")
            url = f"/admin/pages/add/disclosure_pages/disclosureitempage/{parent.pk}/"
        else:
            parent = gallery_index()
            url = (
                "/admin/pages/add/disclosure_photo_gallery/activitygallerypage/"
                f"{parent.pk}/"
            )
        data = form_data(admin_client(world), url)
        slug = f"new-{kind}-{timezone.now().timestamp():.0f}-{id(client)}"
        data.update({"title": "เผยแพร่ทันที", "slug": slug, "unit": str(office.unit_b.pk)})
        data["action-publish"] = "1"
        client.post(url, data)
        return Page.objects.filter(slug=slug, live=True).exists()

    if path in ("copy_and_publish", "alias"):
        page = make_page(world, kind, publish=True)
        slug = f"copy-{page.pk}"
        data = {
            "new_title": "สำเนา",
            "new_slug": slug,
            "new_parent_page": str(page.get_parent().pk),
        }
        data["publish_copies" if path == "copy_and_publish" else "alias"] = "on"
        client.post(f"/admin/pages/{page.pk}/copy/", data)
        return Page.objects.filter(slug=slug, live=True).exists()

    if path == "last_step_approves":
        page = make_page(world, kind)
        state = page.get_workflow().start(page, office.editor_b)
        for approver in (office.director_b, office.office_director):
            task_state = state.current_task_state
            task_state.task.specific.on_action(task_state, approver, "approve")
            state.refresh_from_db()
        task_state = state.current_task_state
        assert task_state.task.specific.step == "publisher"
        client.post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
            {"comment": ""},
        )
        return live(page)

    page = make_page(world, kind)
    if path in ("outside_chain_with_reason", "outside_chain_without_reason"):
        with_reason = path == "outside_chain_with_reason"
        reason = "ประกาศด่วนตามหนังสือสั่งการ" if with_reason else ""
        client.post(
            f"/admin/disclosure-approval/publish/{page.pk}/", {"reason": reason}
        )
        return live(page)
    if path == "bulk_publish":
        client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}")
        return live(page)

    data = form_data(admin_client(world), f"/admin/pages/{page.pk}/edit/")
    data["action-publish"] = "1"
    url = f"/admin/pages/{page.pk}/edit/"
    if path == "schedule":
        go_live = timezone.localtime() + dt.timedelta(days=3)
        data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    if path == "revert_and_publish":
        first = Revision.page_revisions.filter(object_id=str(page.pk)).earliest("pk")
        page.title = "ชื่อใหม่"
        page.save_revision(user=office.editor_b)
        url = f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/"
    client.post(url, data)
    if path == "schedule":
        return Revision.page_revisions.filter(
            object_id=str(page.pk), approved_go_live_at__isnull=False
        ).exists()
    return live(page)


@pytest.mark.parametrize(("kind", "role", "path", "allowed"), CASES)
def test_who_can_put_a_units_page_live(world, kind, role, path, allowed):
    user = world["root"] if role == "root" else getattr(world["office"], role)
    client = Client()
    client.force_login(user)
    assert perform(world, client, kind, path) is allowed
