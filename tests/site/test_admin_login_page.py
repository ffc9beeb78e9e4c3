"""The admin's sign-in page speaks for the office, in Thai, and asks no other site
for anything (no Gravatar pictures on the admin's pages either)."""

import re

import pytest

from tests.utils import OFFICE_NAME, category, default_site, make_item, make_safe_image

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_names_the_office_in_thai(client, disclosure):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert OFFICE_NAME in heading
    assert "เข้าสู่ระบบจัดการเว็บไซต์" in heading
    assert "Wagtail" not in heading
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert OFFICE_NAME in title and "Wagtail" not in title
    # The password field's label was Django's untranslated field name.
    labels = re.findall(r"<label[^>]*>\s*(.*?)\s*</label>", html, re.S)
    assert "รหัสผ่าน" in " ".join(labels)
    assert not any(re.fullmatch(r"Password\W*", label) for label in labels), labels
    # Wagtail's wordmark is gone: the page is the office's.
    assert "login-logo" not in html


def test_the_sign_in_page_shows_the_offices_logo_when_one_is_set(client, disclosure):
    from disclosure_site.models import SiteAppearance

    html = client.get("/admin/login/").content.decode()
    assert "disclosure-login__logo" not in html  # no logo set: the name alone
    appearance = SiteAppearance.for_site(default_site())
    appearance.logo = make_safe_image(title="ตราสำนักงาน")
    appearance.save()
    html = client.get("/admin/login/").content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    logo = re.search(r"<img[^>]*disclosure-login__logo[^>]*>", heading)
    assert logo, heading
    assert 'alt=""' in logo.group() and "/media/images/" in logo.group()
    assert OFFICE_NAME in heading


ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/users/",
    "/admin/account/",
    "/admin/reports/site-history/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_load_no_gravatar(admin_client, disclosure, path):
    make_item(category("1.1"))
    response = admin_client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar" not in html.lower()
    # Avatars, where shown, are the admin's own default picture or an upload.
    for src in re.findall(r'<img[^>]+class="[^"]*avatar[^"]*"[^>]*src="([^"]+)"', html):
        assert src.startswith("/"), src
