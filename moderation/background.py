"""Background work (django-tasks) that is retried, and never lost without a trace.

With the database queue (``DISCLOSURE_TASKS=database``, the production default) a
task runs in ``manage.py db_worker``; every run is a row of django-tasks-db's
``DBTaskResult``, a failed one with its exception and traceback. A task made with
:func:`retried_task` that fails is queued again a little later (1, then 5 minutes)
and, after its last attempt, logged as an error; ``manage.py background_tasks``
lists what failed and queues it again with ``--retry-failed``.

With the immediate backend (one process, development, tests) a task runs inside
the request that queued it, once; its failure is logged, and never stops the request.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

#: Minutes to wait before the second, third, … attempt.
RETRY_DELAYS = (1, 5)


def retried_task(function):
    """``@task()`` for ``function``, queued again after a failure (RETRY_DELAYS).

    The attempt travels as the keyword ``attempt`` (1 for the first), so each
    attempt is a row of its own in the queue: the failed ones stay visible.
    """

    @functools.wraps(function)
    def run(*args, attempt: int = 1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            backend = task_backends[background.backend]
            if attempt <= len(RETRY_DELAYS) and backend.supports_defer:
                delay = dt.timedelta(minutes=RETRY_DELAYS[attempt - 1])
                background.using(run_after=timezone.now() + delay).enqueue(
                    *args, attempt=attempt + 1, **kwargs
                )
                logger.warning(
                    "%s failed (attempt %d); queued again in %s.",
                    background.name,
                    attempt,
                    delay,
                    exc_info=True,
                )
            else:
                logger.error(
                    "%s failed (attempt %d), not retried: "
                    "manage.py background_tasks --retry-failed queues it again.",
                    background.name,
                    attempt,
                    exc_info=True,
                )
            raise

    run.retried_attempts = len(RETRY_DELAYS) + 1
    background = task()(run)
    return background


def last_attempt(task_path_func, kwargs: dict) -> bool:
    """Whether a failed run was the last one (no retry of it is queued)."""
    attempts = getattr(task_path_func, "retried_attempts", None)
    return attempts is None or kwargs.get("attempt", 1) >= attempts
