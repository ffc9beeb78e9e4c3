"""The office journal and the notice board's posters in the browser: the journal's
document (the HTML its A4 PDF is printed from) and the weekly batch of posters pass
the axe audit of test_accessibility (no serious or critical violation), as public
relations opens them."""

from __future__ import annotations

import re

from e2e.test_accessibility import blocking, describe, run_axe


def test_office_journal_document_has_no_serious_violations(site, login_as, shots):
    """The demo's issue (load_demo_data publishes one through the chain)."""
    pr = login_as("pr")
    pr.goto(f"{site.base_url}/admin/channels/journal/")
    issue = pr.locator("table a[href*='/admin/channels/journal/']").first
    href = issue.get_attribute("href")
    assert re.search(r"/admin/channels/journal/\d+/$", href), href
    pr.goto(f"{site.base_url}{href}document/")
    assert pr.get_by_role("heading", level=1).is_visible()
    assert pr.locator(".journal-entry").count() >= 1
    assert pr.locator(".journal-entry__qr svg").count() >= 1
    problems = blocking(run_axe(pr))
    shots.take(pr, "journal")
    assert not problems, describe(problems, f"the journal document {pr.url}")


def test_notice_board_posters_have_no_serious_violations(site, login_as, shots):
    pr = login_as("pr")
    pr.goto(f"{site.base_url}/admin/channels/notice-board/posters/")
    problems = blocking(run_axe(pr))
    shots.take(pr, "notice-board-posters")
    assert not problems, describe(problems, f"the notice-board posters {pr.url}")
