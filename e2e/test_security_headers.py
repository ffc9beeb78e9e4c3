"""The Content-Security-Policy in a real browser: it is enforced on the public pages
(an inline script is refused), and what the site itself does — the photo viewer,
the filters and their date boxes, the poster's and memo's print buttons, the
admin's editor with its date picker and the image editor — runs without a
single refusal. (Every other browser test fails too on any refusal it causes:
e2e/conftest.py.)
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from e2e.test_accessibility import find_or_make_memo

# Replaces window.print() so a test can tell the button called it (no dialog opens).
CATCH_PRINT = "() => { window.__printed = 0; window.print = () => window.__printed++; }"


def header(response, name: str) -> str:
    return response.headers.get(name.lower(), "")


@pytest.fixture
def item(site, visitor) -> tuple[str, str]:
    """A published item: its public address and its page id (from its poster link)."""
    visitor.goto(f"{site.base_url}/disclosure/")
    categories = visitor.eval_on_selector_all(
        "main a[href*='/disclosure/']", "links => links.map(a => a.href)"
    )
    for category in categories:
        visitor.goto(category)
        items = visitor.locator("main .item-card a")
        if items.count():
            items.first.click()
            visitor.wait_for_load_state()
            poster = visitor.locator("a[href*='/poster/']").first.get_attribute("href")
            return visitor.url, re.search(r"/poster/(\d+)/", poster).group(1)
    pytest.fail("no category lists a published item")


@pytest.fixture
def gallery(site, visitor) -> str:
    visitor.goto(f"{site.base_url}/gallery/")
    for url in visitor.eval_on_selector_all(
        ".gallery-list a[href]", "links => links.map(a => a.href)"
    ):
        visitor.goto(url)
        if visitor.locator("a.photo__link").count() >= 2:
            return url
    pytest.fail("no published gallery has two photos")


def test_an_inline_script_is_refused_on_a_public_page(site, new_context):
    page = new_context().new_page()
    response = page.goto(f"{site.base_url}/")
    csp = header(response, "Content-Security-Policy")
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert header(response, "Referrer-Policy") == "same-origin"
    assert "camera=()" in header(response, "Permissions-Policy")

    refused = page.evaluate(
        """() => new Promise(resolve => {
            window.__ran = false;
            document.addEventListener("securitypolicyviolation",
                e => resolve(e.violatedDirective), {once: true});
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.body.appendChild(script);
            setTimeout(() => resolve(null), 2000);
        })"""
    )
    assert refused and refused.startswith("script-src")
    assert page.evaluate("() => window.__ran") is False
    # Refused on purpose: this test's own refusal is not a failure.
    new_context.policy_errors.clear()


def test_photo_viewer_opens_under_the_policy(gallery, visitor, shots):
    visitor.goto(gallery)
    visitor.locator("a.photo__link").first.click()
    dialog = visitor.locator("dialog.lightbox[open]")
    dialog.wait_for()
    image = dialog.locator(".lightbox__image")
    image.evaluate("i => i.decode()")
    assert image.evaluate("i => i.naturalWidth") > 0
    shots.take(visitor, "viewer", full_page=False)
    visitor.keyboard.press("Escape")


def test_category_filters_and_date_boxes_work_under_the_policy(site, visitor, shots):
    visitor.goto(f"{site.base_url}/disclosure/")
    category = visitor.eval_on_selector_all(
        "main a[href*='/disclosure/']", "links => links.map(a => a.href)"
    )
    visitor.goto(next(url for url in category if url.rstrip("/").count("/") >= 4))
    form = visitor.locator("form").filter(has=visitor.locator("[name=date_from]"))
    form.locator("[name=date_from]").fill("2568-10-01")
    form.locator("[name=q]").fill("แผน")
    form.locator("[type=submit]").first.click()
    visitor.wait_for_load_state()
    assert "date_from=2568-10-01" in visitor.url
    shots.take(visitor, "filtered")


def test_the_poster_prints_from_its_button(site, item, visitor):
    visitor.goto(f"{site.base_url}/poster/{item[1]}/")
    visitor.evaluate(CATCH_PRINT)
    visitor.locator("button[data-print]").click()
    assert visitor.evaluate("() => window.__printed") == 1


def test_the_memo_prints_from_its_button(site, login_as):
    director = login_as("office_director")
    memo = find_or_make_memo(site, director, login_as)
    response = director.goto(urljoin(site.base_url, memo))
    assert "Content-Security-Policy" in {k.title() for k in response.headers}
    director.evaluate(CATCH_PRINT)
    director.locator("button[data-print]").click()
    assert director.evaluate("() => window.__printed") == 1


def test_admin_editing_screens_run_under_the_admin_policy(site, item, login_as, shots):
    admin = login_as("admin")
    response = admin.goto(f"{site.base_url}/admin/")
    assert "'unsafe-inline'" in header(response, "Content-Security-Policy")

    # An item's editor: its StreamField, choosers and the date picker (an inline
    # script of Wagtail's) all start.
    admin.goto(f"{site.base_url}/admin/pages/{item[1]}/edit/")
    date_box = admin.locator("input[name=publication_date]")
    date_box.click()
    admin.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    shots.take(admin, "item-editor-date-picker", full_page=False)
    admin.keyboard.press("Escape")

    # The image listing and an image's edit screen, with its focal-point editor.
    admin.goto(f"{site.base_url}/admin/images/")
    hrefs = admin.eval_on_selector_all(
        "a[href*='/admin/images/']", "links => links.map(a => a.href)"
    )
    image_id = next(
        m.group(1) for h in hrefs if (m := re.search(r"/admin/images/(\d+)/", h))
    )
    admin.goto(f"{site.base_url}/admin/images/{image_id}/")
    # The focal-point editor draws its own copy: the <img> itself stays hidden.
    picture = admin.locator(".focal-point-chooser img").first
    picture.wait_for(state="attached")
    picture.evaluate("i => i.decode()")
    assert picture.evaluate("i => i.naturalWidth") > 0
    shots.take(admin, "image-edit", full_page=False)
