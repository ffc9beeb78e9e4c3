"""What the background worker has to do and what failed; queue failures again.

    manage.py background_tasks                 # counts, and every failure not retried
    manage.py background_tasks --retry-failed  # queue those failures again

Works with the database queue (DISCLOSURE_TASKS=database, production). A task of
moderation.background is retried by itself first; a failure listed here is one whose
last attempt failed, or a task of Wagtail's (search indexing, the reference index)
that failed once. Exits 1 when failures are listed and not queued again, so a
monitoring script can call it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from moderation.background import last_attempt


def _given_up(row: DBTaskResult) -> bool:
    try:
        task = row.task
    except ImportError:
        return True  # its code is gone: nothing will retry it
    return last_attempt(task.func, row.args_kwargs.get("kwargs", {}))


class Command(BaseCommand):
    help = "Counts of background tasks, the failed ones, and --retry-failed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Queue every failed task again (its failed runs are then removed).",
        )

    def handle(self, *args, retry_failed=False, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "Background tasks run at once here (DISCLOSURE_TASKS is not "
                "'database'): there is no queue to read."
            )
        for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL"):
            count = DBTaskResult.objects.filter(status=status).count()
            self.stdout.write(f"{status.lower():<11}{count}")
        rows = list(DBTaskResult.objects.failed().order_by("finished_at"))
        failed = [row for row in rows if _given_up(row)]
        for row in failed:
            lines = row.traceback.strip().splitlines() or [row.exception_class_path]
            self.stdout.write(
                f"FAILED {row.finished_at:%Y-%m-%d %H:%M} {row.task_path} "
                f"{row.args_kwargs} {lines[-1]}"
            )
        if not failed:
            return
        if not retry_failed:
            self.stdout.write("Queue them again with --retry-failed.")
            raise SystemExit(1)
        queued = []
        for row in failed:
            args = row.args_kwargs.get("args", [])
            kwargs = dict(row.args_kwargs.get("kwargs", {}))
            kwargs.pop("attempt", None)
            if (row.task_path, args, kwargs) in queued:
                continue
            queued.append((row.task_path, args, kwargs))
            # This task's earlier failed runs (its attempts): replaced by the new one.
            same = [
                other.pk
                for other in rows
                if other.task_path == row.task_path
                and other.args_kwargs.get("args", []) == args
            ]
            with transaction.atomic():
                row.task.using(run_after=None).enqueue(*args, **kwargs)
                DBTaskResult.objects.filter(pk__in=same).delete()
        self.stdout.write(f"Queued {len(queued)} task(s) again.")
