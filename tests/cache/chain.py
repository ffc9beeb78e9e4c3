"""Publishing through the office's own approval chain, as its people do it."""

from __future__ import annotations

from tests.moderation.office import Office, edit_form, login, submit


def director_of(office: Office, page):
    return office.director_a if page.unit_id == office.unit_a.pk else office.director_b


def approve_through_the_chain(office: Office, page, state) -> None:
    """Every step approves in the admin (unit director, office director, ICT
    publisher): the last approval publishes."""
    for person in (director_of(office, page), office.office_director, office.ict):
        response = login(person).post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/",
            {"comment": ""},
        )
        assert response.status_code == 302, response.status_code
        page.refresh_from_db()
        state = page.current_workflow_task_state
    assert state is None
    assert page.live and not page.has_unpublished_changes


def publish_through_the_chain(office: Office, page) -> None:
    """The editor submits the page as it is; the chain approves it."""
    editor = office.editor_a if page.unit_id == office.unit_a.pk else office.editor_b
    approve_through_the_chain(office, page, submit(page, editor))


def edit_and_publish(office: Office, page, **changes) -> None:
    """The editor changes the page in the admin's editor and submits it; the chain
    approves it."""
    editor = office.editor_a if page.unit_id == office.unit_a.pk else office.editor_b
    client = login(editor)
    data = edit_form(client, page)
    data.update(changes)
    if not data.get("change_note", "").strip():
        # A new version of a live page is submitted with a note for the public
        # (the editor's empty text box posts a line break).
        data["change_note"] = "ปรับปรุงข้อมูลให้เป็นปัจจุบัน"
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response.status_code
    )
    page.refresh_from_db()
    approve_through_the_chain(office, page, page.current_workflow_task_state)
