"""manage.py restore: put a backup's database and files in place of this site's."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from disclosure_site.backups import (
    BackupError,
    Staged,
    archives_in,
    backup_directory,
    restore_backup,
)


class Command(BaseCommand):
    """Restore a backup made by manage.py backup: every hash is checked first, then
    the database and the files are replaced together, everyone is signed out, the
    database is migrated and the role groups follow the units again. Destructive:
    asks for confirmation unless --yes is given."""

    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", nargs="?", help="The archive (.zip) made by manage.py backup."
        )
        parser.add_argument(
            "--latest",
            action="store_true",
            help="Restore the newest archive of the backup folder.",
        )
        parser.add_argument(
            "--dir",
            help="The backup folder (default: DISCLOSURE_BACKUP_DIR); work files "
            "go there too.",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace this site's database and files without asking.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against its manifest; change nothing.",
        )

    def handle(self, *args, **options):
        self.assume_yes = options["yes"]
        try:
            directory = backup_directory(options["dir"])
            path = self.archive_path(options, directory)
            self.stdout.write(_("Reading %(archive)s") % {"archive": path})
            changed = restore_backup(
                path,
                directory,
                self.stdout.write,
                self.confirm,
                check_only=options["check"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("The restore could not go on: %(error)s") % {"error": exc}
            ) from exc
        if changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Restored. Restart the site's processes so that none keeps "
                        "data cached from before."
                    )
                )
            )
        elif not options["check"]:
            self.stdout.write(_("Nothing was changed."))

    def archive_path(self, options, directory: Path) -> Path:
        if options["archive"] and options["latest"]:
            raise CommandError(_("Give an archive or --latest, not both."))
        if options["archive"]:
            return Path(options["archive"]).resolve()
        if options["latest"]:
            found = archives_in(directory)
            if not found:
                raise CommandError(
                    _("There is no backup in %(directory)s.") % {"directory": directory}
                )
            return found[-1]
        raise CommandError(_("Name the archive to restore, or give --latest."))

    def confirm(self, staged: Staged) -> bool:
        """Ask before replacing anything: a restore loses every change since the
        archive was made."""
        database = connection.settings_dict["NAME"]
        self.stdout.write(
            self.style.WARNING(
                _(
                    "This replaces the database %(database)s and these folders with "
                    "the archive's; every change made since the archive is lost:"
                )
                % {"database": database}
            )
        )
        for root, _staging in staged.folders:
            self.stdout.write(f"  {root.path}")
        if self.assume_yes:
            return True
        if not sys.stdin.isatty():
            raise CommandError(
                _(
                    "A restore replaces this site's data: run it in a terminal to "
                    "confirm, or add --yes."
                )
            )
        answer = input(_("Type yes to restore: "))
        return answer.strip().lower() == "yes"
