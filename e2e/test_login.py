"""Every role signs in to the admin in its own language; a wrong password is refused."""

import pytest

from e2e.server import ROLE_USERS

# The demo ICT publisher chose English (site/seed/demo_content.json); nobody else
# chose, so they get the site's language, Thai.
ADMIN_LANGUAGE = {"ict": "en"}


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_each_role_lands_on_the_dashboard_in_their_language(login_as, role):
    page = login_as(role)
    assert page.locator("html").get_attribute("lang") == ADMIN_LANGUAGE.get(role, "th")
    assert page.get_by_role("heading", level=1).first.is_visible()


def test_wrong_password_is_refused_with_a_thai_message(site, visitor, shots):
    visitor.goto(f"{site.base_url}/admin/login/")
    visitor.fill("input[name=username]", "editor")
    visitor.fill("input[name=password]", "not-the-password")
    visitor.click("button[type=submit]")
    error = visitor.locator(".messages li.error").first
    error.wait_for()
    shots.take(visitor, "refused")
    assert "/admin/login/" in visitor.url
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.inner_text())
