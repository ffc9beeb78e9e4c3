"""The admin's slug script keeps Thai vowel and tone marks (disclosure_thai/slugs.py)."""

import pytest
from playwright.sync_api import expect

TITLE = "แผนการใช้จ่ายงบประมาณ ประจำปี 2569"


@pytest.fixture(scope="module")
def add_item_url(site):
    code = (
        "from disclosure_pages.models import DisclosureCategoryPage as C;"
        "print(C.objects.get(code='1.9').pk)"
    )
    parent = site.manage("shell", "-c", code).split()[-1]
    return (
        f"{site.base_url}/admin/pages/add/disclosure_pages/disclosureitempage/{parent}/"
    )


def test_the_slug_written_from_a_thai_title_keeps_its_marks(
    login_as, add_item_url, shots
):
    page = login_as("editor")
    page.goto(add_item_url)
    page.fill("#id_title", TITLE)
    page.locator("#id_title").press("Tab")
    expect(page.locator("#id_slug")).to_have_value("แผนการใช้จ่ายงบประมาณ-ประจำปี-2569")

    page.fill("#id_title", "แผนการใช้จ่ายงบประมาณ ประจำปี 2570")
    page.locator("#id_title").press("Tab")
    expect(page.locator("#id_slug")).to_have_value("แผนการใช้จ่ายงบประมาณ-ประจำปี-2570")
    shots.take(page, "title-and-slug", full_page=False)

    # A slug typed by hand loses its spaces and punctuation, never its marks.
    typed = page.eval_on_selector(
        "#id_slug",
        "el => { el.value = 'ใช้จ่าย งบ!'; el.dispatchEvent(new Event('blur'));"
        " return el.value }",
    )
    assert typed == "ใช้จ่าย-งบ"
