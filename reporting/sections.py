"""Sections other apps add to the committee report (measure §4).

Reporting imports no app above it, so an app that has something to report for a
period (the channels PR posted to, the action plan's progress, ...) registers a
Wagtail hook::

    from wagtail import hooks
    from reporting.sections import ReportSection

    @hooks.register("disclosure_committee_sections")
    def channel_counts(period):  # a disclosure_thai.dates.FiscalPeriod
        return ReportSection(
            key="channels",
            title="การเผยแพร่ทางช่องทางอื่น",
            columns=["กลุ่ม/หน่วย", "Facebook", "LINE"],
            rows=[["กลุ่มนโยบายและแผน", 3, 1]],
            order=10,
        )

The function returns a :class:`ReportSection`, a list of them, or None (nothing to
say for the period). A section is a table of plain values (text and numbers), so
it is stored as it is in a submitted report's frozen snapshot and read back the
same, after the app that made it has changed or gone: the screen, the A4 document
and the XLSX workbook (one sheet per section) show what was frozen.

Titles, headings and notes are stored as given: write them in Thai, as the printed
report is Thai, or pass lazy translations, which are turned into text in Thai when
the figures are computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.encoding import force_str
from wagtail import hooks

HOOK = "disclosure_committee_sections"


@dataclass
class ReportSection:
    """One table of the committee report that another app provides.

    ``rows`` hold text, numbers or None (a Decimal is kept as its text, a date as
    its ISO text); ``links`` optionally gives one address per row (empty for a
    row without one), shown on the first cell; ``total`` is an optional last row;
    ``note`` a paragraph printed under the table; ``order`` places the section
    among the others (smaller first)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    caption: str = ""
    note: str = ""
    links: list[str] = field(default_factory=list)
    total: list[Any] | None = None
    order: int = 100

    @property
    def row_links(self) -> list[tuple[str, list[Any]]]:
        """Each row with its address ("" when it has none)."""
        links = list(self.links) + [""] * (len(self.rows) - len(self.links))
        return list(zip(links, self.rows, strict=False))

    @property
    def sheet_rows(self) -> list[list[Any]]:
        """The rows and the total row, as the workbook writes them."""
        return [*self.rows, *([self.total] if self.total else [])]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("title", "caption", "note"):
            data[key] = force_str(data[key])
        data["columns"] = [force_str(c) for c in self.columns]
        data["rows"] = [[_plain(v) for v in row] for row in self.rows]
        data["total"] = [_plain(v) for v in self.total] if self.total else None
        data["links"] = [str(link or "") for link in self.links]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportSection:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


def _plain(value: Any) -> Any:
    """A JSON value for a cell: numbers and text as they are, the rest as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return force_str(value)


def collect(period) -> list[dict[str, Any]]:
    """The sections every registered app gives for the period, as stored JSON,
    in their order (then by key). Texts are made in Thai, as the document is."""
    sections: list[ReportSection] = []
    with translation.override("th"):
        for fn in hooks.get_hooks(HOOK):
            found = fn(period)
            if found is None:
                continue
            sections.extend(found if isinstance(found, list | tuple) else [found])
        stored = [s.to_json() for s in sorted(sections, key=lambda s: (s.order, s.key))]
    return stored
