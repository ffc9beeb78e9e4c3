"""The executives page and the organisation chart made in the admin by a unit's
editor, sent through the office's approval chain until public; a forged photo and
another unit's editor refused."""

import re

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Collection, GroupCollectionPermission

from moderation.models import Role
from moderation.roles import role_groups
from organisation.forms import choosable_images
from organisation.models import Executive, ExecutivesPage, StructurePage
from tests.moderation.office import build_office, edit_form, login
from tests.organisation.helpers import (
    PEOPLE,
    create_executives,
    create_structure,
    executives_page,
    structure_page,
)
from tests.utils import category, make_safe_image

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def approve_through_the_chain(page, office):
    for approver in (office.director_a, office.office_director, office.ict):
        page.refresh_from_db()
        state = page.current_workflow_task_state
        assert state is not None, f"no step waiting for {approver}"
        response = login(approver).post(
            action_url(page, "approve", state), {"comment": ""}
        )
        assert response.status_code == 302
    page.refresh_from_db()


def test_the_executives_go_through_the_chain_and_are_shown_in_order(client):
    office = build_office()
    editor = login(office.editor_a)
    photo = make_safe_image()
    people = [PEOPLE[2], PEOPLE[1], PEOPLE[0]]  # typed in the wrong order
    response = create_executives(
        editor, office.unit_a, people=people, photos=[None, None, photo], submit=True
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = executives_page()
    assert not page.live
    assert page.current_workflow_task_state is not None  # at the unit director

    # Not public before the chain's last step.
    assert client.get("/disclosure/1-5/executives/").status_code == 404

    approve_through_the_chain(page, office)
    assert page.live
    html = client.get(page.url).content.decode()
    names = re.findall(r'<h3 class="executive-card__name">(.*?)</h3>', html)
    # The office director, then the deputy, then the (vacant) unit director.
    assert names == ["นายธนพล วงศ์ใหญ่", "นางอัญชลี พรหมมา", "ตำแหน่งว่าง"]
    assert "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา</h2>" in html
    assert "รองผู้อำนวยการ</h2>" in html
    # The photo is described by the person and the post.
    assert f'alt="นายธนพล วงศ์ใหญ่, {PEOPLE[0]["position"]}"' in html, (
        "the portrait's alternative text names the person and the post"
    )
    assert 'href="tel:021234501"' in html
    assert 'href="mailto:director@example.go.th"' in html


def test_the_chart_page_goes_through_the_chain(client):
    office = build_office()
    response = create_structure(login(office.editor_a), office.unit_a, submit=True)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = structure_page()
    approve_through_the_chain(page, office)
    assert page.live
    html = client.get(page.url).content.decode()
    assert "สำนักงานแบ่งส่วนราชการเป็นกลุ่มและหน่วย" in html
    assert '<ul class="org-chart__tree">' in html
    assert "กลุ่มนโยบายและแผน" in html
    assert "ผู้อำนวยการ: Director_A ทดสอบ" in html


def test_the_intro_changes_only_through_the_chain(client):
    """The chart follows the units, but the page's own text is approved."""
    office = build_office()
    create_structure(login(office.editor_a), office.unit_a, submit=True)
    page = structure_page()
    approve_through_the_chain(page, office)
    editor = login(office.editor_a)
    data = edit_form(editor, page)
    data["summary"] = "ข้อความที่ยังไม่ได้รับอนุญาต"
    assert editor.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert "ข้อความที่ยังไม่ได้รับอนุญาต" not in client.get(page.url).content.decode()


def restrict_editors_to(collection):
    """An office that gives each unit its own collection: editors choose images
    only from their unit's."""
    editors = role_groups()[Role.EDITOR]
    GroupCollectionPermission.objects.filter(group=editors).delete()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=editors,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )


def test_a_forged_photo_of_another_collection_is_refused():
    office = build_office()
    root = Collection.get_first_root_node()
    own = root.add_child(name="ภาพกลุ่มนโยบายและแผน")
    other = root.add_child(name="ภาพกลุ่มบริหารงานบุคคล")
    restrict_editors_to(own)
    others_photo = make_safe_image(collection=other)
    editor = login(office.editor_a)

    response = create_executives(
        editor, office.unit_a, people=PEOPLE[:1], photos=[others_photo]
    )
    assert response.status_code == 200
    assert "ไม่สามารถใช้ภาพนี้ได้" in response.content.decode()
    assert not ExecutivesPage.objects.exists()

    own_photo = make_safe_image(collection=own)
    response = create_executives(
        editor, office.unit_a, people=PEOPLE[:1], photos=[own_photo]
    )
    assert response.status_code == 302
    page = executives_page()
    assert page.get_latest_revision_as_object().executives.get().photo == own_photo

    # Changing the saved post's photo to the forged one is refused too.
    data = edit_form(editor, page)
    assert data["executives-0-photo"] == str(own_photo.pk)
    data["executives-0-photo"] = str(others_photo.pk)
    response = editor.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "ไม่สามารถใช้ภาพนี้ได้" in response.content.decode()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().executives.get().photo == own_photo


def test_another_units_editor_cannot_edit_or_forge():
    office = build_office()
    create_executives(login(office.editor_a), office.unit_a)
    page = executives_page()
    revisions = page.revisions.count()
    other = login(office.editor_b)  # finance
    assert other.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    response = other.post(
        f"/admin/pages/{page.pk}/edit/",
        {"title": "แก้โดยกลุ่มอื่น", "slug": "executives", "unit": office.unit_b.pk},
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.revisions.count() == revisions
    assert page.get_latest_revision_as_object().title == "ผู้บริหารสำนักงาน"

    # Nor may they make a page in the name of unit A.
    response = create_executives(other, office.unit_a)
    assert response.status_code == 200
    assert ExecutivesPage.objects.count() == 1


def test_only_under_their_own_categories():
    build_office()
    assert ExecutivesPage.can_create_at(category("1.5"))
    assert not ExecutivesPage.can_create_at(category("1.4"))
    assert StructurePage.can_create_at(category("1.4"))
    assert not StructurePage.can_create_at(category("1.9"))
    assert Executive.Level.OFFICE_DIRECTOR < Executive.Level.DEPUTY


def test_an_approver_without_image_permissions_keeps_the_posts_photo():
    """The office director may not choose images, yet saves the page at their step
    with the photo the editor chose: only a new choice is checked."""
    office = build_office()
    photo = make_safe_image()
    create_executives(
        login(office.editor_a), office.unit_a, people=PEOPLE[:1], photos=[photo]
    )
    page = executives_page()
    page.get_workflow().start(page, office.editor_a)
    page.refresh_from_db()
    state = page.current_workflow_task_state
    login(office.director_a).post(action_url(page, "approve", state), {"comment": ""})

    assert not choosable_images(office.office_director).filter(pk=photo.pk).exists()
    director = login(office.office_director)
    data = edit_form(director, page)
    assert data["executives-0-photo"] == str(photo.pk)
    data["executives-0-phone"] = "0 2123 4599"
    response = director.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = ExecutivesPage.objects.get().get_latest_revision_as_object()
    assert latest.executives.get().photo == photo
    assert latest.executives.get().phone == "0 2123 4599"
