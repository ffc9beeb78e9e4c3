"""A site served under a sub-path (SCRIPT_NAME=/sub, e.g. a second site behind the
same proxy): the admin keeps its own Content-Security-Policy and publishers are
still held to two-step sign-in. reverse() then answers with the sub-path while
request.path_info has none, so both checks must compare request.path."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, set_script_prefix

from tests.signin.test_two_factor import office, password_sign_in  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub_path():
    """What Django's WSGI handler does for a request under /sub (the test client
    does not set the prefix itself)."""
    set_script_prefix("/sub/")
    yield {"SCRIPT_NAME": "/sub"}
    clear_script_prefix()


def test_the_admin_under_a_sub_path_keeps_its_own_policy(admin_client, sub_path):
    response = admin_client.get("/admin/", **sub_path)
    assert response.status_code == 200
    assert "'unsafe-inline'" in response.headers["Content-Security-Policy"]


def test_the_public_site_under_a_sub_path_keeps_the_strict_policy(client, sub_path):
    response = client.get("/", **sub_path)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_under_a_sub_path_publishers_must_still_set_two_step_sign_in_up(
    office,  # noqa: F811
    sub_path,
):
    with override_settings(DISCLOSURE_TWO_FACTOR_REQUIRED=True):
        client = password_sign_in(office.ict)
        response = client.get("/admin/pages/", **sub_path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sub/admin/sign-in/two-step/?next=")
