"""The evidence pack: a year's ITA evidence in one ZIP, for offices that must also
send it offline.

The ZIP holds an index — a workbook (``moderation.spreadsheets``) and an A4 PDF in
Thai printed by Chromium as the request memo is (``moderation.pdf``; without
Chromium the PDF is left out and the ZIP says so) — and the documents of the public
evidence in one folder per indicator (``O12 รายงานสรุปผล…/file.pdf``): documents
linked to the indicator and those attached to its linked items. Exactly what the
public page links (``ita.evidence``): never a draft, a private page or a document
of a restricted collection.

A pack is built at most once at a time per year: a lock file taken atomically says
a build is running, so a second click shows the running build instead of starting
another. The state and progress are a small JSON file beside the ZIP, which every
process reads (the web workers and the task worker share the folder, not memory).
A large pack is built by a background task when the site has a task queue
(``DISCLOSURE_TASKS=database``), else in the request. The folder is
``DISCLOSURE_ITA_PACK_DIR`` (default ``MEDIA_ROOT/ita-packs``, which nobody serves:
only ICT and administrators download a pack, through the admin).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tasks import task, task_backends
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend

from disclosure_thai.dates import format_thai_date
from moderation.models import OfficeSettings
from moderation.pdf import PdfUnavailable, html_to_pdf, static_file_uri
from moderation.public_address import public_base_url
from moderation.spreadsheets import add_sheet, new_workbook, workbook_bytes

from .completeness import IndicatorCompleteness, year_completeness
from .evidence import EvidenceLink, document_is_public, restricted_collection_paths
from .models import ItaYear

logger = logging.getLogger(__name__)

# A lock older than this, never touched by its build, is a build that died.
STALE_LOCK_SECONDS = 30 * 60
# Up to this much is built in the request even when a task queue exists.
INLINE_MAX_FILES = 10
INLINE_MAX_BYTES = 5 * 1024 * 1024

QUEUED = "queued"
BUILDING = "building"
DONE = "done"
FAILED = "failed"
RUNNING_STATES = (QUEUED, BUILDING)

PDF_CSS = ("disclosure_moderation/css/fonts.css",)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def pack_dir() -> Path:
    configured = getattr(settings, "DISCLOSURE_ITA_PACK_DIR", None)
    folder = Path(configured) if configured else Path(settings.MEDIA_ROOT) / "ita-packs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def zip_path(fiscal_year: int) -> Path:
    return pack_dir() / f"ita-{fiscal_year}.zip"


def _status_path(fiscal_year: int) -> Path:
    return pack_dir() / f"ita-{fiscal_year}.json"


def _lock_path(fiscal_year: int) -> Path:
    return pack_dir() / f"ita-{fiscal_year}.lock"


def download_name(fiscal_year: int) -> str:
    return f"ita-{fiscal_year}-evidence.zip"


# --- state ---------------------------------------------------------------------


def read_status(fiscal_year: int) -> dict:
    """The last build's state: ``state`` is "" (never built), queued, building,
    done or failed; ``done`` of ``total`` steps; what the ZIP holds once done."""
    try:
        status = json.loads(_status_path(fiscal_year).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        status = {}
    status.setdefault("state", "")
    if status["state"] in RUNNING_STATES and not _lock_held(fiscal_year):
        # The build ended without saying so (its process was killed).
        status["state"] = FAILED
        status.setdefault("error", _("The build stopped before it finished."))
    if status["state"] == DONE and not zip_path(fiscal_year).exists():
        status["state"] = ""
    return status


def _write_status(fiscal_year: int, **fields) -> dict:
    status = {**_raw_status(fiscal_year), **fields}
    target = _status_path(fiscal_year)
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, target)
    return status


def _raw_status(fiscal_year: int) -> dict:
    try:
        return json.loads(_status_path(fiscal_year).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _lock_held(fiscal_year: int) -> bool:
    lock = _lock_path(fiscal_year)
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return False
    return age < STALE_LOCK_SECONDS


def _claim(fiscal_year: int) -> bool:
    """Take the year's build lock; False while another build holds it."""
    lock = _lock_path(fiscal_year)
    for _attempt in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            if _lock_held(fiscal_year):
                return False
            lock.unlink(missing_ok=True)  # a build that died long ago
            continue
        os.write(descriptor, str(os.getpid()).encode())
        os.close(descriptor)
        return True
    return False


def _release(fiscal_year: int) -> None:
    _lock_path(fiscal_year).unlink(missing_ok=True)


def _touch(fiscal_year: int) -> None:
    """A running build keeps its lock fresh."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(_lock_path(fiscal_year))


def is_building(fiscal_year: int) -> bool:
    return read_status(fiscal_year)["state"] in RUNNING_STATES


# --- what goes in ----------------------------------------------------------------


@dataclass
class PackFile:
    """A document to copy into an indicator's folder."""

    document: object
    folder: str
    name: str

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"


@dataclass
class PackPlan:
    """Everything a year's pack holds, read before anything is written."""

    year: ItaYear
    items: list[IndicatorCompleteness]
    files: list[PackFile] = field(default_factory=list)
    # The file in the pack for each (indicator id, link url).
    file_of_link: dict[tuple[int, str], list[str]] = field(default_factory=dict)

    @property
    def total_bytes(self) -> int:
        return sum(getattr(f.document, "file_size", None) or 0 for f in self.files)

    @property
    def link_count(self) -> int:
        return sum(len(item.links) for item in self.items)


def clean_name(text: str, limit: int = 80) -> str:
    """A file or folder name every system accepts, Thai kept."""
    text = _UNSAFE_NAME.sub(" ", text)
    text = " ".join(text.split()).strip(" .")
    return text[:limit].rstrip(" .") or "-"


def folder_name(indicator) -> str:
    return clean_name(f"{indicator.code} {indicator.title}")


def attached_documents(page) -> list:
    """Documents attached as blocks of a page's StreamField ``body`` (an item's
    attachments), as the live page holds them."""
    found = []
    for block in getattr(page, "body", None) or ():
        if getattr(block, "block_type", "") != "document":
            continue
        value = block.value
        document = value.get("document") if hasattr(value, "get") else None
        if document is not None:
            found.append(document)
    return found


def _documents_of(link: EvidenceLink) -> list:
    if link.document is not None:
        return [link.document]
    if link.page is not None:
        return attached_documents(link.page)
    return []


def plan_pack(year: ItaYear) -> PackPlan:
    """The year's indicators with their public links, and the documents to copy."""
    plan = PackPlan(year, year_completeness(year))
    restricted = restricted_collection_paths()
    for item in plan.items:
        folder = folder_name(item.indicator)
        used: set[str] = set()
        seen_documents: set[int] = set()
        for link in item.links:
            names = []
            for document in _documents_of(link):
                if document.pk in seen_documents:
                    continue
                if not document_is_public(document, restricted):
                    continue
                seen_documents.add(document.pk)
                name = clean_name(os.path.basename(document.file.name), limit=120)
                stem, dot, ext = name.rpartition(".")
                if not dot:
                    stem, ext = name, ""
                n = 1
                while name.lower() in used:
                    n += 1
                    name = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
                used.add(name.lower())
                pack_file = PackFile(document, folder, name)
                plan.files.append(pack_file)
                names.append(pack_file.path)
            plan.file_of_link[(item.indicator.pk, link.url)] = names
    return plan


def should_run_in_background(plan: PackPlan) -> bool:
    """A large pack, when the site has a task queue that runs elsewhere."""
    large = len(plan.files) > INLINE_MAX_FILES or plan.total_bytes > INLINE_MAX_BYTES
    return large and has_task_queue()


def has_task_queue() -> bool:
    """Whether tasks run in another process (not at once in the request, and not
    thrown away)."""
    try:
        backend = task_backends[build_pack_task.backend]
    except Exception:  # noqa: BLE001 (a misconfigured TASKS means: run inline)
        return False
    return not isinstance(backend, ImmediateBackend | DummyBackend)


# --- the index -------------------------------------------------------------------


def absolute(url: str) -> str:
    """A link as the assessor opens it: the office's public address before a path."""
    if url.startswith("/"):
        return public_base_url() + url
    return url


def index_rows(plan: PackPlan) -> list[list]:
    rows = []
    for item in plan.items:
        indicator = item.indicator
        units = ", ".join(unit.display_name for unit in item.units)
        head = [
            indicator.code,
            indicator.title,
            indicator.group,
            units,
            str(item.judgement.label),
        ]
        if not item.links:
            rows.append([*head, "", "", "", None, "", "", "", ""])
            continue
        for link in item.links:
            rows.append(
                [
                    *head,
                    link.title,
                    absolute(link.url),
                    link.note,
                    link.date,
                    (link.file_ext or "").upper(),
                    filesizeformat(link.file_size) if link.file_size else "",
                    link_kind_label(link.kind),
                    "\n".join(plan.file_of_link.get((indicator.pk, link.url), [])),
                ]
            )
    return rows


def link_kind_label(kind: str) -> str:
    return {
        "item": _("Item"),
        "gallery": _("Activity photo gallery"),
        "page": _("Page"),
        "document": _("Document"),
        "url": _("Outside address"),
    }.get(kind, kind)


def index_workbook(plan: PackPlan) -> bytes:
    workbook = new_workbook()
    add_sheet(
        workbook,
        _("ITA evidence"),
        [
            _("Code"),
            _("Indicator"),
            pgettext("ITA indicator", "Group"),
            _("Owning units"),
            _("Status"),
            _("Evidence"),
            _("Address (URL)"),
            _("Note"),
            _("Date"),
            _("File type"),
            _("Size"),
            _("Kind"),
            _("File in the pack"),
        ],
        index_rows(plan),
        wrap=True,
    )
    return workbook_bytes(workbook)


def index_html(plan: PackPlan, built_at: dt.datetime) -> str:
    """The index as an A4 page in Thai, for Chromium to print."""
    office = OfficeSettings.objects.order_by("pk").first()
    indicators = [
        {
            "item": item,
            "links": [
                {
                    "link": link,
                    "url": absolute(link.url),
                    "date": format_thai_date(link.date, "short") if link.date else "",
                    "size": filesizeformat(link.file_size) if link.file_size else "",
                    "files": plan.file_of_link.get((item.indicator.pk, link.url), []),
                }
                for link in item.links
            ],
        }
        for item in plan.items
    ]
    return render_to_string(
        "ita/admin/pack_index.html",
        {
            "year": plan.year,
            "office": office,
            "indicators": indicators,
            "built_at": format_thai_date(built_at, "datetime"),
            "stylesheets": [static_file_uri(path) for path in PDF_CSS],
        },
    )


def readme_text(plan: PackPlan, built_at: dt.datetime, pdf_note: str) -> str:
    lines = [
        _("ITA evidence pack, fiscal year B.E. %(year)s")
        % {"year": plan.year.fiscal_year},
        _("Built on %(date)s") % {"date": format_thai_date(built_at, "datetime")},
        "",
        _("index.xlsx: every indicator with its public evidence links and addresses."),
        pdf_note,
        _("One folder per indicator holds the documents of its public evidence."),
        _("Only what the public ITA page links is included: no draft or private item."),
    ]
    return "\r\n".join(lines) + "\r\n"


# --- building --------------------------------------------------------------------


def start_build(year: ItaYear, user=None) -> tuple[bool, dict]:
    """Start building the year's pack unless a build is running.

    Returns whether this call started one, and the state to show. A large pack goes
    to the task queue when there is one; otherwise it is built before returning.
    """
    fiscal_year = year.fiscal_year
    if not _claim(fiscal_year):
        return False, read_status(fiscal_year)
    try:
        plan = plan_pack(year)
        background = should_run_in_background(plan)
        _write_status(
            fiscal_year,
            state=QUEUED,
            done=0,
            total=len(plan.files) + 2,
            error="",
            requested_by=user.get_username() if user is not None else "",
            requested_at=timezone.now().isoformat(),
            background=background,
        )
        if background:
            build_pack_task.enqueue(fiscal_year)
        else:
            build_pack(fiscal_year, claimed=True, plan=plan)
    except Exception:
        _release(fiscal_year)
        _write_status(
            fiscal_year, state=FAILED, error=_("The pack could not be built.")
        )
        raise
    return True, read_status(fiscal_year)


def build_pack(
    fiscal_year: int, *, claimed: bool = True, plan: PackPlan | None = None
) -> dict:
    """Build the year's ZIP (the lock taken by :func:`start_build`) and say how it
    went in the state file; the lock is released whatever happens."""
    if not claimed and not _claim(fiscal_year):
        return read_status(fiscal_year)
    try:
        with translation.override("th"):
            return _build(fiscal_year, plan)
    except Exception as error:
        logger.exception("ITA evidence pack %s failed", fiscal_year)
        return _write_status(
            fiscal_year,
            state=FAILED,
            error=_("The pack could not be built: %(error)s") % {"error": error},
            finished_at=timezone.now().isoformat(),
        )
    finally:
        _release(fiscal_year)


def _build(fiscal_year: int, plan: PackPlan | None) -> dict:
    year = ItaYear.objects.get(fiscal_year=fiscal_year)
    if plan is None:
        plan = plan_pack(year)
    total = len(plan.files) + 2
    started = timezone.now()
    _write_status(
        fiscal_year, state=BUILDING, done=0, total=total, started_at=started.isoformat()
    )
    target = zip_path(fiscal_year)
    partial = target.with_suffix(".zip.part")
    missing: list[str] = []
    pdf_skipped = ""
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.xlsx", index_workbook(plan))
        _progress(fiscal_year, 1, total)
        try:
            archive.writestr("index.pdf", html_to_pdf(index_html(plan, started)))
            pdf_note = _("index.pdf: the same index as an A4 document.")
        except PdfUnavailable as error:
            logger.warning("ITA evidence pack %s: no PDF (%s)", fiscal_year, error)
            pdf_skipped = str(error) or "Chromium"
            pdf_note = _(
                "index.pdf was skipped: the server cannot print PDF (Chromium is not "
                "installed). Print the index from the workbook instead."
            )
        _progress(fiscal_year, 2, total)
        for n, pack_file in enumerate(plan.files, start=3):
            try:
                entry = zipfile.ZipInfo(pack_file.path, _zip_time(pack_file.document))
                entry.compress_type = zipfile.ZIP_DEFLATED
                with (
                    pack_file.document.file.open("rb") as source,
                    archive.open(entry, "w", force_zip64=True) as out,
                ):
                    shutil.copyfileobj(source, out, 1024 * 1024)
            except (OSError, ValueError):
                logger.warning("ITA evidence pack: %s not found", pack_file.path)
                missing.append(pack_file.path)
            _progress(fiscal_year, n, total)
        note = readme_text(plan, started, pdf_note)
        if missing:
            note += _("Files not found on the server:") + "\r\n"
            note += "".join(f"- {path}\r\n" for path in missing)
        archive.writestr("README.txt", note.encode("utf-8-sig"))
    os.replace(partial, target)
    return _write_status(
        fiscal_year,
        state=DONE,
        done=total,
        total=total,
        finished_at=timezone.now().isoformat(),
        size=target.stat().st_size,
        files=len(plan.files) - len(missing),
        indicators=len(plan.items),
        links=plan.link_count,
        pdf_skipped=pdf_skipped,
        missing=missing,
        error="",
    )


def _zip_time(document) -> tuple[int, int, int, int, int, int]:
    """When the document was uploaded, in Bangkok time, as a ZIP entry's date."""
    when = getattr(document, "created_at", None) or timezone.now()
    local = timezone.localtime(when)
    return (
        max(local.year, 1980),
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
    )


def _progress(fiscal_year: int, done: int, total: int) -> None:
    _touch(fiscal_year)
    _write_status(fiscal_year, done=done, total=total)


@task()
def build_pack_task(fiscal_year: int) -> None:
    """Build a year's ITA evidence pack in the background (the lock is the one
    :func:`start_build` took)."""
    build_pack(fiscal_year, claimed=True)
