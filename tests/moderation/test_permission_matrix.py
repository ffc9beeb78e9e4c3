"""Who may do what to a unit's item, through every admin path (measure §2, §3.1).

Rows: roles; columns: actions; one table per item state. Each case performs the
action over HTTP as the admin's own forms and buttons would, then checks its effect
in the database — not just the status code.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import (
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    TaskState,
)

from moderation.models import PublicationRequest
from tests.conftest import shared_data
from tests.moderation.office import build_office, edit_form
from tests.utils import category, make_user

pytestmark = pytest.mark.django_db

ROLES = (
    "editor_a",
    "editor_b",
    "director_a",
    "deputy_a",
    "director_b",
    "office_director",
    "ict",
    "pr",
    "committee",
    "administrator",
)
UNIT_A = {"editor_a", "director_a", "deputy_a"}
STEP_1 = {"director_a", "deputy_a"}
PUBLISHERS = {"ict", "administrator"}
EDITORS_OF_A = UNIT_A | PUBLISHERS
ADMIN = {"administrator"}
# A draft that never went live nor into the chain is its unit's own: ICT reaches a
# unit's page once it is sent or public.
OWNERS_OF_DRAFT = UNIT_A | ADMIN

# action -> state -> roles that may do it. States: draft; moderation (at the unit
# director's step, requested by editor_a); at_office_director and at_publisher
# (steps 2 and 3 of the same kind of request); live.
MEMO = UNIT_A | PUBLISHERS | {"office_director"}
MATRIX: dict[str, dict[str, set[str]]] = {
    "open_editor": {
        "draft": OWNERS_OF_DRAFT,
        "moderation": EDITORS_OF_A,
        "at_office_director": EDITORS_OF_A | {"office_director"},
        "at_publisher": EDITORS_OF_A,
        "live": EDITORS_OF_A,
    },
    "history": {
        "draft": OWNERS_OF_DRAFT,
        "moderation": EDITORS_OF_A,
        "live": EDITORS_OF_A,
    },
    "preview": {
        "draft": OWNERS_OF_DRAFT,
        "moderation": EDITORS_OF_A,
        "live": EDITORS_OF_A,
    },
    # While a request waits only that step's approvers may save (and then they may
    # no longer approve it: test_review_cases).
    "save_draft": {
        "draft": OWNERS_OF_DRAFT,
        "moderation": STEP_1,
        "at_office_director": {"office_director"},
        "at_publisher": {"ict"},
        "live": EDITORS_OF_A,
    },
    "revert": {"draft": OWNERS_OF_DRAFT, "moderation": STEP_1, "live": EDITORS_OF_A},
    # A unit's item goes live through the chain's last step only (or an
    # administrator's publication outside it: test_publishing_paths).
    "publish": {"draft": set(), "moderation": set(), "live": set()},
    "schedule": {"draft": set(), "moderation": set(), "live": set()},
    "bulk_publish": {"draft": set(), "moderation": set(), "live": set()},
    "unpublish": {"live": PUBLISHERS},
    "bulk_unpublish": {"live": PUBLISHERS},
    "privacy": {"draft": PUBLISHERS, "live": PUBLISHERS},
    # Nobody locks a page under review: a lock would outlive the step.
    "lock": {"draft": PUBLISHERS, "moderation": set(), "live": PUBLISHERS},
    "delete": {"draft": ADMIN, "moderation": ADMIN, "live": ADMIN},
    "bulk_delete": {"draft": ADMIN, "moderation": ADMIN, "live": ADMIN},
    "move": {"draft": ADMIN, "moderation": ADMIN, "live": ADMIN},
    "copy": {"draft": OWNERS_OF_DRAFT, "live": EDITORS_OF_A},
    "copy_and_publish": {"live": set()},
    "create_for_unit_a": {"draft": EDITORS_OF_A},
    "approve": {
        "moderation": STEP_1,
        "at_office_director": {"office_director"},
        "at_publisher": {"ict"},
    },
    "request_changes": {
        "moderation": STEP_1,
        "at_office_director": {"office_director"},
        "at_publisher": {"ict"},
    },
    "memo": {"moderation": MEMO, "at_office_director": MEMO, "at_publisher": MEMO},
}

CASES = [
    pytest.param(role, action, state, role in allowed, id=f"{action}-{state}-{role}")
    for action, states in MATRIX.items()
    for state, allowed in states.items()
    for role in ROLES
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        root = make_user("root", is_superuser=True)
        items = {
            "draft": office.item(title="ร่างรายการ"),
            "moderation": office.item(title="รายการรอพิจารณา"),
            "live": office.item(title="รายการเผยแพร่แล้ว", publish=True),
        }
        items["at_office_director"] = office.item(title="รอผู้อำนวยการสำนักงาน")
        items["at_publisher"] = office.item(title="รอนำขึ้นเผยแพร่")
        for state, deciders in (
            ("moderation", []),
            ("at_office_director", [office.director_a]),
            ("at_publisher", [office.director_a, office.office_director]),
        ):
            page = items[state]
            workflow_state = page.get_workflow().start(page, office.editor_a)
            for decider in deciders:
                task_state = workflow_state.current_task_state
                task_state.task.specific.on_action(task_state, decider, "approve")
                workflow_state.refresh_from_db()
        admin = Client()
        admin.force_login(root)
        forms = {state: edit_form(admin, page) for state, page in items.items()}
        yield {"office": office, "items": items, "forms": forms}


def fresh(page):
    return Page.objects.filter(pk=page.pk).first()


def revisions_by(page, user) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk), user=user).count()


def published_by(page, user) -> bool:
    """The page is live and its history says ``user`` published it."""
    return (
        fresh(page).live
        and PageLogEntry.objects.filter(
            page_id=page.pk, action="wagtail.publish", user=user
        ).exists()
    )


def perform(client, user, action: str, page, form) -> bool:
    """Do ``action`` on ``page`` as ``user``; True if it took effect."""
    base = f"/admin/pages/{page.pk}"
    if action == "history":
        return client.get(f"{base}/history/").status_code == 200
    if action == "lock":
        client.post(f"{base}/lock/")
        return fresh(page).locked
    if action == "privacy":
        client.post(f"{base}/privacy/", {"restriction_type": "login"})
        return PageViewRestriction.objects.filter(page_id=page.pk).exists()
    if action in ("open_editor", "preview"):
        url = f"{base}/edit/" if action == "open_editor" else f"{base}/edit/preview/"
        if action == "preview":
            response = client.post(url, form)
            if response.status_code != 200 or not response.json().get("is_valid"):
                return False
            response = client.get(url)
        else:
            response = client.get(url)
        return response.status_code == 200
    if action in ("save_draft", "revert"):
        before = revisions_by(page, user)
        url = f"{base}/edit/"
        if action == "revert":
            first = Revision.page_revisions.filter(object_id=str(page.pk)).earliest(
                "pk"
            )
            url = f"{base}/revisions/{first.pk}/revert/"
        client.post(url, {**form.dict(), "title": "แก้ไขโดย " + user.username})
        return revisions_by(page, user) > before
    if action in ("publish", "schedule"):
        data = {**form.dict(), "action-publish": "1"}
        if action == "schedule":
            go_live = timezone.localtime() + dt.timedelta(days=3)
            data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
        before = revisions_by(page, user)
        client.post(f"{base}/edit/", data)
        published = Revision.page_revisions.filter(object_id=str(page.pk), user=user)
        if action == "schedule":
            return published.filter(approved_go_live_at__isnull=False).exists()
        return revisions_by(page, user) > before and published_by(page, user)
    if action == "unpublish":
        client.post(f"{base}/unpublish/")
        return not fresh(page).live
    if action in ("delete", "bulk_delete"):
        if action == "delete":
            client.post(f"{base}/delete/")
        else:
            client.post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}")
        return fresh(page) is None
    if action in ("bulk_publish", "bulk_unpublish"):
        verb = action.removeprefix("bulk_")
        client.post(f"/admin/bulk/wagtailcore/page/{verb}/?id={page.pk}")
        live = fresh(page).live
        if verb == "publish":
            return live and published_by(page, user)
        return not live
    if action == "move":
        target = category("1.10")
        client.post(f"{base}/move/{target.pk}/confirm/")
        return fresh(page).get_parent().pk == target.pk
    if action in ("copy", "copy_and_publish"):
        slug = f"copy-{user.username}"
        client.post(
            f"{base}/copy/",
            {
                "new_title": "สำเนา",
                "new_slug": slug,
                "new_parent_page": str(page.get_parent().pk),
                "publish_copies": "on" if action == "copy_and_publish" else "",
            },
        )
        copy = Page.objects.filter(slug=slug).first()
        if action == "copy":
            return copy is not None
        return copy is not None and copy.live
    if action == "create_for_unit_a":
        parent = category("1.11")
        create = Client()
        create.force_login(_root())
        url = f"/admin/pages/add/disclosure_pages/disclosureitempage/{parent.pk}/"
        data = edit_form_from(create, url)
        data.update({"title": "ใหม่", "slug": f"new-{user.username}"})
        data["unit"] = str(page.specific.unit_id)
        client.post(url, data)
        return Page.objects.filter(slug=f"new-{user.username}").exists()
    if action in ("approve", "request_changes"):
        state = page.current_workflow_task_state
        name = "approve" if action == "approve" else "reject"
        client.post(
            f"/admin/pages/workflow/action/{page.pk}/{name}/{state.pk}/",
            {"comment": "ความเห็นทดสอบ"},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
        return TaskState.objects.get(pk=state.pk).status != "in_progress"
    if action == "memo":
        memo = PublicationRequest.objects.get(page=page)
        response = client.get(f"/admin/disclosure-approval/memo/{memo.pk}/")
        return response.status_code == 200
    raise AssertionError(action)


def _root():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="root")


def edit_form_from(client, url):
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    data.setdefault("body-count", "0")
    return data.dict()


@pytest.mark.parametrize(("role", "action", "state", "allowed"), CASES)
def test_permission_matrix(world, role, action, state, allowed):
    office = world["office"]
    user = getattr(office, role)
    page = fresh(world["items"][state]).specific
    client = Client()
    client.force_login(user)
    assert perform(client, user, action, page, world["forms"][state]) is allowed


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pages/{pk}/edit/",
        "/admin/pages/{pk}/edit/preview/",
        "/admin/pages/{pk}/view_draft/",
        "/admin/disclosure-approval/memo/{memo}/",
        "/admin/disclosure-approval/requests/",
    ],
)
def test_anonymous_is_sent_to_log_in(world, client, path):
    page = world["items"]["moderation"]
    memo = PublicationRequest.objects.get(page=page)
    response = client.get(path.format(pk=page.pk, memo=memo.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_anonymous_sees_no_draft_and_no_api(world, client):
    for state in ("draft", "moderation"):
        page = world["items"][state]
        assert client.get(page.url or f"/disclosure/{page.slug}/").status_code == 404
    assert client.get("/api/v2/pages/").status_code == 404
