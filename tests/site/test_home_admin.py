"""Who changes the home page and the site's look in the admin: ICT publishers edit
and publish the home page (not delete it), administrators set the colours, logo and
mourning mode, and a colour pair that cannot be read is refused in Thai."""

import pytest
from django.test import Client

from disclosure_site.models import SiteAppearance
from tests.conftest import shared_data
from tests.moderation.office import build_office
from tests.utils import default_site

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def office_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


@pytest.fixture
def office(office_data, db):
    return office_data


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "edits"),
    [
        ("ict", True),
        ("administrator", True),
        ("editor_a", False),
        ("director_a", False),
        ("office_director", False),
    ],
)
def test_ict_publishers_edit_the_home_page(office, role, edits):
    user = getattr(office, role)
    home = default_site().root_page.specific
    response = client_for(user).get(f"/admin/pages/{home.pk}/edit/")
    assert (response.status_code == 200) is edits
    if edits:
        html = response.content.decode()
        assert "ส่วนของหน้า" in html  # the sections field, in Thai
    tester = home.permissions_for_user(user)
    assert tester.can_publish() is edits
    assert not tester.can_copy()
    if role == "ict":
        assert not tester.can_delete()
        assert not tester.can_move()


def appearance_url() -> str:
    return f"/admin/settings/disclosure_site/siteappearance/{default_site().pk}/"


def post_colours(client, **colours):
    data = {
        "primary_colour": "#0a3d6b",
        "text_on_primary_colour": "#ffffff",
        "accent_colour": "#ffd43b",
        "logo": "",
        "mourning_starts": "",
        "mourning_ends": "",
    }
    data.update(colours)
    return client.post(appearance_url(), data, HTTP_ACCEPT_LANGUAGE="th")


def test_administrators_set_readable_colours_and_mourning(office):
    client = client_for(office.administrator)
    assert client.get(appearance_url()).status_code == 200
    response = post_colours(client, primary_colour="#1b5e20", mourning="on")
    assert response.status_code == 302
    saved = SiteAppearance.for_site(default_site())
    assert saved.primary_colour == "#1b5e20"
    assert saved.mourning_on()


def test_an_unreadable_pair_is_refused_in_thai(office):
    client = client_for(office.administrator)
    response = post_colours(client, text_on_primary_colour="#1d4f7d")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ตัวอักษรบนสีหลักจะอ่านยาก" in html
    assert "ต้องไม่น้อยกว่า 4.5:1" in html
    assert SiteAppearance.for_site(default_site()).text_on_primary_colour == "#ffffff"


def test_ict_publishers_do_not_change_the_look(office):
    assert client_for(office.ict).get(appearance_url()).status_code in (302, 403)
