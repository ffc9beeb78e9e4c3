"""The memo's link to the published item reads as people would type it."""

import pytest

from moderation.models import PublicationRequest
from tests.moderation.office import build_office, login, submit

pytestmark = pytest.mark.django_db


def test_the_memo_prints_a_thai_address_in_thai_and_links_to_it():
    office = build_office()
    item = office.item(title="แผนปฏิบัติการ", slug="แผนงาน-2570")
    state = submit(item, office.editor_a)
    for approver in (office.director_a, office.office_director, office.ict):
        state.task.specific.on_action(state, approver, "approve")
        item.refresh_from_db()
        state = item.current_workflow_task_state
    assert item.live
    memo = PublicationRequest.objects.get(page=item)
    html = (
        login(office.editor_a)
        .get(f"/admin/disclosure-approval/memo/{memo.pk}/")
        .content.decode()
    )
    address = item.full_url
    assert "%E0%B9%81" in address  # the address itself is percent-encoded
    readable = address.replace(address.rsplit("/", 2)[1], "แผนงาน-2570")
    assert f'<a href="{address}">{readable}</a>' in html
