"""Fixtures of the browser tests: one seeded site and one Chromium per run.

Run with ``make test-e2e``. Screenshots of every step are kept in
artifacts/e2e/<test>/ (E2E_ARTIFACTS to put them elsewhere).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from e2e.server import REPO_DIR, ROLE_USERS, launch_chromium, log_in, start_site

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", REPO_DIR / "artifacts" / "e2e"))
# `make guide-screenshots` sets this: steps named for a role guide are also saved
# there, at screen size, as the pictures of the in-admin guides.
GUIDE_DIR = os.environ.get("E2E_GUIDE_DIR")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    server = start_site(tmp_path_factory.mktemp("site"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Screenshots:
    """Numbered full-page screenshots of one test, kept as its artifacts."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def take(
        self, page, step: str, full_page: bool = True, guide: str | None = None
    ) -> Path:
        """Save the page; ``guide`` names the picture a role guide shows of it."""
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if guide and GUIDE_DIR:
            Path(GUIDE_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(GUIDE_DIR) / f"{guide}.png"))
        return path


@pytest.fixture
def shots(request) -> Screenshots:
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    return Screenshots(ARTIFACTS / name)


# What Chromium writes to the console when the Content-Security-Policy refuses
# something, or when the Permissions-Policy header is malformed.
POLICY_MESSAGES = re.compile(
    r"content security policy|permissions-policy|permissions policy", re.IGNORECASE
)


@pytest.fixture
def new_context(browser):
    """Browser contexts (separate cookie jars) closed after the test.

    Every test runs under the site's security headers: a Content-Security-Policy or
    Permissions-Policy error in the browser's console fails the test that caused it.
    A test that provokes one on purpose empties ``make.policy_errors`` itself.
    """
    contexts = []
    policy_errors: list[str] = []

    def record(message) -> None:
        if POLICY_MESSAGES.search(message.text):
            where = (message.location or {}).get("url", "")
            policy_errors.append(f"{message.type}: {message.text} ({where})")

    def make(**options):
        options.setdefault("locale", "th-TH")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(20_000)
        context.on("console", record)
        contexts.append(context)
        return context

    make.policy_errors = policy_errors
    yield make
    for context in contexts:
        context.close()
    assert not policy_errors, "the browser reported:\n" + "\n".join(policy_errors)


@pytest.fixture
def visitor(new_context):
    """A member of the public: a fresh page with no login."""
    return new_context().new_page()


@pytest.fixture
def login_as(site, new_context):
    """``login_as("unit_director")`` -> a page logged in to the admin as that role."""

    def login(role: str, **options):
        return log_in(new_context(**options), site.base_url, ROLE_USERS[role])

    return login
