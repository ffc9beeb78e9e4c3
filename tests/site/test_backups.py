"""manage.py backup and restore: the database and every storage folder together.

The tests are transactional: pg_dump reads the database from another process, so
the data must be committed, and SQLite's backup API refuses a connection in the
middle of writing (the in-memory test database is copied through Django's own
connection).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import (
    Page,
    PageLogEntry,
    Revision,
    Site,
    TaskState,
    WorkflowState,
)

from disclosure_site.backups import archives_in, storage_roots
from moderation.models import (
    ApprovalRecord,
    OfficeSettings,
    PublicationRequest,
    Role,
)
from moderation.roles import role_groups
from reporting.models import DocumentDownloadCount, Feedback, PageViewCount
from tests.moderation.office import build_office, login, submit
from tests.utils import disclosure_index, make_safe_image

PRIVATE = "PRIVATE_FILES_ROOT"  # any *_ROOT setting, e.g. a private documents root
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
# The commands run outside any transaction, as from a shell; every test starts
# from the migrated database again (the restores replace all of it).
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def content_types_cached_for_the_next_test(request):
    """Django reloads the serialized database after each test with content types
    last; Wagtail's task rows ask for theirs while loading, which (with the cache
    emptied by a restore) would create them anew with other ids."""
    yield
    if request.node.get_closest_marker("django_db"):
        ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture
def folders(tmp_path):
    """This test's own media, private files and backup folders."""
    media, private, backups = (tmp_path / name for name in ("media", "private", "bk"))
    private.mkdir()
    with override_settings(
        MEDIA_ROOT=str(media), DISCLOSURE_BACKUP_DIR=str(backups), **{PRIVATE: private}
    ):
        yield media, private, backups


def run(command: str, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def backup(backups: Path, **options) -> Path:
    run("backup", **options)
    return archives_in(backups)[-1]


def file_hashes(*roots: Path) -> dict[str, str]:
    return {
        f"{root.name}/{path.relative_to(root).as_posix()}": hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def decide(page, user, action="approve", comment=""):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, user, action, comment=comment)


def action_url(page, action, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def state_of(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


def everything(*roots: Path) -> dict:
    """What a restore must bring back exactly."""

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return {
        "pages": rows(
            Page,
            "title",
            "slug",
            "path",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
            "live_revision_id",
            "first_published_at",
        ),
        "revisions": rows(Revision, "object_id", "content", "user_id", "created_at"),
        "workflows": rows(
            WorkflowState, "object_id", "status", "current_task_state_id"
        ),
        "steps": rows(
            TaskState, "task_id", "status", "revision_id", "finished_by_id", "comment"
        ),
        "approvals": rows(
            ApprovalRecord, "task_state_id", "step", "routing", "name", "position"
        ),
        "memos": rows(PublicationRequest, "document_number", "page_id", "unit_id"),
        "feedback": rows(Feedback, "page_id", "useful", "score", "comment"),
        "views": rows(PageViewCount, "page_id", "date", "views"),
        "downloads": rows(DocumentDownloadCount, "document_id", "date", "downloads"),
        "history": rows(PageLogEntry, "action", "page_id", "user_id"),
        "groups": sorted(Group.user_set.through.objects.values_list("group", "user")),
        "files": file_hashes(*roots),
    }


@committed
def test_a_restore_brings_back_pages_requests_memos_counters_and_files(folders):
    media, private, backups = folders
    office = build_office()
    # A request waiting at the office director, and one published through the chain.
    waiting = office.item(title="แผนปฏิบัติการ ๒๕๗๐")
    submit(waiting, office.editor_a)
    decide(waiting, office.director_a, comment="เห็นชอบ")
    published = office.item(title="รายงานการเงิน")
    submit(published, office.editor_a)
    for approver in (office.director_a, office.office_director, office.ict):
        decide(published, approver)
    published.refresh_from_db()
    assert published.live
    image = make_safe_image()
    image.get_rendition("width-100")
    document = get_document_model().objects.create(
        title="งบการเงิน", file=ContentFile(PDF, name="finance.pdf")
    )
    Feedback.objects.create(page=published, useful=True, score=5, comment="ดีมาก")
    PageViewCount.objects.create(page=published, date=dt.date(2026, 1, 15), views=7)
    DocumentDownloadCount.objects.create(
        document=document, date=dt.date(2026, 1, 15), downloads=3
    )
    (private / "signed").mkdir()
    (private / "signed" / "คำสั่ง.pdf").write_bytes(PDF + b"private")
    before = everything(media, private)
    assert len(before["approvals"]) == 4 and len(before["files"]) >= 4

    archive = backup(backups)

    # Everything changes afterwards: decisions, edits, counters, files.
    decide(waiting, office.office_director)
    published.title = "รายงานการเงิน (แก้ไข)"
    published.save_revision(user=office.ict).publish()
    Feedback.objects.all().delete()
    PageViewCount.objects.update(views=99)
    office.item(title="รายการใหม่หลังสำรองข้อมูล")
    Path(document.file.path).write_bytes(b"overwritten")
    Path(image.file.path).unlink()
    (media / "stray.txt").write_text("left over")
    (private / "signed" / "คำสั่ง.pdf").unlink()
    assert everything(media, private) != before

    output = run("restore", str(archive), yes=True)

    assert everything(media, private) == before
    assert "migrate" in output
    # The files are served again from the same folders.
    assert Path(image.file.path).exists()
    assert Path(document.file.path).read_bytes() == PDF


@committed
def test_a_restored_request_is_decided_by_the_office_director_only(folders):
    media, private, backups = folders
    office = build_office()
    item = office.item(title="ประกาศรับสมัครครู")
    submit(item, office.editor_a)
    decide(item, office.director_a)
    # Left in the archive: a live login, and a person an administrator put into the
    # office director's group by hand although the office names someone else.
    stale_client = login(office.director_b)
    assert stale_client.get("/admin/").status_code == 200
    office_group = role_groups()[Role.OFFICE_DIRECTOR]
    Group.user_set.through.objects.create(group=office_group, user=office.editor_b)

    archive = backup(backups)

    # The machine restored onto knows another site, whose office names director_b
    # as its office director, and has cached it (as a running site does).
    other = Site.objects.create(
        hostname="old.example", port=80, root_page=disclosure_index()
    )
    other_office = OfficeSettings.for_site(other)
    other_office.office_director = office.director_b
    other_office.save()
    assert Site.get_site_root_paths()[0].site_id == other.pk

    run("restore", str(archive), yes=True)

    state = state_of(item)
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert state.task.specific.step == "office_director"
    # No login from before the restore survives it.
    assert not Session.objects.exists()
    response = stale_client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    # The role groups follow the units and the office again.
    assert set(office_group.user_set.all()) == {office.office_director}
    # Neither the editor nor another unit's director may decide this step.
    for person in (office.editor_a, office.editor_b, office.director_b):
        response = login(person).post(
            action_url(item, "approve", state), {"comment": ""}, **AJAX
        )
        assert response.status_code in (302, 403), person
        assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    # The office director may.
    response = login(office.office_director).post(
        action_url(item, "approve", state), {"comment": ""}
    )
    assert response.status_code == 302
    assert state_of(item).task.specific.step == "publisher"


def rewrite(archive: Path, change) -> None:
    """Rewrite ``archive`` with ``change(name, data) -> data`` applied to members."""
    with zipfile.ZipFile(archive) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(archive, "w") as new:
        for info, data in members:
            new.writestr(info, change(info.filename, data))


def build_small_site(media: Path) -> None:
    """Wagtail's first pages and an image: enough to see whether a refused restore
    changed anything."""
    make_safe_image()


@committed
def test_a_damaged_archive_is_refused_before_anything_changes(folders):
    media, private, backups = folders
    build_small_site(media)
    archive = backup(backups)
    rewrite(
        archive,
        lambda name, data: b"tampered" + data if "original_images" in name else data,
    )
    Page.objects.filter(depth__gt=1).update(title="หลังสำรองข้อมูล")
    before = everything(media, private)

    with pytest.raises(CommandError, match="original_images"):
        run("restore", str(archive), yes=True)

    assert everything(media, private) == before
    # No unpacked copies are left beside the folders.
    assert sorted(p.name for p in media.parent.iterdir()) == ["bk", "media", "private"]


OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


@committed
@pytest.mark.parametrize("made_by", ["another database", "a newer version"])
def test_an_archive_of_another_database_or_newer_schema_is_refused(folders, made_by):
    media, private, backups = folders
    build_small_site(media)
    archive = backup(backups)
    other = OTHER_VENDOR[connection.vendor]

    def relabel(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        if made_by == "another database":
            manifest["database"]["vendor"] = other
        else:
            manifest["database"]["migrations"].append("wagtailcore.9999_future")
        return json.dumps(manifest).encode()

    rewrite(archive, relabel)
    Page.objects.filter(depth__gt=1).update(title="หลังสำรองข้อมูล")
    before = everything(media, private)
    with pytest.raises(CommandError) as refused:
        run("restore", str(archive), yes=True)
    if made_by == "another database":
        assert other in str(refused.value)
        assert connection.vendor in str(refused.value)
    else:
        assert "wagtailcore.9999_future" in str(refused.value)
    assert everything(media, private) == before


@committed
def test_a_restore_asks_first_and_a_no_changes_nothing(folders, monkeypatch):
    media, private, backups = folders
    build_small_site(media)
    archive = backup(backups)
    Page.objects.filter(depth__gt=1).update(title="หลังสำรองข้อมูล")
    before = everything(media, private)

    # Without a terminal to ask in, and without --yes: refused.
    with pytest.raises(CommandError, match="--yes"):
        run("restore", str(archive))
    # In a terminal, anything but "yes" keeps everything.
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    run("restore", "--latest")
    assert everything(media, private) == before


@committed
def test_check_reads_the_whole_archive_and_changes_nothing(folders):
    media, private, backups = folders
    build_small_site(media)
    archive = backup(backups)
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert {"django", "wagtail"} <= set(manifest["versions"])
    assert [root["key"] for root in manifest["roots"]] == ["MEDIA_ROOT", PRIVATE]
    assert len(manifest["files"]) == len(file_hashes(media, private))
    Page.objects.filter(depth__gt=1).update(title="หลังสำรองข้อมูล")
    before = everything(media, private)
    output = run("restore", str(archive), check=True)
    assert str(len(manifest["files"])) in output
    assert everything(media, private) == before


@committed
def test_keep_deletes_only_older_archives(folders):
    media, private, backups = folders
    backups.mkdir()
    (backups / "notes.txt").write_text("not a backup")
    made = [backup(backups, keep=2) for _ in range(3)]
    assert archives_in(backups) == made[1:]
    assert (backups / "notes.txt").exists()
    assert oct(backups.stat().st_mode & 0o777) == "0o700"
    assert oct(made[-1].stat().st_mode & 0o777) == "0o600"


@committed
def test_without_pg_dump_the_backup_says_what_to_install(folders, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is used on PostgreSQL only")
    media, private, backups = folders
    monkeypatch.setattr("disclosure_site.backups.shutil.which", lambda name: None)
    with pytest.raises(CommandError, match="postgresql-client"):
        run("backup")
    assert archives_in(backups) == []
    assert [p.name for p in backups.iterdir()] == []


def test_every_storage_folder_is_found_once(tmp_path):
    media = tmp_path / "media"
    with override_settings(
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(tmp_path / "static"),
        PRIVATE_DOCUMENTS_ROOT=str(tmp_path / "private"),
        NESTED_ROOT=str(media / "nested"),
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "documents": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "documents")},
            },
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    ):
        roots = {root.key: root.path for root in storage_roots()}
    assert roots == {
        "MEDIA_ROOT": media,
        "PRIVATE_DOCUMENTS_ROOT": tmp_path / "private",
        "STORAGES.documents": tmp_path / "documents",
    }
