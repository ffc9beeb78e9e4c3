"""The admin's sign-in page and the committee's report screen as people see them,
at desktop and phone widths: screenshots kept as artifacts, no serious or critical
axe violation, nothing wider than the screen, chart labels inside their charts."""

from __future__ import annotations

import pytest

from e2e.server import password_for
from e2e.test_accessibility import blocking, describe, run_axe

WIDTHS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def page_overflow(page) -> int:
    """How far the page is wider than the screen (0: it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_sign_in_page_is_the_offices(site, new_context, shots, width):
    page = new_context(viewport=WIDTHS[width]).new_page()
    page.goto(f"{site.base_url}/admin/login/")
    heading = page.locator("h1")
    assert "เข้าสู่ระบบจัดการเว็บไซต์" in heading.inner_text()
    assert "Wagtail" not in heading.inner_text()
    assert page.get_by_label("รหัสผ่าน").count() == 1
    assert page_overflow(page) <= 0
    shots.take(page, f"login-{width}")
    violations = blocking(run_axe(page))
    assert not violations, describe(violations, f"sign-in page ({width})")
    # It still signs in.
    page.fill("input[name=username]", "committee")
    page.fill("input[name=password]", password_for("committee"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.base_url}/admin/")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_committee_screen_fits_and_reads_first_its_headlines(
    site, login_as, shots, width
):
    page = login_as("committee", viewport=WIDTHS[width])
    page.goto(f"{site.base_url}/admin/disclosure-reports/committee/")
    strip = page.locator(".report-headlines")
    strip.wait_for()
    assert strip.locator(".report-headline").count() == 4
    # The summary table scrolls inside its card: the page itself is not wider
    # than the screen, and the table's header row stays in view while it scrolls.
    assert page_overflow(page) <= 0
    card = page.locator(".report-scroll").first
    header = card.locator("thead th").first
    assert header.evaluate("th => getComputedStyle(th).position") == "sticky"
    # Every chart label lies inside its chart, and each caption is above its chart.
    for figure in page.locator(".report-chart").all():
        caption_box = figure.locator("figcaption").bounding_box()
        svg = figure.locator("svg")
        svg_box = svg.bounding_box()
        assert caption_box["y"] + caption_box["height"] <= svg_box["y"] + 1
        for label in svg.locator("text").all():
            box = label.bounding_box()
            assert box["x"] >= svg_box["x"] - 1, label.inner_text()
            assert box["x"] + box["width"] <= svg_box["x"] + svg_box["width"] + 1, (
                label.inner_text()
            )
    shots.take(page, f"committee-{width}")
    card.scroll_into_view_if_needed()
    shots.take(page, f"committee-{width}-table", full_page=False)
    violations = blocking(run_axe(page))
    assert not violations, describe(violations, f"committee screen ({width})")
