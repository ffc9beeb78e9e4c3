"""The figures of a reporting period (measure §4), in one place.

Counting rules:

- An item (or gallery) counts as *published in the period* when its first
  publication (``first_published_at``) falls in the period, Bangkok time, and it is
  still live and public: withdrawn, unpublished and private (view-restricted) pages
  are excluded. Its category is its parent page.
- *Updated* items: live, public items first published before the period that have a
  publish log entry ("wagtail.publish") in the period.
- *Requests approved*: workflow runs on items and galleries that finished approved in
  the period; *sent back*: tasks whose reviewer requested changes in the period; the
  median days run from submission (the workflow's start) to its final approval.
- Views, downloads and feedback received in the period; downloads are credited to
  the pages that use the document (Wagtail's reference index).

Every figure is a grouped aggregate: the number of queries depends on the number of
counted page types, never on the number of pages, log rows or counters.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Avg,
    BigIntegerField,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, TaskState, WorkflowState

from disclosure_thai.dates import BANGKOK, FiscalPeriod
from moderation.models import Unit

from .counted import counted_content_type_ids, counted_models
from .models import (
    DocumentDownloadCount,
    Feedback,
    NarrativeStatus,
    PageViewCount,
    UnitNarrative,
)
from .report_figures import CommitteeFigures
from .sections import collect as collect_sections

STEPLEN = Page.steplen


def _parent_path():
    return Substr("path", 1, Length("path") - STEPLEN)


def _published_in(qs, period: FiscalPeriod):
    start, end = period.bounds()
    return (
        qs.live()
        .public()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
    )


def _unit_of_object_id(object_id_ref: str):
    """An expression giving the unit id of the counted page named by a text id."""
    subqueries = [
        Subquery(
            model.objects.filter(
                pk=Cast(OuterRef(object_id_ref), BigIntegerField())
            ).values("unit_id")[:1]
        )
        for model in counted_models()
    ]
    if not subqueries:
        return Cast(None, IntegerField())
    if len(subqueries) == 1:
        return subqueries[0]
    return Coalesce(*subqueries)


def _thai_label(period: FiscalPeriod) -> str:
    with translation.override("th"):
        return period.label


def _empty_row(unit_id: int, name: str) -> dict:
    return {
        "id": unit_id,
        "name": name,
        "published": 0,
        "updated": 0,
        "galleries": 0,
        "approved": 0,
        "sent_back": 0,
        "median_days": None,
        "views": 0,
        "downloads": 0,
        "feedback": 0,
        "useful": 0,
        "useful_pct": None,
        "mean_score": None,
        "_score_sum": 0,
        "_scored": 0,
    }


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median_days(durations: list[dt.timedelta]) -> float | None:
    if not durations:
        return None
    return round(statistics.median(d.total_seconds() / 86400 for d in durations), 1)


def compute(period: FiscalPeriod) -> CommitteeFigures:
    """Every figure of the period (see the module docstring); ``.to_json()`` is
    what a submitted report stores."""
    start, end = period.bounds()
    units = list(Unit.objects.order_by("sort_order", "name_th"))
    unit_rows = {unit.pk: _empty_row(unit.pk, unit.name_th) for unit in units}

    def row(unit_id):
        if unit_id not in unit_rows:  # a unit made after the list was read
            unit_rows[unit_id] = _empty_row(unit_id, "")
        return unit_rows[unit_id]

    cells: dict[tuple[int, str], int] = defaultdict(int)
    items: list[dict] = []
    by_quarter: dict[int, int] = defaultdict(int)
    for kind in ("item", "gallery"):
        for model in counted_models(kind):
            published = _published_in(model.objects.all(), period)
            if kind == "gallery":
                for r in published.order_by().values("unit_id").annotate(n=Count("pk")):
                    row(r["unit_id"])["galleries"] += r["n"]
                continue
            # Items: the list (for the document and the workbook) gives the counts.
            for r in (
                published.order_by("first_published_at", "pk")
                .values(
                    "pk",
                    "title",
                    "unit_id",
                    "first_published_at",
                    parent_path=_parent_path(),
                )
                .iterator(chunk_size=2000)
            ):
                row(r["unit_id"])["published"] += 1
                cells[(r["unit_id"], r["parent_path"])] += 1
                items.append(
                    {
                        "id": r["pk"],
                        "title": r["title"],
                        "unit_id": r["unit_id"],
                        "category_path": r["parent_path"],
                        "first_published_at": r["first_published_at"]
                        .astimezone(BANGKOK)
                        .isoformat(),
                    }
                )
            # Items per quarter of the whole fiscal year, for the chart: one
            # query of conditional counts (no per-row date functions).
            quarters = {
                f"q{q}": Count(
                    "pk",
                    filter=Q(
                        first_published_at__gte=FiscalPeriod.quarter(
                            period.fiscal_year, q
                        ).bounds()[0],
                        first_published_at__lt=FiscalPeriod.quarter(
                            period.fiscal_year, q
                        ).bounds()[1],
                    ),
                )
                for q in (1, 2, 3, 4)
            }
            per_quarter = _published_in(
                model.objects.all(), FiscalPeriod(period.fiscal_year)
            ).aggregate(**quarters)
            for q in (1, 2, 3, 4):
                by_quarter[q] += per_quarter[f"q{q}"]
            updated = (
                model.objects.live()
                .public()
                .filter(
                    first_published_at__lt=start,
                    pk__in=PageLogEntry.objects.filter(
                        action="wagtail.publish",
                        timestamp__gte=start,
                        timestamp__lt=end,
                    ).values("page_id"),
                )
                .order_by()
                .values("unit_id")
                .annotate(n=Count("pk"))
            )
            for r in updated:
                row(r["unit_id"])["updated"] += r["n"]

    for (unit_id, _path), cell in _evaluation_cells(period).items():
        target = row(unit_id)
        for key in (
            "views",
            "downloads",
            "feedback",
            "useful",
            "_score_sum",
            "_scored",
        ):
            target[key] += cell[key]
    median_days = _requests_per_unit(period, row)

    for target in unit_rows.values():
        target["useful_pct"] = _pct(target["useful"], target["feedback"])
        scored = target.pop("_scored", 0)
        score_sum = target.pop("_score_sum", 0)
        target["mean_score"] = round(score_sum / scored, 2) if scored else None

    categories = _categories(
        {path for _unit, path in cells} | {item["category_path"] for item in items}
    )
    for item in items:
        item["category_id"] = categories.get(item.pop("category_path"), {}).get("id")
    matrix = [
        {"unit_id": unit_id, "category_id": categories[path]["id"], "count": n}
        for (unit_id, path), n in sorted(cells.items())
        if path in categories
    ]
    narratives = _narratives(period, units)
    totals = {
        key: sum(r[key] or 0 for r in unit_rows.values())
        for key in (
            "published",
            "updated",
            "galleries",
            "approved",
            "sent_back",
            "views",
            "downloads",
            "feedback",
            "useful",
        )
    }
    totals["useful_pct"] = _pct(totals["useful"], totals["feedback"])
    totals["median_days"] = median_days
    per_category = defaultdict(int)
    for cell in matrix:
        per_category[cell["category_id"]] += cell["count"]
    return CommitteeFigures.from_json(
        {
            "period": {
                "fiscal_year": period.fiscal_year,
                "kind": period.kind,
                "number": period.number,
                # Stored in snapshots and printed in the Thai document: always Thai.
                "label": _thai_label(period),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "units": [unit_rows[u.pk] for u in units],
            "categories": sorted(
                (
                    {**c, "published": per_category.get(c["id"], 0)}
                    for c in categories.values()
                ),
                key=lambda c: c["path"],
            ),
            "matrix": matrix,
            "items": items,
            "by_quarter": [
                {"quarter": q, "published": by_quarter.get(q, 0)} for q in (1, 2, 3, 4)
            ],
            "totals": totals,
            "narratives": narratives,
            "sections": collect_sections(period),
        }
    )


def _categories(paths: set[str]) -> dict[str, dict]:
    """The parent pages (categories) by path: id, title and code when they have one."""
    if not paths:
        return {}
    result = {}
    for page in Page.objects.filter(path__in=paths).specific(defer=False):
        result[page.path] = {
            "id": page.pk,
            "path": page.path,
            "code": str(getattr(page, "code", "") or ""),
            "title": page.title,
        }
    return result


def _empty_cell() -> dict:
    return {
        "items": 0,
        "views": 0,
        "downloads": 0,
        "feedback": 0,
        "useful": 0,
        "_score_sum": 0,
        "_scored": 0,
    }


def _evaluation_cells(period: FiscalPeriod, *, with_items: bool = False) -> dict:
    """Views, downloads and feedback of the period per (unit id, category path).

    With ``with_items``, also the number of live, public items in each cell.
    """
    start, end = period.bounds()
    cells: dict[tuple[int, str], dict] = defaultdict(_empty_cell)
    for model in counted_models():
        if with_items:
            for r in (
                model.objects.live()
                .public()
                .order_by()
                .values("unit_id", parent_path=_parent_path())
                .annotate(n=Count("pk"))
            ):
                cells[(r["unit_id"], r["parent_path"])]["items"] += r["n"]
        for r in (
            model.objects.filter(
                disclosure_view_counts__date__gte=period.start,
                disclosure_view_counts__date__lte=period.end,
            )
            .order_by()
            .values("unit_id", parent_path=_parent_path())
            .annotate(n=Sum("disclosure_view_counts__views"))
        ):
            cells[(r["unit_id"], r["parent_path"])]["views"] += r["n"] or 0
        for r in (
            model.objects.filter(
                disclosure_feedback__created_at__gte=start,
                disclosure_feedback__created_at__lt=end,
            )
            .order_by()
            .values("unit_id", parent_path=_parent_path())
            .annotate(
                n=Count("disclosure_feedback"),
                yes=Count(
                    "disclosure_feedback", filter=Q(disclosure_feedback__useful=True)
                ),
                score_sum=Sum("disclosure_feedback__score"),
                scored=Count("disclosure_feedback__score"),
            )
        ):
            cell = cells[(r["unit_id"], r["parent_path"])]
            cell["feedback"] += r["n"]
            cell["useful"] += r["yes"]
            cell["_score_sum"] += r["score_sum"] or 0
            cell["_scored"] += r["scored"]
    for (unit_id, path), n in _downloads_per_page_cell(period).items():
        cells[(unit_id, path)]["downloads"] += n
    return cells


def _downloads_per_page_cell(period: FiscalPeriod) -> dict:
    """Downloads of documents in the period per (unit id, category path), credited
    to every counted page that uses the document."""
    per_document = dict(
        DocumentDownloadCount.objects.filter(
            date__gte=period.start, date__lte=period.end
        )
        .order_by()
        .values("document_id")
        .annotate(n=Sum("downloads"))
        .values_list("document_id", "n")
    )
    if not per_document:
        return {}
    document_ct = ContentType.objects.get_for_model(get_document_model())
    downloaded = (
        DocumentDownloadCount.objects.filter(
            date__gte=period.start, date__lte=period.end
        )
        .annotate(text_id=Cast("document_id", CharField()))
        .values("text_id")
    )
    parent_path = Subquery(
        Page.objects.filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
        .annotate(parent_path=_parent_path())
        .values("parent_path")[:1]
    )
    references = (
        ReferenceIndex.objects.filter(
            to_content_type=document_ct,
            to_object_id__in=downloaded,
            content_type_id__in=counted_content_type_ids(),
        )
        .annotate(unit_id=_unit_of_object_id("object_id"), parent_path=parent_path)
        .values_list("object_id", "to_object_id", "unit_id", "parent_path")
        .distinct()
    )
    result: dict[tuple[int, str], int] = defaultdict(int)
    for _page_id, document_id, unit_id, path in references:
        if unit_id is not None:
            result[(unit_id, path)] += per_document.get(int(document_id), 0)
    return result


def evaluation_rows(period: FiscalPeriod) -> list[dict]:
    """The evaluation report: one row per unit and category with items, views,
    downloads, useful % and mean score (a fixed number of queries)."""
    cells = _evaluation_cells(period, with_items=True)
    units = dict(Unit.objects.values_list("pk", "name_th"))
    categories = _categories({path for _unit, path in cells})
    rows = []
    for (unit_id, path), cell in cells.items():
        category = categories.get(path, {})
        scored = cell.pop("_scored")
        score_sum = cell.pop("_score_sum")
        rows.append(
            {
                "unit": units.get(unit_id, ""),
                "category": f"{category.get('code', '')} {category.get('title', '')}".strip(),
                "category_code": category.get("code", ""),
                **cell,
                "useful_pct": _pct(cell["useful"], cell["feedback"]),
                "mean_score": round(score_sum / scored, 2) if scored else None,
            }
        )
    rows.sort(key=lambda r: (r["unit"], _code_key(r["category_code"]), r["category"]))
    return rows


def _code_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def _requests_per_unit(period: FiscalPeriod, row) -> float | None:
    """Approved and sent-back requests, and the median days to publication."""
    start, end = period.bounds()
    page_ct = ContentType.objects.get_for_model(Page)
    counted_cts = counted_content_type_ids()
    approved = (
        WorkflowState.objects.filter(
            base_content_type=page_ct,
            content_type_id__in=counted_cts,
            status=WorkflowState.STATUS_APPROVED,
            current_task_state__finished_at__gte=start,
            current_task_state__finished_at__lt=end,
        )
        .annotate(unit_id=_unit_of_object_id("object_id"))
        .values_list("unit_id", "created_at", "current_task_state__finished_at")
    )
    durations: dict[int, list[dt.timedelta]] = defaultdict(list)
    everyone = []
    for unit_id, submitted, finished in approved:
        if unit_id is None:
            continue
        row(unit_id)["approved"] += 1
        durations[unit_id].append(finished - submitted)
        everyone.append(finished - submitted)
    for unit_id, values in durations.items():
        row(unit_id)["median_days"] = _median_days(values)

    sent_back = (
        TaskState.objects.filter(
            workflow_state__base_content_type=page_ct,
            workflow_state__content_type_id__in=counted_cts,
            status=TaskState.STATUS_REJECTED,
            finished_at__gte=start,
            finished_at__lt=end,
        )
        .annotate(unit_id=_unit_of_object_id("workflow_state__object_id"))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    for r in sent_back:
        if r["unit_id"] is not None:
            row(r["unit_id"])["sent_back"] += r["n"]
    return _median_days(everyone)


def _narratives(period: FiscalPeriod, units: list[Unit]) -> list[dict]:
    found = {
        n.unit_id: n
        for n in UnitNarrative.objects.filter(
            fiscal_year=period.fiscal_year,
            period_kind=period.kind,
            period_number=period.number,
        )
    }
    result = []
    for unit in units:
        narrative = found.get(unit.pk)
        result.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name_th,
                "status": narrative.status
                if narrative
                else NarrativeStatus.NOT_STARTED,
                "due_date": narrative.due_date.isoformat()
                if narrative and narrative.due_date
                else None,
                "outcomes": narrative.outcomes if narrative else "",
                "problems": narrative.problems if narrative else "",
                "suggestions": narrative.suggestions if narrative else "",
            }
        )
    return result


def feedback_summary(pages) -> dict:
    """Views, downloads, useful % and mean score of some pages (for one item's panel)."""
    page_ids = [p.pk for p in pages]
    views = PageViewCount.objects.filter(page_id__in=page_ids).aggregate(
        n=Sum("views")
    )["n"]
    feedback = Feedback.objects.filter(page_id__in=page_ids).aggregate(
        n=Count("pk"),
        yes=Count("pk", filter=Q(useful=True)),
        score=Avg("score"),
    )
    document_ct = ContentType.objects.get_for_model(get_document_model())
    document_ids = ReferenceIndex.objects.filter(
        to_content_type=document_ct,
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
    ).values("to_object_id")
    downloads = DocumentDownloadCount.objects.filter(
        document_id__in=document_ids.annotate(
            as_int=Cast("to_object_id", BigIntegerField())
        ).values("as_int")
    ).aggregate(n=Sum("downloads"))["n"]
    return {
        "views": views or 0,
        "downloads": downloads or 0,
        "feedback": feedback["n"],
        "useful": feedback["yes"],
        "useful_pct": _pct(feedback["yes"], feedback["n"]),
        "mean_score": round(feedback["score"], 2) if feedback["score"] else None,
    }
