"""Backups of the database and every storage folder together, in one zip archive.

An archive holds ``database/db.sqlite3`` (SQLite's online backup API: a consistent
copy while the site runs, WAL and concurrent writers included) or
``database/db.pgdump`` (``pg_dump``'s custom format), the files of every storage
folder the settings define under ``files/<key>/``, and ``manifest.json`` (when,
which versions, which database, and the size and SHA-256 of every member).

A restore reads the manifest, refuses another database vendor or a newer schema,
unpacks everything beside its destination and checks every hash before it touches
anything; then it replaces the database and the folders, signs everyone out, clears
the caches, migrates and puts the role groups back in step with the units.

Nothing here names the example site: the storage folders and the database are read
from the settings at run time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "wagtail-disclosure-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ARCHIVE_PREFIX = "disclosure-backup-"
ARCHIVE_RE = re.compile(r"^disclosure-backup-(\d{8}-\d{6})(?:-(\d+))?\.zip$")
CHUNK = 1024 * 1024
# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset(
    {
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".pdf",
        ".zip", ".gz", ".bz2", ".xz", ".7z", ".rar", ".docx", ".xlsx", ".pptx",
        ".odt", ".ods", ".odp", ".mp3", ".mp4", ".m4a", ".mov", ".webm",
    }
)  # fmt: skip
DATABASE_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- Where the files are ---------------------------------------------------------


@dataclass(frozen=True)
class StorageRoot:
    """A folder of uploaded files and the setting (or storage) that defines it; the
    key is how an archive names the folder on any machine."""

    key: str
    path: Path


def _storage_sources() -> Iterator[tuple[str, object]]:
    """Every (key, location) the settings define, most stable names first."""
    yield "MEDIA_ROOT", settings.MEDIA_ROOT
    # Other roots the site defines, such as a private documents folder outside the
    # public media one. Static files are left out: collectstatic rebuilds them.
    for name in sorted(dir(settings)):
        excluded = name in ("MEDIA_ROOT", "STATIC_ROOT")
        if name.isupper() and name.endswith("_ROOT") and not excluded:
            yield name, getattr(settings, name)
    for alias in settings.STORAGES:
        if alias != "staticfiles":
            yield f"STORAGES.{alias}", storages[alias]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field.storage


def storage_roots() -> list[StorageRoot]:
    """The folders to back up, each once: a folder inside another travels with it."""
    code = Path(__file__).resolve().parent
    roots: list[StorageRoot] = []
    for key, source in _storage_sources():
        if isinstance(source, FileSystemStorage):
            source = source.location
        if not isinstance(source, str | os.PathLike) or not str(source):
            continue
        path = Path(source).resolve()
        if path.exists() and not path.is_dir():
            continue
        if path == Path(path.anchor) or code.is_relative_to(path):
            raise BackupError(
                _(
                    "The setting %(key)s points at %(path)s, which holds the site's "
                    "own program files; a backup would copy, and a restore replace, "
                    "all of it. Point it at the folder of uploaded files only."
                )
                % {"key": key, "path": path}
            )
        if any(path.is_relative_to(root.path) for root in roots):
            continue
        roots = [root for root in roots if not root.path.is_relative_to(path)]
        roots.append(StorageRoot(key, path))
    return roots


def backup_directory(path: str | os.PathLike | None = None) -> Path:
    """The folder of archives: the option, else the DISCLOSURE_BACKUP_DIR setting or
    environment variable, else ``backups/`` beside manage.py (BASE_DIR)."""
    base_dir = getattr(settings, "BASE_DIR", None)
    path = (
        path
        or getattr(settings, "DISCLOSURE_BACKUP_DIR", None)
        or os.environ.get("DISCLOSURE_BACKUP_DIR")
        or (Path(base_dir) / "backups" if base_dir else None)
    )
    if not path:
        raise BackupError(
            _(
                "No backup folder is set. Set DISCLOSURE_BACKUP_DIR in the settings "
                "or the environment, or give --dir."
            )
        )
    return Path(path).resolve()


def _files_under(root: Path, exclude: list[Path]) -> Iterator[Path]:
    """Regular files under ``root``, in a stable order, skipping ``exclude``."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if here / d not in exclude)
        for name in sorted(filenames):
            path = here / name
            if path.is_file():
                yield path


# --- Making an archive -----------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _add_file(archive: zipfile.ZipFile, path: Path, name: str) -> dict:
    """Copy one file into the archive, hashing what was actually written."""
    with path.open("rb") as source:
        info = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
        if path.suffix.lower() not in STORED_SUFFIXES:
            info.compress_type = zipfile.ZIP_DEFLATED
        digest = hashlib.sha256()
        size = 0
        with archive.open(info, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
    return {"path": name, "size": size, "sha256": digest.hexdigest()}


def _pg_command(connection, program: str, parameters: list[str]):
    """argv and environment for a PostgreSQL client program on ``connection``'s
    database (Django's own way of passing the host, user and password)."""
    found = shutil.which(program)
    if not found:
        raise BackupError(
            _(
                "The PostgreSQL program %(program)s is not installed on this "
                "machine. Install the PostgreSQL client of the server's version "
                "(Debian/Ubuntu: apt-get install postgresql-client) and try again."
            )
            % {"program": program}
        )
    args, env = connection.client.settings_to_cmd_args_env(
        connection.settings_dict, parameters
    )
    return [found, *args[1:]], {**os.environ, **(env or {})}


def _failed(program: str, stderr: str) -> BackupError:
    return BackupError(
        _("%(program)s failed: %(error)s")
        % {"program": program, "error": stderr.strip() or "?"}
    )


def dump_database(connection, target: Path) -> dict:
    """A consistent copy of the database at ``target``, taken while the site runs."""
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a database transaction."))
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): a single snapshot, even with writers at work.
            connection.connection.backup(copy)
            # A file that stands alone, with no -wal file beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            (check,) = copy.execute("PRAGMA quick_check").fetchone()
        finally:
            copy.close()
        if check != "ok":
            raise BackupError(
                _("The copy of the database failed its integrity check: %(error)s")
                % {"error": check}
            )
        return {"format": "sqlite3", "server_version": sqlite3.sqlite_version}
    if connection.vendor == "postgresql":
        args, env = _pg_command(
            connection, "pg_dump", ["--format=custom", f"--file={target}"]
        )
        result = subprocess.run(  # noqa: S603 - argv from settings, no shell
            args, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise _failed("pg_dump", result.stderr)
        connection.ensure_connection()
        return {
            "format": "pg_dump custom",
            "server_version": str(connection.pg_version),
        }
    raise BackupError(
        _("Backups support SQLite and PostgreSQL; this site uses %(vendor)s.")
        % {"vendor": connection.vendor}
    )


def applied_migrations(connection) -> list[str]:
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _archive_name(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"{ARCHIVE_PREFIX}{stamp}.zip"
    number = 1
    while path.exists():
        number += 1
        path = directory / f"{ARCHIVE_PREFIX}{stamp}-{number}.zip"
    return path


def _package_version() -> str:
    try:
        return metadata.version("wagtail-disclosure")
    except metadata.PackageNotFoundError:
        return "unknown"


def create_backup(directory: Path, log: Log, *, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Write one archive of the database and every storage folder into
    ``directory``; the archive appears whole or not at all."""
    connection = connections[using]
    roots = storage_roots()
    directory.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        directory.chmod(0o700)  # the archive holds password hashes and feedback
    final = _archive_name(directory)
    partial = directory / f".{final.name}.partial"
    db_name = DATABASE_FILES.get(connection.vendor, "db")
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".database-") as tmp:
            log(_("Copying the database (%(vendor)s)…") % {"vendor": connection.vendor})
            db_copy = Path(tmp) / db_name
            database = dump_database(connection, db_copy)
            database["vendor"] = connection.vendor
            database["migrations"] = applied_migrations(connection)
            handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(handle, "wb") as raw,
                zipfile.ZipFile(raw, "w", allowZip64=True) as archive,
            ):
                entry = _add_file(archive, db_copy, f"database/{db_name}")
                database.update(entry)
                log(_("Database: %(size)s bytes.") % {"size": f"{database['size']:,}"})
                files: list[dict] = []
                root_entries = []
                for root in roots:
                    count = total = 0
                    for path in _files_under(root.path, exclude=[directory]):
                        relative = path.relative_to(root.path).as_posix()
                        try:
                            entry = _add_file(
                                archive, path, f"files/{root.key}/{relative}"
                            )
                        except FileNotFoundError:
                            continue  # deleted since the folder was listed
                        files.append(entry)
                        count += 1
                        total += entry["size"]
                    root_entries.append(
                        {
                            "key": root.key,
                            "path": str(root.path),
                            "files": count,
                            "bytes": total,
                        }
                    )
                    log(
                        _(
                            "Files of %(key)s (%(path)s): %(count)s files, %(size)s bytes."
                        )
                        % {
                            "key": root.key,
                            "path": root.path,
                            "count": f"{count:,}",
                            "size": f"{total:,}",
                        }
                    )
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.localtime().isoformat(),
                    "app_version": _package_version(),
                    "versions": {
                        "django": django.get_version(),
                        "wagtail": wagtail.__version__,
                        "python": platform.python_version(),
                    },
                    "database": database,
                    "roots": root_entries,
                    "files": files,
                }
                archive.writestr(
                    MANIFEST,
                    json.dumps(manifest, ensure_ascii=False, indent=1),
                    compress_type=zipfile.ZIP_DEFLATED,
                )
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return final


def archives_in(directory: Path) -> list[Path]:
    """This command's archives in ``directory``, oldest first (by their names'
    timestamps; nothing else in the folder is ever touched)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        match = ARCHIVE_RE.match(path.name)
        if match and path.is_file():
            found.append(((match[1], int(match[2] or 1)), path))
    return [path for _key, path in sorted(found)]


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives; the paths deleted."""
    old = archives_in(directory)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# --- Reading and checking an archive ---------------------------------------------


def read_manifest(archive: zipfile.ZipFile, name: str) -> dict:
    """The archive's manifest, or a clear refusal for anything else."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        manifest = None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(archive)s is not a backup made by manage.py backup (no manifest).")
            % {"archive": name}
        )
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(
            _(
                "%(archive)s was made by a newer version of the software "
                "(%(version)s). Install that version first."
            )
            % {"archive": name, "version": manifest.get("app_version")}
        )
    if not _manifest_is_sound(manifest):
        raise BackupError(
            _(
                "The manifest of %(archive)s is damaged (edited by hand?); nothing "
                "was changed. Restore another archive."
            )
            % {"archive": name}
        )
    return manifest


def _has(entry, **fields: type) -> bool:
    return isinstance(entry, dict) and all(
        isinstance(entry.get(field), kind) and not isinstance(entry.get(field), bool)
        for field, kind in fields.items()
    )


def _manifest_is_sound(manifest: dict) -> bool:
    """Whether the manifest has every part the restore reads, of the right type:
    one edited by hand must be refused in words, not end in a traceback."""
    database = manifest.get("database")
    roots, files = manifest.get("roots"), manifest.get("files")
    return (
        _has(database, path=str, vendor=str, size=int, sha256=str)
        and isinstance(database.get("migrations", []), list)
        and all(isinstance(m, str) for m in database.get("migrations", []))
        and isinstance(roots, list)
        and all(_has(root, key=str, files=int, bytes=int) for root in roots)
        and isinstance(files, list)
        and all(_has(entry, path=str, size=int, sha256=str) for entry in files)
    )


def open_archive(path: Path) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(
            _("There is no file %(archive)s.") % {"archive": path}
        ) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            _("%(archive)s cannot be read as a zip archive: %(error)s")
            % {"archive": path, "error": exc}
        ) from exc
    try:
        return archive, read_manifest(archive, path.name)
    except BackupError:
        archive.close()
        raise


def check_compatible(manifest: dict, connection) -> None:
    """Refuse an archive of another database vendor or of a newer schema."""
    vendor = manifest["database"].get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "This archive holds a %(archive_vendor)s database, but this site "
                "uses %(site_vendor)s. Restore it onto a site that uses "
                "%(archive_vendor)s (DATABASE_URL), then move the data if needed."
            )
            % {"archive_vendor": vendor, "site_vendor": connection.vendor}
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or ())
    installed = {config.label for config in apps.get_app_configs()}
    unknown = []
    for entry in manifest["database"].get("migrations", []):
        app, _dot, name = entry.partition(".")
        if app in installed and (app, name) not in known:
            unknown.append(entry)
    if unknown:
        raise BackupError(
            _(
                "This archive's database was migrated by a newer version of the "
                "software (%(app_version)s; unknown here: %(migrations)s). Install "
                "that version or a later one, then restore."
            )
            % {
                "app_version": manifest.get("app_version"),
                "migrations": ", ".join(unknown[:5]),
            }
        )


def _member_target(name: str, stagings: dict[str, Path]) -> Path:
    """Where a ``files/<key>/…`` member goes; refuses names that would escape."""
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or len(path.parts) < 3
        or path.parts[0] != "files"
        or path.parts[1] not in stagings
    ):
        raise BackupError(
            _("The archive names an unsafe path: %(path)s") % {"path": name}
        )
    return stagings[path.parts[1]].joinpath(*path.parts[2:])


def _extract(archive: zipfile.ZipFile, entry: dict, target: Path) -> str | None:
    """Unpack one member to ``target``; the reason it does not match, if any."""
    try:
        source = archive.open(entry["path"])
    except KeyError:
        return _("missing from the archive")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    try:
        with source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
                if size > entry["size"]:
                    # Past what the manifest declares: a few kilobytes of zip
                    # would otherwise fill the disk beside the media folder.
                    break
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return str(exc)
    if size != entry.get("size") or digest.hexdigest() != entry.get("sha256"):
        return _("its SHA-256 does not match the manifest")
    return None


@dataclass
class Staged:
    """An archive unpacked beside its destinations and checked, not yet applied."""

    database: Path
    folders: list[tuple[StorageRoot, Path]]  # destination, unpacked copy
    work: Path

    def discard(self) -> None:
        for _root, staging in self.folders:
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)


def stage(
    archive: zipfile.ZipFile, manifest: dict, work_parent: Path, log: Log
) -> Staged:
    """Unpack the database and the files next to where they go, checking each
    against the manifest; raise (leaving nothing behind) unless all match."""
    roots = {root.key: root for root in storage_roots()}
    wanted = [entry["key"] for entry in manifest["roots"]]
    missing = [key for key in wanted if key not in roots]
    if missing:
        raise BackupError(
            _(
                "The archive holds files of %(keys)s, which this site's settings do "
                "not define. Define the same storage folders as the site that made "
                "the archive, then restore."
            )
            % {"keys": ", ".join(missing)}
        )
    for key, root in roots.items():
        if key not in wanted:
            log(
                _("%(path)s (%(key)s) is not in the archive; it is left as it is.")
                % {"path": root.path, "key": key}
            )
    work_parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=work_parent, prefix=".restore-"))
    staged = Staged(work / "database", [], work)
    try:
        stagings: dict[str, Path] = {}
        for key in wanted:
            destination = roots[key].path
            destination.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(
                tempfile.mkdtemp(
                    dir=destination.parent, prefix=f".{destination.name}.restore-"
                )
            )
            staged.folders.append((roots[key], staging))
            stagings[key] = staging
        problems: list[str] = []
        database = manifest["database"]
        log(_("Checking the database copy…"))
        error = _extract(archive, database, staged.database)
        if error:
            problems.append(f"{database['path']}: {error}")
        log(
            _("Checking %(count)s files against the manifest…")
            % {"count": f"{len(manifest['files']):,}"}
        )
        for entry in manifest["files"]:
            target = _member_target(entry["path"], stagings)
            error = _extract(archive, entry, target)
            if error:
                problems.append(f"{entry['path']}: {error}")
        if problems:
            raise BackupError(
                _(
                    "The archive is damaged; nothing was changed. %(count)s members "
                    "do not match the manifest, e.g. %(examples)s"
                )
                % {"count": len(problems), "examples": "; ".join(problems[:3])}
            )
    except BaseException:
        staged.discard()
        raise
    return staged


# --- Applying it -----------------------------------------------------------------

# Every table, view and sequence of the site's schemas goes, so that the restored
# database is exactly the archive's (a newer schema's extra tables included).
PG_DROP_EVERYTHING = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT n.nspname, c.relname, c.relkind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
          AND d.deptype IN ('e', 'a', 'i'))
    ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE format(
      'DROP %s IF EXISTS %I.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
      r.nspname, r.relname);
  END LOOP;
END $$;
"""


def restore_database(connection, copy: Path) -> None:
    """Replace the whole database with ``copy``, all or nothing."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a database transaction."))
    if connection.vendor == "sqlite":
        source = sqlite3.connect(copy)
        try:
            # The backup API the other way round: page by page into the live
            # database (a file, or the in-memory one), as one write transaction.
            source.backup(connection.connection)
        except sqlite3.Error as exc:
            raise _failed("SQLite", str(exc)) from exc
        finally:
            source.close()
        return
    restore_args = [
        _pg_command(connection, "pg_restore", [])[0][0],
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--file=-",
        str(copy),
    ]
    psql_args, env = _pg_command(
        connection,
        "psql",
        [
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--command={PG_DROP_EVERYTHING}",
            "--file=-",
        ],
    )
    with tempfile.TemporaryFile() as restore_errors:
        # pg_restore turns the archive into SQL; psql runs the drops and that SQL
        # in one transaction, so a failure leaves the database as it was.
        producer = subprocess.Popen(  # noqa: S603 - argv from settings, no shell
            restore_args, stdout=subprocess.PIPE, stderr=restore_errors
        )
        consumer = subprocess.Popen(  # noqa: S603
            psql_args,
            stdin=producer.stdout,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        producer.stdout.close()
        _out, psql_errors = consumer.communicate()
        producer.wait()
        restore_errors.seek(0)
        if producer.returncode:
            raise _failed("pg_restore", restore_errors.read().decode(errors="replace"))
        if consumer.returncode:
            raise _failed("psql", psql_errors.decode(errors="replace"))


def replace_folder(destination: Path, staging: Path) -> None:
    """Put the unpacked folder in place of ``destination``."""
    mode = destination.stat().st_mode & 0o7777 if destination.exists() else 0o755
    staging.chmod(mode)  # mkdtemp made it private; the web server reads images
    if not destination.exists():
        staging.rename(destination)
        return
    old = destination.with_name(f".{destination.name}.before-restore")
    shutil.rmtree(old, ignore_errors=True)
    try:
        destination.rename(old)
    except OSError:
        # A mount point (or a folder whose parent we may not write) stays put:
        # empty it and move the unpacked files in.
        for child in destination.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in staging.iterdir():
            child.rename(destination / child.name)
        staging.rmdir()
        return
    staging.rename(destination)
    shutil.rmtree(old, ignore_errors=True)


def clear_caches() -> None:
    """Nothing cached from the database before the restore survives it: Django's
    caches (Wagtail's site root paths, rendition and page caches, sessions kept in
    a cache) and this process's content types."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for alias in settings.CACHES:
        caches[alias].clear()


def sign_everyone_out() -> int:
    """Delete every stored login and editing session: no login made before the
    backup (or on the old machine) is valid after a restore."""
    deleted = 0
    if apps.is_installed("django.contrib.sessions"):
        from django.contrib.sessions.models import Session

        deleted, _kinds = Session.objects.all().delete()
    if apps.is_installed("wagtail.admin"):
        from wagtail.admin.models import EditingSession

        EditingSession.objects.all().delete()
    return deleted


def resync_roles() -> None:
    """Role groups and their members from the units and the office settings again,
    as setup_disclosure does, without re-creating units or pages an office deleted."""
    from moderation.roles import ensure_roles
    from moderation.setup import SetupReport

    ensure_roles(SetupReport())


def describe(manifest: dict) -> list[str]:
    """What an archive holds, in lines for the person restoring it."""
    database = manifest["database"]
    versions = manifest.get("versions", {})
    lines = [
        _(
            "Made on %(created)s by version %(app_version)s (Django %(django)s, Wagtail %(wagtail)s)."
        )
        % {
            "created": manifest.get("created_at"),
            "app_version": manifest.get("app_version"),
            "django": versions.get("django"),
            "wagtail": versions.get("wagtail"),
        },
        _("Database: %(vendor)s, %(size)s bytes.")
        % {"vendor": database.get("vendor"), "size": f"{database.get('size', 0):,}"},
    ]
    for root in manifest["roots"]:
        lines.append(
            _("Files of %(key)s: %(count)s files, %(size)s bytes.")
            % {
                "key": root["key"],
                "count": f"{root['files']:,}",
                "size": f"{root['bytes']:,}",
            }
        )
    return lines


def restore_backup(
    path: Path,
    work_parent: Path,
    log: Log,
    confirm: Callable[[Staged], bool],
    *,
    check_only: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> bool:
    """Check ``path`` whole, then (if ``confirm`` agrees) put its database and files
    in place of this site's; whether anything was changed."""
    from django.core.management import call_command

    connection = connections[using]
    archive, manifest = open_archive(path)
    with archive:
        for line in describe(manifest):
            log(line)
        check_compatible(manifest, connection)
        staged = stage(archive, manifest, work_parent, log)
    try:
        log(
            _("The database and all %(count)s files match the manifest.")
            % {"count": f"{len(manifest['files']):,}"}
        )
        if check_only or not confirm(staged):
            return False
        log(_("Replacing the database…"))
        restore_database(connection, staged.database)
        clear_caches()
        signed_out = sign_everyone_out()
        log(
            _("Signed everyone out (%(count)s sessions): people log in again.")
            % {"count": signed_out}
        )
        for root, staging in staged.folders:
            log(
                _("Replacing the files of %(key)s (%(path)s)…")
                % {"key": root.key, "path": root.path}
            )
            replace_folder(root.path, staging)
        log(_("Bringing the database up to this version (migrate)…"))
        call_command("migrate", interactive=False, verbosity=0, database=using)
        log(_("Putting the role groups in step with the units and the office…"))
        resync_roles()
        clear_caches()
        return True
    finally:
        staged.discard()
