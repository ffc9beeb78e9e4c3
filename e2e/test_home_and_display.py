"""The home page and the visitor's display choices, in a real browser.

Screenshots of the home page and of the feedback form at desktop (1280 px) and phone
(390 px) widths are kept in artifacts/e2e/<test>/. axe-core finds no serious or
critical violation on the home page as it is, in high contrast, with large text and
in mourning mode. The text size (A- A A+) and high-contrast buttons work from the
keyboard, say their state with aria-pressed, and the choice outlives a reload in
localStorage with no cookie set.
"""

from __future__ import annotations

import pytest

from e2e.test_accessibility import PHONE, blocking, describe, run_axe
from e2e.test_keyboard import focused, press_until

DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def set_mourning(site, on: bool) -> None:
    """An administrator's switch in Settings → Site appearance, set directly."""
    site.manage(
        "shell",
        "-c",
        "from wagtail.models import Site;"
        "from disclosure_site.models import SiteAppearance;"
        "s = SiteAppearance.for_site(Site.objects.get(is_default_site=True));"
        f"s.mourning = {on!r}; s.mourning_starts = None; s.mourning_ends = None;"
        "s.save()",
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_page_screenshots(site, new_context, shots, width):
    page = new_context(viewport=WIDTHS[width]).new_page()
    page.goto(site.base_url + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".home-section--items .home-item").count() > 0
    assert page.locator(".home-gallery img").count() > 0
    assert page.locator(".quick-link").count() >= 3
    assert no_horizontal_scroll(page), "the home page scrolls sideways"
    shots.take(page, f"home-{width}")
    # Covers come in with their alternative text.
    alts = page.locator(".home-gallery img").evaluate_all("els => els.map(e => e.alt)")
    assert all(alts), alts


@pytest.mark.parametrize("width", list(WIDTHS))
def test_feedback_form_screenshots(site, new_context, shots, width):
    page = new_context(viewport=WIDTHS[width]).new_page()
    page.goto(site.base_url + "/")
    page.locator(".home-section--items .home-item__title").first.click()
    form = page.locator("#evaluation")
    form.scroll_into_view_if_needed()
    assert form.locator("h2").count() == 1
    assert form.locator("legend").count() == 1  # the score's; the question is the h2
    for choice in form.locator("label.choice").all():
        box = choice.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    scores = form.locator(".choice--score")
    tops = {round(scores.nth(i).bounding_box()["y"]) for i in range(scores.count())}
    assert len(tops) == 1, "the 1-5 score wraps onto more than one row"
    assert no_horizontal_scroll(page)
    form.screenshot(
        path=str(shots.folder / f"{shots.count + 1:02d}-feedback-{width}.png")
    )
    shots.count += 1
    form.get_by_label("เป็นประโยชน์", exact=True).check()
    form.locator(".choice--score").nth(3).click()
    form.get_by_role("button", name="ส่ง").click()
    page.wait_for_url("**evaluation=thanks**")
    thanks = page.locator(".evaluation-thanks")
    assert "ขอบคุณสำหรับคำตอบ" in thanks.inner_text()
    thanks.scroll_into_view_if_needed()
    shots.take(page, f"feedback-thanks-{width}", full_page=False)


@pytest.mark.parametrize("mode", ["normal", "high-contrast", "large-text", "mourning"])
def test_home_page_modes_have_no_serious_violations(site, new_context, shots, mode):
    if mode == "mourning":
        set_mourning(site, True)
    try:
        page = new_context().new_page()
        page.goto(site.base_url + "/")
        if mode == "high-contrast":
            page.locator("[data-contrast]").click()
            assert page.evaluate(
                "() => document.documentElement.classList.contains('high-contrast')"
            )
        elif mode == "large-text":
            page.locator('[data-font-size="large"]').click()
            assert page.evaluate(
                "() => document.documentElement.classList.contains('text-large')"
            )
        elif mode == "mourning":
            assert page.locator(".mourning-ribbon").is_visible()
        page.wait_for_load_state("networkidle")
        violations = blocking(run_axe(page))
        shots.take(page, f"home-{mode}")
        assert not violations, describe(violations, f"home page ({mode})")
    finally:
        if mode == "mourning":
            set_mourning(site, False)


def test_text_size_and_contrast_by_keyboard_remembered_without_cookie(
    site, new_context
):
    context = new_context()
    page = context.new_page()
    page.goto(site.base_url + "/")
    larger = page.locator('[data-font-size="large"]')
    press_until(page, larger)
    assert focused(page)["tag"] == "button"
    page.keyboard.press("Enter")
    assert larger.get_attribute("aria-pressed") == "true"
    assert page.locator('[data-font-size="normal"]').get_attribute("aria-pressed") == (
        "false"
    )
    root_size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    assert page.evaluate(root_size) == pytest.approx(20)

    contrast = page.locator("[data-contrast]")
    press_until(page, contrast)
    page.keyboard.press("Space")
    assert contrast.get_attribute("aria-pressed") == "true"
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(0, 0, 0)"

    # Another page of the site: the choices hold, kept in localStorage, no cookie.
    page.goto(site.base_url + "/search/?q=แผน")
    assert page.evaluate(root_size) == pytest.approx(20)
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    assert page.locator("[data-contrast]").get_attribute("aria-pressed") == "true"
    assert context.cookies() == []
    stored = page.evaluate("() => Object.assign({}, window.localStorage)")
    assert stored == {"disclosure.textSize": "large", "disclosure.highContrast": "on"}

    # Back to normal, by keyboard again.
    normal = page.locator('[data-font-size="normal"]')
    press_until(page, normal)
    page.keyboard.press("Enter")
    page.locator("[data-contrast]").press("Enter")
    assert page.evaluate(root_size) == pytest.approx(16)
    assert page.evaluate("() => Object.assign({}, window.localStorage)") == {}
