"""manage.py backup: one archive of the database and every storage folder."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from disclosure_site.backups import (
    BackupError,
    backup_directory,
    create_backup,
    prune,
)


class Command(BaseCommand):
    """Back up the database and the uploaded files together into one zip archive
    (with a manifest of SHA-256 hashes), safely while the site is running."""

    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            help="Folder for the archives (default: the DISCLOSURE_BACKUP_DIR "
            "setting or environment variable).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Then delete all but the newest N archives in the folder.",
        )

    def handle(self, *args, **options):
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError(_("--keep must be 1 or more."))
        try:
            directory = backup_directory(options["dir"])
            self.stdout.write(
                _("Backing up to %(directory)s") % {"directory": directory}
            )
            archive = create_backup(directory, self.stdout.write)
            size = archive.stat().st_size
            self.stdout.write(
                self.style.SUCCESS(
                    _("Backup written: %(archive)s (%(size)s bytes).")
                    % {"archive": archive, "size": f"{size:,}"}
                )
            )
            if keep is not None:
                for old in prune(directory, keep):
                    self.stdout.write(
                        _("Deleted an older backup: %(archive)s") % {"archive": old}
                    )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("The backup could not be written: %(error)s") % {"error": exc}
            ) from exc
