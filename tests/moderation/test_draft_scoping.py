"""A unit's drafts are its own until published: every admin listing of pages keeps
other units' drafts out (moderation.drafts, moderation.scoping).

The matrix: role × listing → which of unit A's draft titles the response shows.
A draft is seen by unit A's people and administrators; while it is in the chain,
also by the ICT publishers and the deciders of its current and earlier steps.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from tests.conftest import shared_data
from tests.moderation.office import build_office, login, submit
from tests.utils import category, make_gallery

pytestmark = pytest.mark.django_db

ROLES = (
    "editor_a",
    "director_a",
    "editor_b",
    "director_b",
    "pr",
    "committee",
    "office_director",
    "ict",
    "administrator",
)
# Titles share one search word (zulu) and no title contains another.
TITLES = {
    "never": "ฉบับร่างยังไม่ส่ง zulu",
    "step1": "ฉบับร่างรอผู้อำนวยการกลุ่ม zulu",
    "step2": "ฉบับร่างรอผู้อำนวยการสำนักงาน zulu",
    "live_draft": "ชื่อใหม่ในฉบับร่าง zulu",
    "gallery": "ภาพกิจกรรมที่วางแผนไว้ zulu",
}
PUBLIC_TITLE = "รายการเผยแพร่แล้ว zulu"

UNIT_A = {"editor_a", "director_a", "administrator"}
# Who may see each draft (the rule of moderation.drafts).
RULE = {
    "never": UNIT_A,
    "gallery": UNIT_A,
    "live_draft": UNIT_A,
    "step1": UNIT_A | {"ict"},
    "step2": UNIT_A | {"ict", "office_director"},
}
EVERYONE = set(ROLES)
PAGE_STAFF = EVERYONE - {"office_director", "committee"}  # hold page permissions
PUBLISHERS = {"ict", "administrator"}
ITEMS = ("never", "step1", "step2", "live_draft")

# listing -> (roles who use it at all, the drafts it could show)
LISTINGS = {
    "explorer": (PAGE_STAFF, ITEMS),
    "explorer_search": (PAGE_STAFF, ITEMS),
    "admin_search": (PAGE_STAFF, (*ITEMS, "gallery")),
    "page_chooser": (EVERYONE, ITEMS),
    "page_chooser_search": (EVERYONE, (*ITEMS, "gallery")),
    "api_listing": (PAGE_STAFF, ITEMS),
    "api_explorer_listing": (PAGE_STAFF, ITEMS),
    "api_search": (PAGE_STAFF, (*ITEMS, "gallery")),
    "api_detail": (PAGE_STAFF, ("never", "step1", "step2", "gallery")),
    "workflow_report": (PAGE_STAFF, ("step1", "step2")),
    "workflow_tasks_report": (PAGE_STAFF, ("step1", "step2")),
    "dashboard": (EVERYONE, ("never", "gallery")),
    "page_history": (PAGE_STAFF, ("never",)),
    "revisions_compare": (PAGE_STAFF, ("never",)),
    "aging_pages_report": (PUBLISHERS, ("live_draft",)),
    "locked_pages_report": (PUBLISHERS, ("never",)),
    "site_history_report": (PAGE_STAFF, ("never", "step1", "step2", "gallery")),
    "bulk_confirmation": (EVERYONE, ITEMS),
    "photo_planning": (EVERYONE, ("gallery",)),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        pages = {
            "never": office.item(title=TITLES["never"]),
            "step1": office.item(title=TITLES["step1"]),
            "step2": office.item(title=TITLES["step2"]),
        }
        submit(pages["step1"], office.editor_a)
        state = submit(pages["step2"], office.editor_a)
        state.task.specific.on_action(state, office.director_a, "approve")
        live = office.item(title=PUBLIC_TITLE, publish=True)
        live.title = TITLES["live_draft"]
        live.save_revision(user=office.editor_a)
        pages["live_draft"] = live
        pages["gallery"] = make_gallery(
            unit=office.unit_a, publish=False, title=TITLES["gallery"]
        )
        # Everyone once edited the drafts (a person who has since left unit A,
        # a publisher who fixed a typo): the dashboard and site history list
        # what people edited.
        for role in ROLES:
            for name in ("never", "gallery"):
                log(pages[name], "wagtail.edit", user=getattr(office, role))
        for name in ("step1", "step2"):
            log(pages[name], "wagtail.edit", user=office.editor_a)
        Page.objects.filter(pk=pages["never"].pk).update(
            locked=True, locked_by=office.editor_a, locked_at=timezone.now()
        )
        yield {"office": office, "pages": pages, "category": category("1.9")}


def fetch(client: Client, listing: str, world) -> str:
    """The text of ``listing`` as ``client`` gets it ("" when refused)."""
    pages = world["pages"]
    cat = world["category"].pk
    never = pages["never"]
    ids = "&".join(f"id={pages[name].pk}" for name in ITEMS)
    urls = {
        "explorer": f"/admin/pages/{cat}/",
        "explorer_search": f"/admin/pages/{cat}/?q=zulu",
        "admin_search": "/admin/pages/search/?q=zulu",
        "page_chooser": f"/admin/choose-page/{cat}/",
        "page_chooser_search": "/admin/choose-page/search/?q=zulu",
        "api_listing": f"/admin/api/main/pages/?child_of={cat}",
        "api_explorer_listing": (
            f"/admin/api/main/pages/?child_of={cat}&for_explorer=1"
        ),
        "api_search": "/admin/api/main/pages/?search=zulu",
        "workflow_report": "/admin/reports/workflow/",
        "workflow_tasks_report": "/admin/reports/workflow_tasks/",
        "dashboard": "/admin/",
        "page_history": f"/admin/pages/{never.pk}/history/",
        "revisions_compare": (
            f"/admin/pages/{never.pk}/revisions/compare/"
            f"earliest...{never.latest_revision_id}/"
        ),
        "aging_pages_report": "/admin/reports/aging-pages/",
        "locked_pages_report": "/admin/reports/locked/",
        "site_history_report": "/admin/reports/site-history/",
        "bulk_confirmation": f"/admin/bulk/wagtailcore/page/delete/?{ids}",
        "photo_planning": "/admin/galleries/planning/",
    }
    if listing == "api_detail":
        return "\n".join(
            text(client.get(f"/admin/api/main/pages/{page.pk}/"))
            for page in pages.values()
        )
    return text(client.get(urls[listing]))


def text(response) -> str:
    """What the user reads in a response ("" when refused); JSON (the API, the
    chooser's modal) as readable text, not \\u escapes."""
    if response.status_code != 200:
        return ""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


CASES = [
    pytest.param(role, listing, id=f"{listing}-{role}")
    for listing in LISTINGS
    for role in ROLES
]


@pytest.mark.parametrize(("role", "listing"), CASES)
def test_who_sees_unit_as_drafts(world, role, listing):
    reach, shown_here = LISTINGS[listing]
    body = fetch(login(getattr(world["office"], role)), listing, world)
    seen = {name for name in shown_here if TITLES[name] in body}
    expected = {name for name in shown_here if role in RULE[name] and role in reach}
    assert seen == expected


@pytest.mark.parametrize("role", ["editor_b", "committee", "office_director", "pr"])
def test_other_units_choose_a_published_page_by_its_public_title(world, role):
    """Linking to another unit's published page still works while that unit
    prepares a new version; its draft title stays with the unit."""
    client = login(getattr(world["office"], role))
    for url in (
        f"/admin/choose-page/{world['category'].pk}/",
        "/admin/choose-page/search/?q=zulu",
    ):
        body = text(client.get(url))
        assert PUBLIC_TITLE in body
        assert TITLES["live_draft"] not in body


def test_the_unit_chooses_its_page_by_the_draft_title(world):
    client = login(world["office"].editor_a)
    body = text(client.get(f"/admin/choose-page/{world['category'].pk}/"))
    assert TITLES["live_draft"] in body


@pytest.mark.parametrize("role", ["editor_b", "pr", "committee", "office_director"])
def test_another_units_page_cannot_be_opened_in_the_explorer_or_chooser(world, role):
    client = login(getattr(world["office"], role))
    for page in (world["pages"]["never"], world["pages"]["live_draft"]):
        for url in (f"/admin/pages/{page.pk}/", f"/admin/choose-page/{page.pk}/"):
            response = client.get(url)
            assert response.status_code in (302, 404), url
            assert TITLES["never"] not in text(response)
