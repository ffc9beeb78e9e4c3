"""Time publishing an item with a 20 MB PDF attached, beside a short item, with the
immediate backend (work inside the request) and the database queue (the worker).

Usage (from the repository root):

    .venv/bin/python bench/publish_pdf.py [--megabytes 20]

A throwaway SQLite database and media folder (removed afterwards), the test
settings, an office with people in every role (tests.moderation.office). Each item
is taken through the approval chain; the ICT publisher's approval, the request that
publishes it, is timed with Django's test client. The PDF's text has not been read
before that request (as for a document uploaded for this item). With the database
queue the worker's run (search indexing, the PDF's text, the email) is timed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_DIR / "site"), str(REPO_DIR)]

BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def big_pdf(megabytes: int) -> bytes:
    """A PDF of about ``megabytes`` MB whose pages hold text positioned word by
    word, as a word processor writes it (pypdf reads every page's operators)."""
    words = b" ".join(
        b"(procurement%d) Tj 7 0 Td" % i for i in range(1200)
    )  # about 30 KB a page
    content = b"BT /F1 9 Tf 40 800 Td " + words + b" ET"
    pages = max(1, megabytes * 2**20 // (len(content) + 120))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for n in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * n)
        )
        objects.append(
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=20)
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="disclosure-publish-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "disclosure_site.settings.test"
    os.environ.pop("DISCLOSURE_TASKS", None)
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = str(workdir / "media")
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path) -> None:
    import io

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment
    from django_tasks_db.models import DBTaskResult
    from wagtail.documents import get_document_model

    from disclosure_pages.search import DocumentText
    from tests.moderation.office import build_office, login, submit

    setup_test_environment()  # the outbox in memory, ALLOWED_HOSTS for the client
    call_command("migrate", interactive=False, verbosity=0)
    office = build_office()
    pdf = big_pdf(args.megabytes)
    print(
        f"publish an item (the ICT publisher's approval, the last step), "
        f"{len(pdf) / 2**20:.1f} MB PDF vs none; SQLite; Django test client"
    )
    print(f"{'backend':<10} {'item':<14} {'request':>9} {'worker':>9}  searchable")
    for backend, path in BACKENDS.items():
        with override_settings(TASKS={"default": {"BACKEND": path}}):
            for kind in ("short", "20 MB PDF"):
                body = []
                if kind != "short":
                    document = get_document_model()(
                        title="รายงานพัสดุ", file=ContentFile(pdf, name="big.pdf")
                    )
                    document.save()
                    body = [
                        {
                            "type": "document",
                            "value": {"document": document.pk, "title": ""},
                        }
                    ]
                item = office.item(title=f"รายการ {backend} {kind}", body=body)
                state = submit(item, office.editor_a)
                for person in (office.director_a, office.office_director):
                    login(person).post(
                        f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
                        {"comment": ""},
                    )
                    item.refresh_from_db()
                    state = item.current_workflow_task_state
                if body:  # read in the timed request or the worker, not before
                    DocumentText.objects.all().delete()
                ict = login(office.ict)
                started = time.perf_counter()
                response = ict.post(
                    f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
                    {"comment": ""},
                )
                request = time.perf_counter() - started
                assert response.status_code == 302, response.status_code
                worker = ""
                if backend == "database":
                    started = time.perf_counter()
                    call_command(
                        "db_worker",
                        "--batch",
                        "--no-startup-delay",
                        "--no-reload",
                        verbosity=0,
                    )
                    worker = f"{time.perf_counter() - started:8.2f}s"
                    DBTaskResult.objects.all().delete()
                searchable = (
                    DocumentText.objects.filter(text__contains="procurement7").exists()
                    if body
                    else "-"
                )
                print(
                    f"{backend:<10} {kind:<14} {request:8.2f}s {worker:>9}  {searchable}"
                )
    call_command("check", stdout=io.StringIO())


if __name__ == "__main__":
    main()
