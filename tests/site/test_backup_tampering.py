"""manage.py restore given an archive someone changed by hand: whatever its
manifest says, the restore refuses it in Thai with nothing changed, and an entry
cannot make it write more than the manifest declares."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from disclosure_site.backups import FORMAT, FORMAT_VERSION

DATABASE = b"not really a database"


def entry(path: str, data: bytes, **extra) -> dict:
    return {
        "path": path,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **extra,
    }


def manifest(files: list[dict] | None = None) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": "test",
        "database": entry(
            "database/db.sqlite3", DATABASE, vendor=connection.vendor, migrations=[]
        ),
        "roots": [{"key": "MEDIA_ROOT", "path": "media", "files": 0, "bytes": 0}],
        "files": files or [],
    }


def write_archive(path: Path, manifest: dict, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("database/db.sqlite3", DATABASE)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), check=True, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    (folder / "kept.txt").write_text("before")
    with override_settings(MEDIA_ROOT=str(folder)):
        yield folder


def damaged(key: str):
    def change(m: dict) -> None:
        if key == "database":
            del m["database"]
        elif key == "roots":
            m["roots"] = None
        elif key == "files":
            m["files"] = [{"path": 5}]
        elif key == "size":
            m["database"]["size"] = "big"

    return change


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["database", "roots", "files", "size"])
def test_a_manifest_edited_by_hand_is_refused_in_thai(tmp_path, media, key):
    m = manifest()
    damaged(key)(m)
    archive = write_archive(tmp_path / "edited.zip", m, {})
    with pytest.raises(CommandError, match="รายการไฟล์ manifest ของ edited.zip เสียหาย"):
        restore(archive)
    assert sorted(p.name for p in media.iterdir()) == ["kept.txt"]


@pytest.mark.django_db
def test_a_member_larger_than_its_entry_is_not_unpacked_whole(
    tmp_path, media, monkeypatch
):
    """A few kilobytes of zip can unpack to gigabytes beside the media folder: the
    restore stops reading a member once it is past the size the manifest gives."""
    huge = b"\0" * (64 * 1024 * 1024)
    small = b"a photo"
    path = "files/MEDIA_ROOT/original_images/photo.jpg"
    archive = write_archive(
        tmp_path / "bomb.zip", manifest([entry(path, small)]), {path: huge}
    )
    assert archive.stat().st_size < 200_000
    read = []
    original = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = original(self, n)
        if self.name == path:
            read.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    with pytest.raises(CommandError, match="SHA-256"):
        restore(archive)
    assert sum(read) <= 2 * 1024 * 1024
    assert sorted(p.name for p in media.iterdir()) == ["kept.txt"]
    assert sorted(p.name for p in media.parent.iterdir()) == ["bomb.zip", "media"]
