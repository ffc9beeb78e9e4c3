"""Time the quarterly report against 50,000 items and 250,000 log rows.

Usage (from the repository root):

    .venv/bin/python bench/report.py [--items 50000] [--log-rows 250000] [--runs 5]
    .venv/bin/python bench/report.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_report

Like ``category_page.py`` it builds a throwaway database (a temporary SQLite file
unless ``--database-url`` names a new one), migrates it, runs ``setup_disclosure`` and
spreads N items over the 19 categories and the units (``tests.bulk``). It then
bulk-inserts the history the report reads: publish log entries (one per item at its
first publication, the rest republications over two fiscal years), daily view
counters, feedback, and approved and sent-back workflow runs. It prints, for each
report, the median time of ``--runs`` runs and the number of SQL queries of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_DIR / "site"), str(REPO_DIR)]

from bench.category_page import OFFICE_NAME, ThrowawayDatabase, set_up_django  # noqa: E402

PERIODS = ("2569-q1", "2569-h1", "2569-y")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--log-rows", type=int, default=250_000)
    parser.add_argument("--view-rows", type=int, default=200_000)
    parser.add_argument("--feedback", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.items < 1 or args.runs < 1:
        parser.error("--items and --runs must be at least 1")
    return args


def populate(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from wagtail.models import (
        GroupApprovalTask,
        Page,
        PageLogEntry,
        Revision,
        TaskState,
        Workflow,
        WorkflowState,
        WorkflowTask,
    )

    from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
    from moderation.models import Unit
    from reporting.models import Feedback, PageViewCount
    from tests.bulk import bulk_create_items

    rng = random.Random(1)  # noqa: S311 - repeatable bench data
    timings = {}

    def step(name, fn):
        started = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - started
        return result

    step("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
    step(
        "setup_disclosure",
        lambda: call_command(
            "setup_disclosure", office_name=OFFICE_NAME, stdout=io.StringIO()
        ),
    )
    categories = list(DisclosureCategoryPage.objects.order_by("path"))
    units = list(Unit.objects.order_by("sort_order", "pk"))

    def make_items():
        share, rest = divmod(args.items, len(categories))
        for n, cat in enumerate(categories):
            bulk_create_items(cat, share + (1 if n < rest else 0), units=units, seed=n)

    step(f"items ({args.items})", make_items)
    pages = list(
        DisclosureItemPage.objects.values_list(
            "pk", "first_published_at", "title"
        ).order_by("pk")
    )
    item_ct = ContentType.objects.get_for_model(DisclosureItemPage)
    page_ct = ContentType.objects.get_for_model(Page)
    start = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)
    span = 730 * 86400

    def make_log_rows():
        rows = []
        for n in range(args.log_rows):
            pk, first, title = pages[n % len(pages)]
            when = (
                first
                if n < len(pages)
                else start + dt.timedelta(seconds=rng.randrange(span))
            )
            rows.append(
                PageLogEntry(
                    page_id=pk,
                    content_type_id=item_ct.pk,
                    label=title,
                    action="wagtail.publish" if n % 3 else "wagtail.edit",
                    timestamp=max(when, first),
                    data={},
                )
            )
        PageLogEntry.objects.bulk_create(rows, batch_size=5000)

    step(f"log rows ({args.log_rows})", make_log_rows)

    def make_views():
        seen = set()
        rows = []
        while len(rows) < args.view_rows:
            pk = pages[rng.randrange(len(pages))][0]
            day = dt.date(2024, 10, 1) + dt.timedelta(days=rng.randrange(730))
            if (pk, day) in seen:
                continue
            seen.add((pk, day))
            rows.append(PageViewCount(page_id=pk, date=day, views=rng.randint(1, 40)))
        PageViewCount.objects.bulk_create(rows, batch_size=5000)

    step(f"view rows ({args.view_rows})", make_views)

    def make_feedback():
        rows = [
            Feedback(
                page_id=pages[rng.randrange(len(pages))][0],
                useful=rng.random() < 0.8,
                score=rng.choice([None, 1, 2, 3, 4, 5]),
                comment="",
            )
            for _ in range(args.feedback)
        ]
        Feedback.objects.bulk_create(rows, batch_size=5000)
        # created_at is auto_now_add: spread the dates afterwards.
        ids = list(Feedback.objects.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Feedback._meta.db_table} SET created_at = %s WHERE id = %s",  # noqa: S608
                [(start + dt.timedelta(seconds=rng.randrange(span)), pk) for pk in ids],
            )

    step(f"feedback ({args.feedback})", make_feedback)

    def make_requests():
        user = get_user_model().objects.create_user("bench-approver")
        task = GroupApprovalTask.objects.create(name="bench approval")
        workflow = Workflow.objects.create(name="bench workflow")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        chosen = rng.sample(pages, min(args.requests, len(pages)))
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=item_ct.pk,
                    base_content_type_id=page_ct.pk,
                    object_id=str(pk),
                    object_str=title,
                    content={},
                    created_at=first,
                )
                for pk, first, title in chosen
            ],
            batch_size=2000,
        )
        # Every fifth request was sent back; the others were approved (published).
        submitted = [
            first - dt.timedelta(days=rng.randint(1, 20)) for _, first, _ in chosen
        ]
        sent_back = [n % 5 == 0 for n in range(len(chosen))]
        states = WorkflowState.objects.bulk_create(
            [
                WorkflowState(
                    content_type_id=item_ct.pk,
                    base_content_type_id=page_ct.pk,
                    object_id=str(pk),
                    workflow=workflow,
                    status=WorkflowState.STATUS_NEEDS_CHANGES
                    if back
                    else WorkflowState.STATUS_APPROVED,
                    requested_by=user,
                )
                for (pk, _first, _title), back in zip(chosen, sent_back, strict=True)
            ],
            batch_size=2000,
        )
        task_states = TaskState.objects.bulk_create(
            [
                TaskState(
                    workflow_state=state,
                    revision=revision,
                    task=task,
                    status=TaskState.STATUS_REJECTED
                    if sent_back[n]
                    else TaskState.STATUS_APPROVED,
                    finished_at=first,
                    finished_by=user,
                    content_type_id=ContentType.objects.get_for_model(TaskState).pk,
                )
                for n, (state, revision, (_pk, first, _t)) in enumerate(
                    zip(states, revisions, chosen, strict=True)
                )
            ],
            batch_size=2000,
        )
        for state, task_state in zip(states, task_states, strict=True):
            state.current_task_state = task_state
        WorkflowState.objects.bulk_update(states, ["current_task_state"], 2000)
        # created_at and started_at are auto_now_add: set the submission dates after.
        with connection.cursor() as cursor:
            for model, column in (
                (WorkflowState, "created_at"),
                (TaskState, "started_at"),
            ):
                cursor.executemany(
                    f"UPDATE {model._meta.db_table} SET {column} = %s WHERE id = %s",  # noqa: S608
                    [
                        (when, obj.pk)
                        for when, obj in zip(
                            submitted,
                            states if model is WorkflowState else task_states,
                            strict=True,
                        )
                    ],
                )

    step(f"workflow runs ({args.requests})", make_requests)

    def analyze():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    step("analyze", analyze)
    return {"timings": timings}


def measure(label: str, fn, runs: int) -> tuple[str, int, float, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up: content types, templates
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        fn()
    count = len(queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return label, count, statistics.median(times), max(times)


def main(argv=None) -> None:
    args = parse_args(argv)
    db = ThrowawayDatabase(args.database_url, args.keep)
    db.create()
    try:
        set_up_django(db.url)
        import django
        import wagtail
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        from disclosure_pages.minimum_set import minimum_set_rows
        from reporting.figures import compute, evaluation_rows
        from reporting.periods import parse_period

        data = populate(args)
        admin = get_user_model().objects.create_superuser("bench-admin")
        client = Client()
        client.force_login(admin)

        def get(url):
            def fetch():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)

            return fetch

        results = []
        for key in PERIODS:
            period = parse_period(key)
            results.append(
                measure(f"compute({key})", lambda p=period: compute(p), args.runs)
            )
        results.append(
            measure(
                "evaluation_rows(2569-q1)",
                lambda: evaluation_rows(parse_period("2569-q1")),
                args.runs,
            )
        )
        results.append(measure("minimum_set_rows()", minimum_set_rows, args.runs))
        base = "/admin/disclosure-reports/"
        for label, url in (
            ("GET committee report 2569-q1", f"{base}committee/?period=2569-q1"),
            ("GET A4 document 2569-q1", f"{base}committee/2569-q1/print/"),
            ("GET XLSX 2569-q1", f"{base}committee/2569-q1/xlsx/"),
            ("GET evaluation report 2569-q1", f"{base}evaluation/?period=2569-q1"),
        ):
            results.append(measure(label, get(url), args.runs))

        if connection.vendor == "sqlite":
            import sqlite3

            version = f"SQLite {sqlite3.sqlite_version}"
        else:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = f"PostgreSQL {cursor.fetchone()[0]}"
        print()
        print(
            f"{args.items} items, {args.log_rows} log rows, {args.view_rows} view "
            f"rows, {args.feedback} feedback, {args.requests} workflow runs; {version}"
        )
        print(
            f"Django {django.get_version()}, Wagtail {wagtail.__version__}; "
            f"median of {args.runs} runs after one warm-up"
        )
        print(
            "set-up: " + ", ".join(f"{k} {v:.1f} s" for k, v in data["timings"].items())
        )
        print()
        width = max(len(r[0]) for r in results)
        print(f"{'report'.ljust(width)}  queries  median ms   max ms")
        print(f"{'-' * width}  -------  ---------  -------")
        for label, count, median, worst in results:
            print(f"{label.ljust(width)}  {count:7d}  {median:9.1f}  {worst:7.1f}")
    finally:
        db.remove()


if __name__ == "__main__":
    main()
