"""Create thousands of disclosure items in a few seconds, for query-count tests and
benches.

``parent.add_child()`` costs several queries per page (path lock, insert, numchild,
revision, log entry, search index), so 10,000 items take minutes. Here the tree is
written directly: one bulk insert of the ``wagtailcore_page`` rows (their ids come back
on PostgreSQL and on SQLite >= 3.35), one batched insert of the item rows, one update
of the parent's ``numchild``. The pages are valid tree nodes (``Page.find_problems()``
finds nothing), live and public, with unique slugs and correct URL paths.

Left out, because no listing reads them: revisions, log entries and the search index.
An item made here therefore has no ``live_revision``; open it in the admin and it is
edited from its row, as a page created before revisions existed would be.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F
from wagtail.models import Page

from disclosure_pages import figures
from disclosure_pages.models import (
    DisclosureCategoryPage,
    DisclosureItemPage,
    count_category_figures,
)
from disclosure_thai.dates import BANGKOK, fiscal_year
from moderation.models import Unit

# 1 October 2024: the first day of fiscal year 2568; two years reach 30 September 2026.
DEFAULT_START = dt.date(2024, 10, 1)
DEFAULT_DAYS = 730

TITLES = (
    "ประกาศผู้ชนะการเสนอราคา โครงการจัดซื้อวัสดุการศึกษา ครั้งที่ {n}",
    "รายงานข้อมูลผลการจัดซื้อจัดจ้างประจำเดือน ฉบับที่ {n}",
    "ประกาศเชิญชวนจัดจ้างซ่อมแซมอาคารสำนักงาน รายการที่ {n}",
    "ข้อมูลสาระสำคัญในสัญญา เลขที่ {n}",
    "สรุปผลการดำเนินการจัดซื้อจัดจ้าง รายการที่ {n}",
)
SUMMARIES = (
    "เผยแพร่ตามมาตรการเปิดเผยข้อมูลต่อสาธารณะ",
    "รายละเอียดตามเอกสารแนบท้ายประกาศ",
    "",
)


def bulk_create_items(
    category: DisclosureCategoryPage,
    n: int,
    *,
    units: Sequence[Unit | int],
    start_date: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    live: bool = True,
    seed: int = 0,
) -> int:
    """Add ``n`` item pages under ``category``; return how many were created.

    Publication dates fall at random (seeded, so runs repeat) in ``days`` days from
    ``start_date`` — by default fiscal years 2568 and 2569 — and ``fiscal_year``
    follows them. Units are dealt in turn. Slugs are ``item-<path step>``, unique
    among the category's children whatever was there before.
    """
    if n <= 0:
        return 0
    unit_ids = [u.pk if isinstance(u, Unit) else int(u) for u in units]
    if not unit_ids:
        raise ValueError("bulk_create_items needs at least one unit.")
    db = router.db_for_write(Page)
    connection = connections[db]
    rng = random.Random(seed)  # noqa: S311 - repeatable test data
    content_type = ContentType.objects.db_manager(db).get_for_model(DisclosureItemPage)

    with transaction.atomic(using=db):
        # Read the parent afresh (and lock it where the database can) so the paths
        # continue from its real last child.
        parent = (
            Page.objects.using(db)
            .select_for_update()
            .only("path", "depth", "url_path", "locale_id")
        ).get(pk=category.pk)
        depth = parent.depth + 1
        last_path = (
            Page.objects.using(db)
            .filter(path__startswith=parent.path, depth=depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        first_step = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
        last_step = first_step + n - 1
        if len(Page._int2str(last_step)) > Page.steplen:
            raise ValueError(f"{category} cannot hold {n} more children.")

        pages, items = [], []
        for i in range(n):
            step = first_step + i
            publication_date = start_date + dt.timedelta(days=rng.randrange(days))
            published_at = dt.datetime.combine(
                publication_date, dt.time(8, 30), tzinfo=BANGKOK
            ) + dt.timedelta(minutes=rng.randrange(8 * 60))
            title = TITLES[i % len(TITLES)].format(n=step)
            slug = f"item-{step}"
            pages.append(
                Page(
                    content_type_id=content_type.pk,
                    locale_id=parent.locale_id,
                    path=Page._get_path(parent.path, depth, step),
                    depth=depth,
                    numchild=0,
                    title=title,
                    draft_title=title,
                    slug=slug,
                    url_path=f"{parent.url_path}{slug}/",
                    live=live,
                    has_unpublished_changes=not live,
                    first_published_at=published_at if live else None,
                    last_published_at=published_at if live else None,
                )
            )
            items.append(
                {
                    "unit_id": unit_ids[i % len(unit_ids)],
                    "publication_date": publication_date,
                    "fiscal_year": fiscal_year(publication_date),
                    "summary": SUMMARIES[i % len(SUMMARIES)],
                }
            )
        Page.objects.using(db).bulk_create(pages, batch_size=500)
        if any(page.pk is None for page in pages):
            raise RuntimeError(
                f"The {connection.vendor} database did not return the new page ids."
            )

        _insert_item_rows(connection, pages, items)
        Page.objects.using(db).filter(pk=parent.pk).update(numchild=F("numchild") + n)
        if connection.vendor == "postgresql":
            # Statistics still describing a near-empty table make PostgreSQL check
            # the deferred foreign keys of the new rows by sequential scans: seconds
            # at commit or at a test's teardown, instead of a fraction of one.
            with connection.cursor() as cursor:
                for model in (Page, DisclosureItemPage):
                    cursor.execute(
                        f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}"
                    )
    category.numchild = Page.objects.using(db).get(pk=category.pk).numchild
    # Written past the ORM's signals: count the category's figures again here, as
    # its page would on its next request.
    figures.purge([category.pk])
    figures.store(count_category_figures([category]))
    return n


def _insert_item_rows(connection, pages: list[Page], items: list[dict]) -> None:
    """The ``disclosure_pages_disclosureitempage`` rows, one per page, in batches.

    Django's ``bulk_create`` refuses multi-table-inherited models, so the child rows
    are written with ``executemany``. Each value goes through its field's
    ``get_db_prep_save`` as ``save()`` would do it (dates, the empty StreamField as
    JSON); a field not given here gets its model default.
    """
    meta = DisclosureItemPage._meta
    fields = meta.local_concrete_fields
    defaults = DisclosureItemPage(body=[])
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from _meta
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared_defaults = [
        field.get_db_prep_save(getattr(defaults, field.attname), connection)
        for field in fields
    ]
    rows = []
    for page, item in zip(pages, items, strict=True):
        values = {"page_ptr_id": page.pk, **item}
        rows.append(
            [
                field.get_db_prep_save(values[field.attname], connection)
                if field.attname in values
                else default
                for field, default in zip(fields, prepared_defaults, strict=True)
            ]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])
