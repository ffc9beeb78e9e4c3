"""The real site, served for a browser: a fresh database with the demo office.

Used by the browser tests (e2e/conftest.py) and by the Thai admin measurement
(``python -m e2e.visible_english``). The site runs in its own process, with the
e2e settings, on a free port; everything it writes stays in one throwaway folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
MANAGE = REPO_DIR / "site" / "manage.py"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts,
# which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]
# Demo logins (site/seed/demo_content.json): role -> username; password is
# demo-<username>-2569.
ROLE_USERS = {
    "editor": "editor",
    "editor2": "editor2",
    "unit_director": "director",
    "deputy": "deputy",
    "office_director": "office_director",
    "ict": "ict",
    "pr": "pr",
    "committee": "committee",
    "admin": "admin",
}


def password_for(username: str) -> str:
    return f"demo-{username}-2569"


def free_port() -> int:
    """E2E_PORT if set (a port set aside for the run), else any free one."""
    if os.environ.get("E2E_PORT"):
        return int(os.environ["E2E_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SiteServer:
    """A migrated, seeded site served by ``runserver`` until ``stop()``."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mail"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = "disclosure_site.settings.e2e"
        env["DISCLOSURE_E2E_DIR"] = str(self.folder)
        env["WAGTAILADMIN_BASE_URL"] = self.base_url
        env["DATABASE_URL"] = os.environ.get(
            "E2E_DATABASE_URL", f"sqlite:///{self.folder / 'db.sqlite3'}"
        )
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def manage(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, str(MANAGE), *args],
            env=self.env(),
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("setup_disclosure")
        self.manage("load_demo_data")

    def start(self) -> SiteServer:
        log = (self.folder / "server.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                str(MANAGE),
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
            ],
            env=self.env(),
            cwd=REPO_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "the site did not start:\n"
                    + (self.folder / "server.log").read_text(encoding="utf-8")
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/admin/login/", timeout=5):  # noqa: S310
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("the site did not answer within 60 seconds")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_site(folder: Path | None = None) -> SiteServer:
    """A new seeded site in ``folder`` (a temporary one if not given), serving."""
    folder = folder or Path(tempfile.mkdtemp(prefix="disclosure-e2e-"))
    server = SiteServer(folder=folder)
    server.prepare()
    return server.start()


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} not found: install Debian's chromium "
            "(apt-get install -y chromium) or set CHROMIUM"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def log_in(context, base_url: str, username: str):
    """A page of ``context`` logged in to the admin as ``username``."""
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password_for(username))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page
