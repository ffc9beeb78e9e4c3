"""Failed sign-ins are throttled per account and per address (django-axes): the
locked-out person reads why in Thai on the login page, others still sign in, and an
administrator can unlock at once."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from wagtail.models import ModelLogEntry

from moderation.client_address import client_address
from tests.conftest import shared_data
from tests.moderation.office import build_office, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]

LOGIN = "/admin/login/"
SECURITY = "/admin/sign-in/security/"
UNLOCK = "/admin/sign-in/security/unlock/"
LOCKED_TH = "ระงับการเข้าสู่ระบบชั่วคราว"
WRONG_TH = "ไม่ตรงกัน"  # Wagtail's "didn't match", in Thai
OFFICE_NETWORK = "203.0.113.10"
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def axes_on():
    """Throttling as production has it (the rest of the suite runs without it)."""
    with override_settings(AXES_ENABLED=True):
        yield


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_office()


def password(user) -> str:
    return "pw-" + user.username  # tests.utils.make_user


def sign_in(username: str, secret: str, address: str = OFFICE_NETWORK):
    """A fresh browser posting the admin's login form; (client, response)."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        LOGIN, {"username": username, "password": secret, "next": "/admin/"}
    )
    return client, response


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(username: str, times: int, address: str = OFFICE_NETWORK) -> list:
    return [sign_in(username, "not-the-password", address)[1] for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(office):
    first_four = fail("ict", 4)
    assert [r.status_code for r in first_four] == [200] * 4
    assert all(WRONG_TH in r.content.decode() for r in first_four)

    fifth = fail("ict", 1)[0]
    assert fifth.status_code == 429
    assert LOCKED_TH in fifth.content.decode()

    client, sixth = sign_in("ict", password(office.ict))
    html = sixth.content.decode()
    assert sixth.status_code == 429
    # The login page again, the Thai reason where "wrong password" would be.
    assert 'class="login-form"' in html
    assert LOCKED_TH in html and "15 นาที" in html and "ผู้ดูแลระบบ" in html
    assert not signed_in(client)


def test_another_account_still_signs_in_from_the_same_and_another_address(office):
    fail("ict", 5)
    assert signed_in(sign_in("editor_a", password(office.editor_a))[0])
    assert signed_in(
        sign_in("committee", password(office.committee), address=ELSEWHERE)[0]
    )
    # The locked account stays locked from anywhere.
    assert not signed_in(sign_in("ict", password(office.ict), address=ELSEWHERE)[0])


def test_an_address_is_locked_after_twenty_wrong_passwords_over_accounts(office):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        fail(name, 4)  # no account reaches its 5
    client, refused = sign_in("editor_a", password(office.editor_a))
    assert refused.status_code == 429
    assert LOCKED_TH in refused.content.decode()
    assert not signed_in(client)
    assert signed_in(sign_in("editor_a", password(office.editor_a), ELSEWHERE)[0])


def test_nineteen_wrong_passwords_from_an_office_lock_nobody_else_out(office):
    for name in ("a1", "a2", "a3", "a4"):
        fail(name, 4)
    fail("a5", 3)
    assert signed_in(sign_in("editor_a", password(office.editor_a))[0])


def test_the_lockout_ends_after_fifteen_minutes(office):
    fail("ict", 5)
    assert not signed_in(sign_in("ict", password(office.ict))[0])
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    )
    assert signed_in(sign_in("ict", password(office.ict))[0])


def test_waiting_out_the_lockout_is_not_restarted_by_more_attempts(office):
    fail("ict", 5)
    last = AccessAttempt.objects.get().attempt_time
    fail("ict", 3)
    fail("ict", 1, address=ELSEWHERE)
    assert AccessAttempt.objects.get(ip_address=OFFICE_NETWORK).attempt_time == last
    assert not AccessAttempt.objects.filter(ip_address=ELSEWHERE).exists()


def test_an_administrator_sees_the_lockout_and_unlocks_the_account(office):
    fail("ict", 5)
    admin = login(office.administrator)
    screen = admin.get(SECURITY)
    assert screen.status_code == 200
    html = screen.content.decode()
    assert "<code>ict</code>" in html and "ปลดล็อก" in html
    assert OFFICE_NETWORK not in html  # 5 failures do not lock the address

    done = admin.post(UNLOCK, {"kind": "account", "value": "ict"}, follow=True)
    assert "ict เข้าสู่ระบบได้อีกครั้งแล้ว" in done.content.decode()
    assert "<code>ict</code>" not in done.content.decode()
    assert signed_in(sign_in("ict", password(office.ict))[0])
    assert ModelLogEntry.objects.filter(
        action="disclosure_signin.unlock",
        object_id=str(office.ict.pk),
        user=office.administrator,
    ).exists()


def test_an_administrator_unlocks_an_address(office):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        fail(name, 4)
    admin = login(office.administrator)
    assert f"<code>{OFFICE_NETWORK}</code>" in admin.get(SECURITY).content.decode()
    admin.post(UNLOCK, {"kind": "address", "value": OFFICE_NETWORK})
    assert signed_in(sign_in("editor_a", password(office.editor_a))[0])


def test_a_forged_unlock_forgets_nothing(office):
    fail("ict", 5)
    admin = login(office.administrator)
    for data in ({"kind": "account", "value": ""}, {"kind": "x", "value": "ict"}):
        response = admin.post(UNLOCK, data, follow=True)
        assert response.status_code == 200
        assert "กรุณาเลือกรายการที่ถูกระงับ" in response.content.decode()
    assert AccessAttempt.objects.filter(username="ict").exists()


@pytest.mark.parametrize(
    "role", ["editor_a", "director_a", "office_director", "ict", "pr", "committee"]
)
def test_only_administrators_reach_the_unlock_screen(office, role):
    fail("director_b", 5)
    client = login(getattr(office, role))
    screen = client.get(SECURITY)
    assert screen.status_code == 403
    assert "เฉพาะผู้ดูแลระบบ" in screen.content.decode()
    assert (
        client.post(UNLOCK, {"kind": "account", "value": "director_b"}).status_code
        == 403
    )
    assert AccessAttempt.objects.filter(username="director_b").exists()
    menu = client.get("/admin/").content.decode()
    assert SECURITY not in menu


def test_the_settings_menu_leads_administrators_to_the_screen(office):
    assert SECURITY in login(office.administrator).get("/admin/").content.decode()


# The client's address behind proxies.


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post(LOGIN, REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        # Reached directly: a header anyone can write is ignored.
        (0, "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        # Behind nginx: the entry nginx appended, not what the client wrote.
        (1, "127.0.0.1", "203.0.113.10", "203.0.113.10"),
        (1, "127.0.0.1", "6.6.6.6, 203.0.113.10", "203.0.113.10"),
        # A CDN, then nginx.
        (2, "127.0.0.1", "6.6.6.6, 203.0.113.10, 192.0.2.1", "203.0.113.10"),
        (2, "127.0.0.1", "203.0.113.10", "203.0.113.10"),
        # No header, or rubbish in it: the proxy's own address.
        (1, "127.0.0.1", None, "127.0.0.1"),
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
    ],
)
def test_client_address(proxies, remote, forwarded, expected):
    with override_settings(DISCLOSURE_TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request_from(remote, forwarded)) == expected


@override_settings(DISCLOSURE_TRUSTED_PROXY_COUNT=1)
def test_behind_nginx_a_forged_forwarded_for_does_not_escape_the_address_limit(
    office,
):
    for n in range(20):
        Client(
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {OFFICE_NETWORK}",
        ).post(LOGIN, {"username": f"guess{n}", "password": "x"})
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        OFFICE_NETWORK
    }
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE_NETWORK)
    client.post(LOGIN, {"username": "editor_a", "password": password(office.editor_a)})
    assert not signed_in(client)
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
    other.post(LOGIN, {"username": "editor_a", "password": password(office.editor_a)})
    assert signed_in(other)
