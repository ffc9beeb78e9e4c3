"""The request memo as a PDF, printed by the same browser engine that shows it.

Headless Chromium prints the memo's own HTML and CSS (Sarabun, A4 margins), so the
PDF is the page the user sees, not a second layout to keep in step. Without Chromium
on the server the memo still prints from the browser (Print → Save as PDF).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


class PdfUnavailable(Exception):
    """No browser engine to print with, or it failed."""


def chromium() -> str | None:
    configured = getattr(settings, "DISCLOSURE_CHROMIUM", None)
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def static_file_uri(path: str) -> str:
    """A static file as a file:// URI for the offline print (fonts included)."""
    found = finders.find(path)
    if not found:
        raise PdfUnavailable(f"static file {path} not found")
    return Path(found).resolve().as_uri()


def html_to_pdf(html: str, timeout: int = 60) -> bytes:
    """Print ``html`` (our own page, without its script) to an A4 PDF."""
    binary = chromium()
    if binary is None:
        raise PdfUnavailable("Chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="memo-") as tmp:
        source = Path(tmp) / "memo.html"
        target = Path(tmp) / "memo.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(  # noqa: S603 (a fixed command; the page is our own HTML)
                command, capture_output=True, timeout=timeout, check=True
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise PdfUnavailable(str(error)) from error
        if not target.exists() or target.stat().st_size == 0:
            raise PdfUnavailable("Chromium wrote no PDF")
        return target.read_bytes()
