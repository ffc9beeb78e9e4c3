"""Links that leave the site — the memo's link to the item, emails, notice-board
posters — use the office's public address, never the "localhost" that Wagtail's
first migration gives the Site record; set-up names the Site after the office and
gives it the public address; a system check warns while it is still "localhost"."""

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.models import Site

from moderation.checks import check_public_address, check_site_address
from moderation.models import PublicationRequest
from tests.moderation.office import build_office, login, submit
from tests.utils import OFFICE_NAME, default_site, run_setup

pytestmark = pytest.mark.django_db

PUBLIC = "https://www.example.go.th"


def setup_command() -> None:
    """The set-up command itself, run now with the settings in force (run_setup
    with arguments never takes a copy made earlier)."""
    run_setup(office_name=OFFICE_NAME)


def as_wagtail_left_it(site: Site) -> None:
    """The Site as an office has it that ran set-up before it named the Site, or
    never edited it: Wagtail's placeholder address and no name."""
    site.hostname, site.port, site.site_name = "localhost", 80, ""
    site.save()


# Emails in both forms: plain text, and HTML where an office turns it on.
@override_settings(
    WAGTAILADMIN_BASE_URL=PUBLIC, WAGTAILADMIN_NOTIFICATION_USE_HTML=True
)
def test_the_memo_emails_and_poster_link_to_the_public_address():
    office = build_office()
    as_wagtail_left_it(default_site())
    item = office.item(title="แผนปฏิบัติการประจำปี", slug="action-plan-2570")
    state = submit(item, office.editor_a)
    assert mail.outbox
    for step_email in mail.outbox:
        assert f"{PUBLIC}/admin/pages/{item.pk}/edit/" in step_email.body
        assert (
            f'href="{PUBLIC}/admin/pages/{item.pk}/edit/"'
            in (step_email.alternatives[0][0])
        )
    for approver in (office.director_a, office.office_director, office.ict):
        mail.outbox.clear()
        state.task.specific.on_action(state, approver, "approve")
        item.refresh_from_db()
        state = item.current_workflow_task_state
    assert item.live
    address = PUBLIC + item.get_url()
    assert address.endswith("/action-plan-2570/")

    memo = PublicationRequest.objects.get(page=item)
    html = (
        login(office.editor_a)
        .get(f"/admin/disclosure-approval/memo/{memo.pk}/")
        .content.decode()
    )
    assert f'<a href="{address}">{address}</a>' in html
    assert "localhost" not in html

    published = [m for m in mail.outbox if "editor_a@example.org" in m.to]
    assert published, [m.subject for m in mail.outbox]
    body = published[-1].body
    assert address in body
    assert f"{PUBLIC}/admin/pages/{item.pk}/edit/" in body
    html_body = published[-1].alternatives[0][0]
    assert f'href="{address}"' in html_body
    assert "localhost" not in body + html_body

    # Opened through another host name (the office's intranet), the poster's QR
    # code still leads the public to the public address.
    poster = login(office.ict).get(f"/poster/{item.pk}/", HTTP_HOST="intranet.local")
    assert poster.status_code == 200
    assert poster.context["poster_url"] == address
    assert "localhost" not in poster.content.decode()
    assert "intranet.local" not in poster.context["poster_url"]


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC + "/")
def test_setup_names_the_site_and_gives_it_the_public_address(client):
    site = default_site()
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "")
    setup_command()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("www.example.go.th", 443)
    assert site.site_name == OFFICE_NAME
    assert site.root_url == PUBLIC

    # The dashboard's heading names the office, not the host.
    admin = login(_superuser())
    heading = admin.get("/admin/").content.decode()
    assert OFFICE_NAME in heading
    assert "localhost" not in heading


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
def test_setup_keeps_an_address_and_name_an_administrator_set():
    setup_command()
    site = default_site()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    site.hostname, site.port, site.site_name = "www.office.go.th", 443, "เว็บไซต์ สพป."
    site.save()
    with override_settings(WAGTAILADMIN_BASE_URL=PUBLIC):
        setup_command()
    site.refresh_from_db()
    assert (site.hostname, site.port, site.site_name) == (
        "www.office.go.th",
        443,
        "เว็บไซต์ สพป.",
    )


@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_setup_leaves_the_address_when_another_site_has_it():
    other = Site.objects.create(
        hostname="www.example.go.th",
        port=443,
        root_page=default_site().root_page,
        is_default_site=False,
    )
    setup_command()
    site = default_site()
    assert (site.hostname, site.port) == ("localhost", 80)
    assert site.site_name == OFFICE_NAME
    assert Site.objects.get(pk=other.pk).hostname == "www.example.go.th"


def test_a_check_warns_while_the_site_is_localhost_in_production():
    setup_command()
    site = default_site()
    as_wagtail_left_it(site)
    with override_settings(DEBUG=False, WAGTAILADMIN_BASE_URL=PUBLIC):
        (warning,) = check_site_address(databases=["default"])
        assert warning.id == "disclosure_moderation.W002"
        assert "localhost" in warning.msg
        assert "setup_disclosure" in warning.hint
        assert check_public_address() == []
        # A database check: never run where the process may not query.
        assert check_site_address(databases=None) == []
    with override_settings(DEBUG=True, WAGTAILADMIN_BASE_URL=PUBLIC):
        assert check_site_address(databases=["default"]) == []
    with override_settings(DEBUG=False, WAGTAILADMIN_BASE_URL=PUBLIC):
        setup_command()
        assert check_site_address(databases=["default"]) == []
    # The public address itself must be one the public can reach.
    with override_settings(DEBUG=False, WAGTAILADMIN_BASE_URL="http://localhost:8000"):
        ids = [warning.id for warning in check_public_address()]
        assert ids == ["disclosure_moderation.W003"]


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        "root", "root@example.org", "x", first_name="ผู้ดูแล"
    )
