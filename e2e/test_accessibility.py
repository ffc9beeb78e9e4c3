"""Accessibility audit: axe-core in the real browser, on every public page type and on
the request memo, finds no serious or critical violation of WCAG 2.0/2.1 A and AA or
of axe's best practices.

axe-core comes from npm through the repository's own package.json (``npm ci``), never
from a CDN. The pages are found at run time by following links from the home page, the
main menu, the footer and the disclosure index, so a page type added later (such as the
web standard's pages the footer links to) is audited with no change here.

The figures per page type (violations by impact, rules passed) are printed at the end
and written to artifacts/e2e/axe-summary.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from e2e.conftest import ARTIFACTS
from e2e.server import REPO_DIR

AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")
PHONE = {"width": 390, "height": 844}
# A Thai query the demo content answers (a word in several items' titles).
THAI_QUERY = "แผนปฏิบัติการ"

# Body classes of the page types the site is built from; any other page linked from
# the menu, the footer, the home page or the disclosure index is one of the office's
# own pages (accessibility statement, privacy notice, sitemap, measure, ...).
CORE_BODY_CLASSES = {
    "page-home": "home",
    "page-disclosure-index": "disclosure index",
    "page-disclosure-category": "category",
    "page-disclosure-item": "item",
    "page-gallery-index": "gallery index",
    "page-activity-gallery": "gallery",
    "page-search": "search",
    "page-ita": "ITA",
}
# The monthly procurement summary (structured_disclosures) is an item with a page of
# its own: found in the category listings by its body class.
PROCUREMENT_SUMMARY = "procurement summary"
# So are the annual procurement plan and its announcements, in the same category.
PROCUREMENT_KINDS = {
    "page-procurement-summary": PROCUREMENT_SUMMARY,
    "page-procurement-plan": "procurement plan",
    "page-procurement-announcement": "procurement announcement",
}
CORE_KINDS = [*CORE_BODY_CLASSES.values(), *PROCUREMENT_KINDS.values()]
# The executives (1.5) and the organisation chart (1.4) are items with pages of
# their own too, found the same way.
ORGANISATION_KINDS = {
    "page-executives": "executives",
    "page-organisation-structure": "organisation structure",
}
CORE_KINDS += list(ORGANISATION_KINDS.values())
# The annual action plan (1.6) and its progress reports are items with pages of
# their own as well.
ACTION_PLAN_KINDS = {
    "page-action-plan": "action plan",
    "page-progress-report": "action plan progress report",
}
CORE_KINDS += list(ACTION_PLAN_KINDS.values())
# What the office's pages were when this was written; a missing one is reported in
# the summary (the audit covers whatever is linked).
EXPECTED_OFFICE_PAGES = (
    "accessibility statement, privacy notice, website policy, contact, sitemap, "
    "measure, responsible people"
)

# ---- axe -------------------------------------------------------------------------


def run_axe(page) -> dict:
    """axe's results for the page as it is now (the script is injected once)."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `npm ci` (make install-e2e)"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: a <script> tag with axe's code
        # inline would be refused by the site's Content-Security-Policy.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )


def blocking(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict], where: str) -> str:
    """One paragraph per rule: id, impact, what it asks, the offending elements."""
    lines = [f"{where}: {len(violations)} serious or critical axe violation(s)"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(
                t if isinstance(t, str) else " >> ".join(t) for t in node["target"]
            )
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@dataclass
class Summary:
    """Figures per audited page, printed and written once the module has run."""

    rows: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, url: str, results: dict) -> None:
        by_impact = dict.fromkeys(IMPACTS, 0)
        for violation in results["violations"]:
            by_impact[violation["impact"] or "minor"] += 1
        self.rows[name] = {
            "url": url,
            "violations": by_impact,
            "violation_rules": sorted(v["id"] for v in results["violations"]),
            "passes": len(results["passes"]),
            "incomplete": len(results["incomplete"]),
        }

    def table(self) -> str:
        width = max([len(name) for name in self.rows] + [9])
        head = f"{'page type':<{width}}  crit  serious  moder  minor  passes  incompl."
        lines = ["axe-core per page type (WCAG 2.0/2.1 A+AA + best practice)", head]
        for name, row in self.rows.items():
            v = row["violations"]
            lines.append(
                f"{name:<{width}}  {v['critical']:>4}  {v['serious']:>7}  "
                f"{v['moderate']:>5}  {v['minor']:>5}  {row['passes']:>6}  "
                f"{row['incomplete']:>8}"
            )
        return "\n".join(lines + self.notes)

    def write(self, path: Path, axe_version: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "axe_version": axe_version,
            "tags": AXE_TAGS,
            "pages": self.rows,
            "notes": self.notes,
        }
        path.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


@pytest.fixture(scope="module")
def summary(request):
    figures = Summary()
    yield figures
    if not figures.rows:
        return
    package = json.loads((AXE_JS.parent / "package.json").read_text("utf-8"))
    figures.write(ARTIFACTS / "axe-summary.json", package["version"])
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + figures.table())
        print(f"(written to {ARTIFACTS / 'axe-summary.json'})")


def audit(page, name: str, summary: Summary) -> list[dict]:
    results = run_axe(page)
    summary.add(name, page.url, results)
    return blocking(results)


# ---- finding the pages -----------------------------------------------------------


def links(page, selector: str) -> list[str]:
    """Same-site page addresses linked inside ``selector``, in page order."""
    hrefs = page.eval_on_selector_all(
        f"{selector} a[href]", "links => links.map(a => a.href)"
    )
    origin = urlsplit(page.url).netloc
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != origin or parts.path.startswith(
            ("/static/", "/media/", "/documents/", "/feeds/", "/admin/", "/poster/")
        ):
            continue
        url = urljoin(href, parts.path)  # no query, no fragment
        if url not in found:
            found.append(url)
    return found


def body_class(context, url: str) -> str:
    response = context.request.get(url)
    match = re.search(r'<body[^>]*class="([^"]*)"', response.text())
    return match.group(1).split()[0] if match and match.group(1).split() else ""


@dataclass
class PublicPages:
    """One address per page type, and the office's own pages by address."""

    kinds: dict[str, str] = field(default_factory=dict)
    office: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def public_pages(site, browser) -> PublicPages:
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    found = PublicPages()
    classes: dict[str, str] = {}

    def visit(url: str) -> str:
        if url not in classes:
            classes[url] = body_class(context, url)
        return classes[url]

    home = f"{site.base_url}/"
    page.goto(home)
    found.kinds["home"] = home
    candidates = links(page, "header") + links(page, "main") + links(page, "footer")
    for url in candidates:
        kind = CORE_BODY_CLASSES.get(visit(url))
        if kind and kind not in found.kinds:
            found.kinds[kind] = url

    # The disclosure index: the first category with items, and in it an item with
    # a document; it also links the measure and the people responsible.
    if "disclosure index" in found.kinds:
        page.goto(found.kinds["disclosure index"])
        index_links = links(page, "main")
        candidates += index_links
        for category in index_links:
            if visit(category) != "page-disclosure-category":
                continue
            page.goto(category)
            items = links(page, ".item-list")
            if not items:
                continue
            found.kinds.setdefault("category", category)
            for item in items:
                page.goto(item)
                if page.locator("main a[href*='/documents/']").count():
                    found.kinds["item"] = item
                    break
            if "item" in found.kinds:
                break
        for category in index_links:
            if all(kind in found.kinds for kind in PROCUREMENT_KINDS.values()):
                break
            if visit(category) != "page-disclosure-category":
                continue
            page.goto(category)
            for item in links(page, ".item-list"):
                html = context.request.get(item).text()
                for css_class, kind in PROCUREMENT_KINDS.items():
                    if kind not in found.kinds and re.search(
                        rf'<body[^>]*class="[^"]*{css_class}\b', html
                    ):
                        found.kinds[kind] = item

        for category in index_links:
            if all(kind in found.kinds for kind in ORGANISATION_KINDS.values()):
                break
            if visit(category) != "page-disclosure-category":
                continue
            page.goto(category)
            for item in links(page, ".item-list"):
                html = context.request.get(item).text()
                for css_class, kind in ORGANISATION_KINDS.items():
                    if re.search(rf'<body[^>]*class="[^"]*\b{css_class}\b', html):
                        found.kinds.setdefault(kind, item)

        for category in index_links:
            if all(kind in found.kinds for kind in ACTION_PLAN_KINDS.values()):
                break
            if visit(category) != "page-disclosure-category":
                continue
            page.goto(category)
            for item in links(page, ".item-list"):
                html = context.request.get(item).text()
                for css_class, kind in ACTION_PLAN_KINDS.items():
                    if re.search(rf'<body[^>]*class="[^"]*\b{css_class}\b', html):
                        found.kinds.setdefault(kind, item)

    if "gallery index" in found.kinds:
        page.goto(found.kinds["gallery index"])
        for gallery in links(page, ".gallery-list"):
            page.goto(gallery)
            if page.locator("a.photo__link").count():
                found.kinds["gallery"] = gallery
                break

    # Search as a visitor does: the header's search box.
    page.goto(home)
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(THAI_QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?"))
    if page.locator(".search-results .item-card").count():
        found.kinds["search"] = page.url

    # The ITA page: the assessment system links to it, the site need not.
    if "ITA" not in found.kinds:
        response = context.request.get(f"{site.base_url}/ita/")
        if response.ok:
            found.kinds["ITA"] = response.url

    for url in candidates:
        css_class = visit(url)
        if css_class and css_class not in CORE_BODY_CLASSES:
            found.office.setdefault(urlsplit(url).path, url)
    context.close()
    return found


# ---- the audits ------------------------------------------------------------------


@pytest.mark.parametrize("kind", CORE_KINDS)
def test_public_page_type_has_no_serious_violations(
    kind, public_pages, visitor, summary, shots
):
    url = public_pages.kinds.get(kind)
    assert url, (
        f"no {kind} page was found by following links from the home page "
        f"(found: {public_pages.kinds})"
    )
    visitor.goto(url)
    problems = audit(visitor, kind, summary)
    shots.take(visitor, kind.replace(" ", "-"))
    assert not problems, describe(problems, f"{kind} {url}")


def test_public_sector_pages_have_no_serious_violations(
    public_pages, visitor, summary, shots
):
    """Every page the footer, menu, home page or disclosure index links to that is not
    one of the core types: the web standard's pages and the measure's own."""
    if not public_pages.office:
        summary.notes.append(
            f"no public-sector page linked yet ({EXPECTED_OFFICE_PAGES})"
        )
        pytest.skip("no public-sector page is linked from the home page or footer")
    failures = []
    for path, url in public_pages.office.items():
        visitor.goto(url)
        name = f"office page {path}"
        problems = audit(visitor, name, summary)
        shots.take(visitor, path.strip("/").replace("/", "-") or "office")
        if problems:
            failures.append(describe(problems, f"{name} {url}"))
    summary.notes.append(
        f"office pages found: {len(public_pages.office)} "
        f"({', '.join(public_pages.office)}); expected {EXPECTED_OFFICE_PAGES}"
    )
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    "kind", ["home", "category", "item", "gallery", "search", "organisation structure"]
)
def test_phone_viewport_has_no_serious_violations(
    kind, public_pages, new_context, summary, shots
):
    url = public_pages.kinds.get(kind)
    assert url, f"no {kind} page found (found: {public_pages.kinds})"
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(url)
    problems = audit(
        page, f"{kind} (phone {PHONE['width']}x{PHONE['height']})", summary
    )
    shots.take(page, f"phone-{kind}")
    assert not problems, describe(problems, f"{kind} on a phone, {url}")


def test_open_photo_viewer_has_no_serious_violations(
    public_pages, visitor, summary, shots
):
    visitor.goto(public_pages.kinds["gallery"])
    visitor.locator("a.photo__link").first.click()
    dialog = visitor.locator("dialog.lightbox[open]")
    dialog.wait_for()
    problems = audit(visitor, "gallery (photo viewer open)", summary)
    shots.take(visitor, "photo-viewer", full_page=False)
    assert not problems, describe(problems, "the open photo viewer")


def test_invalid_filters_message_has_no_serious_violations(
    public_pages, visitor, summary, shots
):
    """The error summary shown for a malformed filter (a typed fiscal year)."""
    visitor.goto(public_pages.kinds["category"] + "?fiscal_year=abc")
    visitor.get_by_role("alert").first.wait_for()
    problems = audit(visitor, "category (invalid filter)", summary)
    shots.take(visitor, "category-invalid-filter")
    assert not problems, describe(problems, "the category page's filter errors")


def find_or_make_memo(site, director, login_as) -> str:
    """The address of a request memo, as the office director finds it in the requests
    report; if there is none yet, one of the second editor's unit's items is
    submitted for approval first."""
    report = f"{site.base_url}/admin/disclosure-approval/requests/"
    director.goto(report)
    memo_links = director.locator("a[href*='/admin/disclosure-approval/memo/']")
    if memo_links.count():
        return memo_links.first.get_attribute("href")

    # A published item of editor2's unit, found through the public search's unit
    # filter; its notice-board poster link carries its page id.
    demo = json.loads((REPO_DIR / "site/seed/demo_content.json").read_text("utf-8"))
    unit = next(u["unit"] for u in demo["users"] if u["username"] == "editor2")
    editor = login_as("editor2")
    editor.goto(f"{site.base_url}/search/?unit={unit}")
    editor.locator(".search-results .item-card a").first.click()
    poster = editor.locator("a[href*='/poster/']").first.get_attribute("href")
    page_id = re.search(r"/poster/(\d+)/", poster).group(1)
    editor.goto(f"{site.base_url}/admin/pages/{page_id}/edit/")
    editor.locator("footer .w-dropdown__toggle").first.click()
    editor.locator("button[name=action-submit]").click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    director.goto(report)
    memo_links = director.locator("a[href*='/admin/disclosure-approval/memo/']")
    assert memo_links.count(), "submitting an item did not add a memo to the report"
    return memo_links.first.get_attribute("href")


def test_request_memo_has_no_serious_violations(site, login_as, summary, shots):
    director = login_as("office_director")
    memo = find_or_make_memo(site, director, login_as)
    director.goto(urljoin(site.base_url, memo))
    assert director.get_by_role("heading", level=1).is_visible()
    problems = audit(director, "request memo", summary)
    shots.take(director, "memo")
    assert not problems, describe(problems, f"the request memo {director.url}")
