"""Keyboard only: the skip link, a category's filters, paging through results and the
gallery's photo viewer all work with Tab, Shift+Tab, Enter, Space, the arrow keys and
Escape, and every element the keyboard reaches shows where the focus is.

No mouse is used once a page is loaded: each step presses keys on ``page.keyboard``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

# What a sighted keyboard user sees of the focused element.
FOCUSED = """() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        cls: e.className || "",
        text: (e.innerText || e.value || "").trim().slice(0, 60),
        outline: s.outlineStyle === "none" ? "none" : s.outlineWidth,
        shadow: s.boxShadow,
        inDialog: !!e.closest("dialog[open]"),
        inMain: !!e.closest("main"),
    };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def focus_is_visible(info: dict) -> bool:
    """An outline of some width or a box shadow marks the focused element."""
    return info["outline"] not in ("none", "0px") or info["shadow"] != "none"


def has_focus(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def press_until(page, locator, key: str = "Tab", limit: int = 120) -> list[dict]:
    """Press ``key`` until ``locator`` has the focus; every element the focus passes
    on the way must show it."""
    locator.wait_for(state="attached")
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        passed.append(info)
        assert focus_is_visible(info), f"the focus is not visible on {info}"
        if has_focus(locator):
            return passed
    raise AssertionError(
        f"{locator} was not reached after {limit} × {key}; last: {passed[-5:]}"
    )


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def item_titles(page) -> list[str]:
    return page.locator(".item-card__title").all_inner_texts()


# ---- skip link -------------------------------------------------------------------


def test_first_tab_focuses_the_skip_link_and_enter_moves_to_main(site, visitor, shots):
    visitor.goto(f"{site.base_url}/")
    visitor.keyboard.press("Tab")
    info = focused(visitor)
    assert "skip-link" in info["cls"], f"the first Tab went to {info}"
    assert focus_is_visible(info)
    box = visitor.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, "the skip link stays off screen"
    shots.take(visitor, "skip-link-focused", full_page=False)

    visitor.keyboard.press("Enter")
    assert focused(visitor)["id"] == "main"
    assert visitor.url.endswith("#main")
    # The next Tab continues inside the content, past the header and the menu.
    visitor.keyboard.press("Tab")
    info = focused(visitor)
    assert info["inMain"], f"after the skip link, Tab went to {info}"
    assert focus_is_visible(info)
    shots.take(visitor, "after-skip-link", full_page=False)


# ---- a category's filters --------------------------------------------------------


@pytest.fixture
def category_to_filter(site, visitor) -> str:
    """A category whose items span more than one fiscal year, so choosing the first
    year changes the listing."""
    visitor.goto(f"{site.base_url}/")
    visitor.locator(".site-nav a").nth(1).wait_for()
    for section in visitor.eval_on_selector_all(
        ".site-nav a", "links => links.map(a => a.href)"
    ):
        visitor.goto(section)
        if visitor.locator("body.page-disclosure-index").count():
            break
    categories = visitor.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.href)"
    )
    for url in categories:
        visitor.goto(url)
        if not visitor.locator("body.page-disclosure-category").count():
            continue
        years = visitor.locator("#id_fiscal_year option:not([value=''])")
        if years.count() >= 2 and visitor.locator(".item-card").count() >= 2:
            return url
    pytest.fail("no category has items of two fiscal years to filter")


def test_category_filters_work_from_the_keyboard(category_to_filter, visitor, shots):
    page = visitor
    page.goto(category_to_filter)
    everything = item_titles(page)

    # Words in the title: Tab to the text box, type, Enter submits the form.
    word = max(everything[-1].split(), key=len)
    press_until(page, page.locator("#id_q"))
    page.keyboard.type(word)
    shots.take(page, "typed-a-word", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert query(page)["q"] == [word]
    found = item_titles(page)
    assert everything[-1] in found
    assert len(found) < len(everything), "the word did not narrow the list"
    shots.take(page, "filtered-by-word")

    # "Clear filters" is reached by Tab and followed with Enter.
    press_until(page, page.locator(".filter-form a.button--secondary"))
    page.keyboard.press("Enter")
    page.wait_for_url(category_to_filter)
    assert item_titles(page) == everything

    # The fiscal year: Tab to the list, the arrow key picks the newest year, Tab on
    # to the button, Enter applies it.
    select = page.locator("#id_fiscal_year")
    press_until(page, select)
    page.keyboard.press("ArrowDown")
    year = select.input_value()
    assert year, "the arrow key did not change the fiscal year"
    press_until(page, page.locator(".filter-form button[type=submit]"))
    shots.take(page, "year-chosen", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"fiscal_year={year}"))
    assert query(page)["fiscal_year"] == [year]
    metas = page.locator(".item-card__meta").all_inner_texts()
    assert metas, "no item of the chosen year is listed"
    assert all(year in meta for meta in metas), metas
    assert len(metas) < len(everything), "choosing a year did not narrow the list"
    assert page.locator("#id_fiscal_year").input_value() == year
    shots.take(page, "filtered-by-year")


# ---- pagination ------------------------------------------------------------------


def test_pages_of_results_are_followed_from_the_keyboard(site, visitor, shots):
    """The search results of one fiscal year, long enough to have a second page:
    the year is chosen with the arrow keys, the next page reached with Tab."""
    page = visitor
    page.goto(f"{site.base_url}/search/")
    years = page.locator("#id_fiscal_year option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    # Which year pages (the demo has 3 items in each of 19 categories, 20 a page).
    presses = next(
        (
            position
            for position, year in enumerate(years)
            if year
            and 'rel="next"'
            in page.request.get(f"{site.base_url}/search/?fiscal_year={year}").text()
        ),
        None,
    )
    assert presses, f"no fiscal year has more than one page of results ({years})"
    year = years[presses]

    select = page.locator("#id_fiscal_year")
    press_until(page, select)
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    assert select.input_value() == year
    press_until(page, page.locator(".search-form button[type=submit]"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"fiscal_year={year}"))
    first_page = item_titles(page)
    assert len(first_page) == 20

    next_link = page.locator(".pagination a[rel=next]")
    press_until(page, next_link, limit=200)
    shots.take(page, "next-page-focused", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]page=2"))
    assert query(page)["fiscal_year"] == [year], "the filter was lost on page 2"
    second_page = item_titles(page)
    assert second_page and not set(second_page) & set(first_page)
    assert page.locator(".search-results").get_attribute("start") == "21"
    assert page.locator(".pagination [aria-current=page]").inner_text().endswith("2")
    shots.take(page, "second-page")

    # And back with the previous-page link.
    press_until(page, page.locator(".pagination a[rel=prev]"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]page=1"))
    assert item_titles(page) == first_page


# ---- the gallery's photo viewer --------------------------------------------------


@pytest.fixture
def gallery(site, visitor) -> str:
    """A published gallery with at least three photos (to move both ways)."""
    visitor.goto(f"{site.base_url}/gallery/")
    for url in visitor.eval_on_selector_all(
        ".gallery-list a[href]", "links => links.map(a => a.href)"
    ):
        visitor.goto(url)
        if visitor.locator("a.photo__link").count() >= 3:
            return url
    pytest.fail("no published gallery has three photos")


def shown(page) -> str:
    return page.locator("dialog.lightbox .lightbox__image").evaluate("i => i.src")


def position(page) -> list[int]:
    text = page.locator("dialog.lightbox .lightbox__position").inner_text()
    return [int(n) for n in re.findall(r"\d+", text)]


def test_photo_viewer_works_from_the_keyboard(gallery, visitor, shots):
    page = visitor
    page.goto(gallery)
    links = page.locator("a.photo__link")
    photos = links.evaluate_all("links => links.map(a => a.href)")
    total = len(photos)
    dialog = page.locator("dialog.lightbox")

    # Open the second photo with Enter: the viewer is modal and has the focus.
    opener = links.nth(1)
    press_until(page, opener)
    page.keyboard.press("Enter")
    page.locator("dialog.lightbox[open]").wait_for()
    info = focused(page)
    assert info["inDialog"] and focus_is_visible(info), info
    assert shown(page) == photos[1]
    assert position(page) == [2, total]
    shots.take(page, "viewer-open", full_page=False)

    # The arrow keys move through the photos, and wrap round at the ends.
    page.keyboard.press("ArrowRight")
    assert shown(page) == photos[2 % total]
    assert position(page) == [2 % total + 1, total]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert shown(page) == photos[0]
    page.keyboard.press("ArrowLeft")
    assert shown(page) == photos[-1]
    assert position(page) == [total, total]

    # The focus stays inside the viewer, forwards and backwards.
    controls = dialog.locator("button").count()
    for key in ("Tab", "Shift+Tab"):
        for _ in range(2 * controls + 1):
            page.keyboard.press(key)
            info = focused(page)
            assert info["inDialog"], f"{key} left the open viewer for {info}"
            assert focus_is_visible(info), info

    # Space presses the focused "next photo" button.
    press_until(page, dialog.locator(".lightbox__next"), limit=controls)
    page.keyboard.press("Space")
    assert shown(page) == photos[0]
    shots.take(page, "viewer-moved", full_page=False)

    # Escape closes it and gives the focus back to the photo that opened it.
    page.keyboard.press("Escape")
    page.locator("dialog.lightbox[open]").wait_for(state="detached")
    assert not dialog.evaluate("d => d.open")
    assert has_focus(opener), f"the focus went to {focused(page)}"
    assert focus_is_visible(focused(page))
    shots.take(page, "viewer-closed", full_page=False)
