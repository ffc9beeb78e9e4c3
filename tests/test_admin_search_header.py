"""The admin's page search counts its results in words, never "None"."""

import re

import pytest

from tests.utils import category, make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, word", [("th", "หน้า"), ("en", "pages")])
def test_the_page_search_header_names_what_it_counts(
    admin_client, admin_user, disclosure, language, word
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    for n in range(3):
        make_item(category("1.1"), title=f"ประกาศสอบราคา {n}")
    html = admin_client.get("/admin/pages/search/", {"q": "ประกาศสอบราคา"}).content
    html = html.decode()
    text = re.sub(r"\s+", " ", html)
    assert not re.search(r"\d (?:of|จาก) \d+ None", text)
    counted = re.search(r"1-3 (?:of|จาก) 3 ([^\s<.]+)", text)
    assert counted, "no results count in the header"
    assert counted.group(1) == word
