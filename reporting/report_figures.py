"""The committee report's figures as typed objects: what ``figures.compute``
returns, and what the screen, the A4 print, the XLSX workbook and the frozen
snapshot all read.

A submitted report stores :meth:`CommitteeFigures.to_json` (plain JSON, the same
shape snapshots have always had) and is read back with
:meth:`CommitteeFigures.from_json`, so reports frozen before these types existed
read the same. Keys a snapshot lacks take their empty value; keys these types do
not know are ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from disclosure_thai.dates import format_thai_date

from .charts import BarChart, bar_chart
from .models import NarrativeStatus
from .sections import ReportSection

T = TypeVar("T")


def _build(cls: type[T], data: dict[str, Any]) -> T:
    """A record from a snapshot's dict, keeping only the fields the type has."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


@dataclass
class PeriodInfo:
    """The reporting period as stored: its Thai label and ISO start and end dates."""

    fiscal_year: int
    kind: str = "year"
    number: int = 0
    label: str = ""
    start: str = ""
    end: str = ""


@dataclass
class UnitFigures:
    """One unit's figures of the period (a row of the summary)."""

    id: int
    name: str = ""
    published: int = 0
    updated: int = 0
    galleries: int = 0
    approved: int = 0
    sent_back: int = 0
    median_days: float | None = None
    views: int = 0
    downloads: int = 0
    feedback: int = 0
    useful: int = 0
    useful_pct: float | None = None
    mean_score: float | None = None


@dataclass
class CategoryFigures:
    """A category (the items' parent page) and the items published in it."""

    id: int
    path: str = ""
    code: str = ""
    title: str = ""
    published: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass
class MatrixCell:
    """Items a unit published in a category."""

    unit_id: int
    category_id: int
    count: int = 0


@dataclass
class PublishedItem:
    """An item first published in the period (Bangkok time, ISO text)."""

    id: int
    title: str
    unit_id: int
    first_published_at: str
    category_id: int | None = None

    @property
    def published_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.first_published_at)


@dataclass
class QuarterCount:
    """Items published in one quarter of the period's fiscal year (for the chart)."""

    quarter: int
    published: int = 0


@dataclass
class Totals:
    """The office's totals of the period."""

    published: int = 0
    updated: int = 0
    galleries: int = 0
    approved: int = 0
    sent_back: int = 0
    views: int = 0
    downloads: int = 0
    feedback: int = 0
    useful: int = 0
    useful_pct: float | None = None
    median_days: float | None = None


@dataclass
class NarrativeText:
    """A unit's narrative as it stood (texts, status and due date as ISO text)."""

    unit_id: int
    unit: str = ""
    status: str = NarrativeStatus.NOT_STARTED
    due_date: str | None = None
    outcomes: str = ""
    problems: str = ""
    suggestions: str = ""

    @property
    def status_label(self) -> str:
        """The status in the reader's language (the document's: Thai)."""
        return str(dict(NarrativeStatus.choices).get(self.status, self.status))

    @property
    def due(self) -> dt.date | None:
        """The due date as a date, for the thai_date filter."""
        return dt.date.fromisoformat(self.due_date) if self.due_date else None


@dataclass
class CellRow:
    """A row of the unit × category table, with names to show."""

    unit: str
    category: CategoryFigures | None
    count: int


@dataclass
class ItemRow:
    """A row of the item list, with names to show."""

    title: str
    unit: str
    category: CategoryFigures | None
    first_published: str


@dataclass
class Headline:
    """One figure of the strip that opens the report on screen."""

    label: str
    value: str
    note: str = ""


@dataclass
class CommitteeFigures:
    """Every figure of a period's committee report (see ``reporting.figures``)."""

    period: PeriodInfo
    units: list[UnitFigures] = field(default_factory=list)
    categories: list[CategoryFigures] = field(default_factory=list)
    matrix: list[MatrixCell] = field(default_factory=list)
    items: list[PublishedItem] = field(default_factory=list)
    by_quarter: list[QuarterCount] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    narratives: list[NarrativeText] = field(default_factory=list)
    # Tables other apps add (reporting.sections), stored as they were computed.
    sections: list[ReportSection] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data: what a submitted report stores."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CommitteeFigures:
        """The figures of a stored snapshot (any snapshot stored so far)."""
        return cls(
            period=_build(PeriodInfo, data["period"]),
            units=[_build(UnitFigures, u) for u in data.get("units", [])],
            categories=[_build(CategoryFigures, c) for c in data.get("categories", [])],
            matrix=[_build(MatrixCell, m) for m in data.get("matrix", [])],
            items=[_build(PublishedItem, i) for i in data.get("items", [])],
            by_quarter=[_build(QuarterCount, q) for q in data.get("by_quarter", [])],
            totals=_build(Totals, data.get("totals", {})),
            narratives=[_build(NarrativeText, n) for n in data.get("narratives", [])],
            sections=[ReportSection.from_json(s) for s in data.get("sections", [])],
        )

    # What the screen, the document and the workbook show (never stored).

    @cached_property
    def unit_names(self) -> dict[int, str]:
        return {u.id: u.name for u in self.units}

    @cached_property
    def categories_by_id(self) -> dict[int, CategoryFigures]:
        return {c.id: c for c in self.categories}

    @cached_property
    def cells(self) -> list[CellRow]:
        """The unit × category table, in the units' order, then by category."""
        order = list(self.unit_names)

        def key(cell: MatrixCell) -> tuple[int, str]:
            category = self.categories_by_id.get(cell.category_id)
            return (
                order.index(cell.unit_id) if cell.unit_id in self.unit_names else 0,
                category.path if category else "",
            )

        return [
            CellRow(
                unit=self.unit_names.get(cell.unit_id, ""),
                category=self.categories_by_id.get(cell.category_id),
                count=cell.count,
            )
            for cell in sorted(self.matrix, key=key)
        ]

    @cached_property
    def item_rows(self) -> list[ItemRow]:
        return [
            ItemRow(
                title=item.title,
                unit=self.unit_names.get(item.unit_id, ""),
                category=self.categories_by_id.get(item.category_id),
                first_published=format_thai_date(item.published_at, "short"),
            )
            for item in self.items
        ]

    @property
    def headlines(self) -> list[Headline]:
        """The four figures the committee reads first, in the page's language."""
        totals = self.totals

        def number(value) -> str:
            return "–" if value is None else f"{value:,}"

        return [
            Headline(_("Items published"), number(totals.published)),
            Headline(_("Median days to publication"), number(totals.median_days)),
            Headline(_("Views"), number(totals.views)),
            Headline(
                _("Found it useful"),
                "–" if totals.useful_pct is None else f"{totals.useful_pct:g}%",
                _("of %(count)s answers") % {"count": f"{totals.feedback:,}"},
            ),
        ]

    @property
    def charts(self) -> list[BarChart]:
        """Three bar charts, titled in the language of the page being shown."""
        quarter_label = _("Quarter %(number)s")
        return [
            bar_chart(
                "chart-units",
                _("Items published per unit"),
                [(u.name, u.published) for u in self.units],
            ),
            bar_chart(
                "chart-categories",
                _("Items published per category"),
                [(c.label, c.published) for c in self.categories],
            ),
            bar_chart(
                "chart-quarters",
                _("Items published per quarter of fiscal year B.E. %(year)s")
                % {"year": self.period.fiscal_year},
                [
                    (quarter_label % {"number": q.quarter}, q.published)
                    for q in self.by_quarter
                ],
            ),
        ]
