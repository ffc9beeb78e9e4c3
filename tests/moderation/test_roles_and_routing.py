"""Roles follow the units; steps route around the requester; memos are numbered;
the requests report filters and exports; forged workflow data is refused."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from moderation.models import PublicationRequest, Role, Unit
from moderation.roles import role_groups
from tests.moderation.office import build_office, edit_form, login, recipients, submit
from tests.utils import make_user

pytestmark = pytest.mark.django_db


def roles_of(user) -> set[str]:
    held = set(user.groups.values_list("pk", flat=True))
    return {role for role, group in role_groups().items() if group.pk in held}


def test_naming_people_in_the_unit_form_gives_and_takes_roles():
    office = build_office()
    newcomer = make_user("newcomer")
    assert roles_of(newcomer) == set()
    admin = login(make_user("root", is_superuser=True))
    url = f"/admin/snippets/disclosure_moderation/unit/edit/{office.unit_b.pk}/"
    data = querydict_from_html(admin.get(url).content.decode(), form_id="w-editor-form")
    data.setlist("members", [str(office.editor_b.pk), str(newcomer.pk)])
    data["deputy"] = str(newcomer.pk)
    assert admin.post(url, data).status_code == 302
    assert roles_of(newcomer) == {Role.EDITOR, Role.UNIT_DIRECTOR}
    assert newcomer.has_perm("wagtailadmin.access_admin")

    data.setlist("members", [str(office.editor_b.pk)])
    data["deputy"] = ""
    assert admin.post(url, data).status_code == 302
    assert roles_of(newcomer) == set()
    # Roles given by hand are never taken away by the units.
    assert roles_of(office.committee) == {Role.COMMITTEE}


def test_ict_unit_members_become_publishers_and_office_director_follows_settings():
    office = build_office()
    assert roles_of(office.ict) == {Role.EDITOR, Role.ICT_PUBLISHER}
    assert roles_of(office.office_director) == {Role.OFFICE_DIRECTOR}
    from moderation.models import OfficeSettings

    settings = OfficeSettings.objects.get()
    settings.office_director = office.director_b
    settings.save()
    assert Role.OFFICE_DIRECTOR not in roles_of(office.office_director)
    assert Role.OFFICE_DIRECTOR in roles_of(office.director_b)


def test_a_director_who_requests_is_approved_by_the_deputy_then_the_office_director():
    office = build_office()
    item = office.item(owner=office.director_a)
    state = submit(item, office.director_a)
    assert recipients() == ["deputy_a@example.org"]
    entry = PageLogEntry.objects.filter(
        page=item, action="disclosure_moderation.step_started"
    ).latest("pk")
    assert entry.data["routing"] == "deputy_for_requester"
    assert state.task.specific.get_actions(item, office.director_a) == []
    assert state.task.specific.get_actions(item, office.deputy_a)

    # Without a deputy it goes to the office director, and the log says so.
    Unit.objects.filter(pk=office.unit_a.pk).update(deputy=None)
    other = office.item(owner=office.director_a)
    submit(other, office.director_a)
    assert recipients() == ["office_director@example.org"]
    entry = PageLogEntry.objects.filter(
        page=other, action="disclosure_moderation.step_started"
    ).latest("pk")
    assert entry.data["routing"] == "office_director_for_unit"


def test_the_author_of_the_revision_cannot_approve_it_either():
    office = build_office()
    item = office.item()
    # The director wrote the revision; the editor only pressed submit.
    item.save_revision(user=office.director_a)
    state = submit(item, office.editor_a)
    task = state.task.specific
    assert task.get_actions(item, office.director_a) == []
    assert task.get_actions(item, office.editor_a) == []
    assert task.get_actions(item, office.deputy_a)


def test_memo_numbers_run_per_fiscal_year(monkeypatch):
    office = build_office()
    numbers = []
    for when in (
        dt.datetime(2026, 9, 30, 23, 0),  # fiscal year 2569
        dt.datetime(2026, 9, 30, 23, 30),
        dt.datetime(2026, 10, 1, 0, 5),  # fiscal year 2570 starts
    ):
        moment = timezone.make_aware(when)
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        item = office.item()
        submit(item, office.editor_a)
        memo = PublicationRequest.objects.get(page=item)
        numbers.append((memo.fiscal_year, memo.number))
    assert numbers == [(2569, 1), (2569, 2), (2570, 1)]


def test_requests_report_filters_and_exports_xlsx():
    office = build_office()
    a = office.item(title="คำขอของกลุ่มนโยบาย")
    b = office.item(unit=office.unit_b, title="คำขอของกลุ่มการเงิน")
    submit(a, office.editor_a)
    submit(b, office.editor_b)
    admin = login(office.administrator)
    url = "/admin/disclosure-approval/requests/"
    html = admin.get(url, {"unit": office.unit_a.pk}).content.decode()
    assert a.title in html and b.title not in html
    # A malformed filter is an error message, not a crash.
    assert admin.get(url, {"submitted_at_after": "ไม่ใช่วันที่"}).status_code == 200
    response = admin.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    titles = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {a.title, b.title}
    # Editors do not see the office-wide report.
    response = login(office.editor_a).get(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_forged_or_broken_workflow_data_in_the_editor_is_refused():
    office = build_office()
    item = office.item()
    state = submit(item, office.editor_a)
    client = login(office.director_a)
    form = edit_form(client, item)
    for extra, action in (
        ("{not json", "approve"),
        ('{"comment": "x", "status": "approved"}', "approve"),
        ('{"comment": "   "}', "reject"),
    ):
        data = form.copy()
        data.update(
            {
                "action-workflow-action": "1",
                "workflow-action-name": action,
                "workflow-action-extra-data": extra,
            }
        )
        response = client.post(f"/admin/pages/{item.pk}/edit/", data)
        assert response.status_code == 400
    state.refresh_from_db()
    assert state.status == "in_progress"
    # The well-formed one from the same editor works.
    data = form.copy()
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": '{"comment": "แก้ชื่อเรื่อง"}',
        }
    )
    assert client.post(f"/admin/pages/{item.pk}/edit/", data).status_code == 302
    state.refresh_from_db()
    assert state.status == "rejected" and state.comment == "แก้ชื่อเรื่อง"


def test_approval_honours_a_go_live_date():
    office = build_office()
    item = office.item()
    item.go_live_at = timezone.now() + dt.timedelta(days=2)
    item.save_revision(user=office.editor_a)
    state = submit(item, office.editor_a)
    for approver in (office.director_a, office.office_director, office.ict):
        state.task.specific.on_action(state, approver, "approve")
        item.refresh_from_db()
        state = item.current_workflow_task_state or state
    item.refresh_from_db()
    assert not item.live
    assert item.scheduled_revision is not None
    subjects = [m.subject for m in mail.outbox if m.to == ["editor_a@example.org"]]
    assert any(s.startswith("อนุญาตแล้ว รอกำหนดเวลาเผยแพร่") for s in subjects)


def test_dashboard_shows_what_waits_for_me_and_where_my_requests_stand():
    office = build_office()
    item = office.item(title="รายงานผลการดำเนินงาน")
    submit(item, office.editor_a)
    mine = login(office.editor_a).get("/admin/").content.decode()
    assert "คำขอของฉันและสถานะ" in mine and item.title in mine
    waiting = login(office.director_a).get("/admin/").content.decode()
    assert "รอการพิจารณาของฉัน (1)" in waiting and item.title in waiting
    other = login(office.director_b).get("/admin/").content.decode()
    assert "รอการพิจารณาของฉัน (0)" in other and item.title not in other


def test_every_role_group_exists_once_with_its_permissions():
    build_office()
    groups = role_groups()
    assert set(groups) == set(Role)
    assert Group.objects.filter(pk__in=[g.pk for g in groups.values()]).count() == 7
    editor = groups[Role.EDITOR]
    codenames = set(editor.permissions.values_list("codename", flat=True))
    assert codenames == {"access_admin"}
    page_perms = set(
        editor.page_permissions.values_list("permission__codename", flat=True)
    )
    assert page_perms == {"add_page", "change_page"}
    ict_perms = set(
        groups[Role.ICT_PUBLISHER].page_permissions.values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" in ict_perms and "bulk_delete_page" not in ict_perms


def test_what_waits_for_a_reviewer_costs_the_same_for_2_or_10_requests():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import TaskState

    from moderation.panels import WaitingForMePanel

    office = build_office()

    def cost(user) -> tuple[int, int]:
        user = type(user).objects.get(pk=user.pk)  # no per-user caches
        request = type("R", (), {"user": user})()
        with CaptureQueriesContext(connection) as queries:
            rows = WaitingForMePanel().get_context_data({"request": request})["rows"]
            for row in rows:
                str(row["state"].task.name), str(row["request"].page.title)
        return len(rows), len(queries)

    for _ in range(2):
        submit(office.item(), office.editor_a)
    two = cost(office.director_a)
    for _ in range(8):
        submit(office.item(), office.editor_a)
    ten = cost(office.director_a)
    assert (two[0], ten[0]) == (2, 10)
    assert ten[1] == two[1]
    assert TaskState.objects.reviewable_by(office.director_b).count() == 0


def test_the_unit_of_the_version_under_review_decides_not_the_published_one():
    office = build_office()
    item = office.item(publish=True)  # published as unit A
    item.unit = office.unit_b
    item.save_revision(user=office.ict)  # the draft now belongs to unit B
    state = submit(item, office.ict)
    assert recipients() == ["director_b@example.org"]
    assert state.task.specific.get_actions(item, office.director_a) == []
    assert state.task.specific.get_actions(item, office.director_b)
    assert PublicationRequest.objects.get(page=item).unit == office.unit_b


def test_the_office_director_submits_the_quarterly_report_and_the_committee_reads_it():
    office = build_office()
    assert office.office_director.has_perm(
        "disclosure_reporting.submit_committeereport"
    )
    assert office.committee.has_perm("disclosure_reporting.view_committeereport")
    assert not office.committee.has_perm("disclosure_reporting.submit_committeereport")
    assert not office.editor_a.has_perm("disclosure_reporting.view_committeereport")


def test_galleries_are_scoped_to_their_unit_like_items():
    from tests.utils import category, gallery_index, make_gallery

    office = build_office()
    gallery = make_gallery(unit=office.unit_a, publish=False, owner=office.editor_a)
    editor_a, editor_b = login(office.editor_a), login(office.editor_b)
    assert editor_a.get(f"/admin/pages/{gallery.pk}/edit/").status_code == 200
    response = editor_b.get(f"/admin/pages/{gallery.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # The unit select offers only the editor's own unit, for galleries and items.
    for parent, app, model in (
        (gallery_index(), "disclosure_photo_gallery", "activitygallerypage"),
        (category("1.9"), "disclosure_pages", "disclosureitempage"),
    ):
        url = f"/admin/pages/add/{app}/{model}/{parent.pk}/"
        html = editor_b.get(url).content.decode()
        form = querydict_from_html(html, form_id="page-edit-form")
        assert form["unit"] == str(office.unit_b.pk), model
        select = html.split('name="unit"')[1].split("</select>")[0]
        assert office.unit_b.name_th in select
        assert office.unit_a.name_th not in select


def test_a_warning_when_moderation_comes_after_wagtail_admin(settings):
    from moderation.checks import check_app_order

    assert check_app_order() == []
    apps = [a for a in settings.INSTALLED_APPS if a != "moderation"]
    warnings = check_app_order(installed_apps=[*apps, "moderation"])
    assert [w.id for w in warnings] == ["disclosure_moderation.W001"]


def test_an_editors_page_listing_costs_the_same_for_3_or_15_items():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.utils import category

    office = build_office()
    parent = category("1.9")
    client = login(office.editor_a)
    costs, made = [], 0
    for total in (3, 15):
        for _ in range(total - made):
            office.item()
        made = total
        client.get(f"/admin/pages/{parent.pk}/")  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/admin/pages/{parent.pk}/")
        assert response.status_code == 200
        costs.append(len(queries))
    assert costs[1] == costs[0]
