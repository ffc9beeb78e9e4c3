"""Two-step sign-in: a publisher turns it on with a code from an authenticator app;
from then on the password alone reaches no admin page; people without it, and
everyone who cannot publish, sign in as before; an administrator removes a lost
phone."""

from __future__ import annotations

import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, ModelLogEntry

from disclosure_signin.two_factor import secret_for_typing
from tests.conftest import shared_data
from tests.moderation.office import build_office, login

pytestmark = pytest.mark.django_db

SETUP = "/admin/sign-in/two-step/"
CODE = "/admin/sign-in/code/"
SECURITY = "/admin/sign-in/security/"
PROMPT_TH = "เปิดใช้การยืนยันตัวตนสองขั้นตอน"
WRONG_CODE_TH = "รหัสไม่ถูกต้อง"


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


@pytest.fixture(autouse=True)
def no_code_throttling():
    """django-otp makes a second try wait 1 s after a wrong code; tests type at
    once. The throttle has its own test below."""
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=0):
        yield


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or that many 30-s steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return code(device, steps_ahead=100)


def app_for(user) -> TOTPDevice:
    """An authenticator app already set up (as the set-up screen leaves it)."""
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def password_sign_in(user) -> Client:
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": "pw-" + user.username},
    )
    assert response.status_code == 302, "the password is right"
    return client


def test_a_publisher_turns_two_step_sign_in_on_with_a_code_from_the_app(office):
    client = login(office.ict)
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/png;base64,' in html
    assert 'alt="คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน"' in html
    device = TOTPDevice.objects.get(user=office.ict, confirmed=False)
    assert secret_for_typing(device) in html
    # A reload shows the same key (the app may already have scanned it).
    assert secret_for_typing(device) in client.get(SETUP).content.decode()
    assert TOTPDevice.objects.filter(user=office.ict).count() == 1

    refused = client.post(SETUP, {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert WRONG_CODE_TH in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=office.ict, confirmed=True).exists()

    done = client.post(SETUP, {"code": code(device)}, follow=True)
    assert done.status_code == 200
    assert "เปิดใช้การยืนยันตัวตนสองขั้นตอนแล้ว" in done.content.decode()
    assert TOTPDevice.objects.get(user=office.ict).confirmed
    # The session that set it up has shown a code: it goes on without another.
    assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(
        action="disclosure_signin.two_factor_on", object_id=str(office.ict.pk)
    ).exists()


def test_signing_in_asks_for_the_code_and_refuses_a_wrong_one(office):
    device = app_for(office.ict)
    client = password_sign_in(office.ict)

    for path in ("/admin/", "/admin/pages/", "/admin/disclosure-approval/requests/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(CODE + "?next=")
    form = client.get(client.get("/admin/pages/")["Location"])
    assert form.status_code == 200
    assert "รหัสจากแอปยืนยันตัวตน" in form.content.decode()

    refused = client.post(CODE, {"code": wrong_code(device), "next": "/admin/pages/"})
    assert refused.status_code == 200
    assert WRONG_CODE_TH in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    letters = client.post(CODE, {"code": "abcdef"})
    assert "ไม่ต้องมีตัวอักษร" in letters.content.decode()

    passed = client.post(CODE, {"code": code(device), "next": "/admin/pages/"})
    assert passed.status_code == 302
    assert passed["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    # The same code is not taken twice (someone looking over a shoulder).
    again = password_sign_in(office.ict)
    assert "รหัสไม่ถูกต้อง" in again.post(CODE, {"code": code(device)}).content.decode()


def test_the_code_screen_never_sends_anyone_to_another_site(office):
    device = app_for(office.ict)
    client = password_sign_in(office.ict)
    response = client.post(
        CODE, {"code": code(device), "next": "https://evil.example/admin/"}
    )
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("screen", [CODE, SETUP])
def test_a_first_wrong_code_is_called_wrong_not_a_reason_to_wait(office, screen):
    """django-otp's throttle starts right after a wrong code; that code itself is
    still simply wrong."""
    device = app_for(office.ict) if screen == CODE else None
    client = password_sign_in(office.ict) if device else login(office.ict)
    if device is None:
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=office.ict)
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=1):
        html = client.post(screen, {"code": wrong_code(device)}).content.decode()
    assert WRONG_CODE_TH in html
    assert "รอสักครู่" not in html


def test_wrong_codes_in_a_row_make_the_next_try_wait(office):
    device = app_for(office.ict)
    client = password_sign_in(office.ict)
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=60):
        client.post(CODE, {"code": wrong_code(device)})
        response = client.post(CODE, {"code": code(device)})
    assert "รอสักครู่" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_without_an_app_nothing_changes(office):
    client = password_sign_in(office.ict)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert PROMPT_TH in dashboard.content.decode()  # publishers are invited
    editor = password_sign_in(office.editor_a)
    dashboard = editor.get("/admin/")
    assert dashboard.status_code == 200
    assert PROMPT_TH not in dashboard.content.decode()


@pytest.mark.parametrize("role", ["ict", "administrator"])
def test_the_site_can_require_it_of_publishers(office, role):
    with override_settings(DISCLOSURE_TWO_FACTOR_REQUIRED=True):
        client = password_sign_in(getattr(office, role))
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP + "?next=")
        assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize(
    "role", ["editor_a", "director_a", "office_director", "pr", "committee"]
)
def test_nobody_who_cannot_publish_is_made_to_use_it(office, role):
    with override_settings(DISCLOSURE_TWO_FACTOR_REQUIRED=True):
        client = password_sign_in(getattr(office, role))
        assert client.get("/admin/").status_code == 200
        assert PROMPT_TH not in client.get("/admin/").content.decode()
        setup = client.get(SETUP)
        assert setup.status_code == 403
        assert "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่" in setup.content.decode()
        assert not TOTPDevice.objects.filter(user=getattr(office, role)).exists()


def test_outside_the_admin_a_password_alone_is_a_visitor(office):
    collection = Collection.get_first_root_node().add_child(name="เอกสารภายใน")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="login"
    )
    document = get_document_model().objects.create(
        title="บันทึกภายใน",
        file=ContentFile(b"%PDF-1.4\n", name="internal.pdf"),
        collection=collection,
    )
    device = app_for(office.ict)
    client = password_sign_in(office.ict)
    refused = client.get(document.url)
    assert refused.status_code == 302 and "/login/" in refused["Location"]
    client.post(CODE, {"code": code(device)})
    assert client.get(document.url).status_code == 200


def test_an_administrator_removes_a_lost_phone(office):
    app_for(office.ict)
    admin = login(office.administrator)
    screen = admin.get(SECURITY).content.decode()
    assert "Ict ทดสอบ" in screen and "ลบแอปออกจากบัญชี" in screen

    done = admin.post(f"{SECURITY}remove/{office.ict.pk}/", follow=True)
    assert "ปิดการยืนยันตัวตนสองขั้นตอนของ Ict ทดสอบ แล้ว" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=office.ict).exists()
    assert password_sign_in(office.ict).get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(
        action="disclosure_signin.two_factor_removed",
        object_id=str(office.ict.pk),
        user=office.administrator,
    ).exists()


@pytest.mark.parametrize("role", ["ict", "editor_a", "office_director", "committee"])
def test_nobody_else_removes_an_app(office, role):
    app_for(office.administrator)
    client = login(getattr(office, role))
    response = client.post(f"{SECURITY}remove/{office.administrator.pk}/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=office.administrator).exists()


def test_an_administrator_cannot_remove_a_superusers_app(office):
    boss = type(office.ict).objects.create_superuser("boss", "boss@example.org", "x")
    app_for(boss)
    response = login(office.administrator).post(f"{SECURITY}remove/{boss.pk}/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=boss).exists()


def test_one_turns_it_off_oneself_with_a_code_from_the_app(office):
    device = app_for(office.ict)
    client = password_sign_in(office.ict)
    client.post(CODE, {"code": code(device)})
    page = client.get(SETUP).content.decode()
    assert "ปิดการยืนยันตัวตนสองขั้นตอน" in page
    assert 'action="/admin/sign-in/two-step/off/"' in page and 'name="code"' in page
    # The code of the sign-in is used up: the next one the app shows.
    done = client.post(SETUP + "off/", {"code": code(device, steps_ahead=1)})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=office.ict).exists()
    assert ModelLogEntry.objects.filter(
        action="disclosure_signin.two_factor_off", object_id=str(office.ict.pk)
    ).exists()
    assert password_sign_in(office.ict).get("/admin/").status_code == 200


@pytest.mark.parametrize("sent", ["nothing", "empty", "wrong", "letters", "used"])
def test_a_signed_in_session_alone_cannot_turn_it_off(office, sent):
    """Someone holding a signed-in session (a computer left open, a stolen cookie)
    has no code from the app: without one, nothing changes."""
    device = app_for(office.ict)
    client = password_sign_in(office.ict)
    sign_in_code = code(device)
    client.post(CODE, {"code": sign_in_code})
    data = {
        "nothing": {},
        "empty": {"code": ""},
        "wrong": {"code": wrong_code(device)},
        "letters": {"code": "abcdef"},
        "used": {"code": sign_in_code},  # a code is taken once
    }[sent]

    refused = client.post(SETUP + "off/", data)

    assert refused.status_code == 200  # the page again, with the reason in Thai
    html = refused.content.decode()
    reason = {
        "nothing": "จำเป็นต้องกรอก",
        "empty": "จำเป็นต้องกรอก",
        "wrong": WRONG_CODE_TH,
        "letters": "ไม่ต้องมีตัวอักษร",
        "used": WRONG_CODE_TH,
    }[sent]
    assert reason in html
    assert 'name="code"' in html
    assert TOTPDevice.objects.filter(user=office.ict, confirmed=True).exists()
    assert not ModelLogEntry.objects.filter(
        action="disclosure_signin.two_factor_off", object_id=str(office.ict.pk)
    ).exists()
    # Signing in again still asks for the code.
    assert password_sign_in(office.ict).get("/admin/").status_code == 302


def test_the_command_line_removes_the_app_of_the_only_administrator(office):
    app_for(office.administrator)
    call_command("remove_two_factor", "administrator", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=office.administrator).exists()


def test_the_account_page_links_publishers_to_it(office):
    assert SETUP in login(office.ict).get("/admin/account/").content.decode()
    assert SETUP not in login(office.editor_a).get("/admin/account/").content.decode()
